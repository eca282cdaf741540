"""Local backend: records/<table>/<period>[_n].xlsx, appended under a lock, saved atomically.

A period (a day, or a month for 月份 tables) is split into workbooks of at most `rows_per_file`
rows, so an append rewrites only a small file: its cost does not grow with the day or the month.
Writers hold a filelock per table and period around read-append-save, save to a temporary file in
the same folder, fsync it, os.replace it over the target and fsync the folder: a kill at any moment
leaves either the old or the new workbook, never a truncated one. Temporary files left by a killed
writer are removed by the next writer of that period.

A write that changes several workbooks (a 50-row import spans parts and days) is all or none
through a commit journal: every new workbook is staged as a temporary file first; then one rename
publishes `.commit.<token>.json`, which lists each (temporary, target) pair — that rename is the
commit point; then the targets are replaced and the journal removed. A writer killed before the
journal's rename leaves only temporary files (the next writer removes them: none of the rows);
killed after it, the next reader or writer of the table finds the journal and finishes the
renames (all of the rows).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from lib.store.base import Store, StoreError
from lib.store.safe import put_value
from lib.store.tables import RECORD_ID, Table
from lib.store.validate import Record

_SEGMENT = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)(?:_(\d+))?\.xlsx$")
_TEMP = re.compile(r"^\.(\d{4}-\d{2}(?:-\d{2})?)(?:_\d+)?\.xlsx\..*\.tmp$")
_CACHE: OrderedDict[tuple, list[dict[str, Any]]] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 1024
STALE_TEMP_SECONDS = 600   # no save takes this long; an older temporary file is a killed writer's
JOURNAL_PREFIX = ".commit."   # .commit.<token>.json: a committed multi-workbook write not yet fully renamed


def segment_name(period: str, n: int) -> str:
    """The file of the n-th part of a period: 2026-11-25.xlsx, then 2026-11-25_2.xlsx ..."""
    return f"{period}.xlsx" if n == 1 else f"{period}_{n}.xlsx"


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (no-op where directories cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_rows(path: Path) -> list[dict[str, Any]]:
    """A segment's rows as {header: value} with calamine (cached by the file's identity)."""
    st = path.stat()
    key = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = wb.sheet_names
        sheet = wb.get_sheet_by_index(0) if not names else wb.get_sheet_by_name(names[0])
        cells = sheet.to_python(skip_empty_area=False)
    except Exception as e:  # calamine raises several types; the file is what matters to the user
        raise StoreError(f"cannot read {path}: {e}") from e
    rows: list[dict[str, Any]] = []
    if cells:
        header = [str(h).strip() if h is not None else "" for h in cells[0]]
        for line in cells[1:]:
            if all(v == "" or v is None for v in line):
                continue
            rows.append({h: v for h, v in zip(header, line) if h})
    with _CACHE_LOCK:
        _CACHE[key] = rows
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return rows


def _height(path: Path) -> int:
    """Rows in a workbook's first sheet, header included (calamine: a tenth of an openpyxl load)."""
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).height
    except Exception:   # unreadable here means: let openpyxl open it and say why
        return 0


class LocalStore(Store):
    """Write-back tables as workbooks in <data>/records (the default backend)."""

    kind = "local"

    def __init__(self, settings: Any, root: Path, *, rows_per_file: int = 20, lock_timeout: float = 60.0,
                 clock: Any = None):
        super().__init__(settings, clock)
        self.root = Path(root)
        self.rows_per_file = max(1, int(rows_per_file))
        self.lock_timeout = float(lock_timeout)
        self._writing = threading.local()   # this thread holds period locks: no recovery inside a write

    # -- layout -----------------------------------------------------------------------------
    def folder(self, spec: Table) -> Path:
        """records/<table>/ (created on first write)."""
        return self.root / spec.name

    def segments(self, spec: Table, period: str) -> list[Path]:
        """The period's workbooks in order, found by name (no listing: cost stays with the period)."""
        out, n = [], 1
        folder = self.folder(spec)
        while (p := folder / segment_name(period, n)).exists():
            out.append(p)
            n += 1
        return out

    def files(self, spec: Table, period: str) -> list[Path]:
        """Every workbook of a day or a month (a month of a 日期 table holds each of its days)."""
        folder = self.folder(spec)
        if not folder.is_dir():
            return []
        names = os.listdir(folder)
        if not getattr(self._writing, "on", False) and \
                any(n.startswith(JOURNAL_PREFIX) and n.endswith(".json") for n in names):
            self._recover(spec)   # a killed writer's committed write: finish it before anyone reads
            names = os.listdir(folder)
        found = []
        for name in names:
            m = _SEGMENT.match(name)
            if m and (m.group(1) == period or m.group(1).startswith(period + "-")):
                found.append((m.group(1), int(m.group(2) or 1), folder / name))
        return [p for _, _, p in sorted(found)]

    # -- reading ----------------------------------------------------------------------------
    def _read_period(self, spec: Table, period: str) -> list[dict[str, Any]]:
        """Every row of the period's workbooks, in file and row order."""
        rows: list[dict[str, Any]] = []
        for path in self.files(spec, period):
            rows.extend(read_rows(path))
        return rows

    # -- writing ----------------------------------------------------------------------------
    def _lock(self, spec: Table, period: str) -> FileLock:
        """The writers' lock of one table and period."""
        return FileLock(str(self.folder(spec) / f".{period}.lock"), timeout=self.lock_timeout)

    def _clean_temps(self, spec: Table, period: str) -> None:
        """Remove temporary files a killed writer left: this period's (we hold its lock), and any old one."""
        stale = time.time() - STALE_TEMP_SECONDS
        for p in self.folder(spec).glob(".*.tmp"):
            try:
                if p.name.startswith(f".{period}") or p.stat().st_mtime < stale:
                    p.unlink()
            except OSError:   # gone already, or another writer's: harmless
                pass

    def _write(self, spec: Table, records: list[Record], *, skip_existing: bool) -> int:
        """Lock the periods, stage every changed workbook, then replace them all."""
        by_period: dict[str, list[Record]] = {}
        for r in records:
            by_period.setdefault(r[spec.period_column], []).append(r)
        self.folder(spec).mkdir(parents=True, exist_ok=True)
        self._recover(spec)   # before taking our locks: recovery takes those of the journal's periods
        self._drop_dead_temps(spec)
        staged: list[tuple[Path, Path]] = []   # (temporary, target)
        written = 0
        with ExitStack() as stack:
            for period in sorted(by_period):   # one order for every writer: no deadlock
                try:
                    stack.enter_context(self._lock(spec, period))
                except Timeout:
                    raise StoreError(f"{spec.sheet} ({spec.name}) {period}: another save held the lock for "
                                     f"{self.lock_timeout:.0f}s; nothing was written, try again") from None
            self._writing.on = True
            stack.callback(setattr, self._writing, "on", False)
            try:
                for period in sorted(by_period):
                    self._clean_temps(spec, period)
                    rows = by_period[period]
                    if skip_existing:
                        have = {str(r.get(RECORD_ID, "")) for r in self._read_period(spec, period)}
                        rows = [r for r in rows if r[RECORD_ID] not in have]
                    written += len(rows)
                    staged.extend(self._stage(spec, period, rows))
                self._publish(staged, sorted(by_period))
            except BaseException:
                for tmp, _ in staged:
                    tmp.unlink(missing_ok=True)
                raise
        return written

    def _stage(self, spec: Table, period: str, rows: list[Record]) -> list[tuple[Path, Path]]:
        """Write the period's new rows into temporary copies of its last part and new parts."""
        from openpyxl import load_workbook

        staged: list[tuple[Path, Path]] = []
        parts = self.segments(spec, period)
        n = len(parts) or 1
        target = self.folder(spec) / segment_name(period, n)
        if parts and _height(parts[-1]) - 1 >= self.rows_per_file:
            n, target = n + 1, self.folder(spec) / segment_name(period, n + 1)   # full: don't load it
        while rows:
            if target.exists():
                try:
                    wb = load_workbook(target)
                except Exception as e:   # only a file changed outside the store can be unreadable
                    raise StoreError(f"cannot open {target} to append ({e}); move the file away and retry") from e
                ws = wb[spec.sheet] if spec.sheet in wb.sheetnames else wb.worksheets[0]
                header = [str(c.value).strip() if c.value is not None else "" for c in ws[1]]
            else:
                wb, ws, header = self._new_book(spec, rows[: self.rows_per_file])
            room = self.rows_per_file - (ws.max_row - 1)
            if room <= 0:
                n += 1
                target = self.folder(spec) / segment_name(period, n)
                continue
            chunk, rows = rows[:room], rows[room:]
            self._put_rows(ws, header, chunk)
            staged.append((self._save_temp(wb, target), target))
            n += 1
            target = self.folder(spec) / segment_name(period, n)
        return staged

    def _new_book(self, spec: Table, rows: list[Record]) -> tuple[Any, Any, list[str]]:
        """A new part: workbook, its sheet named as the table, and the header row."""
        from openpyxl import Workbook

        from lib.store.frames import extras_of

        wb = Workbook()
        ws = wb.active
        ws.title = spec.sheet
        header = spec.header(extras_of(spec, rows) if spec.is_open else [])
        for j, name in enumerate(header, 1):
            put_value(ws.cell(row=1, column=j), name)
        ws.freeze_panes = "A2"
        return wb, ws, header

    @staticmethod
    def _put_rows(ws: Any, header: list[str], rows: list[Record]) -> None:
        """Append records below the last row, extending the header with new columns."""
        for rec in rows:
            for name in rec:
                if name not in header:   # a new scorecard item: the header grows, old rows stay blank
                    header.append(name)
                    put_value(ws.cell(row=1, column=len(header)), name)
        r = ws.max_row
        for rec in rows:
            r += 1
            for j, name in enumerate(header, 1):
                if name in rec and rec[name] not in (None, ""):
                    put_value(ws.cell(row=r, column=j), rec[name])

    @staticmethod
    def _save_temp(wb: Any, target: Path) -> Path:
        """Save to a temporary file beside the target and fsync it."""
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            with open(tmp, "wb") as fh:
                wb.save(fh)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    def _publish(self, staged: list[tuple[Path, Path]], periods: list[str]) -> None:
        """Commit the staged workbooks: the journal's rename, then each target; on an error, undo."""
        if not staged:
            return
        folder = staged[0][1].parent
        journal = self._commit_journal(folder, staged, periods) if len(staged) > 1 else None
        undo: list[tuple[Path, bytes | None]] = []
        try:
            for tmp, target in staged:
                undo.append((target, target.read_bytes() if target.exists() else None))
                try:
                    os.replace(tmp, target)
                except PermissionError as e:
                    raise StoreError(f"cannot replace {target} (is it open in Excel? close it and retry): {e}") \
                        from e
            fsync_dir(folder)
        except BaseException:
            for target, old in reversed(undo):
                try:
                    if old is None:
                        target.unlink(missing_ok=True)
                    else:
                        target.write_bytes(old)
                except OSError:
                    pass
            if journal is not None:
                journal.unlink(missing_ok=True)
            raise
        if journal is not None:
            journal.unlink()
            fsync_dir(folder)

    @staticmethod
    def _commit_journal(folder: Path, staged: list[tuple[Path, Path]], periods: list[str]) -> Path:
        """Write the list of renames still to do and publish it with one rename: the commit point."""
        token = f"{os.getpid()}.{secrets.token_hex(4)}"
        journal = folder / f"{JOURNAL_PREFIX}{token}.json"
        part = folder / f"{JOURNAL_PREFIX}{token}.part"
        body = {"periods": periods, "moves": [[tmp.name, target.name] for tmp, target in staged]}
        with open(part, "w", encoding="utf-8") as fh:
            json.dump(body, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, journal)
        fsync_dir(folder)
        return journal

    def _drop_dead_temps(self, spec: Table) -> None:
        """Remove temporary files of any period whose lock is free: their writer died before committing."""
        folder = self.folder(spec)
        names = os.listdir(folder)
        periods = {m.group(1) for n in names if n.endswith(".tmp") and (m := _TEMP.match(n))}
        for period in sorted(periods):
            try:
                with FileLock(str(folder / f".{period}.lock"), timeout=0):
                    self._clean_temps(spec, period)
            except Timeout:   # a live writer's: it cleans up after itself
                pass
        for name in (n for n in names if n.startswith(JOURNAL_PREFIX) and n.endswith(".part")):
            try:   # a journal never published: its writer was killed before the commit point
                held = json.loads((folder / name).read_text(encoding="utf-8"))["periods"]
            except (OSError, ValueError, KeyError):
                continue   # being written right now, or torn: _recover drops it once it is old
            try:
                with ExitStack() as stack:
                    for period in sorted(held):
                        stack.enter_context(FileLock(str(folder / f".{period}.lock"), timeout=0))
                    (folder / name).unlink(missing_ok=True)
            except Timeout:
                pass

    def _recover(self, spec: Table) -> None:
        """Finish every committed write a killed writer left in the table's folder; drop uncommitted parts."""
        folder = self.folder(spec)
        try:
            names = os.listdir(folder)
        except OSError:
            return
        for name in sorted(n for n in names if n.startswith(JOURNAL_PREFIX)):
            path = folder / name
            if name.endswith(".part"):   # killed while writing the journal: nothing was committed
                if path.stat().st_mtime < time.time() - STALE_TEMP_SECONDS:
                    path.unlink(missing_ok=True)
                continue
            try:
                body = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue   # gone already (another process finished it), or being written
            with ExitStack() as stack:
                for period in sorted(body["periods"]):
                    try:
                        stack.enter_context(self._lock(spec, period))
                    except Timeout:
                        raise StoreError(f"{spec.sheet} ({spec.name}) {period}: another save held the lock for "
                                         f"{self.lock_timeout:.0f}s; try again") from None
                if not path.exists():
                    continue   # its writer was alive and finished while we waited
                for tmp, target in body["moves"]:
                    if (folder / tmp).exists():   # a missing one was renamed before the kill
                        os.replace(folder / tmp, folder / target)
                fsync_dir(folder)
                path.unlink()
                fsync_dir(folder)
