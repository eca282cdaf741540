"""Five 600-agent centers on one server, measured in one process (issue 19, item 6).

    python -m bench.centers DIR     # writes the centers into DIR (kept: a second run reuses them)

Each center is bench/center.py's month (600 agents, 8 slots, 31 daily files) with a seed of its
own. The config names them as five [[center]] tables with sign-in off (the local administrator,
who sees every center); the figures are the first wall render of each center in a fresh AppTest
session (its files parsed, or read from the parse cache in DIR/cache on a second run), a warm rerun
of each, and the process's peak memory with all five floors loaded.
"""
from __future__ import annotations

import gc
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

from .__main__ import NOW, ROOT, TODAY
from .pages import peak_rss_mb

IDS = ("c1", "c2", "c3", "c4", "c5")
SEEDS = (8, 11, 13, 17, 19)   # a different floor in each center
DAYS, SLOTS = 31, 8


def write_centers(folder: Path) -> list[Path]:
    """The five centers' data folders under `folder`, written unless a roster is already there."""
    from .center import write_center

    out = []
    for cid, seed in zip(IDS, SEEDS):
        data = folder / cid
        if not (data / "schedule.xlsx").exists() or len(list((data / "reports").glob("*.xlsx"))) < DAYS:
            t0 = time.perf_counter()
            write_center(data, TODAY, DAYS, SLOTS, seed)
            print(f"{cid} written in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
        out.append(data)
    return out


def write_config(folder: Path, datas: list[Path]) -> Path:
    """The repo's config.toml with five [[center]] tables in place of `center = []`, sign-in off."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = re.sub(r"(\[auth\][^\[]*?)enabled\s*=\s*true", r"\1enabled = false", text, count=1)
    text = re.sub(r"(?m)^center = \[\].*$", "", text, count=1)
    text += "".join(f'\n[[center]]\nid = "{cid}"\nname = "中心 {cid}"\npath = "{data.as_posix()}"\n'
                    for cid, data in zip(IDS, datas))
    path = folder / "config-centers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _wall(cid: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.query_params["center"] = cid
    at.run()
    at.switch_page("pages/wall.py").run()
    if at.exception:
        raise RuntimeError(f"{cid}: {at.exception[0].value}")
    if at.sidebar.selectbox(key="center_select").value != cid:   # the wall drew the center asked for
        raise RuntimeError(f"{cid}: the wall shows {at.sidebar.selectbox(key='center_select').value}")
    if not at.get("html"):
        raise RuntimeError(f"{cid}: no board drawn")
    return at


def measure(folder: Path, reruns: int = 3) -> dict:
    """First wall render and warm rerun (median of `reruns`) of each center, seconds; peak RSS in MB."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    datas = write_centers(folder)
    os.environ["DASHBOARD_CONFIG"] = str(write_config(folder, datas))
    os.environ["TEAMBOARD_NOW"] = NOW
    os.environ.setdefault("TEAMBOARD_CACHE_DIR", str(folder / "cache"))
    cold_cache = not any(Path(os.environ["TEAMBOARD_CACHE_DIR"]).glob("**/*.arrow"))
    first, warm, cpu = {}, {}, {}
    for cid in IDS:
        gc.collect()
        t0 = time.perf_counter()
        at = _wall(cid)
        first[cid] = round(time.perf_counter() - t0, 2)
        samples, cpus = [], []
        for _ in range(reruns):
            t0, c0 = time.perf_counter(), time.process_time()
            at.run()
            samples.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        warm[cid], cpu[cid] = round(statistics.median(samples), 3), round(statistics.median(cpus), 3)
    return {"centers": len(IDS), "agents_each": 600, "days": DAYS, "parse_cache_cold": cold_cache,
            "first_wall_s": first, "warm_wall_s": warm, "warm_wall_cpu_s": cpu,
            "peak_rss_mb": round(peak_rss_mb(), 1)}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(measure(Path(sys.argv[1])), ensure_ascii=False, indent=1))
