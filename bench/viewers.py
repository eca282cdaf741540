"""Wall viewers against one real Streamlit server: its CPU per minute, rerun latency, unanswered reruns.

    python -m bench.viewers --viewers 1,10,30,100 --seconds 60 [--center DIR]

The bench starts `streamlit run dashboard.py --server.headless true --server.port P` (one process,
sign-in off, the data folder the benchmark center: bench/center.py, written once into --center) and
drives N light clients over Streamlit's own websocket protocol (`/_stcore/stream`, the subprotocol
"streamlit", BackMsg / ForwardMsg from `streamlit.proto`), each doing what a browser tab on a TV
does: it asks for the wall page (`rerun_script` with page_name "wall" and the query string), and when
the server sends the fragment's `auto_rerun` (interval, fragment id) it asks for that fragment again
every interval, on a fixed timer as the frontend's setInterval does, whatever the last answer.

The center's day is 2026-10-31; the viewers open `/wall?embed=true&date=2026-10-31`, so the server's
real clock pages through its 34 pages of 18 agents and every tick is a new board, as on a live day.
The viewers open evenly spread over one tick (screens are switched on one after another; their
timers then keep those phases); with --together all at once, so each tick's N requests arrive
within the second or two their first runs took (a server restart: every screen reconnects). The
tick is the shipped config's ([wall] refresh_seconds and page_seconds: 15 s while the board pages).

Figures, over `seconds` of wall time once every viewer has its first board:
- server CPU: the server process's user + system CPU seconds (with its children's) per minute of
  wall time, from /proc/<pid>/stat; two cores give 120.
- rerun latency: from a client sending a tick's rerun request to its receiving that rerun's
  `script_finished` (the board's HTML has arrived before it).
- unanswered: a tick's request without its `script_finished` when the viewer's next tick is sent
  (or within one tick after the window).
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 10, 31)
QUERY = f"embed=true&date={DAY.isoformat()}"
HZ = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process, its waited-for children and its live descendants."""
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            # fields[11:15]: utime, stime, cutime, cstime (the 14th to 17th of stat)
            total += sum(int(x) for x in fields[11:15]) / HZ
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue   # a child that ended meanwhile: its time is in its parent's cutime
    return total


def start_server(config: Path, port: int, cache_dir: Path, app: Path = ROOT) -> subprocess.Popen:
    """`streamlit run dashboard.py` of the checkout `app`, headless on 127.0.0.1:port with `config` in force;
    returns once it answers its health check."""
    env = {**os.environ, "DASHBOARD_CONFIG": str(config), "TEAMBOARD_CACHE_DIR": str(cache_dir)}
    env.pop("TEAMBOARD_NOW", None)   # the real clock: the board pages as on the floor
    env.pop("TEAMBOARD_DEBUG", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=app, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.2)   # the server is still starting: poll its health check again
    stop_server(proc)
    raise RuntimeError("streamlit did not answer its health check within 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    """End the server this bench started (by its own process, never by name)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Viewer:
    """One wall screen's websocket session and what it saw."""

    port: int
    query: str = QUERY
    opened: float | None = None          # seconds from connecting to the first run's script_finished
    tick: float | None = None            # the fragment's interval, from auto_rerun
    latencies: list[tuple[float, float]] = field(default_factory=list)   # (sent at, seconds to its script_finished)
    unanswered: list[float] = field(default_factory=list)                # sent at, of requests never answered
    boards: int = 0                      # deltas holding the board's HTML
    errors: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)   # script_finished statuses seen, by number
    _pending: deque = field(default_factory=deque)
    _page_hash: str = ""

    def _rerun(self, fragment_id: str = "", auto: bool = False) -> bytes:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = "wall"
        cs.page_script_hash = self._page_hash
        cs.fragment_id = fragment_id
        cs.is_auto_rerun = auto
        cs.context_info.url = f"http://127.0.0.1:{self.port}/wall?{self.query}"
        cs.context_info.is_embedded = "embed=true" in self.query
        cs.context_info.timezone = "Asia/Shanghai"
        return msg.SerializeToString()

    async def run(self, until: float, silence: float = 30) -> None:
        """Open the wall, then answer the server's auto_rerun as a browser's timer does, until `until` (monotonic);
        then wait for the last answers, at most a tick (`silence` seconds before the first)."""
        import websockets
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        timers: list[asyncio.Task] = []
        t0 = time.monotonic()
        async with websockets.connect(f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"],
                                      max_size=None, ping_interval=None, open_timeout=60) as ws:
            await ws.send(self._rerun())

            async def timer(fragment_id: str, interval: float) -> None:
                due = time.monotonic() + interval
                while due < until:
                    await asyncio.sleep(max(0.0, due - time.monotonic()))
                    while self._pending:   # no script_finished before this tick: the last one is unanswered
                        self.unanswered.append(self._pending.popleft())
                    self._pending.append(time.monotonic())
                    await ws.send(self._rerun(fragment_id, auto=True))
                    due += interval

            try:
                while True:
                    # `silence` until the first board (a cold start may take longer than a tick), then a tick
                    left = max(until, t0) + (self.tick if self.tick and self.opened is not None else silence) \
                        - time.monotonic()
                    if left <= 0:
                        break
                    try:
                        data = await asyncio.wait_for(ws.recv(), timeout=left)
                    except asyncio.TimeoutError:
                        break
                    msg = ForwardMsg()
                    msg.ParseFromString(data)
                    kind = msg.WhichOneof("type")
                    if kind == "new_session":
                        self._page_hash = msg.new_session.page_script_hash
                        if not msg.metadata.run.fragment_ids:   # a full run: the frontend clears its timers
                            for t in timers:
                                t.cancel()
                            timers.clear()
                    elif kind == "auto_rerun":
                        self.tick = msg.auto_rerun.interval
                        timers.append(asyncio.create_task(timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)))
                    elif kind == "delta":
                        el = msg.delta.new_element
                        which = el.WhichOneof("type")
                        if which == "html" and 'class="tbw"' in el.html.body:
                            self.boards += 1
                        elif which == "exception" or (which == "alert" and el.alert.format == el.alert.ERROR):
                            self.errors.append(el.exception.message if which == "exception" else el.alert.body)
                    elif kind == "script_finished":
                        self.statuses[msg.script_finished] = self.statuses.get(msg.script_finished, 0) + 1
                        now = time.monotonic()
                        done = msg.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY,
                                                       ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
                        if self.opened is None and done:
                            self.opened = now - t0
                        elif self._pending and done:
                            sent = self._pending.popleft()
                            self.latencies.append((sent, now - sent))
                        elif self._pending:   # stopped for another rerun, or an error: no board for that tick
                            self.unanswered.append(self._pending.popleft())
                    if time.monotonic() > until and self.opened is not None and not self._pending:
                        break   # the window is over and every request has its answer
            finally:
                for t in timers:
                    t.cancel()
                self.unanswered += list(self._pending)   # asked, never answered within a tick of the end
                self._pending.clear()


def _run(coro):
    """asyncio.run, on a thread of its own when this thread already runs a loop (Playwright's sync API
    in the same test process keeps one running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _drive(port: int, n: int, seconds: float, spread: float, query: str, pid: int, settle: float) -> dict:
    """N viewers opened one after another over `spread` seconds, then a window of `seconds`: what was seen."""
    import websockets

    viewers = [Viewer(port, query) for _ in range(n)]
    t0 = time.monotonic() + spread + settle   # every viewer has opened (and its first tick is due) by then
    t1 = t0 + seconds

    async def one(v: Viewer) -> None:
        try:
            await v.run(t1)
        except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException) as e:
            v.errors.append(f"{type(e).__name__}: {e}")   # a session the server dropped or never opened

    tasks = []
    for v in viewers:
        tasks.append(asyncio.create_task(one(v)))
        await asyncio.sleep(spread / n)
    await asyncio.sleep(max(0.0, t0 - time.monotonic()))
    cpu0, t0 = process_cpu(pid), time.monotonic()
    await asyncio.sleep(max(0.0, t1 - time.monotonic()))
    cpu1, t1 = process_cpu(pid), time.monotonic()
    await asyncio.gather(*tasks)
    return {"viewers": viewers, "cpu": cpu1 - cpu0, "t0": t0, "t1": t1}


def measure(port: int, pid: int, n: int, seconds: float, tick: float, query: str = QUERY, settle: float = 2.0,
            together: bool = False) -> dict:
    """N viewers on a running server for `seconds`: CPU s per minute, latency median / p95 / max, unanswered.

    They open spread over one `tick` (`together`: all at once, so every tick's N requests arrive
    together); the window starts `settle` seconds after the last has opened."""
    got = _run(_drive(port, n, seconds, 0.0 if together else tick, query, pid, settle + (tick if together else 0)))
    viewers, cpu, t0, t1 = got["viewers"], got["cpu"], got["t0"], got["t1"]
    lat = sorted(s for v in viewers for sent, s in v.latencies if t0 <= sent <= t1)
    missed = sum(1 for v in viewers for sent in v.unanswered if t0 <= sent <= t1)
    never = sum(1 for v in viewers if v.opened is None)
    opened = sorted(v.opened for v in viewers if v.opened is not None)
    return {
        "viewers": n, "seconds": round(t1 - t0, 1), "cpu_s": cpu, "cpu_per_min": cpu / (t1 - t0) * 60,
        "reruns": len(lat), "unanswered": missed + never,
        "median": statistics.median(lat) if lat else None, "p95": _pct(lat, 95), "max": lat[-1] if lat else None,
        "open_median": statistics.median(opened) if opened else None,
        "boards": sum(v.boards for v in viewers), "errors": sorted({e for v in viewers for e in v.errors}),
        "tick": next((v.tick for v in viewers if v.tick), None), "load": os.getloadavg(),
        "statuses": {k: sum(v.statuses.get(k, 0) for v in viewers) for k in sorted({k for v in viewers for k in v.statuses})},
    }


def _pct(values: list[float], p: float) -> float | None:
    """The p-th percentile of sorted values (nearest rank)."""
    if not values:
        return None
    return values[min(len(values) - 1, max(0, -(-len(values) * p // 100) - 1))]


def first_board(port: int, query: str = QUERY, timeout: float = 300) -> Viewer:
    """One viewer's first board (the server's cold load of the center), then it leaves."""
    v = Viewer(port, query)
    _run(v.run(time.monotonic(), silence=timeout))   # over already: it leaves at its first board
    if v.errors or not v.boards:
        raise RuntimeError(f"the wall did not draw its board: {v.errors or 'no board'}")
    return v


def viewer_figures(center_dir: Path, viewers: list[int], seconds: float, config: Path | None = None,
                   query: str = QUERY, app: Path = ROOT, together: bool = False) -> dict:
    """{N: figures} for each number of viewers, each on a fresh server over the center in `center_dir`
    (`app`: the checkout served, to compare with an earlier commit's)."""
    from .__main__ import write_config

    out = {}
    with tempfile.TemporaryDirectory(prefix="teamboard-viewers-") as tmp:
        cfg = config or write_config(Path(tmp), Path(center_dir))
        cache = Path(tmp) / "cache"
        for n in viewers:
            port = free_port()
            proc = start_server(cfg, port, cache, app)
            try:
                first = first_board(port, query)
                out[n] = measure(port, proc.pid, n, seconds, first.tick or 15, query, together=together)
                out[n]["first_board_s"] = first.opened
            finally:
                stop_server(proc)
            print(line(out[n]), flush=True)
    return out


GOAL = "≤ 15 CPU s per minute; rerun latency p95 ≤ 1 s; 0 unanswered"


def met(f: dict) -> bool:
    """Whether a number of viewers meets issue 19's goal (the figure is meant for 100 viewers)."""
    return f["cpu_per_min"] <= 15 and f["p95"] is not None and f["p95"] <= 1 and f["unanswered"] == 0 and not f["errors"]


def viewer_row(center_dir: Path, n: int, seconds: float = 60) -> tuple[str, str, str, str]:
    """python -m bench's row for N viewers: (figure, measured, goal, met)."""
    f = viewer_figures(center_dir, [n], seconds)[n]
    ms = lambda x: "—" if x is None else f"{x:.2f}"
    return (f"{n} wall viewers on one server (websocket clients, {f['seconds']:.0f} s; bench/viewers.py)",
            f"{f['cpu_per_min']:.1f} CPU s/min; latency median {ms(f['median'])} s, p95 {ms(f['p95'])} s; "
            f"{f['unanswered']} unanswered of {f['reruns'] + f['unanswered']}", GOAL, "yes" if met(f) else "NO")


def line(f: dict) -> str:
    """One row of the table."""
    ms = lambda x: "—" if x is None else f"{x:.2f}"
    load = " ".join(f"{x:.2f}" for x in f["load"])
    err = f"; errors: {f['errors']}" if f["errors"] else ""
    return (f"| {f['viewers']} | {f['cpu_per_min']:.1f} | {ms(f['median'])} / {ms(f['p95'])} s (max {ms(f['max'])}) "
            f"| {f['unanswered']} | {f['reruns']} | {load}{err} |")


HEAD = ("| wall viewers | server CPU s/min | rerun latency median / p95 | unanswered reruns | reruns answered "
        "| load average (1, 5, 15 min) at the end |\n|---|---|---|---|---|---|")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.viewers", description=__doc__.splitlines()[0])
    p.add_argument("--viewers", default="1,10,30,100", help="comma-separated numbers of viewers")
    p.add_argument("--seconds", type=float, default=60, help="the measured window for each number")
    p.add_argument("--center", type=Path, help="the benchmark center's folder (written there when missing)")
    p.add_argument("--together", action="store_true", help="open every viewer at once: their ticks all fall together")
    p.add_argument("--app", type=Path, default=ROOT, help="the checkout to serve (e.g. `git archive` of an earlier commit)")
    a = p.parse_args(argv)
    counts = [int(x) for x in a.viewers.split(",") if x.strip()]
    with tempfile.TemporaryDirectory(prefix="teamboard-center-") as tmp:
        center = a.center or Path(tmp) / "center"
        if not (center / "reports").is_dir():
            from .center import write_center
            write_center(center, DAY, 31, 8, 8)
        print(HEAD, flush=True)
        figures = viewer_figures(center, counts, a.seconds, app=a.app, together=a.together)
    print()
    print(HEAD)
    for n in counts:
        print(line(figures[n]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
