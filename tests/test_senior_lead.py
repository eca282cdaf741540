"""The senior lead's assessment by hand: met, short, no acting days, incomplete ratings, the form's store."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.floor.schema import conform
from lib.month.senior_lead import (EMPLOYEE, assess, breakdown, indicator_points, rating_problems, save_rating, senior_leads, standing_text)
from lib.store import TABLES, open_store, to_frame
from tests.conftest import make_settings

LEAD = ("9002", "李资深")
PEOPLE = {"9001": ("王主任", "director"), "9002": ("李资深", "senior_lead"), "9003": ("赵组长", "lead"),
          "1001": ("张三", "agent"), "1002": ("李四", "agent")}


def roster(director_rests: set[int], days=(2, 3, 4)) -> pd.DataFrame:
    rows = []
    for d in days:
        for aid, (name, role) in PEOPLE.items():
            rest = (aid == "9001" and d in director_rests) or (aid == "1002" and d == 3)
            rows.append({"date": f"2026-11-{d:02d}", "agent_id": aid, "name": name, "group": "101", "role": role,
                         "shift": "休" if rest else "全天", "shift_kind": "rest" if rest else "full",
                         "working": not rest, "duty": aid == "9003"})
    return conform(pd.DataFrame(rows), "schedule")


def reports(acting_sales: float, acting_connected: float) -> pd.DataFrame:
    """Nov 2: two agents, 1160 sales and 100 connected each; Nov 3 (acting): agent 1001 alone."""
    rows = [("2026-11-02", "1001", 1160, 100), ("2026-11-02", "1002", 1160, 100),
            ("2026-11-03", "1001", acting_sales, acting_connected)]
    return conform(pd.DataFrame([{"date": d, "agent_id": a, "group": "101", "hour": 9, "end_minute": 600,
                                  "volume": 200, "handled": 10, "sales": s, "connected": c}
                                 for d, a, s, c in rows]), "reports")


def ratings(*rows) -> pd.DataFrame:
    names = ["销售管理", "日常事务", "态度与协调", "表率与影响力", "满意度"]
    return to_frame(TABLES["ratings"], [{"月份": "2026-11", "被评人": who, "评分人角色": role,
                                         **{n: v for n, v in zip(names, scores) if v is not None}}
                                        for who, role, scores in rows])


FULL = ratings(("9002", "部门经理", (15, 10, 10, 7.5, 7.5)), ("9002", "中心主任", (12, 8, 8, 6, 6)),
               ("李资深", "员工", (10, 6, 6, 5, 5)), ("9002", "员工", (14, 8, 8, 7, 7)),
               ("9999", "部门经理", (0, 0, 0, 0, 0)))   # someone else's rating: never counted
# Work rating: employees' mean (12, 7, 7, 6, 6)
#   销售管理 0.4×15 + 0.3×12 + 0.3×12 = 13.2;  日常事务 0.4×10 + 0.3×8 + 0.3×7 = 8.5;  态度与协调 8.5
#   表率与影响力 0.4×7.5 + 0.3×6 + 0.3×6 = 6.6;  满意度 6.6;  total 43.4
RATING = 43.4


def test_short_on_one_indicator():
    # month: sales (1160 + 1160 + 680) / 3 heads = 1000 a head a day; acting day: 680 / 1 head = 680
    # achieved 680 / 1000 = 0.68 < 0.85 → 25 × 0.68 / 0.85 = 20.0
    # per line: month 3000 / (100 + 100 + 40) = 12.5; acting 680 / 40 = 17 → 136% → 25
    cfg = make_settings()
    a = assess(reports(680, 40), roster({3}), FULL, "2026-11", LEAD, cfg)
    assert [d.day for d in a.acting_days] == [3] and [d.day for d in a.scored_days] == [3]
    head, line = a.indicators
    assert (head.acting, head.month, head.achieved) == (680, 1000, pytest.approx(0.68))
    assert head.points == pytest.approx(20.0)
    assert (line.acting, line.month, line.points) == (17, 12.5, 25)
    assert a.performance == pytest.approx(45.0) and a.rating == pytest.approx(RATING)
    assert a.total == pytest.approx(88.4) and a.complete and not a.below_bar
    assert standing_text(a) == "达到 70 分"
    crit = {c.name: c for c in a.criteria}
    assert crit["销售管理"].points == pytest.approx(13.2) and crit["销售管理"].employee_count == 2
    assert crit["日常事务"].employees == pytest.approx(7.0) and crit["满意度"].points == pytest.approx(6.6)


def test_met_on_both():
    # acting day 1000 sales, 90 connected. Head: month (1160 + 1160 + 1000) / 3 = 1106.67, acting 1000
    # → 90.4% ≥ 85% → 25. Line: month 3320 / 290 = 11.448, acting 1000 / 90 = 11.111 → 97.1% → 25.
    cfg = make_settings()
    b = assess(reports(1000, 90), roster({3}), FULL, "2026-11", LEAD, cfg)
    assert [i.achieved for i in b.indicators] == pytest.approx([1000 / (3320 / 3), (1000 / 90) / (3320 / 290)])
    assert [i.points for i in b.indicators] == [25, 25] and b.performance == 50
    assert b.total == pytest.approx(50 + RATING)   # 93.4


def test_met_on_one_short_on_the_other():
    # acting 1000 sales on 125 connected: head 90.4% → 25; line 8 / (3320 / 325 = 10.215) = 78.3%
    # → 25 × 0.7831 / 0.85 = 23.03
    a = assess(reports(1000, 125), roster({3}), FULL, "2026-11", LEAD, make_settings())
    head, line = a.indicators
    assert head.points == 25 and line.achieved == pytest.approx(8 / (3320 / 325))
    assert line.points == pytest.approx(25 * (8 / (3320 / 325)) / 0.85) == pytest.approx(23.03, abs=0.005)


def test_indicator_points_at_the_bar():
    cfg = make_settings().senior_lead
    assert indicator_points(0.85, cfg) == 25 and indicator_points(1.4, cfg) == 25
    assert indicator_points(0.68, cfg) == pytest.approx(20.0)            # 25 × 0.68 / 0.85
    assert indicator_points(0.8499, cfg) == pytest.approx(25 * 0.8499 / 0.85)
    zero = make_settings(senior_lead={"shortfall": "zero"}).senior_lead
    assert indicator_points(0.8499, zero) == 0 and indicator_points(0.85, zero) == 25


def test_short_with_the_zero_rule_falls_below_the_title_bar():
    # shortfall "zero": 0 + 25 = 25 performance; 25 + 43.4 = 68.4 < 70 → title to be reviewed
    cfg = make_settings(senior_lead={"shortfall": "zero"})
    a = assess(reports(680, 40), roster({3}), FULL, "2026-11", LEAD, cfg)
    assert a.performance == 25 and a.total == pytest.approx(68.4)
    assert a.complete and a.below_bar and standing_text(a) == "低于 70 分：称号待复核"
    assert standing_text(a, "en") == "Below 70: title to be reviewed"


def test_no_acting_days_says_so_instead_of_scoring():
    a = assess(reports(680, 40), roster(set()), FULL, "2026-11", LEAD, make_settings())
    assert a.acting_days == [] and a.indicators == [] and a.performance is None and a.total is None
    assert not a.below_bar and a.rating == pytest.approx(RATING)
    assert "没有代理日" in standing_text(a)
    table = breakdown(a)
    assert table["points"].isna().tolist()[0] and "没有代理日" in table["note"].iloc[0]
    # an acting day still ahead in the roster (no report rows yet) is not scored either
    b = assess(reports(680, 40), roster({4}), FULL, "2026-11", LEAD, make_settings())
    assert [d.day for d in b.acting_days] == [4] and b.scored_days == [] and b.performance is None
    assert standing_text(b) == "代理日尚无报表数据，业绩部分暂不计分。"


def test_incomplete_ratings_say_what_is_missing():
    # no employee yet; the director left 满意度 blank:
    #   销售管理 0.4×15 + 0.3×12 = 9.6; 日常事务 4 + 2.4 = 6.4; 态度与协调 6.4; 表率与影响力 3 + 1.8 = 4.8;
    #   满意度 0.4×7.5 = 3.0 → 30.2; the missing could add 0.3 × 50 (employees) + 0.3 × 7.5 = 17.25
    some = ratings(("9002", "部门经理", (15, 10, 10, 7.5, 7.5)), ("9002", "中心主任", (12, 8, 8, 6, None)))
    a = assess(reports(680, 40), roster({3}), some, "2026-11", LEAD, make_settings())
    assert a.rating == pytest.approx(30.2) and a.headroom == pytest.approx(17.25)
    assert a.missing == [("员工", None), ("中心主任", "满意度")] and not a.complete
    # 45 + 30.2 = 75.2 ≥ 70 already: the bar is met whatever comes in
    assert a.total == pytest.approx(75.2) and not a.below_bar and not a.undecided
    assert standing_text(a) == "达到 70 分；评分不完整，总分为目前已有部分之和。缺：员工未评分；中心主任的「满意度」"
    # with the zero rule: 25 + 30.2 = 55.2; at best 55.2 + 17.25 = 72.45 ≥ 70 → too early to say
    b = assess(reports(680, 40), roster({3}), some, "2026-11", LEAD, make_settings(senior_lead={"shortfall": "zero"}))
    assert b.undecided and not b.below_bar
    assert standing_text(b).startswith("评分不完整：目前 55.20 分，尚不能判断是否达到 70 分。")
    # nobody rated: 45 + 0 = 45, at best 45 + 50 = 95
    c = assess(reports(680, 40), roster({3}), ratings(), "2026-11", LEAD, make_settings())
    assert c.rating == 0 and c.headroom == pytest.approx(50) and len(c.missing) == 3 and c.undecided


def test_breakdown_table():
    a = assess(reports(680, 40), roster({3}), FULL, "2026-11", LEAD, make_settings())
    t = breakdown(a)
    assert t["item"].tolist() == ["代理日人均日销售额 / 本月", "代理日单线销售额 / 本月", "业绩（50 分）", "销售管理", "日常事务",
                                  "态度与协调", "表率与影响力", "满意度", "工作评价（50 分）", "总分"]
    assert t["points"].tolist() == pytest.approx([20, 25, 45, 13.2, 8.5, 8.5, 6.6, 6.6, 43.4, 88.4])
    assert t["max_points"].tolist() == [25, 25, 50, 15, 10, 10, 7.5, 7.5, 50, 100]


def test_senior_leads_of_the_month():
    assert senior_leads(roster({3}), "2026-11") == [LEAD]
    assert senior_leads(roster({3}), "2026-12") == []


def test_rating_problems():
    cfg = make_settings()
    ok = {"销售管理": 15, "日常事务": 0, "态度与协调": 10, "表率与影响力": 7.5, "满意度": 7.5}
    assert rating_problems(ok, cfg) == []
    bad = {**ok, "销售管理": 15.5, "日常事务": -1, "满意度": None}
    assert rating_problems(bad, cfg) == [("销售管理", "above_max", 15), ("日常事务", "negative", 10),
                                         ("满意度", "missing", 7.5)]


def test_save_rating_one_row_per_rater_and_month(tmp_path):
    cfg = make_settings()
    store = open_store(cfg, tmp_path)
    scores = {"销售管理": 12, "日常事务": 8, "态度与协调": 8, "表率与影响力": 6, "满意度": 6}
    first, replaced = save_rating(store, "2026-11", "9002", EMPLOYEE, scores, "1001", cfg)
    assert replaced is None
    other, _ = save_rating(store, "2026-11", "9002", EMPLOYEE, {**scores, "销售管理": 4}, "1002", cfg)
    second, replaced = save_rating(store, "2026-11", "9002", EMPLOYEE, {**scores, "销售管理": 14}, "1001", cfg)
    assert replaced == first
    history = store.read_month("ratings", "2026-11", history=True)
    assert len(history) == 3 and history["更正记录"].tolist() == ["", "", first]
    now = store.read_month("ratings", "2026-11")
    assert sorted(now["销售管理"].tolist()) == [4, 14]
    # the employees' mean is now (14 + 4) / 2 = 9 for 销售管理
    a = assess(reports(680, 40), roster({3}), now, "2026-11", LEAD, cfg)
    assert a.criteria[0].employees == 9 and a.criteria[0].employee_count == 2
    with pytest.raises(ValueError, match="above_max"):
        save_rating(store, "2026-11", "9002", EMPLOYEE, {**scores, "满意度": 8}, "1003", cfg)
    assert len(store.read_month("ratings", "2026-11", history=True)) == 3   # nothing written
