"""Stored rows as frames of canonical columns, and the latest version of each record."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from lib.store.tables import DAY, RECORD_COLUMNS, RECORD_ID, REPLACES, VOID, VOID_MARK, Table
from lib.store.values import as_day, as_month, as_number, as_text, is_blank


def _day_or_none(v: Any) -> Any:
    """A stored day as a Timestamp (None when blank or unreadable)."""
    try:
        return None if is_blank(v) else pd.Timestamp(as_day(v))
    except ValueError:
        return None


def _month_or_blank(v: Any) -> str:
    """A stored month as YYYY-MM ('' when blank, the text itself when unreadable)."""
    try:
        return "" if is_blank(v) else as_month(v)
    except ValueError:
        return as_text(v)


def _number_or_nan(v: Any) -> float:
    """A stored figure as float (NaN when blank or unreadable)."""
    try:
        f = as_number(v)
    except ValueError:
        return float("nan")
    return float("nan") if f is None else f


def extras_of(spec: Table, rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Columns beyond DATA.md's (scorecard items, criteria) in order of first appearance."""
    known = set(spec.columns) | set(RECORD_COLUMNS)
    seen: dict[str, None] = {}
    for r in rows:
        for k in r:
            if k and k not in known and not str(k).startswith("Unnamed:"):
                seen.setdefault(k, None)
    return list(seen)


def to_frame(spec: Table, rows: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows as a frame: DATA.md columns (extras in place) then record columns, with fixed dtypes.

    日期 is datetime64[ns]; 月份 is 'YYYY-MM' text; figures float64; everything else text exactly as
    stored (IDs such as 工号 '007' stay '007'); blank text is ''."""
    extras = extras_of(spec, rows) if spec.is_open else []
    header = spec.header(extras)
    cols: dict[str, pd.Series] = {}
    for col in header:
        values = [r.get(col) for r in rows]
        if col == DAY:
            cols[col] = pd.Series(pd.to_datetime(pd.Series([_day_or_none(v) for v in values], dtype=object)),
                                  dtype="datetime64[ns]")
        elif col == "月份":
            cols[col] = pd.Series([_month_or_blank(v) for v in values], dtype=str)
        elif col in spec.numbers or (col in extras and _all_figures(values)):
            cols[col] = pd.Series([_number_or_nan(v) for v in values], dtype="float64")
        else:
            cols[col] = pd.Series([as_text(v) for v in values], dtype=str)
    return pd.DataFrame(cols, columns=header)


def _all_figures(values: list[Any]) -> bool:
    """True when every filled value is a number (an extra column of scores)."""
    filled = [v for v in values if not is_blank(v)]
    return bool(filled) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in filled)


def latest(df: pd.DataFrame) -> pd.DataFrame:
    """The current version of each record: the last stored row of each correction chain, voids dropped."""
    if df.empty:
        return df
    ids = df[RECORD_ID].tolist()
    replaces = df[REPLACES].tolist()
    known = set(ids)
    parent = {i: r for i, r in zip(ids, replaces) if r and r in known and r != i}

    def root(i: str) -> str:
        seen = {i}
        while i in parent and parent[i] not in seen:
            i = parent[i]
            seen.add(i)
        return i

    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for pos, rid in enumerate(ids):
        r = root(rid)
        first.setdefault(r, pos)
        last[r] = pos     # storage order decides; the clocks of two servers need not agree
    keep = [last[r] for r in sorted(first, key=first.get)]   # a record keeps its place when corrected
    out = df.iloc[keep]
    out = out[out[VOID] != VOID_MARK]
    return out.reset_index(drop=True)
