"""The weekly pack's QA (points lost per scorecard item per group, red lines hit) by hand, in the pack,
the workbook (rates as numbers in 0.00%, counts as whole numbers) and the deck's table.

The scorecard is config.toml's: 开场规范 10, 需求挖掘 20, 业务讲解 25, 异议处理 20, 服务态度 15,
结束规范 10; red lines 违规承诺, 辱骂客户. The floor is tests/test_weekly.py's (W47: 201 = 2011, 2012;
202 = 2021, 2022).
"""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from lib.config import settings
from lib.month.export import weekly_deck, weekly_workbook
from lib.month.weekly import weekly_pack
from lib.store import TABLES, open_store, to_frame
from tests.conftest import make_settings, open_page
from tests.test_lead_page import floor_dir  # noqa: F401  (a fixture)
from tests.test_weekly import ATTENDANCE, DUTY, REPORTS

ITEMS = ["开场规范", "需求挖掘", "业务讲解", "异议处理", "服务态度", "结束规范"]
#        date          agent   group  scores                   违规承诺 辱骂客户 总分
ROWS = [("2026-11-16", "2011", "201", (8, 15, 20, 20, 15, 10), "否", "否", 88),   # lost 2 5 5 0 0 0
        ("2026-11-17", "2012", "201", (10, 10, 25, 15, 15, 10), "是", "否", 0),   # lost 0 10 0 5 0 0, red line
        ("2026-11-18", "2021", "", (6, 12, 20, 10, 12, 8), "否", "是", 0),        # no 组别: 202; lost 4 8 5 10 3 2
        ("2026-11-22", "2022", "202", (10, 18, 25, 20, 15, 10), "否", "否", 98),  # Sunday; lost 0 2 0 0 0 0
        ("2026-11-15", "2011", "201", (0, 0, 0, 0, 0, 0), "是", "是", 0),         # the week before: not counted
        ("2026-11-23", "2011", "201", (0, 0, 0, 0, 0, 0), "是", "否", 0)]         # the week after: not counted
QA = to_frame(TABLES["qa"], [{"日期": day, "工号": agent, "姓名": "N" + agent, "组别": group, "录音编号": f"R{k}",
                              **dict(zip(ITEMS, scores)), "违规承诺": red, "辱骂客户": abuse, "总分": total}
                             for k, (day, agent, group, scores, red, abuse, total) in enumerate(ROWS)])


@pytest.fixture
def pack():
    return weekly_pack(REPORTS, QA, ATTENDANCE, DUTY, "2026-W47", make_settings(weekly={"min_volume": 100}))


def lines(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    return frame[frame["group"] == group].reset_index(drop=True)


def test_points_lost_per_item_per_group_by_hand(pack):
    assert pack.qa_lost["group"].unique().tolist() == ["201", "202", ""]     # groups, then the center
    g201, g202, center = (lines(pack.qa_lost, g) for g in ("201", "202", ""))
    # 201 (two recordings): 需求挖掘 5+10, 业务讲解 5+0, 异议处理 0+5, 开场规范 2+0; ties in scorecard order
    assert g201["item"].tolist() == ["需求挖掘", "业务讲解", "异议处理", "开场规范", "服务态度", "结束规范"]
    assert g201["lost"].tolist() == [15, 5, 5, 2, 0, 0] and g201["recordings"].tolist() == [2] * 6
    assert g201["lost_share"].iloc[0] == pytest.approx(15 / (20 * 2)) and g201["lost_per_recording"].iloc[0] == 7.5
    # 202: 2021's row has no 组别 and counts for 202, where their volume went; 需求挖掘 8+2, 异议处理 10+0
    assert g202["item"].tolist() == ["需求挖掘", "异议处理", "业务讲解", "开场规范", "服务态度", "结束规范"]
    assert g202["lost"].tolist() == [10, 10, 5, 4, 3, 2]
    assert g202["lost_share"].tolist() == pytest.approx([10 / 40, 10 / 40, 5 / 50, 4 / 20, 3 / 30, 2 / 20])
    # center: four recordings, the week before and after left out
    assert center["item"].tolist() == ["需求挖掘", "异议处理", "业务讲解", "开场规范", "服务态度", "结束规范"]
    assert center["lost"].tolist() == [25, 15, 10, 6, 3, 2] and center["recordings"].tolist() == [4] * 6
    assert center["lost_share"].iloc[0] == pytest.approx(25 / 80)
    assert center["points"].tolist() == [20, 20, 25, 10, 15, 10]


def test_red_lines_per_group_by_hand(pack):
    red = pack.qa_red
    assert red[["group", "red_line"]].values.tolist() == [["201", "违规承诺"], ["201", "辱骂客户"], ["202", "违规承诺"],
                                                          ["202", "辱骂客户"], ["", "违规承诺"], ["", "辱骂客户"]]
    assert red["hits"].tolist() == [1, 0, 0, 1, 1, 1]
    assert red["recordings"].tolist() == [2, 2, 2, 2, 4, 4]
    assert red["share"].tolist() == pytest.approx([0.5, 0, 0, 0.5, 0.25, 0.25])


def test_workbook_qa_sheets_hold_numbers_with_formats(pack):
    wb = load_workbook(io.BytesIO(weekly_workbook(pack)))
    assert wb.sheetnames[-2:] == ["质检失分", "红线触犯次数"]
    ws = wb["质检失分"]
    header = [c.value for c in ws[1]]
    assert header == ["组别", "评分项", "满分", "录音数", "失分", "每条失分", "失分率"]
    body = list(ws.iter_rows(min_row=2))
    first = {h: c for h, c in zip(header, body[0])}
    assert [first[h].value for h in ("组别", "评分项", "满分", "录音数", "失分")] == ["201", "需求挖掘", 20, 2, 15]
    assert isinstance(first["录音数"].value, int) and isinstance(first["满分"].value, int)
    assert first["失分率"].value == pytest.approx(0.375) and first["失分率"].number_format == "0.00%"
    assert first["录音数"].number_format == "#,##0"
    assert [r[0].value for r in body].count("中心") == 6
    red = wb["红线触犯次数"]
    header = [c.value for c in red[1]]
    assert header == ["组别", "红线", "次数", "录音数", "占比"]
    last = [c for c in list(red.iter_rows(min_row=2))[-2]]
    assert [c.value for c in last[:4]] == ["中心", "违规承诺", 1, 4]
    assert last[4].value == pytest.approx(0.25) and last[4].number_format == "0.00%"
    assert isinstance(last[2].value, int)
    en = load_workbook(io.BytesIO(weekly_workbook(pack, "en")))
    assert en.sheetnames[-2:] == ["QA points lost", "Red lines hit"]
    assert [c.value for c in en["QA points lost"][1]][:3] == ["Group", "Item", "Points"]


def test_deck_has_a_qa_table(pack):
    slide = list(Presentation(io.BytesIO(weekly_deck(pack))).slides)[-1]
    assert slide.shapes.title.text == "周会材料 2026-W47 · 本周质检失分"
    tables = [sh.table for sh in slide.shapes if sh.has_table]
    grid = [[c.text for c in row.cells] for row in tables[0].rows]
    assert grid[0] == ["评分项", "201组", "202组", "中心"]
    # items in the center's order, each cell "points lost (share lost)"
    assert grid[1] == ["需求挖掘", "15（37.50%）", "10（25.00%）", "25（31.25%）"]
    assert [r[0] for r in grid[1:]] == ["需求挖掘", "异议处理", "业务讲解", "开场规范", "服务态度", "结束规范"]
    red = [[c.text for c in row.cells] for row in tables[1].rows]
    assert red == [["红线", "201组", "202组", "中心"], ["违规承诺", "1（50.00%）", "0（0.00%）", "1（25.00%）"],
                   ["辱骂客户", "0（0.00%）", "1（50.00%）", "1（25.00%）"]]
    en = list(Presentation(io.BytesIO(weekly_deck(pack, "en"))).slides)[-1]
    cells = [[c.text for c in row.cells] for row in next(sh.table for sh in en.shapes if sh.has_table).rows]
    assert cells[0] == ["Item", "Group 201", "Group 202", "Center"] and cells[1][3] == "25 (31.25%)"


def test_a_week_without_qa():
    p = weekly_pack(REPORTS, QA, ATTENDANCE, DUTY, "2026-W30", make_settings())
    assert p.qa_lost.empty and p.qa_red["group"].tolist() == ["", ""] and p.qa_red["hits"].tolist() == [0, 0]
    slide = list(Presentation(io.BytesIO(weekly_deck(p))).slides)[-1]
    assert "本周没有质检评分。" in " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert load_workbook(io.BytesIO(weekly_workbook(p))).sheetnames[-2:] == ["质检失分", "红线触犯次数"]
    # an empty store frame (read_span of weeks without rows) gives the same
    empty = weekly_pack(REPORTS, pd.DataFrame(), ATTENDANCE, DUTY, "2026-W47", make_settings())
    assert empty.qa_lost.empty and empty.qa_red["hits"].tolist() == [0, 0]


def test_the_review_shows_the_weeks_qa(floor_dir):
    """AppTest on the demo (2026-11-25, the pack opens on W47) with three hand-made QA rows."""
    def qa(day, agent, rec, scores, red="否"):
        return {"日期": day, "工号": agent, "组别": "103", "录音编号": rec, **dict(zip(ITEMS, scores)),
                "违规承诺": red, "辱骂客户": "否", "总分": 0 if red == "是" else sum(scores)}
    open_store(settings(), floor_dir).append("qa", [
        qa("2026-11-17", "1310", "W1", (10, 12, 25, 14, 15, 10)),        # lost 需求挖掘 8, 异议处理 6
        qa("2026-11-18", "1301", "W2", (10, 20, 20, 20, 15, 10), "是"),  # lost 业务讲解 5; a red line
        qa("2026-11-24", "1310", "W3", (0, 0, 0, 0, 0, 0))], submitted_by="t")   # W48: not in the pack
    at = open_page("pages/review.py")
    assert not at.exception, [e.value for e in at.exception]
    # one line per item (the center's order), a column per group and the center: the share of points lost
    lost = next(d.value for d in at.dataframe if "中心" in d.value.columns)
    assert lost.columns.tolist() == ["评分项", "103", "中心"]
    assert lost["评分项"].tolist() == ["需求挖掘", "异议处理", "业务讲解", "开场规范", "服务态度", "结束规范"]
    assert lost["103"].tolist() == pytest.approx([8 / 40, 6 / 40, 5 / 50, 0, 0, 0])
    assert lost["中心"].tolist() == lost["103"].tolist()
    # the red lines hit: 违规承诺 once in 103 and so in the center, of two recordings
    red = next(d.value for d in at.dataframe if {"红线", "次数"} <= set(d.value.columns))
    assert red[["组别", "红线", "次数", "录音数"]].values.tolist() == [["103", "违规承诺", 1, 2], ["中心", "违规承诺", 1, 2]]
    assert red["占比"].tolist() == pytest.approx([0.5, 0.5])
