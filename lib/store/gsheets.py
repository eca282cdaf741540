"""Google Sheets backend (gspread 6): one worksheet per table, named by its Chinese sheet name.

Rows are appended with values.append (RAW, INSERT_ROWS): RAW stores "=1+1" and "007" as the text
typed, and an append never rewrites earlier rows. Quota (429) and server (5xx) errors are retried
with exponential back-off; before a retry the ids already in the sheet are read, because a failed
response may belong to an append that was applied, so a retry never doubles a row. Reads use
UNFORMATTED_VALUE and no numericising: "007" stays "007", figures come back as numbers.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import requests
from gspread.exceptions import APIError, SpreadsheetNotFound, WorksheetNotFound
from gspread.utils import ValueRenderOption, extract_id_from_url, rowcol_to_a1

from lib.floor.sources.gsheets import CredentialsError, make_client as _make_client
from lib.store.base import Store, StoreError
from lib.store.frames import extras_of
from lib.store.tables import RECORD_ID, Table
from lib.store.validate import Record
from lib.store.values import as_day, as_month, is_blank

T = TypeVar("T")
_RETRY_CODES = {408, 429}


def make_client(settings: Any, credentials: Mapping[str, Any] | None) -> tuple[Any, str]:
    """A gspread client and its e-mail, as the input side makes it; a missing account is a StoreError."""
    try:
        return _make_client(settings, credentials)
    except CredentialsError as e:
        raise StoreError(str(e)) from None


def _code(e: BaseException) -> int:
    """The HTTP status of an API error (0 for no answer at all)."""
    if isinstance(e, APIError):
        return int(getattr(e, "code", 0) or e.response.status_code)
    return 0     # a connection error or a timeout: no answer at all


def _retryable(e: BaseException) -> bool:
    """Quota, timeout, server and connection errors are worth another try."""
    if isinstance(e, (requests.ConnectionError, requests.Timeout)):
        return True
    return isinstance(e, APIError) and (_code(e) in _RETRY_CODES or _code(e) >= 500)


def _cell(v: Any) -> Any:
    """A value as the Sheets API takes it (blank as '')."""
    return "" if v is None or (isinstance(v, float) and v != v) else v


class GSheetsStore(Store):
    """Write-back tables as worksheets of the spreadsheet(s) named in [source.gsheets]."""

    kind = "gsheets"

    def __init__(self, settings: Any, client: Any, *, retries: int = 5, backoff: float = 1.0,
                 backoff_max: float = 32.0, create_worksheets: bool = True, account: str = "",
                 sleep: Callable[[float], None] = time.sleep, clock: Any = None):
        super().__init__(settings, clock)
        self.client = client
        self.retries, self.backoff, self.backoff_max = int(retries), float(backoff), float(backoff_max)
        self.create_worksheets = create_worksheets
        self.account = account
        self.sleep = sleep
        self._books: dict[str, Any] = {}
        self._sheets: dict[str, Any] = {}

    # -- errors and retries -----------------------------------------------------------------
    def _where(self, spec: Table) -> str:
        """'worksheet ... in spreadsheet ...' for messages."""
        return f"worksheet '{spec.sheet}' ({spec.name}) in spreadsheet {self.key(spec)}"

    def _error(self, e: BaseException, spec: Table, doing: str) -> StoreError:
        """The StoreError a user can act on for an API failure."""
        code = _code(e)
        who = f"the service account {self.account}" if self.account else "the service account"
        if code == 403 or isinstance(e, PermissionError):
            return StoreError(f"Google Sheets: no permission {doing} {self._where(spec)}; share the spreadsheet "
                              f"with {who} as Editor")
        if code == 404 or isinstance(e, SpreadsheetNotFound):
            return StoreError(f"Google Sheets: spreadsheet {self.key(spec)} for '{spec.sheet}' ({spec.name}) was "
                              f"not found; check [source.gsheets] {spec.name} / records in config.toml and that it "
                              f"is shared with {who}")
        if code == 429:
            return StoreError(f"Google Sheets quota exceeded {doing} {self._where(spec)} after {self.retries + 1} "
                              f"tries; wait a minute and try again")
        msg = getattr(e, "error", {}).get("message", str(e)) if isinstance(e, APIError) else str(e)
        return StoreError(f"Google Sheets error {code or ''} {doing} {self._where(spec)}: {msg}".replace("  ", " "))

    def _wait(self, attempt: int, e: BaseException) -> None:
        """Sleep before the next try: exponential with jitter, at least Retry-After."""
        delay = min(self.backoff_max, self.backoff * (2 ** attempt)) * random.uniform(0.5, 1.0)
        after = getattr(getattr(e, "response", None), "headers", {}).get("Retry-After", "")
        if str(after).isdigit():
            delay = min(self.backoff_max, max(delay, float(after)))
        self.sleep(delay)

    def _retry(self, fn: Callable[[], T], spec: Table, doing: str) -> T:
        """fn() with retries on 429/408/5xx; other failures become a StoreError."""
        for attempt in range(self.retries + 1):
            try:
                return fn()
            except (APIError, requests.ConnectionError, requests.Timeout) as e:
                if not _retryable(e) or attempt == self.retries:
                    raise self._error(e, spec, doing) from e
                self._wait(attempt, e)
        raise AssertionError("unreachable")

    # -- spreadsheets and worksheets ----------------------------------------------------------
    def key(self, spec: Table) -> str:
        """The spreadsheet of a table: [source.gsheets] <table>, else [source.gsheets] records."""
        raw = self.settings.source.gsheets.records_of(spec.name)
        if not raw:
            raise StoreError(f"no spreadsheet for '{spec.sheet}' ({spec.name}): set [source.gsheets] records "
                             f"(or {spec.name}) in config.toml to a spreadsheet key or URL")
        return extract_id_from_url(raw) if raw.startswith("http") else raw

    def _book(self, spec: Table) -> Any:
        """The table's spreadsheet, opened once per store."""
        key = self.key(spec)
        if key not in self._books:
            try:
                self._books[key] = self._retry(lambda: self.client.open_by_key(key), spec, "to open")
            except (SpreadsheetNotFound, PermissionError) as e:
                raise self._error(e, spec, "to open") from e
        return self._books[key]

    def _sheet(self, spec: Table, create: bool, header: list[str] | None = None) -> Any:
        """The table's worksheet (None when missing and not creating; added when creating)."""
        if spec.name in self._sheets:
            return self._sheets[spec.name]
        book = self._book(spec)
        try:
            ws = self._retry(lambda: book.worksheet(spec.sheet), spec, "to read")
        except WorksheetNotFound:
            if not create:
                return None
            if not self.create_worksheets:
                raise StoreError(f"Google Sheets: {self._where(spec)} is missing; add it (first row: "
                                 f"{' '.join(header or spec.header())}) or set [store] create_worksheets = true")
            ws = self._add_sheet(book, spec, header or spec.header())
        self._sheets[spec.name] = ws
        return ws

    def _add_sheet(self, book: Any, spec: Table, header: list[str]) -> Any:
        """Add the table's worksheet with its header row (or take the one another writer added)."""
        try:
            ws = self._retry(lambda: book.add_worksheet(spec.sheet, rows=1000, cols=max(26, len(header) + 10)),
                             spec, "to add")
        except StoreError as err:
            try:        # another writer may have added it a moment ago
                return self._retry(lambda: book.worksheet(spec.sheet), spec, "to read")
            except WorksheetNotFound:
                raise err from None
        self._retry(lambda: ws.update([header], "A1", value_input_option="RAW"), spec, "to write the header of")
        return ws

    def _header(self, ws: Any, spec: Table, wanted: list[str]) -> list[str]:
        """The worksheet's header row, extended by the wanted columns it lacks (new scorecard items)."""
        header = [str(h).strip() for h in self._retry(lambda: ws.row_values(1), spec, "to read")]
        while header and not header[-1]:
            header.pop()
        missing = [c for c in wanted if c not in header]
        if not missing:
            return header
        width = len(header) + len(missing)
        fresh = self._retry(lambda: self._book(spec).worksheet(spec.sheet), spec, "to read")
        if width > fresh.col_count:   # appendDimension adds to what is there; resize could cut columns
            body = {"requests": [{"appendDimension": {"sheetId": fresh.id, "dimension": "COLUMNS",
                                                      "length": width - fresh.col_count}}]}
            self._retry(lambda: self._book(spec).batch_update(body), spec, "to widen")
        self._retry(lambda: ws.update([missing], rowcol_to_a1(1, len(header) + 1), value_input_option="RAW"),
                    spec, "to write the header of")
        return header + missing

    def _ids(self, ws: Any, spec: Table, header: list[str]) -> set[str]:
        """The 记录编号 values already in the worksheet."""
        col = header.index(RECORD_ID) + 1
        return {str(v) for v in self._retry(lambda: ws.col_values(col), spec, "to read")[1:]}

    # -- the store ----------------------------------------------------------------------------
    def _write(self, spec: Table, records: list[Record], *, skip_existing: bool) -> int:
        """Append records; a failure forgets the cached worksheet so the next call looks again."""
        try:
            return self._append(spec, records, skip_existing)
        except StoreError:
            self._sheets.pop(spec.name, None)   # the worksheet may have been renamed or deleted by hand
            raise

    def _append(self, spec: Table, records: list[Record], skip_existing: bool) -> int:
        """append_rows RAW/INSERT_ROWS with retries that never append an id twice."""
        wanted = spec.header(extras_of(spec, records) if spec.is_open else [])
        ws = self._sheet(spec, create=True, header=wanted)
        header = self._header(ws, spec, wanted)
        pending = records
        if skip_existing:
            have = self._ids(ws, spec, header)
            pending = [r for r in records if r[RECORD_ID] not in have]
        total = len(pending)
        for attempt in range(self.retries + 1):
            if not pending:
                return total
            values = [[_cell(r.get(h)) for h in header] for r in pending]
            try:
                ws.append_rows(values, value_input_option="RAW", insert_data_option="INSERT_ROWS")
                return total
            except (APIError, requests.ConnectionError, requests.Timeout) as e:
                if not _retryable(e):
                    raise self._error(e, spec, "to write") from e
                failure = e
            if attempt < self.retries:
                self._wait(attempt, failure)
            # the failed answer may belong to an applied append: keep only the rows not yet there
            have = self._ids(ws, spec, header)
            pending = [r for r in pending if r[RECORD_ID] not in have]
        if not pending:
            return total
        raise self._error(failure, spec, "to write")

    def _read_period(self, spec: Table, period: str) -> list[dict[str, Any]]:
        """Rows of the worksheet whose 日期/月份 falls in the period."""
        ws = self._sheet(spec, create=False)
        if ws is None:
            return []
        try:
            cells = self._retry(lambda: ws.get_all_values(value_render_option=ValueRenderOption.unformatted),
                                spec, "to read")
        except StoreError:
            self._sheets.pop(spec.name, None)
            raise
        if not cells or not cells[0]:
            return []
        header = [str(h).strip() for h in cells[0]]
        col = spec.period_column
        norm = as_month if spec.by_month else as_day
        rows = []
        for line in cells[1:]:
            row = {h: v for h, v in zip(header, line) if h}
            v = row.get(col)
            if is_blank(v):
                continue
            try:
                p = norm(v)
            except ValueError:
                continue
            if p == period or p.startswith(period + "-"):
                rows.append(row)
        return rows
