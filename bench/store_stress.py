"""Stress figures for the local write-back store (prints them; not a timed test).

    python bench/store_stress.py                       # 20x50 appends, 200 kill -9 trials, append cost
    python bench/store_stress.py --trials 20 --quick   # a shorter run

1. 20 processes x 50 appends into the same day's table: rows present, ids unique, opens in
   openpyxl and calamine. A worker that dies (or a run past `deadline`) stops the run at once with
   the worker's exit code, instead of waiting for results that will never come.
2. kill -9 at a random moment while a child appends in a loop (it logs each id, fsync'd, after the
   append returns): every workbook still opens, every logged id is stored. The child marks in shared
   memory when a save starts and ends, so the run counts the kills that landed mid-save.
3. The cost of one append with 1,000 rows in the day against 10 rows in the day, the month full.
"""
from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import queue
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lib.config import settings  # noqa: E402
from lib.store import open_store  # noqa: E402
from lib.store.local import LocalStore  # noqa: E402

DAY = "2026-11-25"


def row(i: int, day: str = DAY) -> dict:
    """A QA row as a lead enters it: ids, names, three scorecard items, a score and a note."""
    return {"日期": day, "工号": f"{i % 10000:04d}", "姓名": "张三", "组别": "101组", "项目": "新华手机报",
            "录音编号": f"REC{i:08d}", "开场白": 9, "业务介绍": 28, "礼貌用语": 10, "总分": 47 + i % 50,
            "分析指导": "=语速偏快，注意确认客户需求"}


ROWS_PER_FILE: int | None = None   # --rows-per-file overrides config.toml's [store] rows_per_file


def store_at(root: Path) -> LocalStore:
    """The store as the app opens it, on a data folder of its own."""
    st = open_store(settings(), root)   # config.toml's [store] rows_per_file and lock timeout
    if ROWS_PER_FILE:
        st.rows_per_file = ROWS_PER_FILE
    return st


def open_everywhere(path: Path) -> int:
    """Rows of a workbook after opening it in openpyxl and in calamine (raises when either cannot)."""
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    n = load_workbook(path, read_only=True).active.max_row
    m = len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())
    if n != m:
        raise AssertionError(f"{path}: openpyxl sees {n} rows, calamine {m}")
    return n - 1


# -- 1. concurrent appends -------------------------------------------------------------------
def _appender(root: str, n: int, each: int, go, out) -> None:
    st = store_at(Path(root))
    go.wait()
    ids = []
    for i in range(each):
        ids.extend(st.append("qa", [row(n * 1000 + i)], submitted_by=f"lead{n:02d}"))
    out.put(ids)


class WorkerFailed(RuntimeError):
    """A worker process died, or the workers did not all report in time."""


def _exit(code: int | None) -> str:
    """A process's exit code in words: 'exit code 1', 'killed by SIGKILL', 'still running'."""
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def collect(workers: list, out, deadline: float, poll: float = 0.2) -> list:
    """One result from `out` per worker; WorkerFailed at once when a worker dies or `deadline` s pass.

    A worker that exits with a non-zero code (an exception, a kill) ends the wait within `poll`
    seconds; so does every worker having exited with fewer results than workers. The workers still
    running are killed before raising, so nothing is left behind."""
    results: list = []
    end = time.monotonic() + deadline
    while len(results) < len(workers):
        try:
            results.append(out.get(timeout=poll))
            continue
        except queue.Empty:
            pass
        dead = [(n, w) for n, w in enumerate(workers) if w.exitcode not in (None, 0)]
        if dead:
            problem = "; ".join(f"worker {n} (pid {w.pid}) {_exit(w.exitcode)}" for n, w in dead)
        elif all(w.exitcode is not None for w in workers):
            try:   # a result sent just before its worker exited may still be on its way
                results.append(out.get(timeout=poll))
                continue
            except queue.Empty:
                problem = "every worker exited, some without a result"
        elif time.monotonic() > end:
            problem = f"no result within {deadline:.0f}s"
        else:
            continue
        running = [w for w in workers if w.exitcode is None]
        for w in running:
            w.kill()
        for w in workers:
            w.join(timeout=5)
        raise WorkerFailed(f"{problem}: {len(results)} of {len(workers)} workers reported"
                           + (f"; the {len(running)} still running were stopped" if running else ""))
    return results


def concurrent_appends(root: Path, procs: int = 20, each: int = 50, deadline: float = 300) -> dict:
    """procs processes append `each` rows each, all at once, into the same day's table.

    WorkerFailed (within a fraction of a second) when a worker dies, naming it and its exit code;
    also when the whole run takes longer than `deadline` seconds."""
    ctx = mp.get_context("fork")
    go, out = ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=_appender, args=(str(root), n, each, go, out)) for n in range(procs)]
    for w in workers:
        w.start()
    t0 = time.perf_counter()
    go.set()
    returned = [i for ids in collect(workers, out, deadline) for i in ids]
    for w in workers:
        w.join(timeout=30)
    if any(w.exitcode != 0 for w in workers):
        raise WorkerFailed("workers reported but did not exit cleanly: "
                           + ", ".join(_exit(w.exitcode) for w in workers))
    seconds = time.perf_counter() - t0
    st = store_at(root)
    df = st.read_day("qa", DAY, history=True)
    files = st.files(st.folder(__import__("lib.store.tables", fromlist=["table"]).table("qa")), DAY)
    opened = sum(open_everywhere(f) for f in files)
    return {"expected": procs * each, "returned": len(returned), "rows": len(df),
            "unique_ids": df["记录编号"].nunique(), "all_returned_present": set(returned) <= set(df["记录编号"]),
            "workbooks": len(files), "rows_opened": opened, "seconds": seconds,
            "exit_codes": sorted({w.exitcode for w in workers})}


# -- 2. kill -9 during saves -----------------------------------------------------------------
# Where the appending child is, in shared memory the parent reads after the kill (no syscall, so
# marking costs nothing): IDLE between saves, SAVING inside LocalStore._write (locks, reading,
# staging), WRITING while a temporary workbook is written, PUBLISHING while the renames run.
IDLE, SAVING, WRITING, PUBLISHING = 0, 1, 2, 3
PHASES = {IDLE: "idle", SAVING: "saving", WRITING: "writing_temp", PUBLISHING: "publishing"}
PHASE, STARTED, FINISHED = 0, 1, 2   # slots of the shared array


def _mark(st: LocalStore, state) -> None:
    """Make `st` record in `state` when a save starts and ends, and which step of it is running."""
    def marked(step: int, inner, after: int):
        def run(*a, **kw):
            state[PHASE] = step
            try:
                return inner(*a, **kw)
            finally:
                state[PHASE] = after
        return run

    write = marked(SAVING, st._write, IDLE)

    def counted(*a, **kw):
        state[STARTED] += 1
        out = write(*a, **kw)
        state[FINISHED] += 1
        return out

    st._write = counted
    st._save_temp = marked(WRITING, st._save_temp, SAVING)
    st._publish = marked(PUBLISHING, st._publish, SAVING)


def _looper(root: str, day: str, log: str, state=None) -> None:
    st = store_at(Path(root))
    if state is not None:
        _mark(st, state)
    i = 0
    while True:
        [rid] = st.append("qa", [row(i, day)], submitted_by="killed")
        with open(log, "a", encoding="utf-8") as fh:   # only after the append has returned
            fh.write(rid + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        i += 1


def _until_saving(child, state, deadline: float) -> None:
    """Wait until the child has started its first save; WorkerFailed at once if it died first."""
    end = time.monotonic() + deadline
    while state[STARTED] == 0:
        if child.exitcode is not None:
            raise WorkerFailed(f"the appending child (pid {child.pid}) {_exit(child.exitcode)} before it "
                               f"started a save")
        if time.monotonic() > end:
            child.kill()
            child.join(timeout=5)
            raise WorkerFailed(f"the appending child started no save within {deadline:.0f}s")
        time.sleep(0.001)


def kill_trials(root: Path, trials: int = 200, seed: int = 1, max_delay: float = 0.25, days: int = 20,
                deadline: float = 60) -> dict:
    """Kill an appending child at a random moment, `trials` times; check workbooks and returned rows.

    The random delay runs from the child's first save (not from its start, which would spend the
    delay on start-up); the child's phase at the kill (`_mark`) says whether the kill landed mid-save:
    `kills_mid_save` counts those between a save's start and its end, `kills_by_phase` splits them.
    A child that died by anything but our SIGKILL fails the run (WorkerFailed), naming its exit code."""
    rnd = random.Random(seed)
    ctx = mp.get_context("fork")
    st = store_at(root)
    from lib.store.tables import table

    spec = table("qa")
    unreadable = lost = temps_left = logged_total = 0
    by_phase = dict.fromkeys(PHASES.values(), 0)
    for t in range(trials):
        day = (date(2026, 1, 1) + timedelta(days=t % days)).isoformat()
        log = root / f"trial-{t}.log"
        state = ctx.RawArray("q", 3)   # phase, saves started, saves finished
        child = ctx.Process(target=_looper, args=(str(root), day, str(log), state))
        child.start()
        _until_saving(child, state, deadline)
        time.sleep(rnd.uniform(0.0, max_delay))
        if child.exitcode is not None:   # it must still be appending: it loops until killed
            raise WorkerFailed(f"trial {t}: the appending child {_exit(child.exitcode)} before the kill")
        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=10)
        if child.exitcode != -signal.SIGKILL:
            raise WorkerFailed(f"trial {t}: the appending child {_exit(child.exitcode)}, not killed by SIGKILL")
        by_phase[PHASES[state[PHASE]]] += 1
        temps_left += len(list(st.folder(spec).glob(f".{day}*.tmp")))
        for f in st.files(spec, day):
            try:
                open_everywhere(f)
            except Exception as e:   # counted, and shown
                unreadable += 1
                print(f"  unreadable after trial {t}: {f}: {e}", file=sys.stderr)
        logged = log.read_text(encoding="utf-8").split() if log.exists() else []
        logged_total += len(logged)
        have = set(st.read_day("qa", day, history=True)["记录编号"])
        lost += len(set(logged) - have)
    for d in range(min(days, trials)):   # the next writer of each day removes what a kill left
        st.append("qa", [row(0, (date(2026, 1, 1) + timedelta(days=d)).isoformat())], submitted_by="after")
    left_after = len(list(st.folder(spec).glob("*.tmp")))
    return {"trials": trials, "unreadable_workbooks": unreadable, "returned_rows_lost": lost,
            "returned_rows_checked": logged_total, "kills_mid_save": trials - by_phase["idle"],
            "kills_by_phase": by_phase, "temps_left_by_kills": temps_left,
            "temps_after_next_append": left_after}


# -- 3. append cost --------------------------------------------------------------------------
def _snapshot(st: LocalStore, day: str, dest: Path) -> None:
    from lib.store.tables import table

    dest.mkdir(parents=True, exist_ok=True)
    for f in st.files(table("qa"), day):
        shutil.copy2(f, dest / f.name)


def _restore(st: LocalStore, day: str, src: Path) -> None:
    from lib.store.tables import table

    for f in st.files(table("qa"), day):
        f.unlink()
    for f in src.iterdir():
        shutil.copy2(f, st.folder(table("qa")) / f.name)


def _time_append(st: LocalStore, day: str, i: int) -> tuple[float, float]:
    """Wall and CPU seconds of one append (the collector held off, so it does not land in one sample)."""
    gc.collect()
    gc.disable()
    try:
        w0, c0 = time.perf_counter(), time.process_time()
        st.append("qa", [row(i, day)], submitted_by="bench")
        return time.perf_counter() - w0, time.process_time() - c0
    finally:
        gc.enable()


def append_cost(root: Path, small: int = 10, big: int = 1000, rounds: int = 5, month_rows: int = 300) -> dict:
    """Seconds per append with `small` and `big` rows already in the day; the rest of the month full.

    Samples alternate (one at `small`, one at `big`) so that a busy machine weighs on both alike; the
    `big` day grows from 1000 rows through every fill of its last workbook, each round restored."""
    st = store_at(root)
    for d in range(1, 31):
        day = f"2026-11-{d:02d}"
        n = {"2026-11-10": small, "2026-11-20": big}.get(day, month_rows)
        st.import_rows("qa", [row(i, day) for i in range(n)], "seed", id_seed=f"seed-{day}")
    cap = st.rows_per_file
    snaps = root / "snap"
    _snapshot(st, "2026-11-10", snaps / "small")
    _snapshot(st, "2026-11-20", snaps / "big")
    at_small: list[tuple[float, float]] = []
    at_big: dict[int, list[tuple[float, float]]] = {f: [] for f in range(cap)}
    for _ in range(rounds):
        _restore(st, "2026-11-20", snaps / "big")
        for k in range(cap):   # 1000, 1001, ... rows: every fill of the day's last workbook
            _restore(st, "2026-11-10", snaps / "small")
            at_small.append(_time_append(st, "2026-11-10", 1))
            at_big[(big + k) % cap].append(_time_append(st, "2026-11-20", k))
    out = {"rows_per_file": cap, "month_rows": len(st.read_month("qa", "2026-11", history=True)),
           "small_rows": small, "big_rows": big, "samples": len(at_small)}
    for kind, j in (("wall", 0), ("cpu", 1)):
        s = [x[j] for x in at_small]
        b = [x[j] for xs in at_big.values() for x in xs]
        worst = max(statistics.median([x[j] for x in xs]) for xs in at_big.values())
        out[kind] = {"small_median_ms": statistics.median(s) * 1e3, "big_median_ms": statistics.median(b) * 1e3,
                     "big_worst_fill_ms": worst * 1e3, "ratio_median": statistics.median(b) / statistics.median(s),
                     "ratio_worst_fill": worst / statistics.median(s)}
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the three figures and print them."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--procs", type=int, default=20)
    p.add_argument("--each", type=int, default=50)
    p.add_argument("--trials", type=int, default=200)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rows-per-file", type=int, help="override [store] rows_per_file")
    p.add_argument("--only", choices=["concurrency", "kill", "cost"], help="run one figure")
    p.add_argument("--quick", action="store_true", help="fewer rounds and trials")
    a = p.parse_args(argv)
    os.environ.setdefault("TEAMBOARD_NOW", "2026-11-25 11:05")   # a fixed 提交时间, like the tests
    global ROWS_PER_FILE
    ROWS_PER_FILE = a.rows_per_file
    if a.quick:
        a.trials, a.rounds = min(a.trials, 20), 2
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, rows_per_file "
          f"{ROWS_PER_FILE or settings().store.rows_per_file}")
    with tempfile.TemporaryDirectory() as tmp:
        if a.only in (None, "concurrency"):
            _print_concurrency(concurrent_appends(Path(tmp) / "c", a.procs, a.each), a)
        if a.only in (None, "kill"):
            _print_kill(kill_trials(Path(tmp) / "k", a.trials, a.seed))
        if a.only in (None, "cost"):
            _print_cost(append_cost(Path(tmp) / "a", rounds=a.rounds))
    return 0


def _print_concurrency(r: dict, a: argparse.Namespace) -> None:
    print(f"1. concurrency: {a.procs} processes x {a.each} appends -> {r['rows']}/{r['expected']} rows, "
          f"{r['unique_ids']} unique ids, every returned id present: {r['all_returned_present']}, "
          f"{r['workbooks']} workbooks open in openpyxl and calamine ({r['rows_opened']} rows), "
          f"{r['seconds']:.1f}s, exit codes {r['exit_codes']}")


def _print_kill(k: dict) -> None:
    print(f"2. kill -9: {k['trials']} trials -> {k['unreadable_workbooks']} unreadable workbooks, "
          f"{k['returned_rows_lost']} of {k['returned_rows_checked']} returned rows lost; "
          f"{k['kills_mid_save']} kills landed mid-save ({k['kills_by_phase']['writing_temp']} writing the "
          f"temporary workbook, {k['kills_by_phase']['publishing']} publishing it, "
          f"{k['kills_by_phase']['saving']} in the rest of the save), {k['temps_left_by_kills']} left a temp file, "
          f"{k['temps_after_next_append']} temp files after the next append to each day")


def _print_cost(c: dict) -> None:
    print(f"3. append cost ({c['month_rows']} rows in the month, {c['rows_per_file']} rows per workbook, "
          f"{c['samples']} samples each side):")
    for kind in ("wall", "cpu"):
        m = c[kind]
        print(f"   {kind:4}: at {c['small_rows']} rows {m['small_median_ms']:.1f} ms; at {c['big_rows']}.."
              f"{c['big_rows'] + c['rows_per_file'] - 1} rows {m['big_median_ms']:.1f} ms (worst fill "
              f"{m['big_worst_fill_ms']:.1f} ms); ratio {m['ratio_median']:.2f} (worst fill {m['ratio_worst_fill']:.2f})")


if __name__ == "__main__":
    sys.exit(main())
