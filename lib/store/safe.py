"""User text never becomes a formula: text cells for workbooks, the OWASP prefix for CSV."""
from __future__ import annotations

import io
import math
import re
from typing import Any

import pandas as pd

# A spreadsheet starts a formula on these; the full-width forms too, because Excel and WPS with a
# Chinese input method turn a typed ＝ into =.
FORMULA_START = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
# OWASP's list for CSV (tab, CR and LF start a new cell or row in some importers), plus full width.
CSV_DANGER = FORMULA_START + ("\t", "\r", "\n")
MAX_CELL_TEXT = 32767   # Excel's limit; openpyxl would silently cut longer text

# openpyxl refuses these control characters; the OOXML spelling _xHHHH_ keeps them, and a literal
# "_x000D_" typed by a user must be escaped as _x005F_x000D_ or Excel and calamine decode it.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LITERAL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def ooxml_text(s: str) -> str:
    """Text as it must be stored in an xlsx cell so that Excel and calamine read back `s` exactly."""
    s = _LITERAL_ESCAPE.sub(r"_x005F_\1", s)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", s)


def put_value(cell: Any, value: Any) -> None:
    """Write one value into an openpyxl cell: numbers as numbers, any str as a text cell, never a formula."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        cell.value = None
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
        return
    text = value if isinstance(value, str) else str(value)
    cell.value = ooxml_text(text)
    cell.data_type = "s"          # openpyxl made "=..." a formula on assignment; it is text
    cell.number_format = "@"      # a person editing the cell in Excel keeps it text (工号 007)
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True   # Excel's own mark for "typed as text"


def neutralise(value: Any) -> Any:
    """A CSV value with a leading ' when a spreadsheet would run it (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(CSV_DANGER):
        return "'" + value
    return value


def csv_safe(df: pd.DataFrame, encoding: str = "utf-8-sig") -> bytes:
    """The frame as CSV bytes for a download: text values and headers neutralised, BOM for Excel."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            out[col] = s.map(neutralise).astype(object)
        elif pd.api.types.is_float_dtype(s.dtype):   # 90 rather than 90.0; full precision otherwise
            out[col] = s.map(lambda v: "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else repr(v)))
    out.columns = [neutralise(str(c)) for c in out.columns]
    # CRLF rows (RFC 4180) also make the writer quote a value holding a lone CR, which Excel splits on
    return out.to_csv(index=False, lineterminator="\r\n").encode(encoding)


def xlsx_safe(df: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    """The frame as an xlsx workbook whose text cells are text (never formulas)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for j, name in enumerate(df.columns, 1):
        put_value(ws.cell(row=1, column=j), str(name))
    dates = {c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c].dtype)}
    for i, row in enumerate(df.itertuples(index=False), 2):
        for j, (name, v) in enumerate(zip(df.columns, row), 1):
            if name in dates:
                v = "" if pd.isna(v) else v.strftime("%Y-%m-%d")
            elif v is not None and not isinstance(v, (str, int, float)):
                v = None if pd.isna(v) else str(v)
            put_value(ws.cell(row=i, column=j), v)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
