"""The month on a local FTP server (pyftpdlib, 127.0.0.1, in a thread): a refresh after one changed file.

The figure: seconds from today's changed export to today's ranking and standings with `[source] kind =
"ftp"` (list the server, download the one changed file into the mirror, parse it, combine) against the
same refresh on the local folder, and how many files that refresh downloaded (goal: one, ≤ 2× local).
"""
from __future__ import annotations

import logging
import statistics
import threading
from dataclasses import replace
from pathlib import Path

from lib.config import Settings
from lib.floor.cache import load_floor
from lib.floor.metrics import group_standings, ranking_at
from lib.floor.sources import ftp as ftp_source

from .figures import TodayFile, _timed


def quiet_pyftpdlib() -> None:
    """pyftpdlib logs a line per connection and per poll unless told otherwise."""
    logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
    if not logging.getLogger("pyftpdlib").handlers:   # else pyftpdlib sets up its own stderr log
        logging.getLogger("pyftpdlib").addHandler(logging.NullHandler())


class ThreadedServer:
    """A pyftpdlib server on 127.0.0.1 (a free port) served on a thread of its own until close().
    The tests' server (tests/test_ftp_source.py) is one too, with accounts and handlers of its own."""

    def serve(self, handler: type) -> None:
        from pyftpdlib.ioloop import IOLoop
        from pyftpdlib.servers import FTPServer

        self.server = FTPServer(("127.0.0.1", 0), handler, ioloop=IOLoop())   # its own loop: closing it closes only it
        self.port = self.server.address[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            self.server.serve_forever(timeout=0.02, blocking=False)
        self.server.close_all()

    def close(self):
        self._stop.set()
        self._thread.join(5)


class _Server(ThreadedServer):
    def __init__(self, folder: Path):
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import FTPHandler

        quiet_pyftpdlib()
        auth = DummyAuthorizer()
        auth.add_user("bench", "bench", str(folder), perm="elr")
        self.serve(type("BenchHandler", (FTPHandler,), {"authorizer": auth}))


def ftp_settings(settings: Settings, port: int, app: Path) -> Settings:
    """The settings with the FTP source on the bench server, the mirror under `app`."""
    ftp = replace(settings.source.ftp, host="127.0.0.1", port=port, user="bench", password="bench",
                  refresh_seconds=0.0, timeout_seconds=10.0)
    return replace(settings, source=replace(settings.source, kind="ftp", demo_path=str(app / "demo"), ftp=ftp))


def ftp_refresh(root: Path, today_file: TodayFile, settings: Settings, app: Path, today, at_minute: int,
                rounds: int) -> dict:
    """Median seconds of a refresh after one changed file, over FTP and on the folder, alternated."""
    server = _Server(root)
    try:
        remote = ftp_settings(settings, server.port, app)
        mirror = ftp_source.mirror_root(remote)
        load_floor(mirror, remote)   # the first sync downloads the month

        def one(folder: Path, cfg: Settings) -> tuple[float, int]:
            load_floor(folder, cfg)   # warm: the month is present (and mirrored)
            today_file.change()
            before = ftp_source.STATS["downloads"]

            def run():
                f = load_floor(folder, cfg)
                ranking_at(f.reports, today, at_minute, cfg.min_volume)
                group_standings(f.reports, today, at_minute)
            return _timed(run), ftp_source.STATS["downloads"] - before

        f_s, l_s, downloads = [], [], []
        for _ in range(rounds):
            seconds, n = one(mirror, remote)
            f_s.append(seconds)
            downloads.append(n)
            l_s.append(one(root, settings)[0])
        ff, ll = statistics.median(f_s), statistics.median(l_s)
        return {"ftp": ff, "local": ll, "ratio": ff / ll, "downloads": downloads, "samples_ftp": f_s,
                "samples_local": l_s}
    finally:
        server.close()
        ftp_source.forget()
