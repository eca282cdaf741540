"""QA scoring (lib.qa): the scorecard from config, the computed total, checks, coverage, the lead's calls."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.quality import qa
from lib.config import settings_from_dict
from lib.store import table, to_frame
from tests.conftest import make_settings
from tests.test_lead import DAY, reports, row

CARD = qa.scorecard(make_settings())
FULL = {"开场规范": 10, "需求挖掘": 20, "业务讲解": 25, "异议处理": 20, "服务态度": 15, "结束规范": 10}


def test_the_scorecard_in_config():
    assert CARD.items == tuple((k, float(v)) for k, v in FULL.items())
    assert CARD.red_lines == ("违规承诺", "辱骂客户")
    assert CARD.max_total == 100
    assert CARD.columns() == [*FULL, "违规承诺", "辱骂客户"]
    own = qa.scorecard(settings_from_dict({"qa": {"scorecard": {"items": {"礼貌": 40, "准确": 60}, "red_lines": []}}}))
    assert own.names == ["礼貌", "准确"] and own.red_lines == ()


def test_total_is_the_sum_or_zero_on_a_red_line():
    scores = FULL | {"业务讲解": 20, "服务态度": 12}
    assert qa.qa_total(CARD, scores) == 92        # 100 - 5 - 3
    assert qa.qa_total(CARD, scores, ["辱骂客户"]) == 0
    assert qa.qa_total(CARD, scores, ["not a red line"]) == 92


def test_checks_by_field():
    ok = qa.check_qa(CARD, "A1", ["A1"], "R1", FULL, "好", [])
    assert ok == {}
    bad = qa.check_qa(CARD, "Z9", ["A1"], " ", FULL | {"业务讲解": 26, "异议处理": -1, "结束规范": None}, "", [])
    assert bad == {"agent": ("lead.err.agent_unknown", {"agent": "Z9"}), "recording": ("lead.err.required", {}),
                   "item:业务讲解": ("lead.err.score_range", {"item": "业务讲解", "max": "25"}),
                   "item:异议处理": ("lead.err.score_range", {"item": "异议处理", "max": "20"}),
                   "item:结束规范": ("lead.err.score_range", {"item": "结束规范", "max": "10"}),
                   "notes": ("lead.err.required", {})}
    again = qa.check_qa(CARD, None, ["A1"], "R1", FULL, "x", ["R1 "])
    assert again == {"agent": ("lead.err.agent_missing", {}),
                     "recording": ("lead.err.recording_scored", {"recording": "R1"})}
    assert qa.check_qa(CARD, "A1", ["A1"], "R1", FULL | {"业务讲解": 25.0}, "x", []) == {}   # the maximum itself


def test_row_has_one_column_per_item_and_the_computed_total():
    r = qa.qa_row(CARD, DAY, "A1", "甲", "101", "新华手机报", " R7 ", FULL | {"需求挖掘": 15}, ["违规承诺"], " 讲解不清 ")
    assert list(r) == ["日期", "工号", "姓名", "组别", "项目", "录音编号", *CARD.columns(), "总分", "分析指导"]
    assert (r["录音编号"], r["需求挖掘"], r["违规承诺"], r["辱骂客户"], r["总分"], r["分析指导"]) == \
        ("R7", 15.0, "是", "否", 0.0, "讲解不清")
    assert qa.qa_row(CARD, DAY, "A1", "甲", "101", "", "R8", FULL, [], "x")["总分"] == 100


def qa_rows(*rows):
    """(工号, 总分) rows of the day, in storage order."""
    return to_frame(table("qa"), [{"日期": DAY, "工号": a, "组别": "101", "总分": s, "录音编号": f"R{i}",
                                   "记录编号": f"id{i}", "提交时间": f"2026-11-25T1{i}:00:00+08:00"}
                                  for i, (a, s) in enumerate(rows)])


FLOOR = reports(row("A1", 9, 40, 4), row("A2", 9, 20, 0), row("A3", 10, 30, 3), row("B1", 9, 60, 3, group="102"),
                row("L1", 9, 6, 0, group="102"), row("L1", 10, 5, 1))


def test_present_agents_are_those_with_rows_for_the_group():
    assert qa.present_agents(FLOOR, "101", DAY, 660)["agent_id"].tolist() == ["A1", "A2", "A3", "L1"]
    assert qa.present_agents(FLOOR, "101", DAY, 600)["agent_id"].tolist() == ["A1", "A2"]


def test_coverage_figures():
    present = qa.present_agents(FLOOR, "101", DAY, 600)
    cov = qa.coverage(present, qa_rows(("A1", 80), ("A1", 90), ("B1", 70)), 1)
    assert cov[["agent_id", "scored", "last_total", "covered"]].values.tolist()[0] == ["A1", 2, 90, True]
    assert cov["covered"].tolist() == [True, False]
    assert qa.coverage_figures(cov) == {"present": 2, "covered": 1, "share": 0.5, "missing": ["A2 坐席A2"]}
    assert qa.coverage(present, qa_rows(("A1", 80)), 2)["covered"].tolist() == [False, False]
    none = qa.coverage_figures(qa.coverage(present.iloc[0:0], qa_rows(), 1))
    assert none["present"] == 0 and pd.isna(none["share"])


def test_lead_calls_count_the_leads_own_rows_anywhere():
    assert qa.lead_calls(FLOOR, ["L1"], DAY, 660) == 11   # 6 while helping 102, 5 in 101
    assert qa.lead_calls(FLOOR, ["L1"], DAY, 600) == 6
    assert qa.lead_calls(FLOOR, [], DAY, 660) == 0


def test_qa_due_until_a_recording_is_scored():
    flags = pd.DataFrame({"agent_id": ["A1", "A2", "A3"], "kind": ["low_rate", "wrong_task", "no_data"]})
    assert qa.qa_due(flags, qa_rows(("A1", 80))).tolist() == [False, True, False]
    assert qa.qa_due(flags, qa_rows()).tolist() == [True, True, False]


def test_agent_history_and_project():
    hist = qa.agent_qa_history(qa_rows(("A1", 80), ("A2", 70), ("A1", 90)), "A1", CARD)
    assert hist["总分"].tolist() == [90, 80]   # newest first
    assert "分析指导" in hist and "工号" not in hist
    assert qa.agent_qa_history(qa_rows(), "A1", CARD).empty
    mixed = reports(row("A1", 9, 40, 4, project="X"), row("A1", 10, 40, 4, project="Y"))
    assert (qa.agent_project(mixed, "A1", DAY, 660), qa.agent_project(mixed, "A1", DAY, 600)) == ("Y", "X")
    assert qa.agent_project(mixed, "A9", DAY, 660) == ""


@pytest.mark.parametrize("bad", [{"业务讲解": 25.5}, {"开场规范": float("nan")}])
def test_no_score_outside_the_card(bad):
    assert qa.check_qa(CARD, "A1", ["A1"], "R1", FULL | bad, "x", [])
