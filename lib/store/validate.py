"""Rows checked and stamped before they are stored: canonical values, a record id, who and when."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from lib.store.safe import MAX_CELL_TEXT
from lib.store.tables import (RECORD_COLUMNS, RECORD_ID, REPLACES, SUBMITTED_AT, SUBMITTED_BY, VOID, VOID_MARK, Table)
from lib.store.values import (RecordError, RowProblem, as_day, as_month, as_number, as_text, is_blank, looks_numeric, stored_number)

Record = dict[str, Any]


def _text(value: Any, column: str, row: int, problems: list[RowProblem]) -> str:
    """A text value, with a problem when it is longer than a cell holds."""
    s = as_text(value)
    if len(s) > MAX_CELL_TEXT:
        problems.append(RowProblem(row, column, f"text of {len(s)} characters; a cell holds at most {MAX_CELL_TEXT}"))
    return s


def _record_columns(raw: Mapping[str, Any], imported: bool, row: int, problems: list[RowProblem]) -> Record:
    """The record columns a file may carry when it is imported (an export of another store)."""
    out: Record = {}
    for col in RECORD_COLUMNS:
        v = raw.get(col)
        if is_blank(v):
            continue
        if not imported:
            problems.append(RowProblem(row, col, "is set by the store, not by the caller"))
            continue
        s = as_text(v).strip()
        if col == SUBMITTED_AT:
            try:
                datetime.fromisoformat(s)
            except ValueError:
                problems.append(RowProblem(row, col, f"not an ISO time: {s!r}"))
        if col == VOID and s != VOID_MARK:
            problems.append(RowProblem(row, col, f"must be empty or {VOID_MARK}"))
        out[col] = s
    return out


def check_row(spec: Table, raw: Mapping[str, Any], row: int, problems: list[RowProblem],
              unknown_seen: set[str], imported: bool = False) -> Record:
    """One row with canonical values (text as given, numbers as numbers, 日期 as YYYY-MM-DD)."""
    raw = {str(k).strip(): v for k, v in raw.items() if not (is_blank(k) and is_blank(v))}
    rec: Record = {}
    for key, v in raw.items():
        if key in RECORD_COLUMNS:
            continue
        if key == "" or key.startswith("Unnamed:"):
            if not is_blank(v):
                problems.append(RowProblem(row, key or "(no header)", "a value in a column without a header"))
            continue
        if key in spec.columns:
            continue
        if not spec.is_open:
            if key not in unknown_seen:
                unknown_seen.add(key)
                problems.append(RowProblem(row, key, f"not a column of {spec.sheet} ({spec.name}); "
                                                     f"columns: {' '.join(spec.columns)}"))
            continue
        # scorecard items / rating criteria: figures when they read as plain numbers
        if isinstance(v, str) and looks_numeric(v):
            rec[key] = stored_number(float(v))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            rec[key] = None if is_blank(v) else stored_number(float(v))
        else:
            rec[key] = _text(v, key, row, problems)
    for col in spec.columns:
        v = raw.get(col)
        if col in spec.required and is_blank(v):
            problems.append(RowProblem(row, col, "is required"))
            rec[col] = "" if col not in spec.numbers else None
            continue
        try:
            if col == spec.period_column:
                rec[col] = as_month(v) if spec.by_month else as_day(v)
            elif col in spec.numbers:
                rec[col] = stored_number(as_number(v))
            else:
                rec[col] = _text(v, col, row, problems)
        except ValueError as e:
            problems.append(RowProblem(row, col, str(e)))
            rec[col] = None
            continue
        allowed = spec.choices.get(col)
        if allowed and not is_blank(v) and rec[col] not in allowed:
            problems.append(RowProblem(row, col, f"{rec[col]!r} is not one of {'/'.join(allowed)}"))
    rec.update(_record_columns(raw, imported, row, problems))
    return rec


def prepare(spec: Table, rows: Iterable[Mapping[str, Any]], *, submitted_by: str, submitted_at: str,
            make_id: Callable[[str, int], str], imported: bool = False,
            row_numbers: list[int] | None = None) -> list[Record]:
    """Checked, stamped records ready to store; RecordError (nothing stored) when any row is wrong."""
    problems: list[RowProblem] = []
    if is_blank(submitted_by):
        problems.append(RowProblem(0, SUBMITTED_BY, "who submits is required (the signed-in user)"))
    records: list[Record] = []
    unknown_seen: set[str] = set()
    seen_ids: dict[str, int] = {}
    for i, raw in enumerate(rows):
        row = row_numbers[i] if row_numbers else i + 1
        rec = check_row(spec, raw, row, problems, unknown_seen, imported)
        period = rec.get(spec.period_column) or ""
        rec.setdefault(RECORD_ID, make_id(period, i))
        rec.setdefault(SUBMITTED_AT, submitted_at)
        rec.setdefault(SUBMITTED_BY, as_text(submitted_by))
        rec.setdefault(REPLACES, "")
        rec.setdefault(VOID, "")
        rid = rec[RECORD_ID]
        if rid in seen_ids:
            problems.append(RowProblem(row, RECORD_ID, f"{rid!r} repeats row {seen_ids[rid]}"))
        seen_ids.setdefault(rid, row)
        records.append(rec)
    if problems:
        raise RecordError(problems)
    return records
