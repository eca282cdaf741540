"""Shared test helpers: settings from the repo's config.toml, raw sheets built in memory."""
from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

from lib.config import settings_from_dict

ROOT = Path(__file__).resolve().parent.parent
# A page that fails raises in the tests (lib/ui/frame.py shows users an error box with a reference
# instead): every `not at.exception` below then means the page ran clean.
os.environ.setdefault("TEAMBOARD_DEBUG", "1")
# The parse cache on disk (lib/floor/disk.py) of this run only, never the repo's .teamboard/cache:
# a test that rewrites a file in place must not meet an earlier run's parse of it.
if "TEAMBOARD_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile
    os.environ["TEAMBOARD_CACHE_DIR"] = tempfile.mkdtemp(prefix="teamboard-test-cache-")
    atexit.register(shutil.rmtree, os.environ["TEAMBOARD_CACHE_DIR"], True)


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
    text = text.replace('path = ""', f'path = "{demo_dir.as_posix()}"', 1)
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
    text = text.replace('path = ""', f'path = "{floor.as_posix()}"', 1)
    text = text.replace("enabled = true", "enabled = false", 1)
    text = text.replace('users_file = "~/.teamboard/users.json"', f'users_file = "{(tmp_path / "users.json").as_posix()}"', 1)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    return floor


@pytest.fixture
def auth_demo(demo_config):
    """demo_config with sign-in on; tests sign people in with open_page(user=...) or sign_in_session."""
    text = demo_config.read_text(encoding="utf-8").replace("enabled = false", "enabled = true", 1)
    demo_config.write_text(text, encoding="utf-8")
    return demo_config


def open_page(page: str, user: str | None = None, **query):
    """AppTest of a page run through the frame (dashboard.py, whose st.navigation routes it), with query
    params; `user` signs that 工号 in first (when the config has sign-in on). "dashboard.py" is the
    default page (home). The page must be routed for the person: see open_url for any URL."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    if user:
        sign_in_session(at, user)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()   # the first run registers the person's navigation; switch_page resolves against it
    if page != "dashboard.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in_session(at, uid: str) -> None:
    """Sign a 工号 in through the session, as the sign-in form does (the form itself: test_signin_pages)."""
    from lib.config import settings
    from lib.demo import data_root
    from lib.people import accounts, sessions
    from lib.ui.signin import real_now
    cfg = settings()
    users = cfg.demo_path / "users.json" if data_root(cfg)[1] else accounts.users_path(cfg)
    accounts.ensure_demo_accounts(users, [uid], "demo1234")   # the account the session stands for
    at.session_state["auth_token"] = sessions.begin(users, uid, real_now())


def url_path(page: str) -> str:
    """The URL path of a page script in the navigation's registry ("pages/lead.py" -> "lead")."""
    from lib.ui.nav import SCREENS
    return "" if page == "dashboard.py" else next(s.url_path for s in SCREENS if s.script == page)


def open_url(at, page: str):
    """Ask for a page by its URL, as a browser does, routed for the person or not (AppTest.switch_page
    refuses a page that is not in the navigation). Takes a script ("pages/lead.py") or a URL path
    ("lead"); run() afterwards. Streamlit names a page by the hash of its URL path, so that is what
    is asked for: an unrouted one falls back to the default page, as in the browser."""
    from streamlit.util import calc_hash
    path = url_path(page) if page.endswith(".py") else page.strip("/")
    at._page_hash = calc_hash(path or "home")   # AppTest has no public call for a URL
    return at


def routes(at) -> dict[str, str | None]:
    """The navigation of the last run: URL path -> page script relative to the repo, None where the
    URL holds the sign-in form (a callable page). The default page's path is its own (home)."""
    out = {}
    for info in at._registered_pages.values():   # what st.navigation registered (AppTest keeps it)
        script = info.get("script_path")
        out[info["url_pathname"]] = Path(script).resolve().relative_to(ROOT).as_posix() if script else None
    return out


def menu(at, badges: bool = False) -> list[str]:
    """The titles of the pages the navigation offers a signed-in person, in menu order; without the
    count of late items an entry may carry ("值班台 3" is "值班台") unless `badges`."""
    # the refusals under the URLs of pages one may not open are hidden, and run no script
    titles = [info["page_name"] for info in at._registered_pages.values() if info.get("script_path")]
    return titles if badges else [re.sub(r" \d+$", "", t) for t in titles]


def failures(at) -> list[str]:
    """The error boxes of a run other than the day's late items (lib/ui/deadlines.py, icon ALARM)."""
    return [e.value for e in at.error if e.icon != ":material/alarm:"]
