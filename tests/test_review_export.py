"""The month as one workbook: a sheet per table, frozen styled headers, percent formats, formula-safe text."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib.month.review import month_review
from lib.month.export import review_workbook, styled_workbook_bytes
from lib.month.senior_lead import assess
from tests.conftest import make_settings
from tests.test_review import ATTENDANCE, QA, REPORTS
from tests.test_senior_lead import FULL, LEAD, ratings, reports, roster


def sheet_rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def book():
    cfg = make_settings(stars={"min_days": 2})
    review = month_review(REPORTS, roster({3, 4}, days=(2, 3, 4)), QA, ATTENDANCE, "2026-11", cfg)
    a = assess(reports(680, 40), roster({3}), FULL, "2026-11", LEAD, cfg)
    rows = ratings(("=HYPERLINK(\"http://x\")", "员工", (1, 1, 1, 1, 1)))
    return load_workbook(io.BytesIO(review_workbook(review, [a], rows)))


def test_one_sheet_per_table(book):
    assert book.sheetnames == ["组别排名", "坐席与星级", "每日趋势", "资深组长考核", "考核评分", "排班规则"]
    for ws in book:
        assert ws.freeze_panes == "A2" and ws["A1"].font.bold and ws.auto_filter.ref.startswith("A1:")


def test_groups_sheet_holds_the_hand_figures(book):
    ws = book["组别排名"]
    lines = {r["组别"]: r for r in sheet_rows(ws)}
    assert list(lines) == ["201", "202", "中心"]
    assert (lines["201"]["数据量"], lines["201"]["办理量"], lines["201"]["办理率"]) == (250, 25, 0.1)
    assert lines["201"]["质检均分"] == 85 and lines["201"]["考勤扣分"] == pytest.approx(-2.3)
    assert lines["中心"]["办理率"] == pytest.approx(35 / 450) and lines["202"]["接通率"] is None
    header = [c.value for c in ws[1]]
    for name in ("办理率", "接通率", "质检覆盖率", "上月办理率"):
        assert ws.cell(2, header.index(name) + 1).number_format == "0.00%", name
    for name in ("较中心", "较上月"):   # changes of a rate: percentage points, +2.22pp
        assert ws.cell(2, header.index(name) + 1).number_format == '+0.00"pp";-0.00"pp";0.00"pp"', name
    # 201's 10% against the center's 35/450 = 7.78%: +2.22 points, a number (not text)
    assert lines["201"]["较中心"] == pytest.approx((0.1 - 35 / 450) * 100)
    assert ws.cell(2, header.index("数据量") + 1).number_format == "#,##0"
    assert ws.cell(2, 1).data_type == "s" and ws.cell(2, 1).value == "201"   # group ids stay text


def test_agents_sheet_has_stars_and_reasons(book):
    lines = {r["工号"]: r for r in sheet_rows(book["坐席与星级"])}
    assert lines["2011"]["建议星级"] == 4 and lines["2011"]["相对项目水平"] == pytest.approx(1.1)
    assert lines["2012"]["建议星级"] is None and "少于 2 天" in lines["2012"]["理由"]


def test_senior_sheet_and_rules_and_ratings(book):
    lines = {r["项目"]: r for r in sheet_rows(book["资深组长考核"])}
    assert lines["代理日人均日销售额 / 本月"]["得分"] == pytest.approx(20.0)
    assert lines["代理日人均日销售额 / 本月"]["达成率"] == pytest.approx(0.68)
    assert lines["总分"]["得分"] == pytest.approx(88.4) and lines["总分"]["资深组长"] == "9002 李资深"
    rules = sheet_rows(book["排班规则"])
    # the roster has the director rest on the 3rd and the 4th while the senior lead works: no breach;
    # agent 1002 rests on the 3rd; one duty lead every day
    assert rules == []
    cell = book["考核评分"]["B2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"   # never a formula


def test_schedule_breaches_are_listed():
    both_rest = roster({3}).copy()
    both_rest.loc[(both_rest["agent_id"] == "9002") & (both_rest["date"].dt.day == 3), "working"] = False
    review = month_review(REPORTS, both_rest, QA, ATTENDANCE, "2026-11", make_settings())
    book = load_workbook(io.BytesIO(review_workbook(review, [], pd.DataFrame())))
    [line] = sheet_rows(book["排班规则"])
    assert line["规则"] == "中心主任与资深组长同日休息" and line["说明"] == "中心主任 王主任 与资深组长 李资深 同日休息"


def test_styled_workbook_bytes_on_its_own():
    frame = pd.DataFrame({"group": ["=1+1", "101"], "rate": [0.5, float("nan")], "date": pd.to_datetime(
        ["2026-11-01", "2026-11-02"])})
    ws = load_workbook(io.BytesIO(styled_workbook_bytes([("a/b:c", frame), ("a/b:c", frame)])))
    assert ws.sheetnames == ["a_b_c", "a_b_c (2)"]
    s = ws["a_b_c"]
    assert s["A2"].value == "=1+1" and s["A2"].data_type == "s" and s["B2"].number_format == "0.00%"
    assert s["B3"].value is None and s["C2"].number_format == "yyyy-mm-dd"
