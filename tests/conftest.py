"""Shared test helpers: settings from the repo's config.toml, raw sheets built in memory."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from lib.config import settings_from_dict

ROOT = Path(__file__).resolve().parent.parent


def make_settings(**overrides):
    """The repo's config.toml with some tables overridden: make_settings(reports={"cumulative": True})."""
    with open(ROOT / "config.toml", "rb") as fh:
        raw = tomllib.load(fh)
    for table, values in overrides.items():
        raw.setdefault(table, {}).update(values)
    return settings_from_dict(raw, ROOT)


@pytest.fixture
def cfg():
    return make_settings()


@pytest.fixture(autouse=True)
def _no_real_clock(monkeypatch):
    # No test may depend on today's date unless it sets it.
    monkeypatch.setenv("TEAMBOARD_NOW", os.environ.get("TEAMBOARD_TEST_NOW", "2026-11-25 11:05"))


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory):
    """The demo center as of 2026-11-25 11:05, written once per test session."""
    import datetime as dt
    from lib.demo.center import write_demo
    out = tmp_path_factory.mktemp("demo")
    return write_demo(out, dt.date(2026, 11, 25), 11 * 60 + 5)


@pytest.fixture
def demo_config(demo_dir, tmp_path, monkeypatch):
    """A config file pointing at the demo folder, in force through DASHBOARD_CONFIG."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('path = "data"', f'path = "{demo_dir.as_posix()}"', 1)
    # Page tests run as the local administrator unless they turn sign-in on themselves.
    text = text.replace("enabled = true", "enabled = false", 1)
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(path))
    return path


@pytest.fixture
def private_demo(demo_dir, tmp_path, monkeypatch):
    """A private copy of the demo in force (records one test writes never reach another), run as the
    local administrator unless a test signs in; its config is tmp_path/config.toml."""
    import shutil
    floor = tmp_path / "floor"
    shutil.copytree(demo_dir, floor, ignore=shutil.ignore_patterns("records"))
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('path = "data"', f'path = "{floor.as_posix()}"', 1)
    text = text.replace("enabled = true", "enabled = false", 1)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    return floor


def open_page(page: str, **query):
    """AppTest of a page reached from dashboard.py (so the menu's links resolve), with query params."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page != "dashboard.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
