"""AppTest: the group competition on the duty desk and in the review, on the demo at its fixed time."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.config import settings
from lib.demo import data_root
from lib.floor.cache import day_period, load_floor
from lib.month.contest import standings
from lib.store import open_store
from tests.conftest import ROOT

CONTEST = ('contest = [{ name = "十一月劳动竞赛", first = "2026-11-16", last = "2026-11-30", groups = [], '
           'parts = { rate = 40, volume = 30, qa = 20, attendance = 10 } }]')


@pytest.fixture
def contest_demo(demo_config):
    text = demo_config.read_text(encoding="utf-8")
    demo_config.write_text(text.replace("contest = []", CONTEST, 1), encoding="utf-8")
    return demo_config


def page(path: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The last table on the page with that column (AppTest keeps no key of a read-only st.dataframe):
    the review's 劳动竞赛 tab comes after the weekly pack's."""
    return [d.value for d in at.dataframe if column in d.value.columns][-1]


def expected(at_minute: int, day=dt.date(2026, 11, 25)) -> pd.DataFrame:
    """The standings computed straight from the rule, the floor and the store the page reads."""
    s = settings()
    root, _ = data_root(s)
    floor = load_floor(root, s, day_period(day))
    store = open_store(s, root)
    qa, att = store.read_month("qa", "2026-11"), store.read_month("attendance", "2026-11")
    return standings(s.contest[0], floor.reports, qa, att, day, at_minute, s)


def test_the_duty_desk_shows_today_s_standings(contest_demo):
    at = page("pages/duty_desk.py", at="15:00")
    table = table_with(at, "总积分")
    want = expected(15 * 60)
    assert len(table) == len(want) == 6
    assert table["总积分"].tolist() == pytest.approx(want["score"].tolist())
    assert table["组别"].tolist() == [f"{g}组" for g in want["group"]]
    assert table["名次"].tolist() == want["place"].tolist()
    caption = " ".join(c.value for c in at.caption)
    assert "11-16 至 11-30 · 第 10 天 / 共 15 天" in caption and "截至 11-25 15:00" in caption


def test_the_review_shows_the_month_s_contest_in_english(contest_demo):
    at = page("pages/review.py", lang="en")
    table = table_with(at, "Score")
    assert list(table.columns)[:3] == ["Place", "Group", "Agents"] and "Score" in table.columns
    assert table["Score"].tolist() == pytest.approx(expected(24 * 60)["score"].tolist())
    assert any("day 10 of 15" in c.value for c in at.caption)


def test_no_contest_says_so(demo_config):
    at = page("pages/duty_desk.py")
    assert any("没有进行中的劳动竞赛" in i.value for i in at.info)


def test_the_weekly_pack_shows_the_contest_as_at_the_week_s_end(contest_demo):
    at = page("pages/review.py")
    # the default week is the last full one, 2026-W47 (11-16..11-22): the contest's first 7 days
    tables = [d.value for d in at.dataframe if "总积分" in d.value.columns]
    want = expected(24 * 60, day=dt.date(2026, 11, 22))
    assert any(t["总积分"].tolist() == pytest.approx(want["score"].tolist()) for t in tables)
    assert any("第 7 天 / 共 15 天" in m.value for m in at.markdown)


def test_an_agent_sees_the_standings_on_their_own_page(auth_demo):
    from tests.conftest import open_page
    text = auth_demo.read_text(encoding="utf-8")
    auth_demo.write_text(text.replace("contest = []", CONTEST, 1), encoding="utf-8")
    at = open_page("pages/agent.py", user="1101", at="15:00")
    table = table_with(at, "总积分")   # group figures only: no other agent's row
    assert table["总积分"].tolist() == pytest.approx(expected(15 * 60)["score"].tolist())
    assert list(table.columns)[:3] == ["名次", "组别", "人数"]


def test_the_command_line_prints_and_exports_the_standings(contest_demo, capsys, tmp_path):
    import csv
    import io

    from openpyxl import load_workbook

    from lib.cli.main import main
    assert main(["contest", "--date", "2026-11-25", "--format", "csv", "--out", str(tmp_path / "c.xlsx")]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    want = expected(24 * 60)
    assert [r["group"] for r in rows] == want["group"].tolist()
    assert [float(r["score"]) for r in rows] == pytest.approx(want["score"].tolist())
    assert load_workbook(tmp_path / "c.xlsx").sheetnames == ["积分榜", "每日积分"]
    # after its last day, by name: the final result; a month without one says so
    assert main(["contest", "--date", "2026-12-03", "--name", "十一月劳动竞赛"]) == 0
    assert "最终结果" in capsys.readouterr().out
    assert main(["contest", "--date", "2026-12-03"]) == 1
    assert "没有劳动竞赛" in capsys.readouterr().out
