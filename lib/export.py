"""Excel downloads: frames as sheets of one workbook, text cells never formulas, rates as percentages.

Any screen may reuse `workbook_bytes`; cells go through the store's `put_value`, so text a user
typed (a note starting with "=") stays text in Excel and WPS, and ids such as 工号 007 keep their zero.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from .store.safe import put_value

PERCENT_FORMAT = "0.00%"   # two decimals, as the screens and the CLI show a rate
DATE_FORMAT = "yyyy-mm-dd"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")   # characters Excel refuses in a sheet name
_MAX_WIDTH = 60


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
    """A frame value as openpyxl takes it: None for every kind of missing, dates as datetimes."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):   # numpy scalars
        return value.item()
    return value


def _write_sheet(ws, df: pd.DataFrame, percent: set[str]) -> None:
    widths = [_display_width(c) for c in df.columns]
    for j, name in enumerate(df.columns, 1):
        cell = ws.cell(row=1, column=j)
        put_value(cell, str(name))
        cell.font = Font(bold=True)
    for i, row in enumerate(df.itertuples(index=False), 2):
        for j, (name, raw) in enumerate(zip(df.columns, row), 1):
            v = _cell_value(raw)
            cell = ws.cell(row=i, column=j)
            if isinstance(v, (dt.datetime, dt.date)):
                cell.value = v
                cell.number_format = DATE_FORMAT
                width = 10
            else:
                if v is not None and not isinstance(v, (str, int, float)):
                    v = str(v)
                put_value(cell, v)
                if name in percent and isinstance(v, (int, float)) and not isinstance(v, bool):
                    cell.number_format = PERCENT_FORMAT
                width = _display_width(v)
            widths[j - 1] = max(widths[j - 1], width)
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = min(_MAX_WIDTH, w + 2)
    ws.freeze_panes = "A2"


def workbook_bytes(sheets: dict[str, pd.DataFrame], percent_columns: Iterable[str] = ()) -> bytes:
    """An xlsx workbook with one sheet per frame (in order); columns named in percent_columns show as %."""
    percent = set(percent_columns)
    wb = Workbook()
    wb.remove(wb.active)
    taken: list[str] = []
    for name, df in sheets.items():
        title = sheet_title(name, taken)
        taken.append(title)
        _write_sheet(wb.create_sheet(title), df, percent)
    if not taken:
        wb.create_sheet("Sheet")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
