"""Clean report sheets in bulk: the same frame as lib.load.reports, from Arrow text columns.

A dialer's export is nearly always clean: a header the loader finds, then one row per agent and
slot, every value readable. Such a sheet is parsed here column by column, each distinct value once,
at a small part of the cost of the cell-by-cell path. At the first doubt — a row to leave out or to
warn about, a total or repeated header row, a value whose text may not say exactly what the cell
held — this gives up (returns None) and the sheet takes the cell-by-cell path, which finds every
problem and words it. tests/test_performance.py checks both paths agree wherever this one answers.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.floor.sources import RawSheet
from lib.floor.load.grid import _TOTAL_WORDS, is_total_cell, name_date, total_columns
from lib.floor.load.headers import field_of, find_header
from lib.floor.load.values import agent, date, name_slot, number, seconds, slot, text, title_slot

FIGURES = ["volume", "connected", "handled", "sales", "talk_seconds"]
# fastexcel writes a date or time cell as '2026-11-24 00:00:00' and a boolean as 'true': text that
# the cell-by-cell path never sees for such cells. It rounds numbers to 9 decimals and writes
# 0.00001 where Python writes 1e-05, and a long integer may have been a float. Text of these
# shapes is left to the cell-by-cell path.
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_DOUBT = r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}|true|false|-0|-?\d*\.\d{9}|-?0\.0000\d*|-?\d{16,})$"
# Python's whitespace (str.isspace), which text() strips; RE2's \s knows only ASCII.
_WS = r"[\t-\r\x1c-\x20\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_UNTRIMMED = rf"^{_WS}|{_WS}$|\x{{3000}}|^$"
_NUMERIC = r"^-?\d{1,15}(\.\d{1,8})?$"
_CLOCK = r"^(?P<a>\d{1,9}):(?P<b>\d{1,2})(?::(?P<c>\d{1,2}))?$"


class _Doubt(Exception):
    """This sheet is not for the quick path."""


def _any(mask) -> bool:
    return bool(pc.any(pc.fill_null(mask, False)).as_py())


class _Column:
    """A body column as its distinct values and, per cell, the index of its value (nulls: one past the end)."""

    def __init__(self, col: pa.Array):
        enc = pc.dictionary_encode(col)
        self.uniques = enc.dictionary.cast(pa.string())
        self.nulls = col.null_count
        self.idx = pc.fill_null(enc.indices, len(self.uniques)).to_numpy(zero_copy_only=False)

    def spread(self, values: np.ndarray, blank) -> np.ndarray:
        """Per-distinct values (numpy) spread over the cells, `blank` for null cells."""
        return np.append(values, np.array([blank], dtype=values.dtype))[self.idx]

    def has(self, pattern: str, ignore_case: bool = False) -> bool:
        return _any(pc.match_substring_regex(self.uniques, pattern, ignore_case=ignore_case))


def _texts(col: _Column, required: bool):
    """text() of each cell as a `str` array ("" for blanks); a blank when `required` is a doubt."""
    if required and col.nulls:
        raise _Doubt("blank")
    if col.has(_DOUBT):
        raise _Doubt("text")
    uniques = col.uniques
    if col.has(_UNTRIMMED):   # spaces around, full-width spaces inside: text() itself, value by value
        clean = [text(v) for v in uniques.to_pylist()]
        if required and "" in clean:
            raise _Doubt("blank")
        uniques = pa.array(clean, pa.string())
    values = pa.concat_arrays([uniques, pa.array([""], pa.string())])
    return pd.array(values.take(pa.array(col.idx)), dtype="str")


def _date(v: str, order: str = ""):
    d = date(v, order)   # ValueError: the cell-by-cell path words it
    if d.year < 1900:   # a time cell, which fastexcel writes as a day of 1899
        raise _Doubt(v)
    return np.datetime64(d, "ns")


def _hour(v: str) -> tuple[int, int]:
    if _STAMP.fullmatch(v) or re.fullmatch(r"\d+\.\d+", v.strip()):   # time cells; 9.5 as a number
        raise _Doubt(v)
    return slot(v)


def _figure(col: _Column, field: str) -> np.ndarray:
    """Float values of a figure column; plain numbers and h:mm:ss in bulk, anything else one by one."""
    if col.nulls and field in ("volume", "handled"):
        raise _Doubt(f"blank {field}")
    uniques = col.uniques
    if not col.has(_DOUBT):
        try:   # the usual column: every distinct value a plain number
            values = pc.cast(uniques, pa.float64()).to_numpy()
        except pa.ArrowInvalid:
            values = None
        if values is not None:
            if (values < 0).any():
                raise _Doubt(f"negative {field}")
            return col.spread(values, np.nan)
    values = np.full(len(uniques), np.nan)
    numeric = pc.match_substring_regex(uniques, _NUMERIC)
    rest = pc.invert(numeric)
    if _any(numeric):
        values[np.flatnonzero(numeric.to_numpy(zero_copy_only=False))] = \
            pc.cast(uniques.filter(numeric), pa.float64()).to_numpy()
    if field == "talk_seconds" and _any(rest):
        clock = pc.match_substring_regex(uniques, _CLOCK)
        if _any(clock):
            parts = pc.extract_regex(uniques.filter(clock), _CLOCK)
            a, b, c = (pc.cast(pc.if_else(pc.equal(parts.field(k), ""), "0", parts.field(k)), pa.float64()).to_numpy()
                       for k in ("a", "b", "c"))
            hms = pc.not_equal(parts.field("c"), "").to_numpy(zero_copy_only=False)
            values[np.flatnonzero(clock.to_numpy(zero_copy_only=False))] = np.where(hms, a * 3600 + b * 60 + c, a * 60 + b)
            rest = pc.and_(rest, pc.invert(clock))
    if _any(rest):
        parser = seconds if field == "talk_seconds" else number
        for k in np.flatnonzero(rest.to_numpy(zero_copy_only=False)):
            v = uniques[int(k)].as_py()
            if _STAMP.fullmatch(v) or re.fullmatch(_DOUBT, v):
                raise _Doubt(v)
            values[k] = parser(v)
    if (values < 0).any():
        raise _Doubt(f"negative {field}")
    return col.spread(values, np.nan)


def quick_reports(sheet, aliases: dict[str, str], required: list[str], scan: int,
                  mtime: float, date_order: str = "") -> pd.DataFrame | None:
    """The canonical reports frame of a clean sheet read as Arrow text columns; None at any doubt."""
    try:
        return _quick(sheet, aliases, required, scan, mtime, date_order)
    except (_Doubt, ValueError, TypeError, OverflowError, pa.ArrowException):
        return None


def _quick(sheet, aliases: dict[str, str], required: list[str], scan: int, mtime: float,
           date_order: str = "") -> pd.DataFrame | None:
    batch = sheet.batch
    cols = batch.columns
    filled = np.zeros(batch.num_rows, bool)
    for c in cols:
        filled |= c.is_valid().to_numpy(zero_copy_only=False)
    if not filled.any():
        return None
    # The cell-by-cell path scans from the first row holding anything (calamine's first row).
    top = int(np.argmax(filled))
    head = [[("" if v is None else v) for v in row]
            for row in zip(*(c.slice(top, scan).to_pylist() for c in cols))]
    header, _, _ = find_header(head, aliases, required, scan)
    # Merged cells are not known here: a header completed by a merge, or any field label above the
    # header, could make the other path choose another row.
    if header is None or header.index > scan - 3 or \
            any(field_of(c, aliases) for r in head[:header.index] for c in r):
        return None
    titled = title_slot(header.titles)
    sheet_slot = None
    if "hour" not in header.columns:   # the slot from a title line, else the file name (as reports.py)
        named = name_slot(PurePosixPath(sheet.file).name)
        sheet_slot = titled[:2] if titled else (named[:2] if named else None)
        if sheet_slot is None:
            return None   # a day total: the cell-by-cell path says so
    start = top + header.index + 1
    body = [c.slice(start) for c in cols]
    used = np.zeros(len(body[0]) if body else 0, bool)
    for c in body:
        used |= c.is_valid().to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(used)   # rows with nothing at all are blank rows, left out by both paths
    if not len(rows):
        return None
    if len(rows) < len(used):
        take = pa.array(rows)
        body = [c.take(take) for c in body]
    columns = header.columns
    watch = total_columns(len(cols), columns)
    at = {j: _Column(body[j]) for j in set(watch) | set(columns.values())}
    for j in watch:
        maybe = pc.match_substring_regex(at[j].uniques, _TOTAL_WORDS.pattern, ignore_case=True)
        if _any(maybe) and any(is_total_cell(v) for v in at[j].uniques.filter(maybe).to_pylist()):
            return None   # a totals row: the cell-by-cell path leaves it out and counts it
    at = {f: at[j] for f, j in columns.items()}
    id_label = head[header.index][columns["agent_id"]]
    if id_label in at["agent_id"].uniques.to_pylist():
        return None   # the header repeated in the body

    n = len(rows)
    out: dict[str, object] = {}
    fallback = _sheet_date(sheet)
    if titled is not None and titled[2] is not None:
        fallback = titled[2]
    if "date" in at:
        col = at["date"]
        if col.nulls and fallback is None:
            return None
        days = np.array([_date(v, date_order) for v in col.uniques.to_pylist()], dtype="datetime64[ns]")
        out["date"] = col.spread(days, np.datetime64(fallback or "NaT", "ns"))
    elif fallback is not None:
        out["date"] = np.full(n, np.datetime64(fallback, "ns"))
    else:
        return None
    if sheet_slot is not None:
        out["start_minute"], out["end_minute"] = np.full(n, sheet_slot[0], np.int64), np.full(n, sheet_slot[1], np.int64)
    else:
        col = at["hour"]
        if col.nulls:
            return None
        slots = np.array([_hour(v) for v in col.uniques.to_pylist()], dtype=np.int64).reshape(-1, 2)
        out["start_minute"], out["end_minute"] = slots[col.idx, 0], slots[col.idx, 1]
    out["hour"] = out["start_minute"] // 60
    out["agent_id"] = _texts(at["agent_id"], True)
    if any(agent(v) != (v, "") for v in out["agent_id"].unique()):
        return None   # '1001 [张三]', full-width digits: the cell-by-cell path reads them
    for f in ("name", "group", "project"):
        out[f] = _texts(at[f], False) if f in at else None
    figures = {f: _figure(at[f], f) if f in at else np.full(n, np.nan) for f in FIGURES}
    ok = ~np.isnan(figures["volume"])
    if (ok & (figures["handled"] > figures["volume"])).any() or (ok & (figures["connected"] > figures["volume"])).any():
        return None   # a warning the other path words
    zeros = pa.array(np.zeros(n, np.int64))

    def same(v: str):
        return pd.array(pa.array([v], pa.string()).take(zeros), dtype="str")

    # The canonical columns (lib.schema.REPORTS) in order and dtype, built directly: conform() would
    # cost as much as everything above.
    for f in ("name", "group", "project"):
        if out[f] is None:
            out[f] = same("")
    frame = pd.DataFrame({
        "date": out["date"], "hour": out["hour"], "end_minute": out["end_minute"], "start_minute": out["start_minute"],
        "agent_id": out["agent_id"], "name": out["name"], "group": out["group"], "row_group": out["group"],
        "home_group": same(""), "project": out["project"],
        **figures, "file": same(sheet.file), "sheet": same(sheet.sheet),
        "row": (rows + start + 1).astype("int64"), "mtime": np.full(n, float(mtime)),
    })
    frame.attrs["agent_id_label"] = header.labels.get(columns["agent_id"], "agent_id")
    return frame


def _sheet_date(sheet):
    return name_date(RawSheet(sheet.file, sheet.sheet, []))
