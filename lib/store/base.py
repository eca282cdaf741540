"""The one store interface: append, correct, void and read write-back tables, whatever the backend."""
from __future__ import annotations

import hashlib
import logging
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from lib.store.frames import latest, to_frame
from lib.store.tables import RECORD_COLUMNS, RECORD_ID, REPLACES, VOID, VOID_MARK, Table, table
from lib.store.validate import Record, prepare
from lib.store.values import as_day, as_month, is_blank

log = logging.getLogger(__name__)


# Writes this process has made through any store: a view computed from stored rows (the day's red
# items, lib/ui/deadlines.py) is kept until the next write here (or the next minute).
WRITES = {"count": 0}

class StoreError(RuntimeError):
    """The store could not do what was asked (a file, a lock, a spreadsheet); the message says which."""


def _rows(rows: Iterable[Mapping[str, Any]] | pd.DataFrame | Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows given as a frame, one mapping or many, as a list of plain dicts."""
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    if isinstance(rows, Mapping):
        return [dict(rows)]
    return [dict(r) for r in rows]


class Store(ABC):
    """Write-back tables as frames; rows are only ever appended, corrections are new rows."""

    kind = "abstract"

    def __init__(self, settings: Any, clock: Callable[[], datetime] | None = None):
        self.settings = settings
        self.tz = ZoneInfo(getattr(settings, "timezone", "Asia/Shanghai") or "Asia/Shanghai")
        self._clock = clock

    # -- time -------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The floor's now, aware of its time zone (the fixed rehearsal clock when config sets one)."""
        if self._clock is not None:
            t = self._clock()
            return t if t.tzinfo else t.replace(tzinfo=self.tz)
        from lib import clock

        return clock.now(self.settings)

    # -- writing ----------------------------------------------------------------------------
    def _stamp(self, spec: Table, rows: list[dict[str, Any]], submitted_by: str, *, imported: bool = False,
               row_numbers: list[int] | None = None, id_seed: str | None = None) -> list[Record]:
        """Checked records with id, time and submitter (RecordError when any row is wrong)."""
        now = self.now()
        if id_seed is None:
            def make_id(period: str, i: int) -> str:
                return f"{period.replace('-', '')}-{uuid.uuid4().hex[:12]}"
        else:
            def make_id(period: str, i: int) -> str:
                # the same file imported twice gives the same ids, so a re-run adds nothing twice
                h = hashlib.sha256(f"{id_seed}:{i}".encode()).hexdigest()[:12]
                return f"{period.replace('-', '')}-{h}"
        return prepare(spec, rows, submitted_by=submitted_by, submitted_at=now.isoformat(timespec="seconds"),
                       make_id=make_id, imported=imported, row_numbers=row_numbers)

    def append(self, table_name: str, rows: Iterable[Mapping[str, Any]] | pd.DataFrame | Mapping[str, Any],
               submitted_by: str) -> list[str]:
        """Store new rows (all or none) and return their 记录编号; 日期/月份 default to the floor's today."""
        spec = table(table_name)
        given = _rows(rows)
        today = self.now().date()
        for r in given:
            if is_blank(r.get(spec.period_column)):
                r[spec.period_column] = today.isoformat()[:7] if spec.by_month else today.isoformat()
        records = self._stamp(spec, given, submitted_by)
        self._commit(spec, records, skip_existing=False)
        return [r[RECORD_ID] for r in records]

    def import_rows(self, table_name: str, rows: list[Mapping[str, Any]], submitted_by: str, *,
                    id_seed: str, row_numbers: list[int] | None = None) -> tuple[int, int]:
        """Bulk rows, all or none; returns (written, already present). Ids repeat for the same id_seed."""
        spec = table(table_name)
        records = self._stamp(spec, _rows(rows), submitted_by, imported=True, row_numbers=row_numbers,
                              id_seed=id_seed)
        written = self._commit(spec, records, skip_existing=True)
        return written, len(records) - written

    def correct(self, table_name: str, record_id: str, row: Mapping[str, Any], submitted_by: str) -> str:
        """Store `row` as the new version of record_id (same 日期/月份) and return the new id."""
        spec = table(table_name)
        new = dict(row)
        if is_blank(new.get(spec.period_column)):
            new[spec.period_column] = self._period_of(spec, record_id)
        for col in RECORD_COLUMNS:
            new.pop(col, None)
        [rec] = self._stamp(spec, [new], submitted_by)
        self._require(spec, record_id, rec[spec.period_column])
        rec[REPLACES] = record_id
        self._commit(spec, [rec], skip_existing=False)
        return rec[RECORD_ID]

    def void(self, table_name: str, record_id: str, submitted_by: str, period: Any = None) -> str:
        """Withdraw a record (a new row marked 作废 that names it); returns the new row's id."""
        spec = table(table_name)
        period = self._period(spec, period) if period is not None else self._period_of(spec, record_id)
        original = self._require(spec, record_id, period)
        data = {k: v for k, v in original.items() if k not in RECORD_COLUMNS}
        [rec] = self._stamp(spec, [data], submitted_by)
        rec[REPLACES], rec[VOID] = record_id, VOID_MARK
        self._commit(spec, [rec], skip_existing=False)
        return rec[RECORD_ID]

    def _period_of(self, spec: Table, record_id: str) -> str:
        """The period a store-made id was filed under (its first part is YYYYMMDD or YYYYMM)."""
        head = str(record_id).split("-", 1)[0]
        try:
            return as_month(head) if spec.by_month else as_day(head)
        except ValueError:
            raise StoreError(f"cannot tell the {spec.period_column} of record {record_id!r} in {spec.sheet}; "
                             f"give it") from None

    def _require(self, spec: Table, record_id: str, period: str) -> dict[str, Any]:
        """The stored row of record_id in that period (StoreError when it is not there)."""
        for r in self._read_period(spec, period):
            if str(r.get(RECORD_ID, "")) == str(record_id):
                return r
        raise StoreError(f"record {record_id!r} is not in {spec.sheet} ({spec.name}) for {period}; a correction "
                         f"keeps the record's {spec.period_column} (void it and add a new row to move it)")

    def _commit(self, spec: Table, records: list[Record], *, skip_existing: bool) -> int:
        """Write records through the backend."""
        if not records:
            return 0
        try:
            return self._write(spec, records, skip_existing=skip_existing)
        finally:
            WRITES["count"] += 1   # what this process wrote: views computed from the store are stale

    # -- reading ----------------------------------------------------------------------------
    def _period(self, spec: Table, value: Any) -> str:
        """A day (YYYY-MM-DD) or a month (YYYY-MM), as the table is kept."""
        return as_month(value) if spec.by_month else as_day(value)

    def read(self, table_name: str, *, day: date | str | None = None, month: date | str | None = None,
             history: bool = False) -> pd.DataFrame:
        """A day's or a month's rows as a frame of canonical columns; the latest versions unless history."""
        spec = table(table_name)
        if (day is None) == (month is None):
            raise ValueError("give either day or month")
        if day is not None and spec.by_month:
            raise ValueError(f"{spec.sheet} ({spec.name}) is kept by 月份: read a month")
        period = as_day(day) if day is not None else as_month(month)
        frame = to_frame(spec, self._read_period(spec, period))
        return frame if history else latest(frame)

    def read_day(self, table_name: str, day: date | str, history: bool = False) -> pd.DataFrame:
        """One day of a 日期 table."""
        return self.read(table_name, day=day, history=history)

    def read_month(self, table_name: str, month: date | str, history: bool = False) -> pd.DataFrame:
        """One month (every day of it, for 日期 tables)."""
        return self.read(table_name, month=month, history=history)

    # -- backends ---------------------------------------------------------------------------
    @abstractmethod
    def _write(self, spec: Table, records: list[Record], *, skip_existing: bool) -> int:
        """Append records (all or none); with skip_existing, ids already stored are left out. Returns count."""

    @abstractmethod
    def _read_period(self, spec: Table, period: str) -> list[dict[str, Any]]:
        """The stored rows of a day (YYYY-MM-DD) or month (YYYY-MM), in storage order, as raw values."""
