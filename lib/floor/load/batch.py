"""Report files of one layout parsed together: a dialer's hourly CSV downloads, hundreds of small
files, and a year of daily workbooks.

A VICIdial center keeps eight downloads a day, 248 files a month, each a few title lines, the same
header and 600 rows. Parsed one by one, the fixed cost of a file (finding its columns, building a
frame) is ten times the cost of reading it. Here the files whose header row is the same are split
by pyarrow in one call and validated in bulk (lib.floor.load.quick.bulk_frame): each distinct value
once for the month. Each file still gets its own ParsedFile, equal to what parse_file gives it
(tests/test_performance.py checks that); any file that does not fit, or any doubt about a group,
sends those files to parse_file, one by one.

Workbooks (`batch_workbooks`) are read column by column as fastexcel gives them (the sheet's text,
lib.floor.sources.local.ColumnarSheet); those with one sheet holding anything and the same header
row are validated in bulk the same way, a few at a time (`BOOKS` a batch: a cold start parses a
year of daily files; batches keep the rows alive at once to a few days' worth).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from lib.config import Settings
from lib.floor.sources import FileRef
import pyarrow as pa

from lib.floor.sources.local import ColumnarSheet, CsvSheet, arrow_columns, read_file
from lib.floor.load.grid import totals_note
from lib.floor.load.headers import Header, alias_map, field_of
from lib.floor.load.problems import Problems
from lib.floor.load.quick import (Rows, _Doubt, _body, _head, bulk_frame, clean_header, columns_needed,
                                  sheet_slot_date)
from lib.floor.load.reports import _required, looks_like_junk
from lib.floor.load.values import is_blank, text


class _File:
    """One CSV located: its sheet, where its body starts, the rows its sheet gives them."""

    def __init__(self, ref: FileRef, sheet: CsvSheet, header, start: int, body: str, slot, day):
        self.ref, self.sheet, self.header, self.start, self.body = ref, sheet, header, start, body
        self.slot, self.day, self.n = slot, day, body.count("\n") + 1


def batch_csv_reports(refs: list[FileRef], settings: Settings) -> tuple[dict, list[tuple[FileRef, list | None]]]:
    """({ref: ParsedFile} of the report CSVs parsed together, [(ref, its sheets if read)] left for parse_file)."""
    from lib.floor.load import ParsedFile

    aliases = alias_map("reports", settings.aliases)
    scan = settings.header_scan_rows
    groups: dict[tuple, list[_File]] = {}
    rest: list[tuple[FileRef, list | None]] = []
    known: dict[tuple, Header] = {}   # header rows seen, so a layout's header is looked for once
    for ref in refs:
        located, sheets = _locate(ref, aliases, scan, known)
        if located is None:
            rest.append((ref, sheets))
            continue
        key = (located.sheet.dialect_key(), tuple(located.sheet.top(located.start).rows[-1]))
        groups.setdefault(key, []).append(located)
    done: dict = {}
    for files in groups.values():
        # A file far longer than its group's others may be junk under a report header: on its own,
        # parse_file tries its top first (lib.floor.load.reports._junk) instead of the group paying
        # for it at every halving.
        usual = 4 * float(np.median([f.n for f in files]))
        odd = [f for f in files if f.n > usual and looks_like_junk(f.sheet, settings)]
        rest += [(f.ref, [f.sheet]) for f in odd]
        _parse_group([f for f in files if f not in odd], settings, done, rest, ParsedFile)
    return done, rest


def _locate(ref: FileRef, aliases: dict[str, str], scan: int, known: dict) -> tuple[_File | None, list | None]:
    """The file located, or None and its sheets as read (None when reading failed: parse_file words it)."""
    try:
        sheets = read_file(ref)
    except Exception:   # parse_file reads it again and words the error
        return None, None
    if len(sheets) != 1 or not isinstance(sheets[0], CsvSheet) or sheets[0].blank():
        return None, sheets
    try:
        return _locate_sheet(ref, sheets[0], aliases, scan, known), None
    except Exception:
        return None, sheets


def _locate_sheet(ref: FileRef, sheet: CsvSheet, aliases: dict[str, str], scan: int, known: dict) -> _File:
    head, _ = _head(sheet, scan)
    required = _required(sheet)
    header = _known_header(head, known, aliases, required, scan)
    if header is None:
        header = clean_header(head, aliases, required, scan)
        if header is not None:
            known[tuple(head[header.index])] = header
    if header is None:
        raise _Doubt("no clean header")
    slot, day, has_slot = sheet_slot_date(header, sheet.file, sheet.sheet)
    start = header.index + 1
    body = sheet.body_text(start) if has_slot else None
    if body is None:
        raise _Doubt("not for pyarrow")
    return _File(ref, sheet, header, start, body, slot, day)


def _known_header(head: list[list], known: dict, aliases: dict[str, str], required: list[str],
                  scan: int) -> Header | None:
    """The header clean_header would find, when a row of `head` is a header row seen before: no row
    above it names a field, so no row above can be the header (what find_header picks is the first)."""
    for i, row in enumerate(head[:scan - 2]):
        seen = known.get(tuple(row))
        if seen is not None:
            if any(f not in seen.columns for f in required) or \
                    any(field_of(c, aliases) for r in head[:i] for c in r):
                return None
            titles = [text(c) for r in head[:i] for c in r if not is_blank(c)]
            return Header(i, seen.columns, seen.labels, titles)
    return None


def _parse_group(files: list[_File], settings: Settings, done: dict, rest: list, parsed_file) -> None:
    """Parse files of one layout together; on a doubt, each half again (a single file: parse_file)."""
    if not files:
        return
    first = files[0]
    width = len(first.sheet.top(first.start).rows[-1])
    try:
        body = arrow_columns("\n".join(f.body for f in files), first.sheet.dialect, width, sum(f.n for f in files),
                             columns_needed(first.header, width))
        if body is None:
            raise _Doubt("csv layout")
        rows = Rows.concat([Rows.of_sheet(f.n, f.ref.rel, "", f.start + 1, f.ref.mtime, f.day, f.slot) for f in files])
        label = first.sheet.top(first.start).rows[-1][first.header.columns["agent_id"]]
        frame, totals = bulk_frame(body, rows, first.header, label, settings.date_order)
        kept = np.bincount(pd.Categorical(frame["file"], categories=[f.ref.rel for f in files]).codes,
                           minlength=len(files))
        if not kept.all():
            raise _Doubt("a file of totals rows only")   # parse_file says what it makes of it
    except Exception:   # a doubt, or anything unforeseen: parse_file, file by file, is the safety net
        if len(files) == 1:
            rest.append((files[0].ref, [files[0].sheet]))
            return
        half = len(files) // 2
        _parse_group(files[:half], settings, done, rest, parsed_file)
        _parse_group(files[half:], settings, done, rest, parsed_file)
        return
    _each_file(files, [""] * len(files), frame, rows, totals, kept, done, parsed_file)


def _each_file(files: list, sheet_names: list[str], frame: pd.DataFrame, rows: Rows, totals: np.ndarray,
               kept: np.ndarray, done: dict, parsed_file) -> None:
    """The batch's frame cut into each file's ParsedFile: its rows, its totals note, its sheet line."""
    ends, offsets = np.cumsum(kept), np.cumsum([0] + [f.n for f in files])
    label = frame.attrs["agent_id_label"]
    for i, (f, sheet) in enumerate(zip(files, sheet_names)):
        part = frame.iloc[ends[i] - kept[i]:ends[i]].reset_index(drop=True)
        part.attrs["agent_id_label"] = label
        problems = Problems()
        totals_note(f.sheet, rows.row[offsets[i]:offsets[i + 1]][totals[offsets[i]:offsets[i + 1]]].tolist(), problems)
        sheets = [{"file": f.ref.rel, "sheet": sheet, "table": "reports", "rows": len(part),
                   "first_date": part["date"].min().date(), "last_date": part["date"].max().date(),
                   "status": "ok", "id_label": label}]
        done[f.ref] = parsed_file(f.ref, part, problems.listed(), sheets)


BOOKS = 16   # workbooks validated together at most (see the module's docstring)


class _Book:
    """One workbook's report sheet located: its header, its body columns from the first data row."""

    def __init__(self, ref: FileRef, sheet: ColumnarSheet, head_row: tuple, header: Header, start: int,
                 body: list, slot, day):
        self.ref, self.sheet, self.head_row, self.header, self.start = ref, sheet, head_row, header, start
        self.body, self.slot, self.day, self.n = body, slot, day, len(body[0]) if body else 0


def batch_workbooks(refs: list[FileRef], settings: Settings) -> tuple[dict, list[tuple[FileRef, object]]]:
    """({ref: ParsedFile} of the report workbooks parsed together, [(ref, its sheets as read, or the
    error reading it gave)] left for parse_file): each batch of up to BOOKS workbooks of one header row is validated in one bulk_frame."""
    from lib.floor.load import ParsedFile

    aliases = alias_map("reports", settings.aliases)
    groups: dict[tuple, list[_Book]] = {}
    rest: list[tuple[FileRef, object]] = []
    known: dict[tuple, Header] = {}   # header rows seen, so a layout's header is looked for once
    for ref in refs:
        located, sheets = _locate_book(ref, aliases, settings.header_scan_rows, known)
        if located is None:
            rest.append((ref, sheets))
        else:
            groups.setdefault((located.head_row, len(located.body)), []).append(located)
    done: dict = {}
    for books in groups.values():
        usual = 4 * float(np.median([b.n for b in books]))
        odd = [b for b in books if b.n > usual and looks_like_junk(b.sheet, settings)]
        rest += [(b.ref, [b.sheet]) for b in odd]
        books = [b for b in books if b not in odd]
        for i in range(0, len(books), BOOKS):
            _parse_books(books[i:i + BOOKS], settings, done, rest, ParsedFile)
    return done, rest


def _locate_book(ref: FileRef, aliases: dict[str, str], scan: int, known: dict) -> tuple[_Book | None, object]:
    """The workbook's one report sheet located, or None and its sheets as read (or the error reading gave)."""
    try:
        sheets = read_file(ref)
    except Exception as exc:   # parse_file words the error
        return None, exc
    if not all(isinstance(s, ColumnarSheet) for s in sheets):
        return None, sheets   # a sheet fastexcel could not read: parse_file words it
    filled = sheets if len(sheets) == 1 else [s for s in sheets if not s.blank()]   # an empty Sheet2 is nothing
    if len(filled) != 1:
        return None, sheets   # several sheets (a notes sheet, a pivot): parse_file says what of each
    sheet = filled[0]
    try:
        head, top = _head(sheet, scan)
        required = _required(sheet)
        header = _known_header(head, known, aliases, required, scan)
        if header is None:
            header = clean_header(head, aliases, required, scan)
            if header is None:
                return None, sheets
            known[tuple(head[header.index])] = header
        slot, day, has_slot = sheet_slot_date(header, sheet.file, sheet.sheet)
        if not has_slot:
            return None, sheets   # a day total: parse_file says so
        start, width = top + header.index + 1, len(head[header.index])
        body = _body(sheet, start, width, columns_needed(header, width))
        if any(c is None or c.type != pa.string() for c in body):
            return None, sheets
        return _Book(ref, sheet, tuple(head[header.index]), header, start, body, slot, day), None
    except Exception:   # _Doubt, or anything unforeseen: parse_file is the safety net
        return None, sheets


def _parse_books(books: list[_Book], settings: Settings, done: dict, rest: list, parsed_file) -> None:
    """Validate workbooks of one header row together; on a doubt, each half again (one: parse_file)."""
    if not books:
        return
    first = books[0]
    try:
        body = [pa.concat_arrays([b.body[j] for b in books]) for j in range(len(first.body))]
        rows = Rows.concat([Rows.of_sheet(b.n, b.ref.rel, b.sheet.sheet, b.start + 1, b.ref.mtime, b.day, b.slot)
                            for b in books])
        label = first.head_row[first.header.columns["agent_id"]]
        frame, totals = bulk_frame(body, rows, first.header, label, settings.date_order)
        codes, names = pd.factorize(frame["file"])   # each workbook's rows together, in the books' order
        counts = dict(zip(names, np.bincount(codes, minlength=len(names))))
        kept = np.array([counts.get(b.ref.rel, 0) for b in books], dtype=np.int64)
        if not kept.all():
            raise _Doubt("a workbook of totals rows only")
    except Exception:
        if len(books) == 1:
            rest.append((first.ref, [first.sheet]))
            return
        half = len(books) // 2
        _parse_books(books[:half], settings, done, rest, parsed_file)
        _parse_books(books[half:], settings, done, rest, parsed_file)
        return
    _each_file(books, [b.sheet.sheet for b in books], frame, rows, totals, kept, done, parsed_file)
