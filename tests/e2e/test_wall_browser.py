"""The wall screen in a real browser at 1920×1080: it renders the ranking and nothing scrolls.

Uses the session's `streamlit run dashboard.py` (tests/e2e/conftest.py: a private demo, a fixed
clock), opens /wall?embed=true in headless Chromium (Debian's, /usr/bin/chromium) and saves a
screenshot to test-artifacts/ for people to look at.
"""
from __future__ import annotations

import os
import re

from openpyxl import load_workbook

from tests.e2e.conftest import WALL_REFRESH_SECONDS
from tests.e2e.helpers import ARTIFACTS, DAY, expect


def shoot(browser, url: str, path: str, name: str) -> dict:
    """Open a page at 1920×1080, wait for the board, save a screenshot; the scroll sizes measured."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
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
        page.close()


def _fits(m: dict) -> None:
    doc_h, inner_h, doc_w, inner_w = m["doc"]
    assert doc_h <= inner_h and doc_w <= inner_w, m
    for key in ("main", "view"):
        if m[key] is not None:
            sh, ch, sw, cw = m[key]
            assert sh <= ch and sw <= cw, (key, m)
    assert m["last"] <= 1080, m


def test_wall_fits_1920x1080_without_scrolling(browser, app):
    m = shoot(browser, app.url, "/wall?embed=true", "wall-embed-1105.png")
    assert m["rows"] == 18    # a full page
    _fits(m)


def test_wall_with_menu_and_pinned_group_fits_too(browser, app):
    m = shoot(browser, app.url, "/wall?group=103", "wall-group-103.png")
    assert 0 < m["rows"] <= 18
    _fits(m)


# Cells whose text runs past the cell's edge (cut off, or shortened to "10…").
CLIPPED = """() => [...document.querySelectorAll('.tbw th, .tbw td')].filter(cell => {
    const r = document.createRange(); r.selectNodeContents(cell);
    const text = r.getBoundingClientRect(), box = cell.getBoundingClientRect();
    return text.right > box.right + 0.5 || text.left < box.left - 0.5;
}).map(cell => cell.textContent)"""


def test_the_english_wall_fits_and_every_heading_and_figure_reads_whole(browser, app):
    m = shoot(browser, app.url, "/wall?embed=true&lang=en", "wall-embed-1105-en.png")
    assert m["rows"] == 18
    _fits(m)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        for query in ("embed=true&lang=en", "embed=true", "group=103&lang=en", "group=103"):
            page.goto(f"{app.url}/wall?{query}")
            page.wait_for_selector(".tbw-ranking tbody tr")
            page.evaluate("document.fonts.ready")
            assert page.evaluate(CLIPPED) == [], query
    finally:
        page.close()


def _add_volume(report, extra: int) -> str:
    """Rewrite a dialer report with `extra` more 数据量 on its first 10:00-11:00 row (saved beside, then
    renamed, as a dialer export lands); the agent whose row it is."""
    wb = load_workbook(report)
    ws = wb.active
    rows = list(ws.iter_rows())
    at = next(i for i, r in enumerate(rows) if [c.value for c in r][:2] == ["日期", "时段"])
    head = [c.value for c in rows[at]]
    row = next(r for r in rows[at + 1:] if r[head.index("时段")].value == "10:00-11:00")
    row[head.index("数据量")].value += extra
    tmp = report.with_name(f".{report.name}.tmp")
    wb.save(tmp)
    os.replace(tmp, report)
    return row[head.index("工号")].value


def test_the_wall_redraws_itself_when_a_report_file_changes(browser, app):
    report = app.data / "reports" / f"{DAY.isoformat()}.xlsx"
    original = report.read_bytes()
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(app.url + "/wall?embed=true")
        volume = page.locator(".tbw-center > div:nth-child(2) > b")   # the center's 数据量
        expect(volume).to_have_text(re.compile(r"^\d{1,3}(,\d{3})*$"))   # a count with separators: 4,021
        before = int(volume.inner_text().replace(",", ""))
        page.evaluate("window.__sameDocument = true")   # gone if the page were loaded again
        _add_volume(report, 100)
        # bounded: the board redraws every [wall] refresh_seconds and reads only the changed file
        expect(volume).to_have_text(f"{before + 100:,}", timeout=10_000 + 5_000 * WALL_REFRESH_SECONDS)
        assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "wall-embed-after-new-report.png"))
    finally:
        page.close()
        tmp = report.with_name(f".{report.name}.tmp")
        tmp.write_bytes(original)
        os.replace(tmp, report)
