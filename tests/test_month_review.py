"""The month-end 复盘 (lib/month_review.py): the result from the data, checks, one record per group and month."""
from __future__ import annotations

import pytest

from lib.month.retro import check_review, current_record, goal_text, result_text, review_row, reviews_table
from lib.store import open_store

LINE = {"group": "101", "target": 5200.0, "handled": 4321.0, "completion": 4321 / 5200, "target_rate": 0.07,
        "rate": 0.0685}
VALUES = {"goal": "办理量 5,200", "process": "前两周脚本不熟", "causes": "新脚本培训晚", "lessons": "脚本更新当天晨会讲解",
          "next_goal": "办理量 5,500"}


def test_goal_and_result_from_the_figures():
    assert goal_text(LINE) == "办理量 5,200，办理率 7.00%"
    # 4321 / 5200 = 0.830961... -> 83.10%
    assert result_text(LINE) == "办理量 4,321 / 目标 5,200，完成率 83.10%；办理率 6.85%（目标 7.00%）"
    assert result_text(LINE, "en") == "handled 4,321 of 5,200, 83.10% of the target; handle rate 6.85% (target 7.00%)"
    nan = float("nan")
    bare = {"target": nan, "handled": 900.0, "completion": nan, "target_rate": nan, "rate": 0.09}
    assert result_text(bare) == "办理量 900（无目标）；办理率 9.00%" and goal_text(bare) == ""
    assert result_text(None) == "本月没有数据"


def test_check_review():
    assert check_review(VALUES) == {}
    assert check_review({**VALUES, "causes": " ", "next_goal": ""}) == {"causes": ("mr.err.required", {}),
                                                                       "next_goal": ("mr.err.required", {})}


def test_a_second_save_corrects_the_first(cfg, tmp_path):
    store = open_store(cfg, tmp_path)
    row = review_row("2026-11", "101", VALUES, result_text(LINE))
    assert row == {"月份": "2026-11", "组别": "101", "结果": "办理量 4,321 / 目标 5,200，完成率 83.10%；办理率 6.85%（目标 7.00%）",
                   "目标": "办理量 5,200", "过程": "前两周脚本不熟", "原因": "新脚本培训晚", "经验": "脚本更新当天晨会讲解",
                   "下月目标": "办理量 5,500"}
    store.append("month_review", [row, review_row("2026-11", "102", VALUES, "x")], submitted_by="1100")
    old = current_record(store.read_month("month_review", "2026-11"), "101")
    store.correct("month_review", old["记录编号"], {**row, "经验": "改"}, submitted_by="1100")
    now = store.read_month("month_review", "2026-11")
    assert len(now) == 2 and current_record(now, "101")["经验"] == "改" and current_record(now, "103") is None
    table = reviews_table(now)
    assert table["组别"].tolist() == ["101", "102"] and list(table.columns)[:8] == \
        ["月份", "组别", "目标", "过程", "结果", "原因", "经验", "下月目标"]
