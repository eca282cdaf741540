"""Formula safety helpers: OWASP CSV prefix, text cells in xlsx, OOXML escapes."""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from lib.store.safe import csv_safe, neutralise, ooxml_text, xlsx_safe
from tests.store.conftest import CORPUS


def test_owasp_prefix_on_every_dangerous_start_only():
    for v in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx", "＝1+1"):
        assert neutralise(v) == "'" + v
    for v in ("007", "a=b", " =1", "", "张三", 5, -2.5, None):
        assert neutralise(v) == v


def test_csv_safe_bytes_keep_figures_and_dates():
    df = pd.DataFrame({"日期": pd.to_datetime(["2026-11-25"]), "工号": ["007"], "备注": ["=1+1"], "扣分": [-0.3],
                       "=头": ["x"]})
    text = csv_safe(df).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "日期,工号,备注,扣分,'=头"
    assert lines[1] == "2026-11-25,007,'=1+1,-0.3,x"
    assert csv_safe(df).startswith(b"\xef\xbb\xbf")


def test_xlsx_safe_reads_back_exactly_and_holds_no_formula():
    df = pd.DataFrame({"v": CORPUS, "n": range(len(CORPUS))})
    data = xlsx_safe(df, "导出")
    ws = load_workbook(io.BytesIO(data)).active
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    cal = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in cal[1:]] == CORPUS and [r[1] for r in cal[1:]] == list(map(float, range(len(CORPUS))))


def test_ooxml_escapes():
    assert ooxml_text("_x000D_") == "_x005F_x000D_"
    assert ooxml_text("a\x0bb\x00") == "a_x000B_b_x0000_"
    assert ooxml_text("plain\ttext\r\n") == "plain\ttext\r\n"
