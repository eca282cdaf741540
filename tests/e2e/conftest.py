"""The browser tests' shared pieces: one `streamlit run dashboard.py` per test session, Chromium, sign-in.

The server runs on a free localhost port against a private copy of the demo center (written with
lib.demo, with the leads' records of lib.demo_records), a fixed clock (2026-11-25 11:05:20) and
sign-in on, with accounts for the people the flows sign in as. Debian's Chromium (/usr/bin/chromium)
is driven by Playwright, which cannot download its own browser here; without it every test of this
folder is skipped and says why. Screenshots go to test-artifacts/ (git-ignored) for people to look at.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.helpers import (
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    DAY,
    DIRECTOR,
    DUTY,
    LEAD,
    MANAGER,
    NOW,
    PASSWORD,
    RUN_COUNTER,
    TIMEOUT_MS,
    shot,
)

HERE = Path(__file__).resolve().parent
WALL_REFRESH_SECONDS = 2   # the wall redraws this often here, so a changed report shows within seconds


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                                   "(`apt-get install chromium`, as .ci/run does)")
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed   # the page fixture keeps a screenshot of a failed flow
    return report


@dataclass(frozen=True)
class App:
    """The running app: its URL, its data folder and config, the environment its processes see."""

    url: str
    data: Path
    config: Path
    env: dict


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


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"config.toml no longer holds {old!r}: update tests/e2e/conftest.py"
    return text.replace(old, new, 1)


def _config(path: Path, data: Path, users: Path) -> Path:
    """The repo's config.toml on this data folder and users file, sign-in on, the wall quick to refresh."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = _replace(text, 'path = ""', f'path = "{data.as_posix()}"')
    text = _replace(text, 'users_file = "~/.teamboard/users.json"', f'users_file = "{users.as_posix()}"')
    text = _replace(text, "refresh_seconds = 60\nstale_minutes",
                    f"refresh_seconds = {WALL_REFRESH_SECONDS}\nstale_minutes")
    path.write_text(text, encoding="utf-8")
    with open(path, "rb") as fh:
        assert tomllib.load(fh)["auth"]["enabled"] is True
    return path


def _demo(data: Path, config: Path) -> None:
    """The demo center as of NOW, with its leads' records of the past days and today's early attendance."""
    from lib.config import settings_from_dict
    from lib.demo.center import write_demo
    from lib.demo.records import seed_demo_records
    from lib.floor.cache import load_floor
    minute = int(NOW[11:13]) * 60 + int(NOW[14:16])
    write_demo(data, DAY, minute)
    with open(config, "rb") as fh:
        cfg = settings_from_dict(tomllib.load(fh), config.parent)
    seed_demo_records(data, load_floor(data, cfg), cfg, DAY, minute)


@pytest.fixture(scope="session")
def app(tmp_path_factory, request):
    """`streamlit run dashboard.py` on a free port, the private demo, sign-in on; killed at teardown.

    A test module may run against other files: `pytest.mark.parametrize("app", [change], indirect=True)`
    calls change(data folder) on the demo before the server starts (its own server for that module)."""
    from lib.people.accounts import add_user
    base = tmp_path_factory.mktemp("e2e")
    data, users = base / "data", base / "users.json"
    config = _config(base / "config.toml", data, users)
    _demo(data, config)
    if (change := getattr(request, "param", None)) is not None:
        change(data)
    for uid in (LEAD, DUTY, MANAGER, DIRECTOR):
        add_user(users, uid, PASSWORD)
    env = dict(os.environ, DASHBOARD_CONFIG=str(config), TEAMBOARD_NOW=NOW)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with open(base / "streamlit.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                                 "--server.port", str(port), "--server.headless", "true",
                                 "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
                                 "--server.fileWatcherType", "none"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                _wait_up(url, proc)
            except RuntimeError as e:
                raise RuntimeError(f"{e}: {(base / 'streamlit.log').read_text(errors='replace')[-3000:]}") from None
            yield App(url, data, config, env)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, once per session."""
    from playwright.sync_api import sync_playwright
    for old in ARTIFACTS.glob("FAILED-*.png"):   # what a previous run left of its failures
        old.unlink()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context (no cookies, no session) and its page; downloads and the clipboard allowed."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True,
                                  locale="zh-CN", timezone_id="Asia/Shanghai")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RUN_COUNTER)
    pg = context.new_page()
    try:
        yield pg
        if getattr(request.node, "e2e_failed", False):
            shot(pg, f"FAILED-{request.node.name}.png")
    finally:
        context.close()
