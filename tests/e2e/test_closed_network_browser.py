"""Issue 18, parts 1–2, in a real browser: on a closed floor network every page (the wall with
?embed=true included) asks nothing of any host but the app's, and on a machine without a Chinese
font (fontconfig limited to DejaVu) headings draw real glyphs from the app's own font, not boxes."""
from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from tests.e2e.helpers import ARGS, CHROMIUM, MANAGER, RUN_COUNTER, TIMEOUT_MS, key, open_signed_in, settled, shot

PAGES = ["", "wall", "duty_desk", "lead", "followup", "agent?agent=1310", "review", "data_health"]
LATIN_FONTS = "/usr/share/fonts/truetype/dejavu"

# Each CJK character of the first heading drawn alone with the heading's own font on a canvas,
# as a hash of its pixels: missing glyphs ("tofu") are one box drawn the same for every character.
GLYPHS = """([selector, family]) => {
  const el = document.querySelector(selector);
  const font = family || getComputedStyle(el).fontFamily;
  const chars = [...new Set([...el.textContent].filter(c => /[\\u4e00-\\u9fff]/.test(c)))].slice(0, 6);
  const canvas = document.createElement('canvas'); canvas.width = canvas.height = 48;
  const g = canvas.getContext('2d');
  return chars.map(c => {
    g.clearRect(0, 0, 48, 48); g.font = `40px ${font}`; g.fillStyle = '#000'; g.fillText(c, 2, 40);
    const px = g.getImageData(0, 0, 48, 48).data; let h = 0;
    for (let i = 3; i < px.length; i += 4) h = (h * 31 + px[i]) >>> 0;
    return h;
  });
}"""


def _foreign(context, app_host: str) -> list[str]:
    """Route every request of the context: the app's own pass, any other host is refused and listed."""
    seen: list[str] = []

    def route(r):
        host = urlsplit(r.request.url).netloc
        if host == app_host:
            r.continue_()
        else:
            seen.append(r.request.url)
            r.abort()
    context.route("**/*", route)
    return seen


def test_no_page_asks_anything_of_another_host(browser, app):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RUN_COUNTER)
    seen = _foreign(context, urlsplit(app.url).netloc)
    page = context.new_page()
    try:
        page.goto(app.url + "/wall?embed=true")
        page.wait_for_selector(".tbw-ranking tbody tr")
        open_signed_in(page, app.url, MANAGER)
        for path in PAGES:
            page.goto(f"{app.url}/{path}")
            page.locator('[data-testid="stMain"]').wait_for()
            settled(page)
            assert not page.locator(key("signin_id")).count(), path   # the cookie kept the session
        page.evaluate("document.fonts.ready")
    finally:
        context.close()
    assert seen == []


@pytest.fixture(scope="module")
def latin_only_browser(browser, tmp_path_factory):
    """Chromium whose fontconfig knows only DejaVu: a wall TV box without a Chinese font."""
    if not os.path.isdir(LATIN_FONTS):
        pytest.skip(f"{LATIN_FONTS} missing (fonts-dejavu-core)")
    d = tmp_path_factory.mktemp("fontconfig")
    (d / "fonts.conf").write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{LATIN_FONTS}</dir><cachedir>{d}/cache</cachedir></fontconfig>""", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG")}
    env["FONTCONFIG_FILE"] = str(d / "fonts.conf")
    b = browser.browser_type.launch(executable_path=CHROMIUM, args=ARGS, env=env)   # the session's Playwright
    try:
        yield b
    finally:
        b.close()


PAGE_HEADINGS = [("wall?embed=true", ".tbw-title"), ("signin", "h1"), ("", "h1"), ("duty_desk", "h1"), ("lead", "h1"),
                 ("followup", "h1"), ("agent?agent=1310", "h1"), ("review", "h1"), ("data_health", "h1")]


def test_headings_draw_real_glyphs_without_a_chinese_font(latin_only_browser, app):
    """Every page in one browser that knows no Chinese font (signed in once: the cookie keeps the session)."""
    context = latin_only_browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    try:
        for path, heading in PAGE_HEADINGS:
            if path.startswith("wall"):
                page.goto(f"{app.url}/{path}")
            elif path == "signin":   # the sign-in form itself, before anyone signs in
                page.goto(app.url)
                page.locator(key("signin_id")).wait_for()
                settled(page)
            elif path == "":
                open_signed_in(page, app.url, MANAGER)
            else:
                page.goto(f"{app.url}/{path}")
                page.locator('[data-testid="stMain"]').wait_for()
                settled(page)
            page.locator(heading).first.wait_for()
            page.evaluate("document.fonts.ready")
            # the control: this browser has no Chinese font of its own, so a font it lacks draws boxes
            tofu = page.evaluate(GLYPHS, [heading, "'no such font'"])
            assert len(tofu) >= 2 and len(set(tofu)) == 1, (path, tofu)
            glyphs = page.evaluate(GLYPHS, [heading, ""])
            assert len(set(glyphs)) == len(glyphs) and not set(glyphs) & set(tofu), (path, glyphs)
            assert page.evaluate("() => document.fonts.check(\"16px 'TeamBoard Sans SC'\", '班组')"), path
            shot(page, f"font-{path.split('?')[0] or 'home'}-latin-only.png", full_page=False)
    finally:
        context.close()
