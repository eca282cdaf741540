"""QA analytics (lib/quality/qa_analytics.py) against hand computation on a small 质检评分 table.

The scorecard is config.toml's: 开场规范 10, 需求挖掘 20, 业务讲解 25, 异议处理 20, 服务态度 15,
结束规范 10; red lines 违规承诺, 辱骂客户.
"""
from __future__ import annotations

import pandas as pd
import pytest

from lib.quality.qa import scorecard
from lib.quality.qa_analytics import agent_grid, in_month, item_scores, points_lost, qa_trend, red_line_counts, top_items
from tests.conftest import make_settings

ITEMS = ["开场规范", "需求挖掘", "业务讲解", "异议处理", "服务态度", "结束规范"]
#        date          agent   name  group  rec   scores                    red line 违规承诺  总分
ROWS = [("2026-11-02", "1301", "甲", "101", "R1", (8, 15, 20, 20, 15, 10), "否", 88),    # lost 2 5 5 0 0 0
        ("2026-11-03", "1301", "甲", "101", "R2", (10, 10, 25, 15, 15, 10), "否", 85),   # lost 0 10 0 5 0 0
        ("2026-11-10", "1301", "甲", "101", "R3", (10, 20, 25, 20, 15, 10), "是", 0),    # red line: 总分 0
        ("2026-11-10", "1302", "乙", "101", "R4", (6, 12, 20, 10, 12, 8), "否", 68),     # lost 4 8 5 10 3 2
        ("2026-11-10", "1401", "丙", "102", "R5", (10, 18, 25, 20, 15, 10), "否", 98),   # lost 0 2 0 0 0 0
        ("2026-10-30", "1301", "甲", "101", "R0", (5, 20, 25, 20, 15, 10), "否", 95)]    # October: lost 5 on 开场


def qa_table() -> pd.DataFrame:
    rows = []
    for day, agent, name, group, rec, scores, red, total in ROWS:
        rows.append({"日期": pd.Timestamp(day), "工号": agent, "姓名": name, "组别": group, "项目": "P",
                     "录音编号": rec, **dict(zip(ITEMS, scores)), "违规承诺": red, "辱骂客户": "否",
                     "总分": total, "分析指导": "x"})
    return pd.DataFrame(rows)


@pytest.fixture
def card():
    return scorecard(make_settings())


def lost_of(frame: pd.DataFrame) -> dict[str, float]:
    return dict(zip(frame["item"], frame["lost"]))


def test_item_scores_long(card):
    long = item_scores(qa_table(), card)
    assert len(long) == 6 * 6
    r4 = long[long["recording"] == "R4"]
    assert r4["lost"].tolist() == [4, 8, 5, 10, 3, 2] and r4["points"].tolist() == [10, 20, 25, 20, 15, 10]


def test_points_lost_per_group_of_the_month(card):
    nov = in_month(qa_table(), "2026-11")
    assert sorted(nov["录音编号"]) == ["R1", "R2", "R3", "R4", "R5"]
    lost = points_lost(nov, card, "group")
    g101 = lost[lost["group"] == "101"]
    # 需求挖掘 5+10+0+8, 异议处理 0+5+0+10, 业务讲解 5+0+0+5, 开场规范 2+0+0+4, 服务态度 3, 结束规范 2
    assert g101["item"].tolist() == ["需求挖掘", "异议处理", "业务讲解", "开场规范", "服务态度", "结束规范"]
    assert g101["lost"].tolist() == [23, 15, 10, 6, 3, 2]
    first = g101.iloc[0]
    assert first["recordings"] == 4 and first["lost_per_recording"] == pytest.approx(23 / 4)
    assert first["lost_share"] == pytest.approx(23 / (20 * 4))
    g102 = lost[lost["group"] == "102"]
    assert g102["item"].iloc[0] == "需求挖掘" and g102["lost"].tolist() == [2, 0, 0, 0, 0, 0]
    assert g102["item"].tolist()[1:] == ["开场规范", "业务讲解", "异议处理", "服务态度", "结束规范"]   # ties: card order


def test_points_lost_per_agent_and_month(card):
    nov = in_month(qa_table(), "2026-11")
    by_agent = points_lost(nov, card, "agent")
    a = by_agent[by_agent["agent_id"] == "1301"]
    assert lost_of(a) == {"需求挖掘": 15, "业务讲解": 5, "异议处理": 5, "开场规范": 2, "服务态度": 0, "结束规范": 0}
    assert a["item"].tolist()[:3] == ["需求挖掘", "业务讲解", "异议处理"] and set(a["name"]) == {"甲"}
    assert top_items(a, 2)["item"].tolist() == ["需求挖掘", "业务讲解"]
    assert len(top_items(by_agent[by_agent["agent_id"] == "1401"], 3)) == 1   # only 需求挖掘 lost points
    months = points_lost(qa_table(), card, "month")
    assert lost_of(months[months["month"] == "2026-10"])["开场规范"] == 5
    assert lost_of(months[months["month"] == "2026-11"]) == {"需求挖掘": 25, "异议处理": 15, "业务讲解": 10,
                                                             "开场规范": 6, "服务态度": 3, "结束规范": 2}
    everyone = points_lost(nov, card)
    assert list(everyone.columns[:2]) == ["item", "points"] and everyone["lost"].sum() == 61


def test_an_item_without_a_score_counts_for_the_others(card):
    qa = qa_table().head(2)
    qa.loc[1, "结束规范"] = None
    lost = points_lost(qa, card)
    assert dict(zip(lost["item"], lost["recordings"]))["结束规范"] == 1
    assert dict(zip(lost["item"], lost["recordings"]))["开场规范"] == 2


def test_trend_by_day_and_week(card):
    qa = qa_table()
    days = qa_trend(in_month(qa, "2026-11"), "1301")
    assert days["period"].tolist() == ["2026-11-02", "2026-11-03", "2026-11-10"]
    assert days["avg_total"].tolist() == [88, 85, 0] and days["recordings"].tolist() == [1, 1, 1]
    weeks = qa_trend(qa, "1301", "week")
    assert weeks["period"].tolist() == ["2026-W44", "2026-W45", "2026-W46"]
    assert weeks["avg_total"].tolist() == [95, pytest.approx((88 + 85) / 2), 0]
    assert qa_trend(qa, "9999").empty


def test_red_line_counts(card):
    red = red_line_counts(in_month(qa_table(), "2026-11"), card)
    assert red["red_line"].tolist() == ["违规承诺", "辱骂客户"]
    assert red["hits"].tolist() == [1, 0] and red["recordings"].tolist() == [5, 5]
    assert red["share"].tolist() == [pytest.approx(0.2), 0]


def test_nothing_scored(card):
    empty = pd.DataFrame()
    assert points_lost(empty, card, "agent").empty and qa_trend(empty, "1301").empty
    assert red_line_counts(empty, card)["hits"].tolist() == [0, 0]


def test_agent_grid(card):
    grid = agent_grid(in_month(qa_table(), "2026-11")[lambda d: d["组别"] == "101"], card)
    # 1302 loses 4+8+5+10+3+2 = 32; 1301 loses 2+5+5 + 10+5 + 0 = 27
    assert grid["agent_id"].tolist() == ["1302", "1301"] and grid["lost"].tolist() == [32, 27]
    a = grid.iloc[1]
    assert a["recordings"] == 3 and a["avg_total"] == pytest.approx((88 + 85 + 0) / 3)
    assert [a[i] for i in ITEMS] == [2, 15, 5, 5, 0, 0] and a["name"] == "甲"
    assert agent_grid(pd.DataFrame(), card).empty
