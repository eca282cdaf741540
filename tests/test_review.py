"""The month for the manager (lib.review) on a hand-made floor: every figure computed by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.month.review import (AGENT_COLUMNS, GROUP_COLUMNS, agent_month, center_month, group_month, month_review, months_with_data, previous_month, rows_as_of)
from lib.floor.schema import conform
from lib.store import TABLES, to_frame
from tests.conftest import make_settings

# Group 201 calls P1, group 202 calls the harder P2 (one agent-day row each; hour 9).
REPORTS = conform(pd.DataFrame([
    # date, agent, group, project, volume, handled, connected, sales
    ("2026-10-30", "2011", "201", "P1", 100, 5, 40, 50),     # last month
    ("2026-10-30", "2021", "202", "P2", 100, 8, None, None),
    ("2026-11-02", "2011", "201", "P1", 100, 10, 50, 100),
    ("2026-11-03", "2011", "201", "P1", 100, 12, 40, 120),
    ("2026-11-02", "2012", "201", "P1", 50, 3, 20, 30),
    ("2026-11-02", "2021", "202", "P2", 100, 4, None, None),
    ("2026-11-03", "2021", "202", "P2", 100, 6, None, None),
    ("2026-12-01", "2011", "201", "P1", 100, 50, 50, 500),    # next month: never counted
], columns=["date", "agent_id", "group", "project", "volume", "handled", "connected", "sales"])
    .assign(hour=9, end_minute=600, name=lambda d: "N" + d["agent_id"]), "reports")

QA = to_frame(TABLES["qa"], [
    {"日期": "2026-11-02", "工号": "2011", "组别": "201", "总分": 90},
    {"日期": "2026-11-03", "工号": "2011", "组别": "201", "总分": 80},
    {"日期": "2026-11-02", "工号": "2021", "组别": "", "总分": 70},      # no 组别: the agent's group
    {"日期": "2026-10-30", "工号": "2021", "组别": "202", "总分": 10},   # last month
])
ATTENDANCE = to_frame(TABLES["attendance"], [
    {"日期": "2026-11-03", "组别": "201", "工号": "2012", "类别": "病假"},             # −0.3 by the rule
    {"日期": "2026-11-04", "组别": "201", "工号": "2012", "类别": "旷工"},             # −2 by the rule
    {"日期": "2026-11-05", "组别": "202", "工号": "2021", "类别": "事假", "扣分": 0.5},  # −0.5 by the rule
    {"日期": "2026-11-05", "组别": "202", "应出勤": 10, "实到": 9},                    # a head count line: 0
])


@pytest.fixture
def cfg():
    return make_settings(stars={"min_days": 2})


def by(frame, key, value):
    return frame.set_index(key).loc[value]


def test_group_month_by_hand(cfg):
    g = group_month(REPORTS, QA, ATTENDANCE, "2026-11", cfg)
    assert list(g.columns) == GROUP_COLUMNS
    assert g["group"].tolist() == ["201", "202"]            # best rate first: 10% then 5%
    a, b = by(g, "group", "201"), by(g, "group", "202")
    # 201: volume 100+100+50 = 250, handled 10+12+3 = 25, rate 25/250 = 10%; connected 50+40+20 = 110
    assert (a["volume"], a["handled"], a["rate"]) == (250, 25, pytest.approx(0.10))
    assert a["connected"] == 110 and a["connect_rate"] == pytest.approx(110 / 250)
    assert a["sales"] == 250 and a["agents"] == 2 and a["days"] == 2
    # 202: 200 volume, 10 handled = 5%; no connected or sales given
    assert (b["volume"], b["handled"], b["rate"]) == (200, 10, pytest.approx(0.05))
    assert pd.isna(b["connect_rate"]) and pd.isna(b["sales"])
    # QA: 201 = (90 + 80) / 2 = 85 over 2 scores; worked agent-days 2011×2, 2012×1 = 3, scored 2 → 2/3
    assert a["qa_avg"] == 85 and a["qa_scores"] == 2 and a["qa_coverage"] == pytest.approx(2 / 3)
    # 202: the score without 组别 counts for 2021's group: 70; agent-days 2, scored 1 → 1/2
    assert b["qa_avg"] == 70 and b["qa_coverage"] == pytest.approx(0.5)
    # deductions: 201 = −0.3 − 2 = −2.3; 202 = −0.5 (the rule's for 事假, whatever was typed)
    assert a["deductions"] == pytest.approx(-2.3) and b["deductions"] == pytest.approx(-0.5)
    # center rate 35/450; 201 stands 0.10 − 0.0778 = +2.22 points above it, 202 2.78 below
    assert a["rate_vs_center"] == pytest.approx(0.10 - 35 / 450)
    assert b["rate_vs_center"] == pytest.approx(0.05 - 35 / 450)
    # last month: 201 had 5/100 = 5% (+5 points), 202 8/100 = 8% (−3 points)
    assert a["last_rate"] == pytest.approx(0.05) and a["rate_change"] == pytest.approx(0.05)
    assert b["last_rate"] == pytest.approx(0.08) and b["rate_change"] == pytest.approx(-0.03)


def test_center_month_by_hand(cfg):
    c = center_month(REPORTS, QA, ATTENDANCE, "2026-11", cfg)
    assert (c["volume"], c["handled"]) == (450, 35) and c["rate"] == pytest.approx(35 / 450)
    assert c["connect_rate"] == pytest.approx(110 / 250)    # only rows that give connected
    assert c["sales"] == 250 and c["agents"] == 3 and c["days"] == 2
    assert c["qa_avg"] == pytest.approx((90 + 80 + 70) / 3) and c["qa_coverage"] == pytest.approx(3 / 5)
    assert c["deductions"] == pytest.approx(-2.8) and c["absences"] == 1


def test_agent_month_by_hand(cfg):
    a = agent_month(REPORTS, QA, ATTENDANCE, "2026-11", cfg)
    assert list(a.columns) == AGENT_COLUMNS
    assert a["agent_id"].tolist() == ["2011", "2012", "2021"]   # 11%, 6%, 5%
    x, y, z = by(a, "agent_id", "2011"), by(a, "agent_id", "2012"), by(a, "agent_id", "2021")
    # 2011: 200 volume, 22 handled = 11%; P1's center rate (22 + 3) / 250 = 10%, so expected 20: ratio 1.1
    assert (x["volume"], x["handled"], x["rate"]) == (200, 22, pytest.approx(0.11))
    assert x["project_rate"] == pytest.approx(0.10) and x["rate_ratio"] == pytest.approx(1.1)
    # ratio 1.1 ≥ 1.05 → 4★; QA (90 + 80) / 2 = 85 ≥ 85 → 4★; two days worked, all scored
    assert x["qa_avg"] == 85 and x["qa_coverage"] == 1.0 and x["days"] == 2
    assert x["stars"] == 4 and x["reason"] == ("办理率为所做项目中心水平的 110%（4★）；质检均分 85.0（4★） → 4★")
    # 2012: 3/50 = 6%, ratio 3 / (50 × 10%) = 0.6; one day (fewer than 2): no suggestion; absence and sick
    assert y["rate_ratio"] == pytest.approx(0.6) and y["days"] == 1 and pd.isna(y["stars"])
    assert y["deductions"] == pytest.approx(-2.3) and y["absences"] == 1
    assert "少于 2 天" in y["reason"] and pd.isna(y["qa_avg"]) and y["qa_coverage"] == 0
    # 2021 on the harder P2: 10/200 = 5%, yet P2's center rate is also 5%: ratio 1.0 → 3★; QA 70 → 2★
    assert z["rate_ratio"] == pytest.approx(1.0) and z["stars"] == 2
    assert z["reason"] == "办理率为所做项目中心水平的 100%（3★）；质检均分 70.0（2★） → 2★"


def test_agent_reason_in_english(cfg):
    a = agent_month(REPORTS, QA, ATTENDANCE, "2026-11", cfg, lang="en")
    assert by(a, "agent_id", "2021")["reason"] == \
        "handle rate 100% of the center's on the same projects (3★); QA average 70.0 (2★) → 2★"


def test_month_review_and_helpers(cfg):
    r = month_review(REPORTS, conform(pd.DataFrame(), "schedule"), QA, ATTENDANCE, "2026-11", cfg)
    assert r.daily["date"].dt.day.tolist() == [2, 2, 3, 3]
    # center by day: Nov 2 = (10 + 3 + 4) / 250; Nov 3 = (12 + 6) / 200
    assert r.center_daily["rate"].tolist() == pytest.approx([17 / 250, 18 / 200])
    assert r.violations.empty
    assert previous_month("2026-01") == "2025-12"
    assert months_with_data(REPORTS, "2026-11") == ["2026-12", "2026-11", "2026-10"]
    # the month so far at 2026-11-02 09:30: nothing of the 3rd, and the 09:00-10:00 slot not yet ended
    assert len(rows_as_of(REPORTS, "2026-11-02", 9 * 60 + 30)) == 2
    assert len(rows_as_of(REPORTS, "2026-11-02", 600)) == 5


def test_an_empty_month(cfg):
    empty_store = to_frame(TABLES["qa"], [])
    assert group_month(REPORTS, empty_store, to_frame(TABLES["attendance"], []), "2026-08", cfg).empty
    a = agent_month(REPORTS, empty_store, to_frame(TABLES["attendance"], []), "2026-08", cfg)
    assert a.empty and list(a.columns) == AGENT_COLUMNS
    c = center_month(REPORTS, empty_store, to_frame(TABLES["attendance"], []), "2026-08", cfg)
    assert c["volume"] == 0 and pd.isna(c["rate"]) and pd.isna(c["qa_coverage"])
