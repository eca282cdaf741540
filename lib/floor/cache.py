"""The floor: every input file validated once and combined, cached by each file's signature.

One process-wide cache, shared by every browser session and the CLI: a refresh re-reads only
the files whose (path, size, mtime) changed, and an unchanged folder returns the very same
Floor object. Callers must never mutate the frames they get.
"""
from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lib.config import Settings
from lib.floor.load import ParsedFile, parse_file
from lib.floor.load.batch import batch_csv_reports
from lib.floor.load.combine import combine_reports, combine_schedule
from lib.floor.load.problems import capped, problems_frame
from lib.floor.schema import compact, empty, freeze
from lib.floor.sources.local import list_files

log = logging.getLogger(__name__)
_files: dict[tuple, ParsedFile] = {}
_floors: dict[tuple, "Floor"] = {}
_parts: dict[tuple, tuple[list[pd.DataFrame], list[dict]]] = {}   # report files sharing dates -> combined rows, remarks
_lock = threading.Lock()
STATS = {"parses": 0, "combines": 0, "combined_rows": 0}   # combined_rows: report rows combined anew


@dataclass(frozen=True)
class Floor:
    """The validated frames of a data folder and every problem found reading it."""

    root: Path
    schedule: pd.DataFrame
    projects: pd.DataFrame
    reports: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame
    signature: tuple

    @property
    def newest_mtime(self) -> float | None:
        """When the newest report file was written (for the wall screen's staleness warning)."""
        return max((s[2] for s in self.signature if "/reports/" in s[0].replace("\\", "/")), default=None)


def input_refs(root: Path, settings: Settings) -> list:
    """The input files (or spreadsheets) to read, with the signatures that say whether they changed."""
    return _inputs(root, settings)[0]


def _inputs(root: Path, settings: Settings) -> tuple[list, list[dict]]:
    """The input refs and the source's own problems (FTP: the server down, a file half-uploaded)."""
    if settings.source_kind == "gsheets":
        from lib.floor.sources.gsheets import list_refs
        return list_refs(settings), []
    if settings.source_kind == "ftp":
        from lib.floor.sources.ftp import sync
        return sync(settings, root)
    return list_files(root), []


def _settings_key(settings: Settings) -> tuple:
    # Only what changes how a file is parsed invalidates the per-file cache.
    return (repr(sorted(settings.aliases.items())), repr(sorted(settings.shifts.items())),
            settings.header_scan_rows, settings.date_order)


def _parsed(ref, settings: Settings, raw: list | None = None) -> ParsedFile:
    key = (ref.table, *ref.signature, _settings_key(settings))
    hit = _files.get(key)
    if hit is None:
        STATS["parses"] += 1
        hit = parse_file(ref, settings, raw)
        _files[key] = hit
    return hit


def _parse_all(refs, settings: Settings) -> list[ParsedFile]:
    """Every file's parse, from the cache or read anew; new reads run on a few threads.

    calamine releases the GIL while it decompresses and parses a workbook, so on a cold start
    two cores read two files at once.
    """
    todo = [r for r in refs if (r.table, *r.signature, _settings_key(settings)) not in _files]
    csvs = [r for r in todo if r.table == "reports" and r.reader == "local" and r.path.suffix.lower() == ".csv"]
    if len(csvs) > 1:   # a dialer's hourly downloads: one layout, parsed together (lib/floor/load/batch.py)
        others = [r for r in todo if r not in set(csvs)]
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            pending = pool.map(lambda r: _parsed(r, settings), others)   # workbooks meanwhile, on the pool
            try:
                done, rest = batch_csv_reports(csvs, settings)
            except Exception:   # never the floor's fault: each file then goes its own way, and says why
                log.exception("reading the report CSVs together")
                done, rest = {}, [(r, None) for r in csvs]
            for ref, parsed in done.items():
                STATS["parses"] += 1
                _files[(ref.table, *ref.signature, _settings_key(settings))] = parsed
            list(pool.map(lambda r: _parsed(r[0], settings, r[1]), rest))
            list(pending)
    elif len(todo) > 1:
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            list(pool.map(lambda r: _parsed(r, settings), todo))
    return [_parsed(r, settings) for r in refs]


def _concat(parts: list[pd.DataFrame], table: str) -> pd.DataFrame:
    parts = [p for p in parts if p is not None and len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty(table)


def load_floor(root: Path, settings: Settings) -> Floor:
    """The floor of a data folder, re-reading only files that changed since the last call."""
    root = Path(root)
    refs, source_problems = _inputs(root, settings)
    signature = tuple(r.signature for r in refs) + (("cumulative", settings.cumulative, 0),)
    key = (str(root.resolve()), signature, _settings_key(settings), repr(source_problems))
    with _lock:
        if key in _floors:
            return _floors[key]
        parsed = _parse_all(refs, settings)
        live = {r.signature for r in refs}
        for k in [k for k in _files if (k[1], k[2], k[3]) not in live and k[1].startswith(str(root))]:
            del _files[k]   # files that changed or went away
        STATS["combines"] += 1
        floor = _combine(root, parsed, settings, signature, source_problems)
        _floors.clear()   # one floor per folder is all anyone needs; old ones only hold memory
        _floors[key] = floor
        return floor


def _combine(root: Path, parsed: list[ParsedFile], settings: Settings, signature: tuple,
             source_problems: list[dict] = ()) -> Floor:
    problems: list[dict] = [dict(p) for p in source_problems] + [p for f in parsed for p in f.problems]
    by = {t: [f.frame for f in parsed if f.ref.table == t] for t in ("schedule", "projects", "reports")}
    schedule = combine_schedule(_concat(by["schedule"], "schedule"), problems)
    projects = _concat(by["projects"], "projects").drop_duplicates(["date", "group", "project"], keep="last")
    reports = _reports(parsed, schedule, settings, problems)
    files = pd.DataFrame([s for f in parsed for s in f.sheets],
                         columns=["file", "sheet", "table", "rows", "first_date", "last_date", "status"])
    if not any(f.ref.table == "schedule" for f in parsed):
        problems.append({"file": "schedule.xlsx", "sheet": "", "row": None, "column": "", "severity": "warning",
                         "message": "数据文件夹中没有排班表（schedule.xlsx / 排班表.xlsx）",
                         "message_en": "no roster (schedule.xlsx) in the data folder"})
    # Frozen: never changed by anyone, so lib.metrics keeps the views it computes from them.
    return Floor(root, freeze(schedule), freeze(projects.reset_index(drop=True)), freeze(reports),
                 problems_frame(capped(problems)), files, signature)


def _clusters(files: list[ParsedFile]) -> list[list[int]]:
    """The report files in groups that share a date (usually one file a day, so one file a group)."""
    parent = list(range(len(files)))

    def top(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for i, f in enumerate(files):
        for d in pd.unique(f.frame["date"].to_numpy()).view("int64").tolist():
            if d in owner:
                parent[top(i)] = top(owner[d])
            else:
                owner[d] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(files)):
        groups.setdefault(top(i), []).append(i)
    return list(groups.values())


def _reports(parsed: list[ParsedFile], schedule: pd.DataFrame, settings: Settings, problems: list[dict]) -> pd.DataFrame:
    """The month's report rows, combining again only the files whose dates a changed file shares.

    Duplicates, running totals and the roster's groups never reach across dates, so the files that
    share no date with a changed file keep their combined rows (and their remarks) from last time:
    when today's report changes, the thirty other days are not concatenated and checked again.
    """
    files = [f for f in parsed if f.ref.table == "reports" and f.frame is not None and len(f.frame)]
    id_labels = {(s["file"], s["sheet"]): s.get("id_label") or "工号" for f in parsed for s in f.sheets}
    if not files:
        return combine_reports(empty("reports"), schedule, settings, problems, id_labels)
    roster = tuple((f.ref.table, *f.ref.signature) for f in parsed if f.ref.table == "schedule")
    common = (roster, settings.cumulative, _settings_key(settings))
    keyed = [(tuple((files[i].ref.table, *files[i].ref.signature) for i in c), c) for c in _clusters(files)]
    todo = sorted(i for k, c in keyed if (k, common) not in _parts for i in c)
    if todo:
        found: list[dict] = []
        STATS["combined_rows"] += sum(len(files[i].frame) for i in todo)
        fresh = compact(combine_reports(_concat([files[i].frame for i in todo], "reports"), schedule, settings,
                                        found, id_labels))
        codes, names = pd.factorize(fresh["file"])   # rows stay in file order, each file's together
        ends = np.cumsum(np.bincount(codes, minlength=len(names)))
        piece = {name: fresh.iloc[end - n:end] for name, end, n in zip(names, ends, np.bincount(codes))}
        for k, c in keyed:
            if (k, common) not in _parts:
                rels = {files[i].ref.rel for i in c}
                _parts[(k, common)] = ([piece[r] for r in (files[i].ref.rel for i in c) if r in piece],
                                       [p for p in found if p["file"] in rels])
    live = {(k, common) for k, _ in keyed}
    for k in [k for k in _parts if k not in live]:
        del _parts[k]
    if len(todo) == len(files):
        problems.extend(p for k, _ in keyed for p in _parts[(k, common)][1])
        return fresh.reset_index(drop=True)   # a cold start: everything was combined just now
    order = {f.ref.rel: n for n, f in enumerate(files)}
    pieces = sorted((p for k, _ in keyed for p in _parts[(k, common)][0]), key=lambda p: order[p["file"].iat[0]])
    problems.extend(p for k, _ in keyed for p in _parts[(k, common)][1])
    return compact(pd.concat(pieces, ignore_index=True))


def clear_cache() -> None:
    """Forget every parsed file and floor (the benchmark's cold start; tests that rewrite files in place)."""
    with _lock:
        _files.clear()
        _floors.clear()
        _parts.clear()


def has_inputs(root: Path | None) -> bool:
    """Whether a folder holds any input file (a roster, a project list or a report)."""
    return root is not None and bool(list_files(root))
