"""Frames out as text tables and CSV for the command line and downloads."""
from __future__ import annotations

import csv
import io
import math
import unicodedata
from typing import Any, Iterable

import pandas as pd

from lib.i18n.formats import fmt_value
from lib.store.safe import neutralise


def cell_csv(v: Any) -> str:
    """A value for CSV: whole numbers without '.0', fractions exact, text safe from formula injection."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int,)):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d") if v == v.normalize() else v.isoformat()
    return neutralise(str(v))   # OWASP: text a spreadsheet could run gets a leading quote


def to_csv(df: pd.DataFrame) -> str:
    """The frame as CSV text (header = the frame's columns)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(df.columns)
    for row in df.itertuples(index=False):
        w.writerow([cell_csv(v) for v in row])
    return buf.getvalue()


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def to_text(df: pd.DataFrame, headers: dict[str, str] | None = None,
            rate_columns: Iterable[str] = ("rate", "connect_rate")) -> str:
    """An aligned plain-text table (CJK characters count double) with Chinese headers."""
    headers = headers or {}
    rates = set(rate_columns)
    cols = list(df.columns)
    cells = [[fmt_value(v, "rate" if c in rates else "") for c, v in zip(cols, row)]
             for row in df.itertuples(index=False)]
    titles = [headers.get(c, c) for c in cols]
    widths = [max([_width(t)] + [_width(r[i]) for r in cells]) for i, t in enumerate(titles)]

    def line(vals: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(vals, widths)).rstrip()

    out = [line(titles), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(out) + "\n"
