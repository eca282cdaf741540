"""Clean report sheets in bulk: the same frame as lib.load.reports, from Arrow text columns.

A dialer's export is nearly always clean: a header the loader finds, then one row per agent and
slot, every value readable. Such a sheet (a workbook's Arrow columns from fastexcel, or a CSV's
text split by pyarrow) is parsed here column by column, each distinct value once, at a small part
of the cost of the cell-by-cell path. Totals rows are left out and counted as the other path counts
them; ids written with the name ('1001 [张三]') and '-' in an optional figure are read as it reads
them. At the first doubt — a row to leave out or to warn about, a repeated header row, a value whose
text may not say exactly what the cell held — this gives up (returns None) and the sheet takes the
cell-by-cell path, which finds every problem and words it. `bulk_frame` also serves many CSVs of
one layout at once (lib/floor/load/batch.py). tests/test_performance.py checks both paths agree
wherever this one answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.floor.sources import RawSheet
from lib.floor.sources.local import CsvSheet
from lib.floor.load.grid import _TOTAL_WORDS, is_total_cell, name_date, total_columns, totals_note
from lib.floor.load.headers import Header, field_of, find_header
from lib.floor.load.problems import Problems
from lib.floor.load.values import (agent, date, is_blank, is_placeholder, name_slot, number, seconds, slot, text,
                                   title_slot)

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


# The same few hundred ids in every file of the month: each split into id and name once.
_agent = lru_cache(maxsize=1 << 16)(agent)


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

    def keep(self, rows: np.ndarray) -> "_Column":
        """The column of the cells at `rows` only, with only the values they hold (no text copied)."""
        k = len(self.uniques)
        idx = self.idx[rows]
        present = np.bincount(idx, minlength=k + 1)
        out = object.__new__(_Column)
        out.nulls = int(present[k])
        if present[:k].all():
            out.uniques, out.idx = self.uniques, idx
            return out
        new = np.append(np.cumsum(present[:k] > 0) - 1, int((present[:k] > 0).sum()))
        out.uniques, out.idx = self.uniques.filter(pa.array(present[:k] > 0)), new[idx]
        return out

    def spread(self, values: np.ndarray, blank) -> np.ndarray:
        """Per-distinct values (numpy) spread over the cells, `blank` for null cells."""
        return np.append(values, np.array([blank], dtype=values.dtype))[self.idx]

    def has(self, pattern: str, ignore_case: bool = False) -> bool:
        return _any(pc.match_substring_regex(self.uniques, pattern, ignore_case=ignore_case))


def _unique_texts(col: _Column, required: bool) -> list[str]:
    """text() of each distinct value, then "" for the blank cells; a blank when `required` is a doubt."""
    if required and col.nulls:
        raise _Doubt("blank")
    if col.has(_DOUBT):
        raise _Doubt("text")
    values = col.uniques.to_pylist()
    if col.has(_UNTRIMMED):   # spaces around, full-width spaces inside: text() itself, value by value
        values = [text(v) for v in values]
        if required and "" in values:
            raise _Doubt("blank")
    return values + [""]


def _spread_text(col: _Column, values: list[str]) -> pa.Array:
    """Per-distinct texts (the last for blank cells) spread over the cells."""
    return pa.array(values, pa.string()).take(pa.array(col.idx))


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
            try:
                values[k] = parser(v)
            except ValueError:
                if field in ("volume", "handled") or not (is_blank(v) or is_placeholder(v)):
                    raise   # an error the other path words
                values[k] = np.nan   # '-', '--', '—', 'N/A' in an optional figure: no figure
    if (values < 0).any():
        raise _Doubt(f"negative {field}")
    return col.spread(values, np.nan)


@dataclass
class Rows:
    """What each body row owes to its sheet: the date and slot a sheet gives its rows (NaT and -1 when
    the row's own cells give them), where the row sits, and its file's modification time."""

    date: np.ndarray     # datetime64[ns]
    start: np.ndarray    # int64 minute, -1: from the hour column
    end: np.ndarray
    where: np.ndarray    # int64 index into `sheets`
    row: np.ndarray      # int64 spreadsheet row number
    mtime: np.ndarray    # float64
    sheets: list         # (file, sheet) of each sheet the rows come from

    FIELDS = ("date", "start", "end", "where", "row", "mtime")

    @classmethod
    def of_sheet(cls, n: int, file: str, sheet: str, first_row: int, mtime: float, day, sheet_slot) -> "Rows":
        """n rows of one sheet, the first on spreadsheet row `first_row`."""
        begin, end = sheet_slot if sheet_slot is not None else (-1, -1)
        return cls(np.full(n, np.datetime64(day or "NaT", "ns")), np.full(n, begin, np.int64),
                   np.full(n, end, np.int64), np.zeros(n, np.int64),
                   np.arange(first_row, first_row + n, dtype=np.int64), np.full(n, float(mtime)), [(file, sheet)])

    @classmethod
    def concat(cls, parts: list["Rows"]) -> "Rows":
        """The rows of several sheets, in order."""
        offsets = np.cumsum([0] + [len(p.sheets) for p in parts[:-1]])
        return cls(*(np.concatenate([getattr(p, f) + (o if f == "where" else 0) for p, o in zip(parts, offsets)])
                     for f in cls.FIELDS), [s for p in parts for s in p.sheets])

    def take(self, rows: np.ndarray) -> "Rows":
        return Rows(*(getattr(self, f)[rows] for f in self.FIELDS), self.sheets)

    def text(self, k: int) -> pa.Array:
        """The file (k=0) or sheet (k=1) name of each row."""
        return pa.array([s[k] for s in self.sheets], pa.string()).take(pa.array(self.where))


def quick_reports(sheet, aliases: dict[str, str], required: list[str], scan: int,
                  mtime: float, date_order: str = "", problems: Problems | None = None) -> pd.DataFrame | None:
    """The canonical reports frame of a clean sheet (Arrow columns of a workbook, or a CSV's text);
    None at any doubt. Skipped totals rows are counted in `problems`, as the other path counts them."""
    try:
        found = _quick(sheet, aliases, required, scan, mtime, date_order)
    except (_Doubt, ValueError, TypeError, OverflowError, pa.ArrowException):
        return None
    if found is None:
        return None
    frame, totals = found
    if problems is not None:
        totals_note(sheet, totals, problems)
    return frame


def _head(sheet, scan: int) -> tuple[list[list], int]:
    """The first `scan` rows from the first row holding anything, and that row's index."""
    if isinstance(sheet, CsvSheet):   # the cell-by-cell path keeps a CSV's leading blank lines as rows
        return [list(r) for r in sheet.top(scan).rows], 0
    cols = sheet.batch.columns
    filled = np.zeros(sheet.batch.num_rows, bool)
    for c in cols:
        filled |= c.is_valid().to_numpy(zero_copy_only=False)
    if not filled.any():
        raise _Doubt("empty")
    # The cell-by-cell path scans from the first row holding anything (calamine's first row).
    top = int(np.argmax(filled))
    return [[("" if v is None else v) for v in row] for row in zip(*(c.slice(top, scan).to_pylist() for c in cols))], top


def columns_needed(header: Header, width: int) -> set[int]:
    """The columns the bulk path reads: the fields' and those where a totals word makes a totals row."""
    return set(header.columns.values()) | set(total_columns(width, header.columns))


def _body(sheet, start: int, width: int, only: set[int]) -> list[pa.Array | None]:
    """The sheet's columns from row index `start` on (a CSV's: `width` of them, only those in `only` read)."""
    if isinstance(sheet, CsvSheet):
        cols = sheet.columns_after(start, width, only)
        if cols is None:
            raise _Doubt("csv layout")
        return cols
    return [c.slice(start) for c in sheet.batch.columns]


def clean_header(head: list[list], aliases: dict[str, str], required: list[str], scan: int) -> Header | None:
    """The header of the sheet's first rows, when nothing above it could make the other path choose
    another row (merged cells are not known here: a header completed by a merge, a field label above)."""
    header, _, _ = find_header(head, aliases, required, scan)
    if header is None or header.index > scan - 3 or \
            any(field_of(c, aliases) for r in head[:header.index] for c in r):
        return None
    return header


def sheet_slot_date(header: Header, file: str, sheet_name: str) -> tuple[tuple[int, int] | None, object, bool]:
    """(the slot the sheet gives its rows or None, the date it gives them or None, False for a day total)."""
    titled = title_slot(header.titles)
    day = name_date(RawSheet(file, sheet_name, []))
    if titled is not None and titled[2] is not None:
        day = titled[2]   # the title line's date wins over the name's (a download after midnight)
    if "hour" in header.columns:
        return None, day, True
    if titled:
        return titled[:2], day, True
    named = name_slot(PurePosixPath(file).name)
    return (named[:2] if named else None), day, named is not None


def _quick(sheet, aliases: dict[str, str], required: list[str], scan: int, mtime: float,
           date_order: str = "") -> tuple[pd.DataFrame, list[int]] | None:
    head, top = _head(sheet, scan)
    header = clean_header(head, aliases, required, scan)
    if header is None:
        return None
    sheet_slot, day, has_slot = sheet_slot_date(header, sheet.file, sheet.sheet)
    if not has_slot:
        return None   # a day total: the cell-by-cell path says so
    start = top + header.index + 1
    width = len(head[header.index])
    body = _body(sheet, start, width, columns_needed(header, width))
    rows = Rows.of_sheet(max((len(c) for c in body if c is not None), default=0), sheet.file, sheet.sheet, start + 1, mtime, day, sheet_slot)
    frame, totals = bulk_frame(body, rows, header, head[header.index][header.columns["agent_id"]], date_order)
    return frame, rows.row[totals].tolist()


def bulk_frame(body: list[pa.Array], at_rows: Rows, header: Header, id_label, date_order: str = ""
               ) -> tuple[pd.DataFrame, np.ndarray]:
    """The canonical frame of body rows (one sheet's, or many sheets' of one layout) and the mask of
    their totals rows; _Doubt (or a ValueError) at anything the cell-by-cell path must word."""
    read = [c for c in body if c is not None]
    used = np.zeros(len(read[0]) if read else 0, bool)
    for c in read:
        used |= c.is_valid().to_numpy(zero_copy_only=False)
    if len(read) < len(body) and not used.all():
        raise _Doubt("a row blank in the columns read: is it blank in the others?")
    columns = header.columns
    # Rows with nothing at all are blank rows, left out by both paths; totals rows are counted.
    encoded: dict[int, _Column] = {}
    totals = np.zeros(len(used), bool)
    for j in total_columns(len(body), columns):
        col = encoded[j] = _Column(body[j])
        maybe = pc.match_substring_regex(col.uniques, _TOTAL_WORDS.pattern, ignore_case=True)
        if _any(maybe):
            hit = np.array([is_total_cell(v) for v in col.uniques.to_pylist()] + [False])
            totals |= hit[col.idx]
    totals &= used
    rows = np.flatnonzero(used & ~totals)
    if not len(rows):
        raise _Doubt("no rows")
    at = {f: encoded.get(j) or _Column(body[j]) for f, j in columns.items()}
    if len(rows) < len(used):   # the kept rows' value indices only: the text stays where it is
        at = {f: c.keep(rows) for f, c in at.items()}
        info = at_rows.take(rows)
    else:
        info = at_rows
    if id_label in at["agent_id"].uniques.to_pylist():
        raise _Doubt("the header repeated in the body")

    n = len(rows)
    out: dict[str, object] = {}
    fallback = info.date
    if "date" in at:
        col = at["date"]
        if col.nulls and np.isnat(fallback[col.idx == len(col.uniques)]).any():
            raise _Doubt("blank date")
        days = np.array([_date(v, date_order) for v in col.uniques.to_pylist()], dtype="datetime64[ns]")
        out["date"] = np.where(col.idx == len(col.uniques), fallback, col.spread(days, np.datetime64("NaT", "ns")))
    elif not np.isnat(fallback).any():
        out["date"] = fallback
    else:
        raise _Doubt("no date")
    if "hour" not in at:
        if (info.start < 0).any():
            raise _Doubt("no slot")
        out["start_minute"], out["end_minute"] = info.start, info.end
    else:
        col = at["hour"]
        if col.nulls:
            raise _Doubt("blank hour")
        slots = np.array([_hour(v) for v in col.uniques.to_pylist()], dtype=np.int64).reshape(-1, 2)
        out["start_minute"], out["end_minute"] = slots[col.idx, 0], slots[col.idx, 1]
    out["hour"] = out["start_minute"] // 60
    # '1001 [张三]', '张三(1001)', full-width digits: the id, and a name for an empty name cell
    pairs = [_agent(v) for v in _unique_texts(at["agent_id"], True)[:-1]]
    if any(i == "" for i, _ in pairs):
        raise _Doubt("blank id")
    ids = _spread_text(at["agent_id"], [i for i, _ in pairs] + [""])
    written = _spread_text(at["agent_id"], [w for _, w in pairs] + [""])
    for f in ("name", "group", "project"):
        out[f] = _spread_text(at[f], _unique_texts(at[f], False)) if f in at else None
    if out["name"] is None:
        out["name"] = written
    elif any(w for _, w in pairs):
        out["name"] = pc.if_else(pc.equal(out["name"], ""), written, out["name"])
    figures = {f: _figure(at[f], f) if f in at else np.full(n, np.nan) for f in FIGURES}
    ok = ~np.isnan(figures["volume"])
    if (ok & (figures["handled"] > figures["volume"])).any() or (ok & (figures["connected"] > figures["volume"])).any():
        raise _Doubt("a warning the other path words")

    def same(v: str):
        return pd.array(pa.array([v], pa.string()).take(pa.array(np.zeros(n, np.int64))), dtype="str")

    def strs(a) -> pd.api.extensions.ExtensionArray:
        return pd.array(a, dtype="str")

    # The canonical columns (lib.schema.REPORTS) in order and dtype, built directly: conform() would
    # cost as much as everything above.
    group = same("") if out["group"] is None else strs(out["group"])
    frame = pd.DataFrame({
        "date": out["date"], "hour": out["hour"], "end_minute": out["end_minute"], "start_minute": out["start_minute"],
        "agent_id": strs(ids), "name": strs(out["name"]), "group": group, "row_group": group,
        "home_group": same(""), "project": same("") if out["project"] is None else strs(out["project"]),
        **figures, "file": strs(info.text(0)), "sheet": strs(info.text(1)), "row": info.row, "mtime": info.mtime,
    })
    frame.attrs["agent_id_label"] = header.labels.get(columns["agent_id"], "agent_id")
    return frame, totals
