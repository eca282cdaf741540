"""The group competition (lib.month.contest) on a hand-made floor: every point computed by hand."""
from __future__ import annotations

import datetime as dt
import tomllib

import pandas as pd
import pytest

from lib.config import ConfigError, settings_from_dict
from lib.floor.schema import conform
from lib.month.contest import (STANDING_COLUMNS, contest_days, contests_on, contests_within, daily_standings,
                               standings)
from lib.store import TABLES, to_frame
from tests.conftest import ROOT

CONTEST = {"name": "十二月劳动竞赛", "first": "2026-12-01", "last": "2026-12-05",
           "groups": ["201组", "202", "203"], "parts": {"rate": 40, "volume": 30, "qa": 20, "attendance": 10},
           "attendance_zero_at": 2}


def contest_settings(*contests: dict):
    with open(ROOT / "config.toml", "rb") as fh:
        raw = tomllib.load(fh)
    raw["contest"] = list(contests)
    return settings_from_dict(raw, ROOT)


# 201 and 202 call P1, 203 the harder P2; 204 calls P1 but does not take part (its rows still make
# the center's P1 rate). The contest is 12-01..12-05; the moment is 12-03 at 12:00.
REPORTS = conform(pd.DataFrame([
    # date, agent, group, project, volume, handled, end_minute
    ("2026-11-30", "a1", "201", "P1", 100, 100, 600),   # before the contest
    ("2026-12-01", "a1", "201", "P1", 100, 10, 600),
    ("2026-12-01", "a2", "201", "P1", 100, 6, 600),
    ("2026-12-01", "b1", "202", "P1", 200, 16, 600),
    ("2026-12-02", "b2", "202", "P1", 100, 8, 600),
    ("2026-12-02", "b2", "202", "P1", 10, 20, 660),     # 办理量 above 数据量: left out
    ("2026-12-02", "c1", "203", "P2", 100, 2, 600),
    ("2026-12-02", "x1", "204", "P1", 100, 50, 600),    # not taking part
    ("2026-12-03", "a1", "201", "P1", 100, 4, 600),
    ("2026-12-03", "c1", "203", "P2", 100, 4, 780),     # ends at 13:00: not yet at 12:00
], columns=["date", "agent_id", "group", "project", "volume", "handled", "end_minute"])
    .assign(hour=lambda d: d["end_minute"] // 60 - 1, name=lambda d: "N" + d["agent_id"]), "reports")

QA = to_frame(TABLES["qa"], [
    {"日期": "2026-12-01", "工号": "a1", "组别": "201", "总分": 90},
    {"日期": "2026-12-02", "工号": "a2", "组别": "201组", "总分": 80},
    {"日期": "2026-12-02", "工号": "b1", "组别": "", "总分": 70},      # no 组别: the agent's group
    {"日期": "2026-12-04", "工号": "b1", "组别": "202", "总分": 0},     # after the moment's day
    {"日期": "2026-11-30", "工号": "c1", "组别": "203", "总分": 100},   # before the contest
])
ATTENDANCE = to_frame(TABLES["attendance"], [
    {"日期": "2026-12-02", "组别": "201", "工号": "a2", "类别": "事假"},              # −0.5 by the rule
    {"日期": "2026-12-01", "组别": "202", "工号": "b2", "类别": "旷工", "扣分": 0},   # −2 by the rule, whatever was typed
    {"日期": "2026-11-30", "组别": "203", "工号": "c1", "类别": "旷工"},              # before the contest
    {"日期": "2026-12-02", "组别": "203", "应出勤": 1, "实到": 1},                   # a head count line: 0
])


@pytest.fixture
def cfg():
    return contest_settings(CONTEST)


def by_group(frame):
    return frame.set_index("group")


def test_standings_by_hand(cfg):
    c = cfg.contest[0]
    s = standings(c, REPORTS, QA, ATTENDANCE, dt.date(2026, 12, 3), 12 * 60, cfg)
    assert list(s.columns) == STANDING_COLUMNS
    assert s["group"].tolist() == ["201", "202", "203"] and s["place"].tolist() == [1, 2, 3]
    g = by_group(s)
    # The center's P1 on 12-01..12-03 by 12:00: volume 100+100+200+100+100+100 = 700 (the 10/20 row out),
    # handled 10+6+16+8+50+4 = 94. P2: 100 volume, 2 handled (the 13:00 slot not yet).
    # 201: 300 volume, 20 handled, expected 300 x 94/700 -> ratio 20 x 700 / (300 x 94) = 14000/28200
    # 202: 300 volume, 24 handled -> 16800/28200; 203: 2 / (100 x 2/100) = 1.0, the best.
    assert g.loc["201", "value_rate"] == pytest.approx(14000 / 28200)
    assert g.loc["202", "value_rate"] == pytest.approx(16800 / 28200)
    assert g.loc["203", "value_rate"] == pytest.approx(1.0)
    assert g["points_rate"].tolist() == pytest.approx([40 * 14000 / 28200, 40 * 16800 / 28200, 40])
    # volume per agent: 300/2, 300/2, 100/1 -> 30 x value / 150
    assert g["value_volume"].tolist() == pytest.approx([150, 150, 100])
    assert g["points_volume"].tolist() == pytest.approx([30, 30, 20])
    assert g["agents"].tolist() == [2, 2, 1]
    # QA: 201 (90 + 80) / 2 = 85, the best; 202 70 (b1's score without 组别); 203 none (11-30 is before)
    assert g.loc["201", "value_qa"] == pytest.approx(85) and g.loc["202", "value_qa"] == pytest.approx(70)
    assert pd.isna(g.loc["203", "value_qa"])
    assert g["points_qa"].tolist() == pytest.approx([20, 20 * 70 / 85, 0])
    # attendance lost per agent: 201 0.5/2, 202 2/2, 203 0 -> 10 x (1 - lost/2)
    assert g["value_attendance"].tolist() == pytest.approx([0.25, 1.0, 0.0])
    assert g["points_attendance"].tolist() == pytest.approx([8.75, 5, 10])
    assert g["score"].tolist() == pytest.approx([40 * 14000 / 28200 + 30 + 20 + 8.75,
                                                 40 * 16800 / 28200 + 30 + 20 * 70 / 85 + 5, 70])
    assert (g.loc["201", "volume"], g.loc["201", "handled"]) == (300, 20)


def test_daily_standings_count_from_the_first_day(cfg):
    c = cfg.contest[0]
    d = daily_standings(c, REPORTS, QA, ATTENDANCE, dt.date(2026, 12, 3), 12 * 60, cfg)
    assert sorted(d["date"].dt.date.unique()) == [dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3)]
    first = d[d["date"] == "2026-12-01"].set_index("group")
    # 12-01 alone: P1 rate 32/400; 201 and 202 exactly at it (ratio 1: 40 each); 203 no rows.
    # volume per agent 200/2 = 100 and 200/1 = 200 -> 15 and 30; QA: 201's 90 only -> 20;
    # attendance: 202's one agent lost 2 -> 0; 201 none -> 10; 203 no agent -> 0.
    assert first.loc["201", "score"] == pytest.approx(85) and first.loc["202", "score"] == pytest.approx(70)
    assert first.loc["203", "score"] == 0
    assert first["place"].to_dict() == {"201": 1, "202": 2, "203": 3}
    last = d[d["date"] == "2026-12-03"].set_index("group")["score"]
    now = standings(c, REPORTS, QA, ATTENDANCE, dt.date(2026, 12, 3), 12 * 60, cfg).set_index("group")["score"]
    assert last.to_dict() == pytest.approx(now.to_dict())


def test_after_the_last_day_the_result_is_final_and_before_the_first_nothing():
    cfg = contest_settings(dict(CONTEST, last="2026-12-02"))
    c = cfg.contest[0]
    final = standings(c, REPORTS, QA, ATTENDANCE, dt.date(2026, 12, 20), 9 * 60, cfg).set_index("group")
    # 12-03's rows are outside the contest: 201 has 200 volume, 16 handled
    assert (final.loc["201", "volume"], final.loc["201", "handled"]) == (200, 16)
    assert contest_days(c, dt.date(2026, 12, 20)).over
    assert standings(c, REPORTS, QA, ATTENDANCE, dt.date(2026, 11, 30), 24 * 60, cfg).empty
    assert contest_days(c, dt.date(2026, 11, 30)).through is None


def test_equal_scores_share_a_place_and_a_missing_part_gives_nothing():
    cfg = contest_settings(dict(CONTEST, groups=[], parts={"volume": 50}))
    rows = conform(pd.DataFrame([("2026-12-01", "a", "301", "P", 100, 1), ("2026-12-01", "b", "302", "P", 100, 9),
                                 ("2026-12-01", "c", "303", "P", 50, 5)],
                                columns=["date", "agent_id", "group", "project", "volume", "handled"])
                   .assign(hour=9, end_minute=600, name="N"), "reports")
    s = standings(cfg.contest[0], rows, QA.iloc[:0], ATTENDANCE.iloc[:0], dt.date(2026, 12, 1), 24 * 60, cfg)
    assert s["group"].tolist() == ["301", "302", "303"]       # every group with rows, equal ones in group order
    assert s["place"].tolist() == [1, 1, 3]
    assert s["score"].tolist() == pytest.approx([50, 50, 25])
    assert s["points_rate"].isna().all()                    # not a part of this contest


def test_which_contests_run_when():
    cfg = contest_settings(CONTEST, dict(CONTEST, name="一月", first="2027-01-01", last="2027-01-31"))
    assert [c.name for c in contests_on(cfg, dt.date(2026, 12, 5))] == ["十二月劳动竞赛"]
    assert contests_on(cfg, dt.date(2026, 12, 6)) == []
    assert [c.name for c in contests_within(cfg, dt.date(2026, 12, 28), dt.date(2027, 1, 3))] == ["一月"]


@pytest.mark.parametrize("change, key", [({"name": " "}, "contest[1].name"), ({"last": "2026-11-01"}, "contest[1].last"),
                                         ({"parts": {"speed": 10}}, "contest[1].parts"),
                                         ({"parts": {"rate": 0}}, "contest[1].parts"),
                                         ({"first": "12/01"}, "contest[1].first")])
def test_a_bad_contest_is_named(change, key):
    with pytest.raises(ConfigError) as e:
        contest_settings(dict(CONTEST, **change))
    assert key in str(e.value)


def test_the_weekly_pack_carries_the_standings_into_its_workbook_and_deck(cfg):
    import io
    from dataclasses import replace

    from openpyxl import load_workbook
    from pptx import Presentation

    from lib.month.contest import ContestResult
    from lib.month.export import weekly_deck, weekly_workbook
    from lib.month.weekly import weekly_pack
    c = cfg.contest[0]
    table = standings(c, REPORTS, QA, ATTENDANCE, dt.date(2026, 12, 3), 12 * 60, cfg)
    pack = weekly_pack(REPORTS, QA, ATTENDANCE, TABLES_EMPTY_DUTY, "2026-W49", cfg)
    pack = replace(pack, contests=(ContestResult(c, contest_days(c, dt.date(2026, 12, 3)), table),))
    book = load_workbook(io.BytesIO(weekly_workbook(pack, "zh")))
    [name] = [n for n in book.sheetnames if "十二月劳动竞赛" in n]
    rows = list(book[name].iter_rows(values_only=True))
    assert rows[0][:3] == ("竞赛", "名次", "组别") and rows[0][-1] == "总积分"
    assert [r[2] for r in rows[1:]] == ["201", "202", "203"]
    assert [r[-1] for r in rows[1:]] == pytest.approx([40 * 14000 / 28200 + 30 + 20 + 8.75, 40 * 16800 / 28200 + 30 + 20 * 70 / 85 + 5, 70])
    deck = Presentation(io.BytesIO(weekly_deck(pack, "en")))
    titles = [s.shapes.title.text for s in deck.slides]
    assert any("Group competition 十二月劳动竞赛 · 12-01 to 12-05 · day 3 of 5" in x for x in titles)


TABLES_EMPTY_DUTY = to_frame(TABLES["duty_log"], [])


def test_the_export_holds_the_standings_and_each_day_s_scores(cfg):
    import io

    from openpyxl import load_workbook

    from lib.month.contest import contest_sheets
    from lib.out.excel import workbook_bytes
    c = cfg.contest[0]
    table = standings(c, REPORTS, QA, ATTENDANCE, dt.date(2026, 12, 3), 12 * 60, cfg)
    daily = daily_standings(c, REPORTS, QA, ATTENDANCE, dt.date(2026, 12, 3), 12 * 60, cfg)
    book = load_workbook(io.BytesIO(workbook_bytes(contest_sheets(c, table, daily, "en"))))
    assert book.sheetnames == ["Standings", "By day"]
    head, *rows = list(book["By day"].iter_rows(values_only=True))
    assert head == ("Date", "201", "202", "203")            # the groups in their final order
    assert [r[0].date() for r in rows] == [dt.date(2026, 12, d) for d in (1, 2, 3)]
    assert rows[0][1:] == pytest.approx((85, 70, 0))         # 12-01 by hand (test_daily_standings_count_from_the_first_day)
    assert rows[2][1:] == pytest.approx(tuple(table["score"]))
    head, *rows = list(book["Standings"].iter_rows(values_only=True))
    assert head[:3] == ("Place", "Group", "Agents") and head[-1] == "Score" and len(rows) == 3


def test_the_weekly_pack_carries_the_confirmed_stars(cfg, tmp_path):
    import io
    from dataclasses import replace

    from openpyxl import load_workbook
    from pptx import Presentation

    from lib.month.export import weekly_deck, weekly_workbook
    from lib.month.wall_slides import latest_stars
    from lib.month.weekly import weekly_pack
    from lib.store import open_store
    store = open_store(cfg, tmp_path)
    store.append("month_stars", [
        {"月份": "2026-11", "工号": "b1", "姓名": "Nb1", "组别": "202", "理由": "=1+1 质检第一"},
        {"月份": "2026-11", "工号": "a1", "姓名": "Na1", "组别": "201", "理由": "办理率第一"}], submitted_by="0801")
    store.append("month_stars", [{"月份": "2026-10", "工号": "c1", "姓名": "Nc1", "组别": "203", "理由": "十月"}],
                 submitted_by="0801")
    rows = pd.concat([store.read_month("month_stars", m) for m in ("2026-12", "2026-11")], ignore_index=True)
    stars = latest_stars(rows, dt.date(2026, 12, 3))   # nothing confirmed for December yet: November's
    assert stars.month == "2026-11" and stars.stars["agent_id"].tolist() == ["a1", "b1"]
    pack = replace(weekly_pack(REPORTS, QA, ATTENDANCE, TABLES_EMPTY_DUTY, "2026-W49", cfg),
                   stars_month=stars.month, stars=stars.stars)
    book = load_workbook(io.BytesIO(weekly_workbook(pack, "zh")))
    sheet = book["2026年11月服务明星"]
    assert list(sheet.iter_rows(values_only=True)) == [("月份", "工号", "姓名", "组别", "表扬理由"),
                                                       ("2026-11", "a1", "Na1", "201", "办理率第一"),
                                                       ("2026-11", "b1", "Nb1", "202", "=1+1 质检第一")]
    assert sheet.cell(3, 5).data_type == "s"   # typed text, never a formula
    deck = Presentation(io.BytesIO(weekly_deck(pack, "en")))
    assert any("Stars of 2026-11" in s.shapes.title.text for s in deck.slides)


def test_the_chart_draws_each_group_s_place_first_at_the_top(cfg):
    from lib.out.charts import places_figure
    d = daily_standings(cfg.contest[0], REPORTS, QA, ATTENDANCE, dt.date(2026, 12, 3), 12 * 60, cfg)
    fig = places_figure(d, ["201", "202", "203"], label=lambda g: f"{g}组")
    lines = {t.name: (list(t.y), list(t.customdata)) for t in fig.data}
    assert set(lines) == {"201组", "202组", "203组"}
    assert lines["201组"][0][0] == 1 and lines["202组"][1][0] == pytest.approx(70)   # 12-01: 85 and 70 points
    assert list(fig.layout.yaxis.range) == [3.5, 0.5] and fig.layout.yaxis.dtick == 1
