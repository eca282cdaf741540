"""Every screen in both languages at 1366×768 and 1920×1080, as a manager, saved for a person to look at
(issue 17, done-when): test-artifacts/screens/<page>-<lang>-<width>.png, full pages.

One browser context per language: its sign-in page first (both sizes), then one sign-in whose cookie
keeps the session while each screen is opened by its URL with ?lang=. Each is checked for what would
spoil a picture: a Streamlit exception box, a catalogue key shown as it is. All screenshots are taken
before the test fails, so the folder always holds the whole set.
"""
from __future__ import annotations

import pytest

from lib.i18n import t
from tests.e2e.helpers import (ARTIFACTS, MANAGER, PASSWORD, RUN_COUNTER, TIMEOUT_MS, key, open_tab, rerun, settled,
                               shot)
from tests.e2e.test_language_browser import raw_keys, visible_text

SIZES = [(1366, 768), (1920, 1080)]
# name in the file, URL path (the home page is the root)
PAGES = [("home", ""), ("wall", "wall"), ("duty_desk", "duty_desk"), ("lead", "lead"), ("agent", "agent"),
         ("review", "review"), ("followup", "followup"), ("data_health", "data_health")]
SIGN_IN = {"zh": "登录", "en": "Sign in"}
# Every Plotly chart on show has drawn its SVG; every grid its canvas.
DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(e => e.offsetParent !== null)
                   .every(e => e.querySelector('.main-svg'))
              && [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(e => e.offsetParent !== null)
                   .every(e => e.querySelector('canvas'))"""
# The main area's height has not changed since the last poll (a late element no longer grows the page,
# so the full-page screenshot takes all of it).
STILL = """() => { const h = document.querySelector('[data-testid="stMain"]')?.scrollHeight || 0;
                   const same = h === window.__lastHeight; window.__lastHeight = h; return same; }"""


def _ready(page, name: str) -> None:
    """Wait until the screen is drawn: its script run ended, its heading (or the wall's board), charts,
    grids and fonts."""
    if name == "wall":
        page.locator(".tbw").first.wait_for()
    elif name == "signin":
        page.locator(key("signin_id")).wait_for()
    else:
        page.locator('[data-testid="stMain"] h1').first.wait_for()
    settled(page)
    page.wait_for_function(DRAWN)
    page.evaluate("document.fonts.ready")
    page.wait_for_function(STILL, polling=200)


def _check(page) -> list[str]:
    problems = [f"exception: {e}" for e in page.locator('[data-testid="stException"]').all_inner_texts()]
    return problems + [f"raw key: {k}" for k in raw_keys(visible_text(page))]


def _save(page, name: str, lang: str, width: int) -> None:
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    shot(page, f"screens/{name}-{lang}-{width}.png")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_screen_in_both_sizes(browser, app, lang):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    try:
        page.goto(f"{app.url}/?lang={lang}")
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            _ready(page, "signin")
            if found := _check(page):
                problems[f"signin-{width}"] = found
            _save(page, "signin", lang, width)
        page.locator(key("signin_id") + " input").fill(MANAGER)
        page.locator(key("signin_password") + " input").fill(PASSWORD)
        with rerun(page):
            page.get_by_role("button", name=SIGN_IN[lang], exact=True).click()
        page.locator(key("sidebar_sign_out")).wait_for()
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            for name, path in PAGES:
                page.goto(f"{app.url}/{path}?lang={lang}")   # the session cookie keeps the manager in
                _ready(page, name)
                if found := _check(page):
                    problems[f"{name}-{width}"] = found
                _save(page, name, lang, width)
                if name == "review":   # the weekly pack's tab too (its QA tables: issue 17.4)
                    open_tab(page, t("review.tab.weekly", lang))
                    settled(page)
                    page.wait_for_function(DRAWN)
                    page.wait_for_function(STILL, polling=200)
                    if found := _check(page):
                        problems[f"review_weekly-{width}"] = found
                    _save(page, "review_weekly", lang, width)
    finally:
        context.close()
    assert not problems, problems
