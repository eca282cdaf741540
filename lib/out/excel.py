"""Excel downloads: frames as sheets of one workbook, text cells never formulas, rates as percentages.

Every figure is a real number or datetime with a number format (lib.i18n.formats.STANDARD): rates
0.00%, changes of a rate +0.00"pp" (the cell holds the points: 0.0104 is written 1.04, since
Excel scales by 100 only beside a % sign), counts #,##0, days yyyy-mm-dd, times yyyy-mm-dd hh:mm (a zoned
time in its own zone, an ISO text column read as times); a float without a column format gets 0.00
(never 344.6667 bare). Text is never a number and a number never text.

Any screen may reuse `workbook_bytes`; cells go through the store's `put_value`, so text a user
typed (a note starting with "=") stays text in Excel and WPS, and ids such as 工号 007 keep their zero.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lib.i18n.formats import excel_format
from lib.store.safe import put_value

PERCENT_FORMAT = excel_format("rate")   # two decimals, as the screens and the CLI show a rate
PP_FORMAT = excel_format("pp")          # a change of rate, in percentage points: +1.04pp
COUNT_FORMAT = excel_format("count")
DATE_FORMAT = excel_format("date")
DATETIME_FORMAT = excel_format("datetime")
FLOAT_FORMAT = "0.00"   # a fraction with no column format
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")   # characters Excel refuses in a sheet name
_MAX_WIDTH = 60
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A legal, unique sheet name: Excel's forbidden characters replaced, 31 characters at most."""
    base = _BAD_TITLE.sub("_", str(name)).strip("'") or "Sheet"
    base = base[:31]
    used = {t.casefold() for t in taken}
    title, n = base, 2
    while title.casefold() in used:   # Excel compares sheet names without case
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    return title


def _display_width(value: Any) -> int:
    s = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _cell_value(value: Any) -> Any:
    """A frame value as a cell takes it: None for every kind of missing, datetimes, Python numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)   # Excel has no zones: the time as the floor reads it
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):   # numpy scalars
        return value.item()
    if not isinstance(value, (str, int, float, dt.date)):
        return str(value)
    return value


def _times_read(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text column that holds only ISO times (2026-11-25T18:30:00+08:00, the
    store's 提交时间) as datetimes in their own zone, so that Excel gets times, not text."""
    out = None
    for c in df.columns:
        col = df[c]
        if not (pd.api.types.is_object_dtype(col.dtype) or pd.api.types.is_string_dtype(col.dtype)):
            continue
        text = col.dropna()
        text = text[text.astype(str) != ""]
        if not len(text) or not all(isinstance(v, str) and _ISO.match(v) for v in text):
            continue
        out = df.copy() if out is None else out
        out[c] = [None if not isinstance(v, str) or v == "" else pd.Timestamp(v) for v in col]
    return df if out is None else out


def _points(v: Any) -> Any:
    """A change of rate as the number of percentage points a PP_FORMAT cell holds: 0.0104 -> 1.04."""
    return round(v * 100, 10) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


def _header_cell(ws, label: str) -> WriteOnlyCell:
    c = WriteOnlyCell(ws)
    put_value(c, label)
    c.font, c.fill = HEADER_FONT, HEADER_FILL
    c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return c


def _body_cell(ws, v: Any, fmt: str | None) -> WriteOnlyCell:
    c = WriteOnlyCell(ws)
    if isinstance(v, dt.datetime):
        c.value = v
        c.number_format = DATE_FORMAT if v.time() == dt.time() else DATETIME_FORMAT
    elif isinstance(v, dt.date):
        c.value, c.number_format = v, DATE_FORMAT
    else:
        put_value(c, v)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if fmt:
                c.number_format = fmt
            elif isinstance(v, float) and not v.is_integer():
                c.number_format = FLOAT_FORMAT
    return c


def _write_sheet(ws, df: pd.DataFrame, header: Callable[[str], str], formats: dict[str, str]) -> None:
    df = _times_read(df)
    cols = list(df.columns)
    labels = [header(str(c)) for c in cols]
    # Excel scales by 100 only with a % sign: a change of rate (0.0104) is written as its points (1.04)
    pp_at = [formats.get(str(c)) == PP_FORMAT for c in cols]
    rows = [[_points(_cell_value(v)) if p else _cell_value(v) for v, p in zip(r, pp_at)]
            for r in df.itertuples(index=False)]
    for j, label in enumerate(labels):
        wide = max([_display_width(label)] + [10 if isinstance(r[j], dt.date) else _display_width(r[j])
                                               for r in rows[:500]])
        ws.column_dimensions[get_column_letter(j + 1)].width = min(_MAX_WIDTH, wide + 3)
    ws.freeze_panes = "A2"
    if cols:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(rows) + 1}"
    ws.append([_header_cell(ws, label) for label in labels])
    for r in rows:
        ws.append([_body_cell(ws, v, formats.get(str(col))) for col, v in zip(cols, r)])


def workbook_bytes(sheets: Mapping[str, pd.DataFrame] | Iterable[tuple[str, pd.DataFrame]],
                   percent_columns: Iterable[str] = (), *, header: Callable[[str], str] = str,
                   formats: Mapping[str, str] | None = None) -> bytes:
    """An xlsx with one sheet per frame, in order: a styled frozen header with a filter, fitted widths,
    number formats by column (percent_columns as 0.00%, `formats` for any other), text formula-safe.

    Written in openpyxl's write-only mode, so a month of rows streams out in little memory.
    """
    fmt = {**{c: PERCENT_FORMAT for c in percent_columns}, **(formats or {})}
    wb = Workbook(write_only=True)
    taken: list[str] = []
    for name, df in (sheets.items() if isinstance(sheets, Mapping) else sheets):
        taken.append(sheet_title(name, taken))
        _write_sheet(wb.create_sheet(taken[-1]), df, header, fmt)
    if not taken:
        wb.create_sheet("Sheet")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
