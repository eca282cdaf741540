"""A 200,000-row junk CSV beside a normal month: what it adds to a cold load, in time and memory.

    python -m bench.junk load DIR    # run by the benchmark in a fresh process: a cold load of DIR
    python -m bench.junk read FILE   # run by the benchmark in a fresh process: the junk file's own read

The junk (issue 14): a valid report header, then 200,000 rows of 11 cells of six random letters
each, in reports/ beside the month's 31 workbooks. The loader should leave it out after looking at
its top (lib/floor/load/reports.py, SAMPLE), so the goal is that it adds at most *its own read
time* and less than 200 MB of peak memory. Its own read time is defined here as reading the file's
bytes, decoding them (UTF-8) and splitting the whole text into cells with Python's csv module:
what a loader that read it like any other CSV would pay before looking at a single value.

Every sample runs in a fresh process (`sys.executable -m bench.junk ...`), so nothing is cached
between them and the peak memory is that process's own (VmHWM); each child prints one line of JSON.
The times compared are the fastest of the rounds on each side: the added time is a difference of
two cold loads of about a second, and on a shared machine one busy moment moves a sample by more
than the junk costs, where the fastest of a few is the one others' work weighed on least (the CPU
seconds, medians, are shown beside it). The memory figures are medians.
"""
from __future__ import annotations

import csv
import gc
import io
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ROWS = 200_000
HEADER = "日期,时段,工号,姓名,组别,项目,数据量,接通量,办理量,销售额,通话时长"
LETTERS = np.frombuffer(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
CELL = 6


def write_junk(path: Path, rows: int = ROWS, seed: int = 14) -> Path:
    """The header, then `rows` lines of 11 cells of CELL random letters (UTF-8, LF line ends)."""
    cols = len(HEADER.split(","))
    rng = np.random.default_rng(seed)
    body = np.empty((rows, cols, CELL + 1), dtype=np.uint8)
    body[:, :, :CELL] = LETTERS[rng.integers(len(LETTERS), size=(rows, cols, CELL))]
    body[:, :, CELL] = ord(",")
    body[:, -1, CELL] = ord("\n")
    path.write_bytes((HEADER + "\n").encode("utf-8") + body.tobytes())
    return path


def _peak_mb() -> float:
    from .pages import peak_rss_mb   # VmHWM: this process's own peak, not the forked parent's

    return peak_rss_mb()


def child_load(root: Path) -> dict:
    """A cold load of `root` in this (fresh) process: seconds, CPU seconds, peak RSS, what came out."""
    from lib.config import settings
    from lib.floor.cache import load_floor

    cfg = settings()
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    floor = load_floor(root, cfg)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    junk = floor.problems[floor.problems["file"].str.contains("junk", regex=False)]
    return {"seconds": wall, "cpu": cpu, "peak_mb": _peak_mb(), "rows": len(floor.reports),
            "junk_problems": len(junk), "junk_errors": int((junk["severity"] == "error").sum())}


def child_read(path: Path) -> dict:
    """The junk file's own read in this (fresh) process: bytes, UTF-8 decode, the whole text csv-split."""
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    text = path.read_bytes().decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(text, newline="")))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": wall, "cpu": cpu, "peak_mb": _peak_mb(), "rows": len(cells)}


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.junk", *args], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def junk_figure(month: Path, scratch: Path, rounds: int) -> dict:
    """Cold loads of the month without and with the junk beside it, and the junk's own read, each in a
    fresh process, alternated `rounds` times; what the junk added (fastest times, median memory)."""
    with_junk = scratch / "month-junk"
    if with_junk.exists():
        shutil.rmtree(with_junk)
    shutil.copytree(month, with_junk, ignore=shutil.ignore_patterns("records"))
    junk = write_junk(with_junk / "reports" / "junk.csv")
    samples: dict[str, list[dict]] = {"without": [], "with": [], "read": []}
    for _ in range(rounds):
        samples["without"].append(_child("load", str(month)))
        samples["with"].append(_child("load", str(with_junk)))
        samples["read"].append(_child("read", str(junk)))
    med = {k: {f: statistics.median(s[f] for s in v) for f in ("seconds", "cpu", "peak_mb")}
           for k, v in samples.items()}
    fast = {k: min(s["seconds"] for s in v) for k, v in samples.items()}
    last = samples["with"][-1]
    if last["rows"] != samples["without"][-1]["rows"] or last["junk_errors"] < 1:
        raise RuntimeError(f"the junk file changed the month or was not reported: {last}")
    return {"rows": ROWS, "mb": junk.stat().st_size / 1e6, "rounds": rounds, "medians": med, "samples": samples,
            "fastest": fast, "added_s": fast["with"] - fast["without"],
            "added_cpu": med["with"]["cpu"] - med["without"]["cpu"],
            "added_mb": med["with"]["peak_mb"] - med["without"]["peak_mb"],
            "read_s": fast["read"], "read_cpu": med["read"]["cpu"],
            "junk_problems": last["junk_problems"]}


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("load", "read"):
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        do = child_load if sys.argv[1] == "load" else child_read
        print(json.dumps(do(Path(sys.argv[2]))))
    else:
        sys.exit(__doc__)
