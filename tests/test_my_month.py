"""An agent's own month (lib/month/my_month.py) on a hand-made floor: every figure computed by hand.

One project P1; the page's moment is 2026-11-04 11:05 (665), so 2011's 11:00-12:00 slot that day is
not counted yet. The center's P1 rate for the month so far: handled 25 + 15 + 33 = 73 of volume
250 + 205 + 240 = 695.
"""
from __future__ import annotations

import pandas as pd
import pytest

from lib.floor.schema import conform
from lib.month.my_month import daily_ranks, month_attendance, my_month, next_level
from lib.month.review import Stars, star_suggestion
from lib.store import TABLES, to_frame
from tests.conftest import make_settings

DAY, AT = "2026-11-04", 665
ITEMS = ["开场规范", "需求挖掘", "业务讲解", "异议处理", "服务态度", "结束规范"]
REPORTS = conform(pd.DataFrame([
    # date, agent, group, volume, handled, hour
    ("2026-11-02", "2011", "201", 100, 10, 9),   # 0.10
    ("2026-11-02", "2012", "201", 50, 3, 9),     # 0.06
    ("2026-11-02", "2021", "202", 100, 12, 9),   # 0.12
    ("2026-11-03", "2011", "201", 100, 8, 9),    # 0.08
    ("2026-11-03", "2012", "201", 5, 1, 9),      # below the bar of 10: not ranked
    ("2026-11-03", "2021", "202", 100, 6, 9),    # 0.06
    ("2026-11-04", "2011", "201", 100, 9, 9),    # 0.09 at 11:05 ...
    ("2026-11-04", "2011", "201", 100, 50, 11),  # ... this slot ends at 12:00, after the moment
    ("2026-11-04", "2012", "201", 40, 4, 9),     # 0.10
    ("2026-11-04", "2021", "202", 100, 20, 9),   # 0.20
], columns=["date", "agent_id", "group", "volume", "handled", "hour"])
    .assign(end_minute=lambda d: d["hour"] * 60 + 60, project="P1", name=lambda d: "N" + d["agent_id"]), "reports")


def qa(day, agent, rec, scores):
    return {"日期": day, "工号": agent, "组别": "201", "录音编号": rec, **dict(zip(ITEMS, scores)),
            "违规承诺": "否", "辱骂客户": "否", "总分": sum(scores)}


QA = to_frame(TABLES["qa"], [
    qa("2026-11-02", "2011", "R1", (8, 15, 20, 20, 15, 10)),    # 88: lost 2 5 5 0 0 0
    qa("2026-11-03", "2011", "R2", (10, 10, 20, 12, 12, 8)),    # 72: lost 0 10 5 8 3 2
    qa("2026-10-30", "2011", "R0", (0, 0, 0, 0, 0, 0)),         # last month: never counted
    qa("2026-11-02", "2012", "R3", (10, 20, 25, 20, 15, 10)),
])
ATTENDANCE = to_frame(TABLES["attendance"], [
    {"日期": "2026-11-03", "组别": "201", "工号": "2011", "类别": "事假", "时长(小时)": 4, "原因": "家事", "扣分": -1},
    {"日期": "2026-10-20", "组别": "201", "工号": "2011", "类别": "旷工"},     # last month
    {"日期": "2026-11-03", "组别": "201", "工号": "2012", "类别": "病假"},
])


@pytest.fixture
def cfg():
    return make_settings(stars={"min_days": 2}, ranking={"min_volume": 10, "min_volume_per_hour": 0})


def test_rate_and_rank_day_by_day(cfg):
    days = daily_ranks(REPORTS, "2011", DAY, AT, cfg)
    assert [f"{d:%m-%d}" for d in days["date"]] == ["11-02", "11-03", "11-04"]
    assert days["rate"].tolist() == pytest.approx([0.10, 0.08, 0.09])   # 10/100, 8/100, 9/100 (12:00 slot not yet)
    # 11-02: 2021 .12, 2011 .10, 2012 .06; 11-03: 2011 .08, 2021 .06 (2012 below the bar);
    # 11-04: 2021 .20, 2012 .10, 2011 .09
    assert days["rank_center"].tolist() == [2, 1, 3] and days["ranked_center"].tolist() == [3, 2, 3]
    assert days["rank_group"].tolist() == [1, 1, 2] and days["ranked_group"].tolist() == [2, 1, 2]
    low = daily_ranks(REPORTS, "2012", DAY, AT, cfg)
    assert low["rank_center"].isna().tolist() == [False, True, False]   # 5 calls on 11-03: not ranked


def test_attendance_of_the_month(cfg):
    att = month_attendance(ATTENDANCE, "2011", "2026-11", cfg)
    assert att["类别"].tolist() == ["事假"] and att["原因"].tolist() == ["家事"]
    assert att["deduction"].tolist() == [-0.5]   # the rule's 事假, not the typed −1


def test_the_month_with_stars_and_what_the_next_level_needs(cfg):
    m = my_month(REPORTS, QA, ATTENDANCE, "2011", DAY, AT, cfg)
    assert m.month == "2026-11" and len(m.days) == 3
    # QA items: 需求挖掘 5+10, 业务讲解 5+5, 异议处理 0+8, 服务态度 3, 开场规范 2, 结束规范 2
    assert m.qa_items["item"].tolist()[:3] == ["需求挖掘", "业务讲解", "异议处理"]
    assert m.qa_items["lost"].tolist() == [15, 10, 8, 3, 2, 2]
    assert m.qa_trend["avg_total"].tolist() == [88, 72]
    # rate ratio = 27 / (300 × 73/695) = 0.8569 -> 2★ (bars 0.8, 0.95); QA (88 + 72) / 2 = 80 -> 3★
    s = m.stars
    assert s.rate_ratio == pytest.approx(27 / (300 * 73 / 695)) and s.qa_avg == pytest.approx(80)
    assert (s.level, s.rate_level, s.qa_level, s.days) == (2, 2, 3, 3)
    assert m.reason == "办理率为所做项目中心水平的 86%（2★）；质检均分 80.0（3★） → 2★"
    assert m.next_level == ["3★ 需办理率达到所做项目中心水平的 95%（现在 86%）"]   # QA already meets 3★
    en = my_month(REPORTS, QA, ATTENDANCE, "2011", DAY, AT, cfg, "en")
    assert en.next_level == ["3★ needs a handle rate of 95% of the center's on the same projects (now 86%)"]


def test_next_level_reads_the_bars_of_config():
    cfg = make_settings(stars={"rate_ratio": [0.0, 0.8, 0.9, 1.05, 1.2], "qa_min": [0, 70, 82, 85, 90]})
    s = star_suggestion(0.85, 75.0, 0, 20, cfg)   # rate 2★, QA 2★
    assert s.level == 2
    assert next_level(s, cfg) == ["3★ 需办理率达到所做项目中心水平的 90%（现在 85%）", "3★ 需质检均分至少 82（现在 75.0）"]
    capped = star_suggestion(1.3, 95.0, 1, 20, cfg)   # 5★ by both, an absence caps at 2★
    assert capped.level == 2 and next_level(capped, cfg) == ["本月有旷工，最高 2★：下月无旷工才能更高"]
    assert next_level(star_suggestion(1.3, 95.0, 0, 20, cfg), cfg) == ["已是最高星级。"]
    few = Stars(None, 3, 15, 1.0, 3, 80.0, 3, 0, None)
    assert next_level(few, cfg) == ["再出勤 12 天（至少 15 天才有建议）"]


def test_an_agent_without_rows_this_month(cfg):
    m = my_month(REPORTS, QA, ATTENDANCE, "9999", DAY, AT, cfg)
    assert m.stars is None and m.days.empty and m.qa_items.empty and m.next_level == []
