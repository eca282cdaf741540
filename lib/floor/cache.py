"""The floor: every input file validated once and combined, cached by each file's signature.

One process-wide cache, shared by every browser session and the CLI: a refresh re-reads only
the files whose (path, size, mtime) changed, and an unchanged folder returns the very same
Floor object. Callers must never mutate the frames they get.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lib.config import Settings
from lib.floor import disk
from lib.floor.load import ParsedFile, parse_file
from lib.floor.load.batch import BOOKS, batch_csv_reports, batch_workbooks
from lib.floor.load.combine import combine_reports, combine_schedule
from lib.floor.load.problems import capped, problems_frame
from lib.floor.schema import compact, empty, freeze
from lib.floor.sources.local import COLUMNAR, _is_data_file, list_files, table_of

log = logging.getLogger(__name__)
_files: dict[tuple, ParsedFile] = {}      # parses with their rows: the files of the floors kept
_meta: dict[tuple, disk.Entry] = {}       # every file's parse without its rows: problems, sheet lines, dates
_floors: "OrderedDict[tuple, Floor]" = OrderedDict()
_used: dict[tuple, tuple[set, set]] = {}  # floor key -> the file keys and combined-part keys it holds
_parts: dict[tuple, tuple[list[pd.DataFrame], list[dict]]] = {}   # report files sharing dates -> combined rows, remarks
_spots: dict[tuple, tuple[pd.DataFrame, list[tuple[int, int]]]] = {}   # a part's pieces: the frame they are cut from, where
_lock = threading.Lock()
KEEP_FLOORS = 4   # a folder's floors of different periods at once (this month, a review month, an agent's range)
STATS = {"parses": 0, "combines": 0, "combined_rows": 0, "disk_reads": 0, "disk_parts": 0}   # combined_rows: report rows combined anew
Period = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Floor:
    """The validated frames of a data folder and every problem found reading it.

    `schedule`, `projects` and `reports` hold the files whose days meet `period` (every file when
    it is None); `files` and the files' own problems cover the whole folder, and `report_months`
    every month a report file holds, loaded or not.
    """

    root: Path
    schedule: pd.DataFrame
    projects: pd.DataFrame
    reports: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame
    signature: tuple
    period: Period | None = None
    report_months: tuple[str, ...] = ()

    @property
    def newest_mtime(self) -> float | None:
        """When the newest report file was written (for the wall screen's staleness warning)."""
        return max((s[2] for s in self.signature if "/reports/" in s[0].replace("\\", "/")), default=None)


def month_period(day: dt.date, months_before: int = 1) -> Period:
    """From the first day of the month `months_before` months before `day`'s to the end of `day`'s month.

    What a page of one day needs: today, this month, and last month for "yesterday" on the 1st and
    for the comparisons with last month.
    """
    y, m = day.year, day.month - months_before
    while m < 1:
        y, m = y - 1, m + 12
    last = (dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)) - dt.timedelta(days=1)
    return dt.date(y, m, 1), last


DAYS_BEFORE = 14   # the look back from a day: the previous working day, last week's pack against the week before


def day_period(day: dt.date, days_before: int = DAYS_BEFORE) -> Period:
    """What the pages of one day need, the review of its month among them: the day's whole month,
    and the `days_before` days before the day where they reach into the month before (yesterday on
    the 1st, last week's pack).

    Never more than a month of files: on the 31st the month, on the 5th its five days and the 14
    before. Further back is read when asked: an agent's 30 days and a coaching's week before it for
    the agents concerned (`span_rows`), last month's rates per group (`month_group_rates`).
    """
    first, last = month_period(day, 0)
    return min(first, day - dt.timedelta(days=days_before)), last


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


def _key(ref, settings: Settings) -> tuple:
    return (ref.table, *ref.signature, _settings_key(settings))


def _disk_of(ref, settings: Settings) -> Path | None:
    """The parse cache's folder for this file: local files only (a spreadsheet's signature is not a file's)."""
    return settings.cache_path if ref.reader == "local" else None


def _dates(sheets: list[dict]) -> tuple[dt.date | None, dt.date | None]:
    firsts = [s["first_date"] for s in sheets if s.get("first_date") is not None]
    lasts = [s["last_date"] for s in sheets if s.get("last_date") is not None]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def _keep(parsed: ParsedFile, settings: Settings, period: Period | None = None) -> ParsedFile:
    """A new parse, kept on disk (a local file) and in memory: its rows only when they are not on
    disk or a report's days meet `period` (a cold start parses the year to learn each file's days,
    and holds one month of it)."""
    k = _key(parsed.ref, settings)
    first, last = _dates(parsed.sheets)
    entry = disk.Entry(parsed.frame, parsed.problems, parsed.sheets, first, last)
    where = _disk_of(parsed.ref, settings)
    on_disk = where is not None and disk.write(where, k, parsed.ref.table, entry)
    _meta[k] = disk.Entry(None, parsed.problems, parsed.sheets, first, last)
    if not on_disk or period is None or parsed.ref.table != "reports" or _meets(_meta[k], period):
        _files[k] = parsed
    return parsed


def _parsed(ref, settings: Settings, raw: list | Exception | None = None, period: Period | None = None) -> ParsedFile:
    STATS["parses"] += 1
    return _keep(parse_file(ref, settings, raw), settings, period)


def _parse_one(ref, settings: Settings, raw: list | Exception | None, period: Period | None) -> None:
    """_parsed for the pool: nothing returned, so a cold start's year is not held in the results list."""
    _parsed(ref, settings, raw, period)


def _parse_all(todo: list, settings: Settings, period: Period | None = None) -> None:
    """Parse the files no cache knows; new reads run on a few threads.

    Report files of one layout are validated together (lib/floor/load/batch.py): a dialer's hourly
    CSVs in one batch, workbooks BOOKS at a time. calamine and fastexcel release the GIL while they
    decompress and parse a workbook, so `[source] read_threads` threads read that many batches at
    once: one by default, since two on two cores start 40% sooner but cost 10-15% more CPU in all
    (docs/PERFORMANCE.md), and a server's other core serves the screens reconnecting meanwhile.
    """
    def local(r, suffixes) -> bool:
        return r.table == "reports" and r.reader == "local" and r.path.suffix.lower() in suffixes

    csvs, books = [r for r in todo if local(r, {".csv"})], [r for r in todo if local(r, COLUMNAR)]
    jobs = ([(batch_csv_reports, csvs)] if len(csvs) > 1 else []) + \
        ([(batch_workbooks, books[i:i + BOOKS]) for i in range(0, len(books), BOOKS)] if len(books) > 1 else [])
    together = {r for _, refs in jobs for r in refs}
    tasks = [lambda j=j: _batched(*j, settings, period) for j in jobs] + \
        [lambda r=r: _parse_one(r, settings, None, period) for r in todo if r not in together]
    threads = max(1, min(settings.read_threads, os.cpu_count() or 1, len(tasks)))
    if threads == 1:
        for task in tasks:
            task()
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(lambda task: task(), tasks))


def _batched(read_together, refs: list, settings: Settings, period: Period | None) -> None:
    """Parse files together, each one that does not fit on its own; each parse kept as it comes."""
    try:
        done, rest = read_together(refs, settings)
    except Exception:   # never the floor's fault: each file then goes its own way, and says why
        log.exception("reading the report files together")
        done, rest = {}, [(r, None) for r in refs]
    STATS["parses"] += len(done)
    for parsed in done.values():
        _keep(parsed, settings, period)
    for r, raw in rest:
        _parse_one(r, settings, raw, period)


def _known(refs: list, settings: Settings, period: Period | None = None) -> None:
    """Make sure every file's dates and problems are known: from memory, from the disk cache, else parsed."""
    todo = []
    for r in refs:
        k = _key(r, settings)
        if k in _meta:
            continue
        where = _disk_of(r, settings)
        if where is not None and (m := disk.read_meta(where, k)) is not None:
            _meta[k] = m
        else:
            todo.append(r)
    if todo:
        _parse_all(todo, settings, period)


def _full(ref, settings: Settings) -> ParsedFile:
    """A file's parse with its rows: kept in memory, else read from the disk cache, else parsed."""
    k = _key(ref, settings)
    if (hit := _files.get(k)) is not None:
        return hit
    where = _disk_of(ref, settings)
    if where is not None and (e := disk.read(where, k, ref.table)) is not None:
        STATS["disk_reads"] += 1
        hit = ParsedFile(ref, e.frame, e.problems, e.sheets)
        _files[k] = hit
        return hit
    return _parsed(ref, settings)


def _meets(m: disk.Entry, period: Period) -> bool:
    return m.first is not None and m.first <= period[1] and m.last >= period[0]


def _months(first: dt.date, last: dt.date) -> list[str]:
    out, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _chosen(refs: list, settings: Settings, period: Period | None) -> list:
    """The files a period needs: those holding its days, and for a month no roster covers, the
    nearest rosters before and after it (which may know its agents' groups)."""
    if period is None:
        return list(refs)
    meta = {id(r): _meta[_key(r, settings)] for r in refs}
    out = [r for r in refs if _meets(meta[id(r)], period)]
    rosters = [r for r in refs if r.table == "schedule" and meta[id(r)].first is not None]
    covered = {mo for r in out if r.table == "schedule" for mo in _months(meta[id(r)].first, meta[id(r)].last)}
    if rosters and not set(_months(*period)) <= covered:
        before = [r for r in rosters if meta[id(r)].last < period[0]]
        after = [r for r in rosters if meta[id(r)].first > period[1]]
        near = ([max(before, key=lambda r: meta[id(r)].last)] if before else []) + \
               ([min(after, key=lambda r: meta[id(r)].first)] if after else [])
        out += [r for r in near if r not in out]
    order = {id(r): n for n, r in enumerate(refs)}
    return sorted(out, key=lambda r: order[id(r)])


def _concat(parts: list[pd.DataFrame], table: str) -> pd.DataFrame:
    parts = [p for p in parts if p is not None and len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty(table)


_listings: dict[tuple, tuple[float, list, list[dict]]] = {}   # folder -> (when listed, refs, source problems)


def _listed(root: Path, settings: Settings, within: float) -> tuple[list, list[dict]]:
    """The input refs and the source's problems; a listing younger than `within` seconds is reused."""
    key = (str(root), settings.source_kind, _settings_key(settings))
    now = time.monotonic()
    hit = _listings.get(key)
    if within > 0 and hit is not None and now - hit[0] < within:
        return hit[1], hit[2]
    refs, problems = _inputs(root, settings)
    _listings[key] = (now, refs, problems)
    return refs, problems


def load_floor(root: Path, settings: Settings, period: Period | None = None, listed_within: float = 0.0) -> Floor:
    """The floor of a data folder, re-reading only files that changed since the last call.

    `period` (first day, last day) loads only the files holding those days (a page's month and the
    month before: `month_period`); None loads every file. Files outside the period are parsed once
    to learn their days, kept on disk (lib/floor/disk.py), and not held in memory. `listed_within`:
    the folder's listing of that many seconds ago will do (the wall's screens: a year of files is
    listed once a second for all of them, not at each screen's tick).
    """
    root = Path(root)
    refs, source_problems = _listed(root, settings, listed_within)
    signature = tuple(r.signature for r in refs) + (("cumulative", settings.cumulative, 0),)
    folder = (str(root.resolve()), _settings_key(settings))
    key = (*folder, signature, repr(source_problems), period)
    with _lock:
        if key in _floors:
            _floors.move_to_end(key)
            return _floors[key]
        _known(refs, settings, period)
        chosen = _chosen(refs, settings, period)
        parsed = [_full(r, settings) for r in chosen if r.table != "reports"]   # reports: when combined
        STATS["combines"] += 1
        part_keys: set = set()
        floor = _combine(root, refs, parsed, [r for r in chosen if r.table == "reports"], settings, signature,
                         source_problems, part_keys, period)
        for k in [k for k in _floors if k[:2] == folder and k[2:4] != key[2:4]]:
            _floors.pop(k)   # the same folder before a file changed: nobody asks for it again
            _used.pop(k, None)
        _floors[key] = floor
        _used[key] = ({_key(r, settings) for r in chosen}, part_keys)
        while len(_floors) > KEEP_FLOORS:
            old, _ = _floors.popitem(last=False)
            _used.pop(old, None)
        _forget(refs, settings)
        return floor


def _forget(refs: list, settings: Settings) -> None:
    """Drop what no kept floor holds: the rows of files outside every kept period (when they are on
    disk to be read again), parts combined for no kept floor, files that changed or went away."""
    live = {_key(r, settings) for r in refs}
    held = set().union(*(u[0] for u in _used.values())) if _used else set()
    parts = set().union(*(u[1] for u in _used.values())) if _used else set()
    for k in list(_files):
        on_disk = settings.cache_path is not None and _files[k].ref.reader == "local"
        if k not in held and (on_disk or k not in live):
            del _files[k]
    for k in [k for k in _meta if k not in live and k not in held]:
        del _meta[k]
    for k in [k for k in _parts if k not in parts]:
        del _parts[k]
        _spots.pop(k, None)


def _combine(root: Path, refs: list, parsed: list[ParsedFile], report_refs: list, settings: Settings,
             signature: tuple, source_problems: list[dict], part_keys: set, period: Period | None) -> Floor:
    metas = [(r, _meta[_key(r, settings)]) for r in refs]
    problems: list[dict] = [dict(p) for p in source_problems] + [p for _, m in metas for p in m.problems]
    roster = tuple((f.ref.table, *f.ref.signature) for f in parsed if f.ref.table == "schedule")
    schedule, remarks = _memo(_rosters, (roster, _settings_key(settings)), lambda: _roster_of(parsed))
    problems.extend(remarks)
    plans = tuple((f.ref.table, *f.ref.signature) for f in parsed if f.ref.table == "projects")
    projects = _memo(_plans, (plans, _settings_key(settings)), lambda: freeze(
        _concat([f.frame for f in parsed if f.ref.table == "projects"], "projects")
        .drop_duplicates(["date", "group", "project"], keep="last").reset_index(drop=True)))
    reports = _reports(report_refs, schedule, roster, settings, problems, part_keys)
    files = pd.DataFrame([s for _, m in metas for s in m.sheets],
                         columns=["file", "sheet", "table", "rows", "first_date", "last_date", "status"])
    if not any(r.table == "schedule" for r in refs):
        problems.append({"file": "schedule.xlsx", "sheet": "", "row": None, "column": "", "severity": "warning",
                         "message": "数据文件夹中没有排班表（schedule.xlsx / 排班表.xlsx）",
                         "message_en": "no roster (schedule.xlsx) in the data folder"})
    months = sorted({mo for r, m in metas if r.table == "reports" and m.first is not None
                     for mo in _months(m.first, m.last)})
    # Frozen: never changed by anyone, so lib.metrics keeps the views it computes from them.
    return Floor(root, schedule, projects, freeze(reports),
                 problems_frame(capped(problems)), files, signature, period, tuple(months))


def _roster_of(parsed: list[ParsedFile]) -> tuple[pd.DataFrame, list[dict]]:
    """The rosters of `parsed` as one (a line per person and day) and what combining them found."""
    # Two rosters giving one person's day: the newest file's line wins (as for reports), ties by name.
    found: list[dict] = []
    frames = [f.frame for f in sorted((f for f in parsed if f.ref.table == "schedule"), key=lambda f: f.ref.mtime)]
    return freeze(combine_schedule(_concat(frames, "schedule"), found)), found


def _clusters(spans: list[tuple[dt.date, dt.date]]) -> list[list[int]]:
    """The report files in groups whose days overlap (usually one file a day, so one file a group),
    each group in file order, from each file's first and last day."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    groups: list[list[int]] = []
    end = None
    for i in order:
        if groups and spans[i][0] <= end:
            groups[-1].append(i)
            end = max(end, spans[i][1])
        else:
            groups.append([i])
            end = spans[i][1]
    return sorted((sorted(g) for g in groups), key=lambda g: g[0])


def _by_file(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """Combined rows cut into each file's (slices: they share the frame's arrays), in file order."""
    codes, names = pd.factorize(rows["file"])
    ends = np.cumsum(np.bincount(codes, minlength=len(names)))
    return [rows.iloc[end - n:end] for end, n in zip(ends, np.bincount(codes, minlength=len(names)))]


def _reports(refs: list, schedule: pd.DataFrame, roster: tuple, settings: Settings, problems: list[dict],
             part_keys: set) -> pd.DataFrame:
    """The period's report rows, combining again only the files whose days a changed file shares.

    Duplicates, running totals and the roster's groups never reach across dates, so the files that
    share no date with a changed file keep their combined rows (and their remarks) from last time:
    when today's report changes, the thirty other days are not read, concatenated and checked again.
    A file's own parsed rows are read (memory, else disk) only when its group is combined, and let
    go after it when they are on disk: the floor holds one copy of each row, not two.
    `roster`: the signatures of the roster files the rows were grouped with.
    """
    metas = [_meta[_key(r, settings)] for r in refs]
    id_labels = {(s["file"], s["sheet"]): s.get("id_label") or "工号" for m in metas for s in m.sheets}
    files = [(r, m) for r, m in zip(refs, metas) if m.first is not None]   # a file with rows has days
    if not files:
        return combine_reports(empty("reports"), schedule, settings, problems, id_labels)
    common = (roster, settings.cumulative, _settings_key(settings))
    keyed = [(tuple((files[i][0].table, *files[i][0].signature) for i in c), c)
             for c in _clusters([(m.first, m.last) for _, m in files])]
    # A group combined by an earlier process with the same files, rosters and loader: read, not combined.
    where = settings.cache_path if all(r.reader == "local" for r, _ in files) else None
    for k, c in keyed:
        if (k, common) not in _parts and where is not None \
                and (e := disk.read(where, ("combined", k, common), "reports")) is not None:
            STATS["disk_parts"] += 1
            _parts[(k, common)] = (_by_file(compact(e.frame)), e.problems)
            _spots.pop((k, common), None)
    todo = sorted(i for k, c in keyed if (k, common) not in _parts for i in c)
    if todo:
        found: list[dict] = []
        frames = [_full(files[i][0], settings).frame for i in todo]
        STATS["combined_rows"] += sum(len(f) for f in frames)
        fresh = compact(combine_reports(_concat(frames, "reports"), schedule, settings, found, id_labels))
        del frames
        _let_go([files[i][0] for i in todo], settings)   # combined now: their rows are the parts'
        codes, names = pd.factorize(fresh["file"])   # rows stay in file order, each file's together
        ends = np.cumsum(np.bincount(codes, minlength=len(names)))
        spot = {name: (end - n, end) for name, end, n in zip(names, ends, np.bincount(codes))}
        piece = {name: fresh.iloc[a:b] for name, (a, b) in spot.items()}
        for k, c in keyed:
            if (k, common) not in _parts:
                rels = {files[i][0].rel for i in c}
                mine = [r for r in (files[i][0].rel for i in c) if r in piece]
                _parts[(k, common)] = ([piece[r] for r in mine], [p for p in found if p["file"] in rels])
                _spots[(k, common)] = (fresh, [spot[r] for r in mine])
                if where is not None and _parts[(k, common)][0]:   # the next start reads it back
                    disk.write(where, ("combined", k, common), "reports",
                               disk.Entry(_concat(_parts[(k, common)][0], "reports"), _parts[(k, common)][1], [],
                                          None, None))
    part_keys.update((k, common) for k, _ in keyed)   # what this floor holds (lib/floor/cache._forget)
    if len(todo) == len(files):
        problems.extend(p for k, _ in keyed for p in _parts[(k, common)][1])
        return fresh.reset_index(drop=True)   # a cold start: everything was combined just now
    order = {r.rel: n for n, (r, _) in enumerate(files)}
    placed = sorted(((p, _spot(k, common, n)) for k, _ in keyed for n, p in enumerate(_parts[(k, common)][0])),
                    key=lambda x: order[x[0]["file"].iat[0]])
    pieces = [p for p, _ in placed]
    problems.extend(p for k, _ in keyed for p in _parts[(k, common)][1])
    out = compact(pd.concat(_runs(placed), ignore_index=True))
    # The parts now point into this floor's rows (slices share its arrays), so the rows they were cut
    # from before are let go: a second floor of the folder (the review's month) costs its own rows,
    # not its rows and its parts' as well.
    ends = np.cumsum([len(p) for p in pieces])
    at = {id(p): (int(end) - len(p), int(end)) for p, end in zip(pieces, ends)}
    for k, _ in keyed:
        ps, remarks = _parts[(k, common)]
        _parts[(k, common)] = ([out.iloc[at[id(p)][0]:at[id(p)][1]] for p in ps], remarks)
        _spots[(k, common)] = (out, [at[id(p)] for p in ps])
    return out


def _spot(k: tuple, common: tuple, n: int) -> tuple | None:
    """Where the n-th piece of a part was cut from: (the frame, first row, end row), if known."""
    base = _spots.get((k, common))
    return (base[0], *base[1][n]) if base is not None and n < len(base[1]) else None


def _runs(placed: list[tuple]) -> list[pd.DataFrame]:
    """The pieces in order, pieces cut one after another from one frame taken as one slice of it: a
    refresh concatenates the month as the unchanged days' one slice and today's rows, not thirty
    pieces (whose text then needs joining again, lib.floor.schema.compact)."""
    out, run = [], None
    for p, spot in placed:
        if run is not None and spot is not None and spot[0] is run[0] and spot[1] == run[2]:
            run = (run[0], run[1], spot[2])
            continue
        if run is not None:
            out.append(run[0].iloc[run[1]:run[2]])
        run = spot
        if spot is None:
            out.append(p)
    if run is not None:
        out.append(run[0].iloc[run[1]:run[2]])
    return out


def _let_go(refs: list, settings: Settings, held: frozenset | set = frozenset()) -> None:
    """Drop the parsed rows of files whose parse is on disk (read back if ever asked again) and that
    no kept floor in `held` holds."""
    for r in refs:
        k, where = _key(r, settings), _disk_of(r, settings)
        if k not in held and where is not None and disk.exists(where, k):
            _files.pop(k, None)


def _period_files(root: Path, settings: Settings, period: Period) -> list:
    """The input files holding `period`'s days (and the rosters for them); called holding _lock."""
    refs, _ = _inputs(Path(root), settings)
    _known(refs, settings, period)
    return _chosen(refs, settings, period)


def _combined_groups(chosen: list, settings: Settings):
    """The report rows of `chosen`, one group of files sharing a date at a time, combined with the
    rosters as a floor would combine them (the same duplicates, groups and names); each group's
    file rows let go after it unless a kept floor holds them. Called holding _lock."""
    rosters = sorted((_full(r, settings) for r in chosen if r.table == "schedule"), key=lambda f: f.ref.mtime)
    schedule = combine_schedule(_concat([f.frame for f in rosters], "schedule"), [])
    files = [r for r in chosen if r.table == "reports" and _meta[_key(r, settings)].first is not None]
    spans = [(_meta[_key(r, settings)].first, _meta[_key(r, settings)].last) for r in files]
    held = set().union(*(u[0] for u in _used.values())) if _used else set()
    for c in _clusters(spans):
        yield combine_reports(_concat([_full(files[i], settings).frame for i in c], "reports"), schedule, settings, [])
        _let_go([files[i] for i in c], settings, held)


def _memo(kept: "OrderedDict[tuple, object]", key: tuple, make):
    """`make()`, kept under `key` among the last few asked (KEEP_FLOORS)."""
    if key in kept:
        kept.move_to_end(key)
        return kept[key]
    out = kept[key] = make()
    while len(kept) > KEEP_FLOORS:
        kept.popitem(last=False)
    return out


_rosters: "OrderedDict[tuple, tuple]" = OrderedDict()        # rosters combined, by their files (a refresh re-reads a report)
_plans: "OrderedDict[tuple, pd.DataFrame]" = OrderedDict()   # project lists combined, by their files
_rates: "OrderedDict[tuple, pd.DataFrame]" = OrderedDict()   # month_group_rates, the last few asked
_spans: "OrderedDict[tuple, Span]" = OrderedDict()           # span_rows, the last few asked


def month_group_rates(root: Path, settings: Settings, month: str) -> pd.DataFrame:
    """A month's volume, handled and handle rate per group, read day by day from the files: no floor
    of the month is built or kept (a page's "last month" column costs a table, not a month of rows).

    Each group of report files sharing a date is combined with the rosters as a floor would (the
    same duplicates, groups and names), summed, and let go; kept per (folder, files, settings, month).
    """
    from lib.floor.metrics import handle_rate, month_by_group

    y, m = (int(x) for x in month.split("-"))
    period = month_period(dt.date(y, m, 1), 0)

    def make() -> pd.DataFrame:
        sums = [month_by_group(rows, month).set_index("group")[["volume", "handled"]]
                for rows in _combined_groups(chosen, settings)]
        out = (pd.concat(sums).groupby(level=0).sum() if sums
               else pd.DataFrame({"volume": pd.Series(dtype="float64"), "handled": pd.Series(dtype="float64")}))
        out["rate"] = handle_rate(out["handled"], out["volume"])
        return freeze(out.rename_axis("group").reset_index())

    with _lock:
        chosen = _period_files(root, settings, period)
        key = (str(Path(root).resolve()), _settings_key(settings), tuple(r.signature for r in chosen), month)
        return _memo(_rates, key, make)


@dataclass(frozen=True)
class Span:
    """Some agents' report rows over a few days, with those days' targets (`span_rows`)."""

    reports: pd.DataFrame
    projects: pd.DataFrame


def with_their_groups(rows: pd.DataFrame, agents: frozenset[str]) -> pd.DataFrame:
    """The rows of `agents` and of every group they worked for in `rows` (a day's group figures
    beside an agent's)."""
    mine = rows["agent_id"].isin(agents)
    return rows[mine | rows["group"].isin(set(rows.loc[mine, "group"]))]


def span_rows(root: Path, settings: Settings, period: Period, agents: frozenset[str]) -> Span:
    """The report rows of `agents` and of the groups they worked for on `period`'s days, with the
    days' targets: read from the files a group of days at a time, no floor built or kept (an agent's
    30 days cost their groups' rows, not a second month of the center's); kept while the files are
    unchanged."""
    first, last = pd.Timestamp(period[0]), pd.Timestamp(period[1])

    def make() -> Span:
        parts = [with_their_groups(rows[(rows["date"] >= first) & (rows["date"] <= last)], agents)
                 for rows in _combined_groups(chosen, settings)]
        projects = _concat([_full(r, settings).frame for r in chosen if r.table == "projects"], "projects")
        projects = projects[(projects["date"] >= first) & (projects["date"] <= last)]
        return Span(freeze(compact(_concat(parts, "reports")).reset_index(drop=True)),
                    freeze(projects.drop_duplicates(["date", "group", "project"], keep="last").reset_index(drop=True)))

    with _lock:
        chosen = _period_files(root, settings, period)
        key = (str(Path(root).resolve()), _settings_key(settings), tuple(r.signature for r in chosen), period,
               frozenset(agents))
        return _memo(_spans, key, make)


def clear_cache(on_disk: bool = True) -> None:
    """Forget every parsed file and floor (the benchmark's cold start; tests that rewrite files in
    place), and with `on_disk` the parse caches this process used as well."""
    with _lock:
        _files.clear()
        _meta.clear()
        _floors.clear()
        _used.clear()
        _parts.clear()
        _spots.clear()
        _rates.clear()
        _spans.clear()
        _rosters.clear()
        _plans.clear()
        _listings.clear()
        if on_disk:
            disk.forget_all()


def has_inputs(root: Path | None) -> bool:
    """Whether a folder holds any input file (a roster, a project list or a report)."""
    # Asked before every load_floor, which lists the folder anyway: a roster or project list at the
    # top answers without listing (and stat-ing) every report a second time.
    top = root is not None and root.is_dir() and any(table_of(p.name) and _is_data_file(p) for p in root.iterdir())
    return top or (root is not None and bool(list_files(root)))
