"""The performance benchmark: a large center's month, and one table of figures measured in one run.

    python -m bench                 # the whole table (a few minutes on two cores)
    python -m bench --quick         # fewer samples, for a look while working
    python -m bench --keep DIR      # write the center into DIR and keep it (to profile against)

The center (bench/center.py): 600 agents in 40 groups, 8 hourly slots, a report file per day of a
31-day month, about 150,000 rows, seeded, in a temporary folder. Figures and goals: docs/PERFORMANCE.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 10, 31)
NOW = "2026-10-31 18:05"       # the day is over: today's file holds all eight slots
AT_MINUTE = 18 * 60 + 5
SEED = 8


def machine() -> str:
    """nproc, CPU model, RAM and the load average, for the record."""
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor() or "?")
    ram = next((int(ln.split()[1]) / 1024 / 1024 for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), 0.0)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({cpu}), {ram:.1f} GB RAM, Python {platform.python_version()}, "
            f"load average {load}")


def write_config(folder: Path, data: Path) -> Path:
    """config.toml with the data folder set and sign-in off (the pages open as the local administrator)."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('path = ""', f'path = "{data.as_posix()}"', 1)
    text = re.sub(r"(\[auth\][^\[]*?)enabled\s*=\s*true", r"\1enabled = false", text, count=1)
    path = folder / f"config-{data.name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def build(tmp: Path) -> tuple[Path, Path]:
    """The month's folder and a folder with the same roster and projects but only today's report."""
    from .center import write_center

    month = write_center(tmp / "month", TODAY, 31, 8, SEED)
    day = write_center(tmp / "day", TODAY, 1, 8, SEED)
    return month, day


def _row(name: str, value: str, goal: str, met: bool | None) -> tuple[str, str, str, str]:
    return name, value, goal, {True: "yes", False: "NO", None: "—"}[met]


def run(tmp: Path, rounds: int, renders: int, append_rounds: int, skip: set[str]) -> list[tuple]:
    """Every figure, in one process and one run; returns the table's rows."""
    from . import figures, pages
    from lib.config import settings

    t0 = time.perf_counter()
    month, day = build(tmp)
    print(f"center written in {time.perf_counter() - t0:.1f} s: {month}", flush=True)
    os.environ["DASHBOARD_CONFIG"] = str(write_config(tmp, month))
    cfg = settings()
    rows = []

    c = figures.cold_load(month, cfg, rounds)
    print(f"cold load: {c['rows']:,} report rows in {c['files']} files; medians "
          + ", ".join(f"{k} {v:.3f} s (CPU {c['cpu'][k]:.3f} s)" for k, v in c["medians"].items()), flush=True)
    rows.append(_row(f"cold load of the month ({c['rows']:,} rows, {c['files']} files) ÷ bare read ({c['baseline']})",
                     f"{c['load']:.2f} s ÷ {c['bare']:.2f} s = {c['ratio']:.2f}× (CPU {c['cpu_ratio']:.2f}×)",
                     "≤ 1.3×", c["ratio"] <= 1.3))

    if "exports" not in skip:
        rows += export_figures(tmp, cfg, rounds, (c["rows"], c["volume"]))

    tm = figures.TodayFile(month, TODAY, SEED, tmp / "exports")
    td = figures.TodayFile(day, TODAY, SEED, tmp / "exports-day")
    r = figures.refresh_pair((month, tm), (day, td), cfg, TODAY, AT_MINUTE, max(rounds, 5))
    print(f"refresh: month {r['samples_month']}, day {r['samples_day']}", flush=True)
    rows.append(_row("refresh after today's file changed, month present (load + ranking + standings)",
                     f"{r['month']:.3f} s", "≤ 0.3 s", r["month"] <= 0.3))
    rows.append(_row("that refresh with 31 days ÷ with 1 day", f"{r['month']:.3f} s ÷ {r['day']:.3f} s = {r['ratio']:.2f}×",
                     "≤ 1.5×", r["ratio"] <= 1.5))

    if "ftp" not in skip:
        from .ftp import ftp_refresh

        f = ftp_refresh(month, tm, cfg, tmp / "app", TODAY, AT_MINUTE, max(rounds, 5))
        print(f"ftp refresh: {[round(x, 3) for x in f['samples_ftp']]} s, local {[round(x, 3) for x in f['samples_local']]}"
              f" s, downloads {f['downloads']}", flush=True)
        rows.append(_row("that refresh over FTP (local pyftpdlib server) ÷ on the folder; files downloaded",
                         f"{f['ftp']:.3f} s ÷ {f['local']:.3f} s = {f['ratio']:.2f}×; {max(f['downloads'])} a refresh",
                         "≤ 2×; 1", f["ratio"] <= 2 and max(f["downloads"]) == 1))

    s = figures.sessions(month, tm, cfg, TODAY, AT_MINUTE, 50)
    print(f"50 concurrent sessions after one change: {s}", flush=True)
    loads = max(s["parses"], s["combines"])
    rows.append(_row("loads after one file change, 50 sessions at once (threads on the data path)",
                     f"{s['parses']} parse, {s['combines']} floor build, {s['reads']} file read", "1", loads == 1))
    if "sessions" not in skip:
        from lib.floor import cache as floor_mod
        from lib.floor.sources import local as local_source

        before = (dict(floor_mod.STATS), local_source.READS["count"])
        pages.sessions_after_change(pages.PAGES["wall"], tm.change, 50)
        p, b = floor_mod.STATS["parses"] - before[0]["parses"], floor_mod.STATS["combines"] - before[0]["combines"]
        reads = local_source.READS["count"] - before[1]
        rows.append(_row("loads after one file change, 50 wall-screen sessions (AppTest)",
                         f"{p} parse, {b} floor build, {reads} file read", "1", max(p, b) == 1))

    for name, page in pages.PAGES.items():
        if not (ROOT / page).exists():
            rows.append(_row(f"warm render of {page} (AppTest, median of {renders})", "not measured: no such page yet",
                             "≤ 1 s", None))
            continue
        w = pages.warm_render(page, renders)
        print(f"render {page}: {[round(x, 3) for x in w['samples']]}, CPU {w['cpu']:.3f} s", flush=True)
        rows.append(_row(f"warm render of {page} (AppTest, median of {renders})",
                         f"{w['median']:.3f} s (CPU {w['cpu']:.3f} s)", "≤ 1 s", w["median"] <= 1.0))

    if "append" not in skip:
        a = figures.append_ratio(tmp / "store", append_rounds)
        print(f"append: {a}", flush=True)
        rows.append(_row(f"write-back append at 1,000 rows ÷ at 10 rows ({a['samples']} samples each)",
                         f"{a['big_ms']:.1f} ms ÷ {a['small_ms']:.1f} ms = {a['ratio']:.2f}×", "≤ 1.5×", a["ratio"] <= 1.5))

    out = subprocess.run([sys.executable, "-m", "bench.pages", "memory"], cwd=ROOT, env=os.environ.copy(),
                         capture_output=True, text=True, check=True)
    mb = float(out.stdout.strip().splitlines()[-1])
    rows.append(_row("peak memory (RSS) of an app process that loads the month and draws the pages",
                     f"{mb:.0f} MB", "≤ 500 MB", mb <= 500))

    if "junk" not in skip:
        from .junk import junk_figure

        j = junk_figure(month, tmp, min(rounds, 5))
        m, fast = j["medians"], j["fastest"]
        print("junk: " + "; ".join(f"{k} {[round(x['seconds'], 3) for x in v]} s, median CPU {m[k]['cpu']:.3f} s, "
                                   f"median peak {m[k]['peak_mb']:.0f} MB" for k, v in j["samples"].items())
              + f"; {j['junk_problems']} problems listed", flush=True)
        what = f"a {j['rows']:,}-row junk CSV ({j['mb']:.0f} MB) beside the month, cold load in a fresh process"
        rows.append(_row(f"{what}: time it adds ÷ its own read (fastest of {j['rounds']} each)",
                         f"{fast['with']:.2f} s − {fast['without']:.2f} s = {j['added_s']:.2f} s "
                         f"÷ {j['read_s']:.2f} s = {j['added_s'] / j['read_s']:.2f}× "
                         f"(CPU {j['added_cpu']:.2f} s ÷ {j['read_cpu']:.2f} s)",
                         "≤ 1× (at most its own read time)", j["added_s"] <= j["read_s"]))
        rows.append(_row(f"{what}: peak memory (RSS) it adds",
                         f"{m['with']['peak_mb']:.0f} MB − {m['without']['peak_mb']:.0f} MB = {j['added_mb']:.0f} MB",
                         "< 200 MB", j["added_mb"] < 200))
    return rows


def export_figures(tmp: Path, cfg, rounds: int, expect: tuple[int, float]) -> list[tuple]:
    """The cold load of the same month as real exports write it (bench/exports.py) ÷ a bare read of them;
    it must give the workbook month's rows and volume (`expect`), or the figure fails."""
    from dataclasses import replace

    from . import figures
    from .exports import write_export_month

    out = []
    forms = {"vicidial": ("hourly VICIdial Agent Performance Detail CSVs",
                          replace(cfg, aliases={**cfg.aliases, "volume": ("CALLS",), "handled": ("SALE",)})),
             "half_hour": ("half-hour 时段 xlsx, every cell text", cfg)}
    for form, (what, settings) in forms.items():
        t0 = time.perf_counter()
        root = write_export_month(tmp / f"export-{form}", form, TODAY, 31, SEED)
        print(f"{form} month written in {time.perf_counter() - t0:.1f} s", flush=True)
        c = figures.cold_load(root, settings, rounds)
        print(f"cold load, {form}: {c['rows']:,} rows in {c['files']} files; medians "
              + ", ".join(f"{k} {v:.3f} s (CPU {c['cpu'][k]:.3f} s)" for k, v in c["medians"].items()), flush=True)
        same = (c["rows"], c["volume"]) == expect
        out.append(_row(f"cold load of the month as {what} ({c['rows']:,} rows, {c['files']} files) "
                        f"÷ bare read ({c['baseline']})",
                        f"{c['load']:.2f} s ÷ {c['bare']:.2f} s = {c['ratio']:.2f}× (CPU {c['cpu_ratio']:.2f}×)"
                        + ("" if same else f"; WRONG FIGURES: {c['rows']:,} rows, volume {c['volume']:,.0f} "
                                           f"(the workbooks: {expect[0]:,}, {expect[1]:,.0f})"),
                        "≤ 1.3× (wall and CPU)", same and c["ratio"] <= 1.3 and c["cpu_ratio"] <= 1.3))
    return out


def table(rows: list[tuple]) -> str:
    """The rows as a Markdown table."""
    lines = ["| figure | measured | goal | met |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer samples")
    p.add_argument("--keep", type=Path, help="write the center into this folder and keep it")
    p.add_argument("--skip", action="append", default=[], choices=["append", "sessions", "junk", "ftp", "exports"],
                   help="leave out a slow figure (may be given more than once)")
    a = p.parse_args(argv)
    os.environ["TEAMBOARD_NOW"] = NOW
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    rounds, renders, append_rounds = (3, 5, 1) if a.quick else (7, 5, 3)
    print(machine(), flush=True)
    started = time.perf_counter()
    if a.keep:
        a.keep.mkdir(parents=True, exist_ok=True)
        rows = run(a.keep, rounds, renders, append_rounds, set(a.skip))
    else:
        with tempfile.TemporaryDirectory(prefix="teamboard-bench-") as tmp:
            rows = run(Path(tmp), rounds, renders, append_rounds, set(a.skip))
    print()
    print(table(rows))
    print(f"\n{machine()}; {time.perf_counter() - started:.0f} s in all; command: python -m bench"
          + (" --quick" if a.quick else ""))
    return 0 if all(r[3] != "NO" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
