"""The most improved (lib/month/improved.py): day, week and month by hand on a tiny floor across a
week and a month boundary, the bars' edges, ties, the group filter, the chat text in both languages,
and the duty desk's section and the lead's yesterday tab in AppTest.

The floor (write_floor), one or two slots a day, groups 101 (1001-1003) and 102 (2001-2003); the
clock 2026-12-01 (Tuesday) 18:30, so the page's floor holds 2026-11-17..12-31 and November's first
half, like October, is read from the files (lib/floor/spans.py).

    agent  10-20      11-10    11-24    11-27    11-30    12-01 09-10  12-01 17-18
    1001   -          200/10   100/10   -        50/5     40/6         20/3
    1002   -          -        -        40/6     0/0      30/6         -
    1003   -          -        -        -        29/0     40/2         -
    2001   100/5      -        100/8    -        50/5     50/4         -
    2002   100/12     -        99/9     -        60/6     60/10        -
    2003   -          -        -        100/15   60/6     60/9         -

Day (12-01 as at 18:00 against the agent's own previous day with volume, bar 30):
    1001 60/9 = 15.00% vs 11-30 50/5 = 10.00%   +5.00pp  volume 60
    1002 30/6 = 20.00% vs 11-27 40/6 = 15.00%   +5.00pp  volume 30 (exactly the bar; 11-30 had no volume)
    1003 40/2 vs 11-30 29/0: 29 < 30, not compared
    2001 50/4 = 8.00% vs 10.00%: a fall
    2002 60/10 = 16.67% vs 60/6 = 10.00%        +6.67pp  volume 60
    2003 60/9 = 15.00% vs 60/6 = 10.00%         +5.00pp  volume 60
  top 3: 2002; 1001 and 2003 (+5.00pp, volume 60: by 工号); 1002 (+5.00pp, volume 30) is fourth.
Week (11-30..12-01 against 11-23..11-29, bar 100):
    1001 110/14 = 12.73% vs 100/10 = 10.00%     +2.73pp
    2001 100/9 = 9.00% (exactly 100) vs 100/8 = 8.00%   +1.00pp
    2002 120/16 vs 99/9: 99 < 100;  2003 120/15 = 12.50% vs 100/15 = 15.00%: a fall;  1002, 1003 < 100
  At 17:30 1001's 17-18 slot is not counted: 90 < 100, so only 2001.
Month (12-01 against the whole of November, bar set to 50 here; the shipped 300 lists nobody):
    1001 60/9 = 15.00% vs 350/25 = 7.14% (11-10 read from the files)   +7.86pp
    2002 60/10 = 16.67% vs 159/15 = 9.43%       +7.23pp
    2003 60/9 = 15.00% vs 21/160 = 13.125%      +1.875pp (shown 13.12% and +1.87pp: 0.13125 is a hair
         below in binary, as every rate of the product formats it)
    2001 50/4 = 8.00% vs 150/13 = 8.67%: a fall;  1002 30, 1003 40 < 50
The lead's yesterday (11-30) for group 102: day 2001 10.00% vs 11-24 8.00% +2.00pp, 2002 10.00% vs
9.09% +0.91pp (2003: a fall); week (11-30 alone) nobody at 100; month November 150/13 = 8.67% vs
October 100/5 = 5.00% for 2001 +3.67pp (2002 9.43% vs 12.00%: a fall).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.floor.cache import load_floor, day_period
from lib.floor.spans import month_agent_sums
from lib.month.improved import improved_lists, improved_text, most_improved, ready
from tests.conftest import ROOT, make_settings, sign_in_session
from lib.ui.safe import unliteral
from tests.test_duty import desk
from tests.test_wall import config_for

DAY = dt.date(2026, 12, 1)
AT = 18 * 60 + 30
NAMES = {"1001": "张三", "1002": "李四", "1003": "王五", "2001": "陈一", "2002": "周二", "2003": "吴三"}
ROWS = [   # date, slot, agent, volume, handled
    ("2026-10-20", "09:00-10:00", "2001", 100, 5), ("2026-10-20", "09:00-10:00", "2002", 100, 12),
    ("2026-11-10", "09:00-10:00", "1001", 200, 10),
    ("2026-11-24", "09:00-10:00", "1001", 100, 10), ("2026-11-24", "09:00-10:00", "2001", 100, 8),
    ("2026-11-24", "09:00-10:00", "2002", 99, 9),
    ("2026-11-27", "09:00-10:00", "1002", 40, 6), ("2026-11-27", "09:00-10:00", "2003", 100, 15),
    ("2026-11-30", "09:00-10:00", "1001", 50, 5), ("2026-11-30", "09:00-10:00", "1002", 0, 0),
    ("2026-11-30", "09:00-10:00", "1003", 29, 0), ("2026-11-30", "09:00-10:00", "2001", 50, 5),
    ("2026-11-30", "09:00-10:00", "2002", 60, 6), ("2026-11-30", "09:00-10:00", "2003", 60, 6),
    ("2026-12-01", "09:00-10:00", "1001", 40, 6), ("2026-12-01", "17:00-18:00", "1001", 20, 3),
    ("2026-12-01", "09:00-10:00", "1002", 30, 6), ("2026-12-01", "09:00-10:00", "1003", 40, 2),
    ("2026-12-01", "09:00-10:00", "2001", 50, 4), ("2026-12-01", "09:00-10:00", "2002", 60, 10),
    ("2026-12-01", "09:00-10:00", "2003", 60, 9),
]


def group_of(agent: str) -> str:
    return "101" if agent.startswith("1") else "102"


def write_floor(root: Path) -> Path:
    """The floor of the module's docstring as CSV files: a roster of 11-30 and 12-01, a report file a day."""
    (root / "reports").mkdir(parents=True, exist_ok=True)
    people = [("1000", "赵组长", "101", "组长", "值"), ("2000", "钱组长", "102", "组长", "全天")] + \
        [(a, n, group_of(a), "坐席", "全天") for a, n in NAMES.items()]
    lines = ["日期,工号,姓名,组别,岗位,班次"] + [f"{d},{a},{n},{g},{r},{s}" for d in ("2026-11-30", "2026-12-01")
                                          for a, n, g, r, s in people]
    (root / "schedule.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "projects.csv").write_text("日期,组别,项目,脚本版本\n" + "".join(
        f"{d},{g},{p},V1\n" for d in ("2026-11-30", "2026-12-01") for g, p in (("101", "流量包升级"), ("102", "新华手机报"))),
        encoding="utf-8")
    for d in sorted({r[0] for r in ROWS}):
        body = "".join(f"{d},{s},{a},{NAMES[a]},{group_of(a)},"
                       f"{'流量包升级' if a.startswith('1') else '新华手机报'},{v},{h}\n" for dd, s, a, v, h in ROWS if dd == d)
        (root / "reports" / f"{d}.csv").write_text("日期,时段,工号,姓名,组别,项目,数据量,办理量\n" + body, encoding="utf-8")
    return root


@pytest.fixture
def root(tmp_path):
    return write_floor(tmp_path / "floor")


@pytest.fixture
def floor(root, cfg):
    return load_floor(root, cfg, day_period(DAY))


def listed(frame):
    return [(r.agent_id, r.group, round(r.prev_rate * 100, 2), round(r.rate * 100, 2), round(r.change * 100, 2),
             r.prev_volume, r.volume) for r in frame.itertuples()]


def test_day(floor, cfg):
    assert listed(most_improved(floor.reports, "day", DAY, AT, cfg)) == [
        ("2002", "102", 10.0, 16.67, 6.67, 60, 60), ("1001", "101", 10.0, 15.0, 5.0, 50, 60),
        ("2003", "102", 10.0, 15.0, 5.0, 60, 60)]


def test_day_ties_by_volume_then_id_and_the_bar_is_reached_at_it(floor):
    cfg = make_settings(improved={"top": 5})
    # 1002's 30 is the bar itself (compared); its previous day is 11-27, 11-30 having no volume;
    # 1003's previous 29 is one short
    assert [r[0] for r in listed(most_improved(floor.reports, "day", DAY, AT, cfg))] == ["2002", "1001", "2003", "1002"]
    up = make_settings(improved={"top": 5, "min_volume_day": 31})
    assert [r[0] for r in listed(most_improved(floor.reports, "day", DAY, AT, up))] == ["2002", "1001", "2003"]


def test_day_per_group(floor, cfg):
    assert [r[0] for r in listed(most_improved(floor.reports, "day", DAY, AT, cfg, group="101"))] == ["1001", "1002"]
    assert [r[0] for r in listed(most_improved(floor.reports, "day", DAY, AT, cfg, group="102"))] == ["2002", "2003"]
    assert most_improved(floor.reports, "day", DAY, AT, cfg, group="999").empty


def test_day_is_ready_at_18(cfg):
    assert not ready(17 * 60 + 59, cfg) and ready(18 * 60, cfg)


def test_week(floor, cfg):
    assert listed(most_improved(floor.reports, "week", DAY, AT, cfg)) == [
        ("1001", "101", 10.0, 12.73, 2.73, 100, 110), ("2001", "102", 8.0, 9.0, 1.0, 100, 100)]
    assert [r[0] for r in listed(most_improved(floor.reports, "week", DAY, 17 * 60 + 30, cfg))] == ["2001"]
    assert [r[0] for r in listed(most_improved(floor.reports, "week", DAY, AT, cfg, group="102"))] == ["2001"]
    up = make_settings(improved={"min_volume_week": 101})   # 2001's 100 and both prev 100 now short
    assert most_improved(floor.reports, "week", DAY, AT, up).empty


def test_month_reads_the_month_before_from_the_files(root, floor):
    cfg = make_settings(improved={"min_volume_month": 50})
    november = month_agent_sums(root, cfg, "2026-11")
    assert november.set_index("agent_id").loc["1001", ["volume", "handled"]].tolist() == [350, 25]
    got = most_improved(floor.reports, "month", DAY, AT, cfg, previous=november)
    assert listed(got) == [("1001", "101", 7.14, 15.0, 7.86, 350, 60), ("2002", "102", 9.43, 16.67, 7.23, 159, 60),
                           ("2003", "102", 13.12, 15.0, 1.87, 160, 60)]   # 15 - 13.125 = 1.875, a hair below in binary
    # without the files' November the floor's half of it (from 11-17) would give 1001 150/15
    half = most_improved(floor.reports, "month", DAY, AT, cfg)
    assert listed(half)[0][:5] == ("2002", "102", 9.43, 16.67, 7.23)
    assert most_improved(floor.reports, "month", DAY, AT, make_settings(), previous=november).empty   # bar 300


def test_month_through_a_moment_and_the_whole_month(root):
    cfg = make_settings()
    at_17 = month_agent_sums(root, cfg, "2026-12", (DAY, 17 * 60 + 30, False)).set_index("agent_id")
    assert at_17.loc["1001", "volume"] == 40 and month_agent_sums(root, cfg, "2026-12").set_index(
        "agent_id").loc["1001", "volume"] == 60
    assert month_agent_sums(root, cfg, "2026-09").empty


def lists_previous(floor, cfg):
    return month_agent_sums(floor.root, cfg, "2026-11")


def test_text_in_both_languages(floor):
    cfg = make_settings(improved={"min_volume_month": 50})
    lists = improved_lists(floor.reports, DAY, AT, cfg, month_previous=month_agent_sums(floor.root, cfg, "2026-11"))
    zh = improved_text(lists, DAY, AT, cfg, "zh")
    assert zh == """【进步之星】2026-12-01 全中心（截至18:00）
今日 较各自上一个有数据的日子（两日数据量均≥30）：
1. 2002 周二（102组）办理率 10.00% → 16.67%（+6.67个百分点），数据量 60 → 60
2. 1001 张三（101组）办理率 10.00% → 15.00%（+5.00个百分点），数据量 50 → 60
3. 2003 吴三（102组）办理率 10.00% → 15.00%（+5.00个百分点），数据量 60 → 60
本周 2026-11-30至2026-12-01 较上周（两周数据量均≥100）：
1. 1001 张三（101组）办理率 10.00% → 12.73%（+2.73个百分点），数据量 100 → 110
2. 2001 陈一（102组）办理率 8.00% → 9.00%（+1.00个百分点），数据量 100 → 100
本月 2026-12-01至2026-12-01 较上月（两月数据量均≥50）：
1. 1001 张三（101组）办理率 7.14% → 15.00%（+7.86个百分点），数据量 350 → 60
2. 2002 周二（102组）办理率 9.43% → 16.67%（+7.23个百分点），数据量 159 → 60
3. 2003 吴三（102组）办理率 13.12% → 15.00%（+1.87个百分点），数据量 160 → 60"""   # 21/160 = 0.13125 is a hair below in binary

    early = improved_lists(floor.reports, DAY, 17 * 60, cfg, group="102", month_previous=lists_previous(floor, cfg))
    en = improved_text(early, DAY, 17 * 60, cfg, "en", group="102")
    assert en == """[Most improved] 2026-12-01 group 102 (as at 18:00)
Today against each agent's own previous day (volume ≥ 30 on both):
  ready at 18:00
This week 2026-11-30 to 2026-12-01 against last week (volume ≥ 100 in both):
1. 2001 陈一 (group 102) handle rate 8.00% → 9.00% (+1.00pp), volume 100 → 100
This month 2026-12-01 to 2026-12-01 against last month (volume ≥ 50 in both):
1. 2002 周二 (group 102) handle rate 9.43% → 16.67% (+7.23pp), volume 159 → 60
2. 2003 吴三 (group 102) handle rate 13.12% → 15.00% (+1.87pp), volume 160 → 60"""
    nobody = improved_text({"month": early["month"].iloc[0:0]}, DAY, 17 * 60, cfg, "en", group="102")
    assert nobody.endswith("(volume ≥ 50 in both):\n  none (nobody reached the volume with a higher rate)")


def test_text_masks_a_phone_number_in_a_name(floor, cfg):
    lists = {"day": most_improved(floor.reports, "day", DAY, AT, cfg).assign(name="13812345678")}
    text = improved_text(lists, DAY, AT, cfg, "zh")
    assert "13812345678" not in text and "138****5678" in text


# ---------------------------------------------------------------- the screens

def page_config(root, tmp_path, monkeypatch, auth: bool = False):
    return config_for(root, tmp_path, monkeypatch, auth=auth, min_volume_month="50",
                      users_file=f'"{(tmp_path / "users.json").as_posix()}"')


def tables(at, column: str = "上期数据量") -> list[list[str]]:
    """The 工号 of each most-improved table on the page, in order (an empty one is a sentence instead)."""
    return [list(d.value[d.value.columns[0]]) for d in at.dataframe if column in d.value.columns]


def test_duty_desk_lists_and_text(root, tmp_path, monkeypatch):
    page_config(root, tmp_path, monkeypatch)
    at = desk(monkeypatch, now="2026-12-01 18:30")
    assert tables(at) == [["2002", "1001", "2003"], ["1001", "2001"], ["1001", "2002", "2003"]]   # day, week, month
    text = next(c.value for c in at.code if c.value.startswith("【进步之星】"))
    assert text.splitlines()[0] == "【进步之星】2026-12-01 全中心（截至18:00）"
    assert "1. 1001 张三（101组）办理率 7.14% → 15.00%（+7.86个百分点），数据量 350 → 60" in text   # 11-10 from the files
    assert "此文字不经播报记录发出（播报记录的类别只有排名和通知），请复制后手动发到群里。" in [c.value for c in at.caption]
    at.selectbox(key="duty_improved_scope").set_value("101").run()
    assert tables(at) == [["1001", "1002"], ["1001"], ["1001"]]
    text = next(c.value for c in at.code if c.value.startswith("【进步之星】"))
    assert text.splitlines()[0] == "【进步之星】2026-12-01 101组（截至18:00）" and "2002" not in text


def test_duty_desk_before_18_says_when_and_in_english(root, tmp_path, monkeypatch):
    page_config(root, tmp_path, monkeypatch)
    at = desk(monkeypatch, now="2026-12-01 17:30", lang="en")
    assert "Today's list is ready at 18:00 (the day as at 18:00 against each agent's own previous day)." in \
        [i.value for i in at.info]
    assert tables(at, "Previous volume") == [["2001"], ["2002", "2003"]]   # the week's and the month's
    text = next(c.value for c in at.code if c.value.startswith("[Most improved]"))
    assert "  ready at 18:00" in text.splitlines()


def test_lead_yesterday_tab(root, tmp_path, monkeypatch):
    page_config(root, tmp_path, monkeypatch)
    monkeypatch.setenv("TEAMBOARD_NOW", "2026-12-01 10:00")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["group"] = "102"
    at.run()
    at.switch_page("pages/lead.py").run()
    assert not at.exception, [e.value for e in at.exception]
    # yesterday 11-30: the new rule's day list is the "improved most" line too
    assert "**进步最大：** 2001 陈一（+2.00pp）、2002 周二（+0.91pp）" in [unliteral(m.value) for m in at.markdown]
    assert tables(at) == [["2001", "2002"], ["2001"]]   # the week's: nobody
    assert "无人达到数据量且办理率上升。" in [c.value for c in at.caption]
    text = next(c.value for c in at.code if c.value.startswith("【进步之星】"))
    assert text == """【进步之星】2026-11-30 102组（截至18:00）
今日 较各自上一个有数据的日子（两日数据量均≥30）：
1. 2001 陈一（102组）办理率 8.00% → 10.00%（+2.00个百分点），数据量 100 → 50
2. 2002 周二（102组）办理率 9.09% → 10.00%（+0.91个百分点），数据量 99 → 60
本周 2026-11-30至2026-11-30 较上周（两周数据量均≥100）：
  无（无人达到数据量且办理率上升）
本月 2026-11-01至2026-11-30 较上月（两月数据量均≥50）：
1. 2001 陈一（102组）办理率 5.00% → 8.67%（+3.67个百分点），数据量 100 → 150"""


def test_a_signed_in_lead_sees_their_own_group_only(root, tmp_path, monkeypatch):
    page_config(root, tmp_path, monkeypatch, auth=True)
    monkeypatch.setenv("TEAMBOARD_NOW", "2026-12-01 10:00")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    sign_in_session(at, "2000")   # 钱组长, 102's lead, asking for 101
    at.query_params["group"] = "101"
    at.run()
    at.switch_page("pages/lead.py").run()
    assert not at.exception
    ids = {a for v in tables(at) for a in v}
    assert ids <= {"2001", "2002", "2003"} and "2001" in ids
    assert all("1001" not in c.value for c in at.code)


def test_day_totals_count_once_the_list_is_ready(cfg):
    """A floor whose reports are day totals (no slots: hour 24, schema.DAY_TOTAL_*): the day itself
    counts them from [improved] at, never before (its week so far is then the days before it)."""
    from lib.floor.schema import conform
    rows = [("2026-11-30", "1001", 100, 10), ("2026-12-01", "1001", 100, 20),
            ("2026-11-24", "1001", 100, 5)]
    frame = conform(pd.DataFrame({"date": pd.to_datetime([r[0] for r in rows]), "hour": 24, "start_minute": 1440,
                                  "end_minute": 1441, "agent_id": [r[1] for r in rows], "name": "张三",
                                  "group": "101", "volume": [float(r[2]) for r in rows],
                                  "handled": [float(r[3]) for r in rows]}), "reports")
    # day: 20/100 = 20% vs 11-30 10% = +10pp; week 30/200 = 15% vs 5/100 = 5% = +10pp
    assert listed(most_improved(frame, "day", DAY, AT, cfg)) == [("1001", "101", 10.0, 20.0, 10.0, 100, 100)]
    assert listed(most_improved(frame, "week", DAY, AT, cfg)) == [("1001", "101", 5.0, 15.0, 10.0, 100, 200)]
    assert most_improved(frame, "day", DAY, 17 * 60, cfg).empty   # not ready: no slot of the day ended
    # at 17:00 the week is 11-30 alone: 100 at 10% vs 5%
    assert listed(most_improved(frame, "week", DAY, 17 * 60, cfg)) == [("1001", "101", 5.0, 10.0, 5.0, 100, 100)]


def test_the_previous_day_is_looked_for_13_days_back(cfg):
    """13 days before the day counts (the next morning's page still holds it), 14 does not."""
    from lib.floor.schema import conform

    def frame(before: int):
        prev = (DAY - dt.timedelta(days=before)).isoformat()
        return conform(pd.DataFrame({"date": pd.to_datetime([prev, DAY.isoformat()]), "hour": 9, "start_minute": 540,
                                     "end_minute": 600, "agent_id": "1001", "name": "张三", "group": "101",
                                     "volume": [50.0, 50.0], "handled": [5.0, 10.0]}), "reports")
    assert listed(most_improved(frame(13), "day", DAY, AT, cfg)) == [("1001", "101", 10.0, 20.0, 10.0, 50, 50)]
    assert most_improved(frame(14), "day", DAY, AT, cfg).empty
