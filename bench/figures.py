"""Each figure of the benchmark, measured on a generated center (see bench/center.py).

Timings on a shared machine wander, so every figure is a median of several samples, and a ratio
compares samples taken in alternation (the load and the bare read, the month and the single day)
so that a busy moment weighs on both sides alike.
"""
from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lib.floor import cache as floor_mod
from lib.config import Settings
from lib.floor.cache import load_floor, day_period
from lib.floor.metrics import group_standings, ranking_at
from lib.floor.sources import local as local_source

from .center import SLOTS, write_report


def _timed(fn, cpu: list | None = None) -> float:
    """Wall seconds of fn(); its CPU seconds (all threads of the process) appended to `cpu`."""
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    if cpu is not None:
        cpu.append(time.process_time() - c0)
    return time.perf_counter() - t0


def input_files(root: Path) -> list[Path]:
    """The files a load reads: roster, project list, every report."""
    return [r.path for r in local_source.list_files(root)]


def bare_calamine(files: list[Path]) -> None:
    """Every sheet of every file as Python cells with python-calamine, one file after another."""
    from python_calamine import CalamineWorkbook

    for f in files:
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=True)
        wb.close()


def bare_fastexcel(files: list[Path]) -> None:
    """Every sheet of every file as Arrow columns with fastexcel (eager, no header), one after another."""
    import fastexcel

    for f in files:
        reader = fastexcel.read_excel(str(f))
        for name in reader.sheet_names:
            reader.load_sheet(name, header_row=None, eager=True, dtypes="string")


def bare_csv(files: list[Path], excel=None) -> None:
    """Every CSV read, decoded and split into rows and cells with Python's csv module (what any loader
    pays to see every cell); the workbooks among `files` with `excel` (bare_calamine or bare_fastexcel)."""
    import csv
    import io

    for f in files:
        if f.suffix.lower() == ".csv":
            list(csv.reader(io.StringIO(f.read_bytes().decode("utf-8-sig"), newline="")))
    (excel or bare_calamine)([f for f in files if f.suffix.lower() != ".csv"])


def has_fastexcel() -> bool:
    try:
        import fastexcel  # noqa: F401
    except ImportError:
        return False
    return True


def cold_load(root: Path, settings: Settings, rounds: int, period=None) -> dict:
    """Seconds of a cold load (every cache emptied, the one on disk too) and of bare reads of every
    file, alternated; `period`: the load asks for those days only (a page's start), yet every file
    is read once to learn its days."""
    files = input_files(root)
    readers = {"calamine": bare_calamine, **({"fastexcel": bare_fastexcel} if has_fastexcel() else {})}
    if any(f.suffix.lower() == ".csv" for f in files):
        readers = {f"csv module + {k}": (lambda fs, r=r: bare_csv(fs, r)) for k, r in readers.items()}
    samples: dict[str, list[float]] = {k: [] for k in ("load", *readers)}
    cpu: dict[str, list[float]] = {k: [] for k in samples}
    rows = 0
    for _ in range(rounds):
        for name, read in readers.items():
            samples[name].append(_timed(lambda: read(files), cpu[name]))
        floor_mod.clear_cache()
        holder = {}
        samples["load"].append(_timed(lambda: holder.setdefault("f", load_floor(root, settings, period)), cpu["load"]))
        rows = len(holder["f"].reports)
        volume = float(holder["f"].reports["volume"].sum())
    med = {k: statistics.median(v) for k, v in samples.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpu.items()}
    base = min(readers, key=lambda k: med[k])
    return {"files": len(files), "rows": rows, "volume": volume, "load": med["load"], "bare": med[base], "baseline": base,
            "medians": med, "ratio": med["load"] / med[base], "samples": samples,
            "cpu": cpu_med, "cpu_ratio": cpu_med["load"] / cpu_med[base]}


class TodayFile:
    """Today's report file, rewritten the way a dialer re-exports it: a new file replaces the old."""

    def __init__(self, root: Path, today: dt.date, seed: int, scratch: Path, n_agents: int = 600):
        self.path = root / "reports" / f"{today.isoformat()}.xlsx"
        scratch.mkdir(parents=True, exist_ok=True)
        # Two exports of the day with different figures, prepared once; each change swaps one in.
        self.versions = [write_report(scratch / f"v{v}-{today.isoformat()}.xlsx", today, len(SLOTS), seed, v,
                                      n_agents) for v in (1, 2)]
        self.n = 0

    def change(self) -> None:
        """Replace today's file with the other export and give it a new modification time."""
        self.n += 1
        src = self.versions[self.n % 2]
        tmp = self.path.with_name(f".{self.path.name}.bench.tmp")
        shutil.copyfile(src, tmp)
        stamp = time.time() + self.n   # a distinct mtime even on coarse file systems
        os.utime(tmp, (stamp, stamp))
        os.replace(tmp, self.path)


def refresh(root: Path, today_file: TodayFile, settings: Settings, today: dt.date, at_minute: int) -> float:
    """Seconds from a changed file to today's ranking and group standings, the other files cached
    (the wall's period: this month and the month before)."""
    period = day_period(today)
    load_floor(root, settings, period)   # warm: the month is present
    today_file.change()

    def run():
        f = load_floor(root, settings, period)
        ranking_at(f.reports, today, at_minute, settings.min_volume)
        group_standings(f.reports, today, at_minute)

    return _timed(run)


def refresh_pair(month: tuple[Path, TodayFile], day: tuple[Path, TodayFile], settings: Settings,
                 today: dt.date, at_minute: int, rounds: int) -> dict:
    """Refresh seconds with the month present and with one day present, alternated; and their ratio."""
    m, d = [], []
    for _ in range(rounds):
        m.append(refresh(*month, settings, today, at_minute))
        d.append(refresh(*day, settings, today, at_minute))
    mm, dd = statistics.median(m), statistics.median(d)
    return {"month": mm, "day": dd, "ratio": mm / dd, "samples_month": m, "samples_day": d}


def sessions(root: Path, today_file: TodayFile, settings: Settings, today: dt.date, at_minute: int,
             n: int = 50) -> dict:
    """Parses, floor builds and file reads caused by one change while `n` sessions ask for the floor at once."""
    from lib.day.wall import wall_view
    from lib import clock

    period = day_period(today)
    load_floor(root, settings, period)
    today_file.change()
    before = (dict(floor_mod.STATS), local_source.READS["count"])
    go = threading.Barrier(n)

    def session(_):
        go.wait()   # every session asks at the same moment, the worst case for a cache
        f = load_floor(root, settings, period)
        return wall_view(f.reports, f.newest_mtime, settings, today, at_minute, clock.now(settings), True)

    with ThreadPoolExecutor(max_workers=n) as pool:
        views = list(pool.map(session, range(n)))
    return {"sessions": n, "parses": floor_mod.STATS["parses"] - before[0]["parses"],
            "combines": floor_mod.STATS["combines"] - before[0]["combines"],
            "reads": local_source.READS["count"] - before[1], "views": len(views)}


def append_ratio(root: Path, rounds: int) -> dict:
    """The store's append cost at 1,000 rows in the day against 10 rows (bench/store_stress.py's figure)."""
    from . import store_stress

    c = store_stress.append_cost(root, rounds=rounds)
    return {"ratio": c["wall"]["ratio_median"], "small_ms": c["wall"]["small_median_ms"],
            "big_ms": c["wall"]["big_median_ms"], "worst_fill": c["wall"]["ratio_worst_fill"],
            "cpu_ratio": c["cpu"]["ratio_median"], "samples": c["samples"], "rows_per_file": c["rows_per_file"]}
