"""The wall screen in a real browser at 1920×1080: it renders the ranking and nothing scrolls.

Starts `streamlit run dashboard.py` on a free port with a config whose data folder is the demo and
a fixed clock, opens /wall?embed=true in headless Chromium (Debian's, /usr/bin/chromium) and saves
a screenshot to test-artifacts/ for people to look at.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not start")


@pytest.fixture
def server(demo_config, tmp_path):
    """A streamlit server on the demo with TEAMBOARD_NOW fixed; killed at teardown."""
    port = _free_port()
    # 11:05:20 shows the first of the three pages (48 agents at 11:00, 18 a page): the top three
    env = dict(os.environ, DASHBOARD_CONFIG=str(demo_config), TEAMBOARD_NOW="2026-11-25 11:05:20")
    log = open(tmp_path / "streamlit.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                             "--server.port", str(port), "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_up(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def shoot(url: str, path: str, name: str) -> dict:
    """Open a page at 1920×1080, wait for the board, save a screenshot; the scroll sizes measured."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(url + path)
            page.wait_for_selector(".tbw-ranking tbody tr, .tbw-empty", timeout=60_000)
            page.wait_for_timeout(500)   # fonts and layout settle
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / name))
            return page.evaluate("""() => {
                const box = (sel) => { const e = document.querySelector(sel);
                    return e ? [e.scrollHeight, e.clientHeight, e.scrollWidth, e.clientWidth] : null; };
                return {doc: [document.documentElement.scrollHeight, window.innerHeight,
                              document.documentElement.scrollWidth, window.innerWidth],
                        main: box('[data-testid="stMain"]'), view: box('[data-testid="stAppViewContainer"]'),
                        rows: document.querySelectorAll('.tbw-ranking tbody tr').length,
                        last: (() => { const r = [...document.querySelectorAll('.tbw-ranking tbody tr')].pop();
                                       return r ? r.getBoundingClientRect().bottom : 0; })()};
            }""")
        finally:
            browser.close()


def _fits(m: dict) -> None:
    doc_h, inner_h, doc_w, inner_w = m["doc"]
    assert doc_h <= inner_h and doc_w <= inner_w, m
    for key in ("main", "view"):
        if m[key] is not None:
            sh, ch, sw, cw = m[key]
            assert sh <= ch and sw <= cw, (key, m)
    assert m["last"] <= 1080, m


def test_wall_fits_1920x1080_without_scrolling(server):
    m = shoot(server, "/wall?embed=true", "wall-embed-1105.png")
    assert m["rows"] == 18    # a full page
    _fits(m)


def test_wall_with_menu_and_pinned_group_fits_too(server):
    m = shoot(server, "/wall?group=103", "wall-group-103.png")
    assert 0 < m["rows"] <= 18
    _fits(m)
