"""lib.export.workbook_bytes: sheets in order, text never a formula, rates as percentages, dates as dates."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook   # only to inspect cell types and formats; the app reads with calamine
from python_calamine import CalamineWorkbook

from lib.out.excel import sheet_title, workbook_bytes

FRAME = pd.DataFrame({
    "工号": ["007", "=1+1"], "办理率": [0.085, float("nan")], "数据量": [40.0, 12.0],
    "日期": pd.to_datetime(["2026-11-25", "2026-11-24"]), "排名": pd.array([1, pd.NA], dtype="Int64"),
    "说明": ["-5 分", "@SUM(A1)"],
})


def test_sheets_values_and_formats():
    data = workbook_bytes({"质检评分": FRAME, "空": FRAME.iloc[0:0]}, percent_columns=["办理率"])
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert wb.sheet_names == ["质检评分", "空"]
    rows = wb.get_sheet_by_name("质检评分").to_python()
    assert rows[0] == ["工号", "办理率", "数据量", "日期", "排名", "说明"]
    assert rows[1][0] == "007" and rows[2][0] == "=1+1" and rows[2][5] == "@SUM(A1)"   # read back exactly as typed
    assert rows[1][1] == 0.085 and rows[2][1] == "" and rows[1][2] == 40
    assert rows[1][3] in (dt.datetime(2026, 11, 25), dt.date(2026, 11, 25))
    assert rows[1][4] == 1 and rows[2][4] == ""
    ws = load_workbook(io.BytesIO(data))["质检评分"]
    assert ws["A3"].data_type == "s" and ws["F3"].quotePrefix   # text, never a formula
    assert ws["B2"].number_format == "0.00%" and ws["C2"].number_format == "General"
    assert ws["D2"].number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "A2"


def test_sheet_titles_are_legal_and_unique():
    assert sheet_title("a/b:c?") == "a_b_c_"
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("Sheet", ["sheet"]) == "Sheet (2)"
    assert sheet_title("x" * 40, ["x" * 31]) == "x" * 27 + " (2)"
    data = workbook_bytes({"a": FRAME, "A": FRAME})
    assert CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names == ["a", "A (2)"]


def test_no_sheets_still_makes_a_workbook():
    assert CalamineWorkbook.from_filelike(io.BytesIO(workbook_bytes({}))).sheet_names == ["Sheet"]
