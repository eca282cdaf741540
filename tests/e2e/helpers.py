"""What the browser tests share besides fixtures: the browser, the moment, the people, and page helpers.

Widgets are found by their Streamlit key: the element container carries the class `st-key-<key>`.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from contextlib import contextmanager
from pathlib import Path

try:
    from playwright.sync_api import expect
except ImportError:   # the browser fixture then says so in each test; the rest of the suite still runs
    expect = None

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"

NOW = "2026-11-25 11:05:20"      # 11:05:20 shows the wall's first page (lib.wall.page_at)
DAY = dt.date(2026, 11, 25)
PASSWORD = "e2e-pass-1"
# Who the flows sign in as (lib.demo.build_roster; lib.demo.story(DAY)["duty"] == "1200").
LEAD, DUTY, MANAGER, DIRECTOR = "1100", "1200", "0801", "0802"
# The longest a single wait may take (the first run of a page loads the floor); E2E_TIMEOUT_MS
# shortens it while writing a test.
TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", "60000"))
CJK = re.compile(r"[\u3400-\u9fff]")
if expect is not None:
    expect.set_options(timeout=TIMEOUT_MS)


def app_settings(app):
    """The settings the app under test runs with (its config file)."""
    from lib.config import settings_from_dict
    with open(app.config, "rb") as fh:
        return settings_from_dict(tomllib.load(fh), app.config.parent)


def key(name: str) -> str:
    """The CSS selector of the element a widget key names."""
    return f".st-key-{name}"


# Counts the script runs that have ended (the app's data-test-script-state leaving "running") and
# notes when the state last changed, so a test waits for the run its own action started, and for
# the one after it when that run asks for another (st.rerun), rather than guess with a sleep.
RUN_COUNTER = """
window.__runsEnded = 0;
window.__stateChanged = Date.now();
new MutationObserver(records => {
  for (const r of records) {
    window.__stateChanged = Date.now();
    if (r.oldValue === "running") window.__runsEnded += 1;
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ["data-test-script-state"]});
"""
QUIET_MS = 300   # idle this long after the last run: a run's st.rerun() has started the next one by then
IDLE = f"""() => document.querySelector('[data-testid="stApp"]')
                    ?.getAttribute("data-test-script-state") === "notRunning"
                && Date.now() - window.__stateChanged > {QUIET_MS}
                && !document.querySelector('[data-stale="true"]')"""


def settled(page) -> None:
    """Wait until Streamlit has run the script to its end and nothing on the page is stale."""
    page.wait_for_function(IDLE)


def open_tab(page, name: str) -> None:
    """Click a tab and wait until its content is drawn (a tab's elements mount when first shown)."""
    page.get_by_role("tab", name=name, exact=True).click()
    expect(page.get_by_role("tab", name=name, exact=True)).to_have_attribute("aria-selected", "true")
    page.wait_for_function("""() => ![...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSkeleton"]')]
        .some(e => e.offsetParent !== null)""")


@contextmanager
def rerun(page):
    """Around an action that makes Streamlit run the script again: wait for that run to end."""
    before = page.evaluate("() => window.__runsEnded")
    yield
    page.wait_for_function(f"n => window.__runsEnded > n && ({IDLE})()", arg=before)


def open_signed_in(page, url: str, uid: str, password: str = PASSWORD) -> None:
    """Open a page by URL and sign in on the form it shows first (a new URL is a new session)."""
    page.goto(url)
    page.locator(key("signin_id") + " input").fill(uid)
    page.locator(key("signin_password") + " input").fill(password)
    with rerun(page):
        page.get_by_role("button", name="登录", exact=True).click()
    page.locator(key("sidebar_sign_out")).wait_for()
    settled(page)


def shot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot to test-artifacts/ for a person to look at after the run.

    Streamlit scrolls its main area, not the document, so a whole page is taken by making the
    window as tall as that area's content for the moment of the screenshot.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    size = page.viewport_size
    page.mouse.move(size["width"] - 5, size["height"] - 5)   # no hover highlight in the picture
    if full_page:
        tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0")
        if tall > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": min(int(tall), 12_000)})
            page.wait_for_timeout(300)   # layout and charts follow the new height
    try:
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)
    return path


def choose(page, name: str, text: str) -> None:
    """Pick the option containing `text` in the selectbox or multiselect with this key."""
    box = page.locator(key(name) + ' [role="combobox"]')
    box.click()
    box.press_sequentially(text)
    with rerun(page):
        page.locator('[role="listbox"] [role="option"]', has_text=text).first.click()
    if box.get_attribute("aria-expanded") == "true":
        box.press("Escape")   # a multiselect stays open after a pick


def enter(page, name: str, text: str) -> None:
    """Type into the text input, text area or number input with this key and leave it (the value is sent)."""
    field = page.locator(f"{key(name)} input, {key(name)} textarea").first
    field.fill(text)
    with rerun(page):
        field.press("Tab")


def press(page, name: str) -> None:
    """Click the button with this key and wait for the run it starts."""
    with rerun(page):
        page.locator(key(name) + " button").click()


def main_text(page) -> str:
    """What the main area shows, as text."""
    return page.locator('[data-testid="stMain"]').inner_text()


def table_cells(page) -> list[str]:
    """The cells and headers of every table on show (the grids draw on a canvas; their
    accessible copy in the DOM holds the text)."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')]
        .filter(e => e.offsetParent !== null)
        .flatMap(e => [...e.querySelectorAll('th[role="columnheader"], td[role="gridcell"]')])
        .map(c => c.textContent.trim())""")


def wait_cell(page, text: str) -> None:
    """Wait until a table on show holds a cell reading `text`."""
    page.wait_for_function("""t => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')]
        .filter(e => e.offsetParent !== null)
        .some(e => [...e.querySelectorAll('td[role="gridcell"]')].some(c => c.textContent.trim() === t))""", arg=text)


def download(page, name: str, folder: Path) -> Path:
    """Click the download button with this key, save the file it gives into `folder`, and wait for
    the script run the click starts (a download button reruns the page by default)."""
    with rerun(page), page.expect_download() as info:
        page.locator(key(name) + " button").click()
    d = info.value
    path = folder / d.suggested_filename
    d.save_as(path)
    return path
