"""In Chromium: text that is not ours fetches nothing and draws no link or image (lib.ui.safe).

The app runs on a demo whose roster names agent 1104 with markdown and HTML, whose project list names
101's project and script version so (tests/injection), and every page is opened with the corpus in
every URL parameter, as the manager and as 1104's lead, every tab shown. Every request the browser
makes is routed here: one to any host but the app's own fails the test (each URL of the corpus names
127.0.0.2). The DOM may hold no <a>, <img> or other element pointing at the corpus's URLs, no image
`x` and no onerror handler; what the floor's files and the URL said is on the page as typed.
"""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

from lib.ui.safe import JOINER
from tests.e2e.helpers import LEAD, MANAGER, PASSWORD, key, main_text, settled, shot
from tests.injection import AGENT, GROUP, HOST, NAME, PROJECT, SCRIPT, query, seed

pytestmark = pytest.mark.parametrize("app", [seed], indirect=True, ids=["corpus"])

OURS = {"127.0.0.1", "localhost"}
PAGES = ["", "wall", "duty_desk", "lead", "followup", "agent", "review", "data_health"]

# Anything in the DOM that points somewhere or runs something, from the corpus
INJECTED = f"""() => {{
  const bad = [];
  for (const el of document.querySelectorAll("*")) {{
    for (const a of el.attributes) {{
      const v = a.value || "";
      if (a.name.startsWith("on") || (["href", "src", "xlink:href", "srcset", "action", "data"].includes(a.name)
          && (v.includes("{HOST}") || v === "x"))) bad.push(el.tagName + " " + a.name + "=" + v);
    }}
  }}
  return bad;
}}"""


def visit(page, app, path: str, params: dict[str, str], uid: str | None, requests: list[str]) -> str:
    """Open a page with these parameters (signing in when the form shows), show every tab, check the DOM
    after each; what the main area showed, all tabs together."""
    page.goto(f"{app.url}/{path}?{urlencode(params)}")
    settled(page)
    if uid and page.locator(key("signin_id")).count():
        page.locator(key("signin_id") + " input").fill(uid)
        page.locator(key("signin_password") + " input").fill(PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
        page.locator(key("sidebar_sign_out")).wait_for()
        settled(page)
    seen = [main_text(page)]
    found = page.evaluate(INJECTED)
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    for i in range(tabs.count()):
        tabs.nth(i).click()
        settled(page)
        seen.append(main_text(page))
        found += page.evaluate(INJECTED)
    if found or requests:
        shot(page, f"injection-{uid}-{path or 'home'}.png")
    assert not requests, (path, requests)
    assert not found, (path, found)
    return "\n".join(seen)


def test_the_corpus_fetches_nothing_and_draws_no_link_or_image(app, page):
    requests: list[str] = []

    def route(r):
        host = urlsplit(r.request.url).hostname
        if host in OURS:   # the favicon too is ours (lib/ui/frame.py): nothing else leaves the server
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()
    page.context.route("**/*", route)

    text = []
    for turn, path in enumerate(PAGES + ["wall"]):          # nobody signed in: the wall, and the form elsewhere
        text.append(visit(page, app, path, query(turn) | ({"embed": "true"} if turn == len(PAGES) else {}),
                          None, requests))
    for uid in (MANAGER, LEAD):
        page.context.clear_cookies()
        visit(page, app, "", query(0), uid, requests)
        for turn, path in enumerate(PAGES):
            text.append(visit(page, app, path, query(turn), uid, requests))
        text.append(visit(page, app, "agent", query(1) | {"agent": AGENT}, uid, requests))
        text.append(visit(page, app, "lead", query(2) | {"group": GROUP}, uid, requests))
        text.append(visit(page, app, "wall", query(3) | {"group": GROUP}, uid, requests))
    shown = "\n".join(text).replace(JOINER, "")   # the word joiners lib.ui.safe puts in are invisible
    # what the files and the URL said is on the page, character for character
    for s in (NAME, PROJECT, SCRIPT):
        assert s in shown, s
    for turn in range(len(PAGES)):
        for name in ("date", "at"):
            assert f"?{name}={query(turn)[name]}" in shown, (name, turn)
    assert query(PAGES.index("lead"))["group"] in shown and query(PAGES.index("agent"))["agent"] in shown
