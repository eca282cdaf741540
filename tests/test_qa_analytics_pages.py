"""AppTest of the QA analytics on the workbench's QA tab and the monthly review, on a private copy of the
demo at 2026-11-25 11:05 with a small hand-made 质检评分 table (the demo's copy holds no QA rows).

Scorecard (config.toml): 开场规范 10, 需求挖掘 20, 业务讲解 25, 异议处理 20, 服务态度 15, 结束规范 10.
"""
from __future__ import annotations

import pytest

from lib.config import settings
from lib.store import open_store
from tests.conftest import open_page
from tests.test_lead_page import floor_dir  # noqa: F401  (a fixture)

ITEMS = ["开场规范", "需求挖掘", "业务讲解", "异议处理", "服务态度", "结束规范"]


def qa(day, agent, group, rec, scores, red="否"):
    return {"日期": day, "工号": agent, "组别": group, "录音编号": rec, **dict(zip(ITEMS, scores)),
            "违规承诺": red, "辱骂客户": "否", "总分": 0 if red == "是" else sum(scores), "分析指导": "x"}


ROWS = [qa("2026-11-24", "1310", "103", "A1", (10, 12, 25, 14, 15, 10)),        # lost 需求 8, 异议 6
        qa("2026-11-25", "1301", "103", "A2", (10, 20, 20, 20, 15, 10), "是"),  # lost 业务 5; red line
        qa("2026-11-25", "1201", "102", "B1", (0, 0, 0, 0, 0, 0))]              # another group


def with_rows(floor_dir):
    open_store(settings(), floor_dir).append("qa", ROWS, submitted_by="t")


def table_with(at, *columns):
    return next(d.value for d in at.dataframe if all(c in d.value.columns for c in columns))


def test_the_workbench_qa_tab(floor_dir):
    with_rows(floor_dir)
    at = open_page("pages/lead.py", group="103")
    assert not at.exception
    lost = table_with(at, "评分项", "失分率")
    assert lost["评分项"].tolist()[:3] == ["需求挖掘", "异议处理", "业务讲解"] and lost["失分"].tolist()[:3] == [8, 6, 5]
    assert lost["录音数"].tolist() == [2] * 6 and lost["失分率"].iloc[0] == pytest.approx(8 / 40)
    red = table_with(at, "红线", "次数")
    assert red["次数"].tolist() == [1, 0] and red["录音数"].tolist() == [2, 2]
    grid = table_with(at, "失分", "需求挖掘", "工号")
    assert grid["工号"].tolist() == ["1310", "1301"] and grid["失分"].tolist() == [14, 5]
    assert grid["质检均分"].tolist() == [86, 0]


def test_the_review_per_group(floor_dir):
    with_rows(floor_dir)
    at = open_page("pages/review.py")
    assert not at.exception
    lost = table_with(at, "组别", "评分项", "失分")
    g103 = lost[lost["组别"] == "103"]
    assert g103["评分项"].tolist()[:3] == ["需求挖掘", "异议处理", "业务讲解"] and g103["失分"].tolist()[:3] == [8, 6, 5]
    g102 = lost[lost["组别"] == "102"]
    assert g102["失分"].sum() == 100 and g102["评分项"].iloc[0] == "业务讲解"   # 25 of 25 lost first
