"""Pages rendered as a browser session would, through Streamlit's AppTest, on the generated center.

    python -m bench.pages memory    # run by the benchmark in a child process: peak RSS of an app process
    python -m bench.pages first     # ... and: seconds to the first wall screen after a start

The config in force (DASHBOARD_CONFIG) points at the center; sign-in is off, so every page opens
as the local administrator.
"""
from __future__ import annotations

import gc
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"wall": "pages/wall.py", "lead": "pages/lead.py", "review": "pages/review.py"}


def _session(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()
    at.switch_page(page).run()
    _check(at, page)
    return at


def _check(at, page: str) -> None:
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    titles = [t.value for t in at.title]
    if page != PAGES["wall"] and not titles:
        raise RuntimeError(f"{page}: nothing drawn")


def warm_render(page: str, runs: int = 5) -> dict:
    """Median seconds of `runs` reruns of a page whose session has already drawn it once (the floor cached).

    Also the CPU seconds the process spent on each rerun: on a machine shared with other work the
    wall clock waits for the CPU, the CPU time does not.
    """
    at = _session(page)
    samples, cpu = [], []
    for _ in range(runs):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        at.run()
        samples.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        _check(at, page)
    return {"median": statistics.median(samples), "samples": samples, "cpu": statistics.median(cpu)}


def sessions_after_change(page: str, change, n: int) -> list:
    """`n` fresh sessions opening a page after one file change (each an AppTest of its own)."""
    change()
    return [_session(page) for _ in range(n)]


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB.

    VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over exec from the forked copy of the
    parent, so a child of a big benchmark process would report the parent's size.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def first_render(page: str = PAGES["wall"]) -> float:
    """Seconds from a new session to its first drawing of `page` in this fresh process (a start)."""
    from streamlit.testing.v1 import AppTest  # noqa: F401  (Streamlit's own import is not the start)

    t0 = time.perf_counter()
    _session(page)
    return time.perf_counter() - t0


def memory() -> None:
    """Load the month and draw every page, then print this process's peak RSS in MB."""
    for page in PAGES.values():
        if (ROOT / page).exists():
            warm_render(page, runs=2)
    print(f"{peak_rss_mb():.1f}")


if __name__ == "__main__":
    if sys.argv[1:] == ["memory"]:
        memory()
    elif sys.argv[1:] == ["first"]:
        print(f"{first_render():.4f}")
    else:
        sys.exit(__doc__)
