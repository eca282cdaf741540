"""Issue 17, part 6 (layout) in a real browser: the monthly KPI tiles read whole at 1366×768, a
pinned group's wall fills a 1920×1080 screen with its title on one line, and the sign-in form is a
narrow form with the product's name and a language switch. Screenshots go to test-artifacts/."""
from __future__ import annotations

from tests.e2e.helpers import MANAGER, expect, key, open_signed_in, rerun, settled, shot

# Every element inside a metric's value whose text runs past its box (cut, or shortened to "50.2…").
CUT_METRICS = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].filter(m =>
    [m, ...m.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 0.5)).map(m => m.textContent)"""


def test_the_monthly_kpi_tiles_read_whole_at_1366(page, app):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_signed_in(page, app.url + "/review", MANAGER)
    expect(page.get_by_role("heading", name="月度评估")).to_be_visible()
    values = page.locator('[data-testid="stMetricValue"]')
    expect(values.first).to_be_visible()
    page.evaluate("document.fonts.ready")
    assert values.count() >= 8
    assert page.evaluate(CUT_METRICS) == []
    shot(page, "layout-review-1366.png", full_page=False)


def test_a_pinned_wall_fills_the_screen_with_its_title_on_one_line(browser, app):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(app.url + "/wall?group=103&lang=en")
        page.wait_for_selector(".tbw-ranking tbody tr", timeout=60_000)
        page.evaluate("document.fonts.ready")
        m = page.evaluate("""() => {
            const box = s => document.querySelector(s).getBoundingClientRect();
            const title = document.querySelector('.tbw-title');
            const rows = [...document.querySelectorAll('.tbw-ranking tbody tr')];
            return {width: box('.tbw').width, rank: box('.tbw-ranking').width, body: box('.tbw-body').width,
                    bottom: rows[rows.length - 1].getBoundingClientRect().bottom, rows: rows.length,
                    title: [title.scrollWidth, title.clientWidth, title.getBoundingClientRect().height,
                            parseFloat(getComputedStyle(title).fontSize)],
                    key: document.querySelector('.tbw-barkey')?.textContent};
        }""")
        shot(page, "layout-wall-group-103-en.png", full_page=False)
    finally:
        page.close()
    assert m["width"] >= 0.95 * 1920, m                    # the board spans the screen
    assert m["rank"] >= 0.55 * m["body"], m                # the ranking takes its share of it
    assert 0 < m["rows"] <= 18 and 0.85 * 1080 <= m["bottom"] <= 1080, m   # its rows fill the height
    sw, cw, height, font = m["title"]
    assert sw <= cw and height < 1.6 * font, m             # "Group 103 · Today's live ranking" whole, one line
    assert m["key"] == "Bar: rate against the best group's", m


def test_the_sign_in_page_is_a_narrow_named_form_with_a_language_switch(page, app):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(app.url)
    page.locator(key("signin_id")).wait_for()
    settled(page)
    expect(page.get_by_role("heading", name="TeamBoard · 呼叫中心班组看板")).to_be_visible()
    form = page.locator('[data-testid="stForm"]').bounding_box()
    assert form["width"] < 700, form
    assert abs(form["x"] + form["width"] / 2 - page.evaluate("""() =>
        (r => r.left + r.width / 2)(document.querySelector('[data-testid="stMain"]').getBoundingClientRect())""")) < 40
    shot(page, "layout-signin-zh.png", full_page=False)
    with rerun(page):
        page.locator(key("signin_lang")).get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="TeamBoard · call-center team board")).to_be_visible()
    shot(page, "layout-signin-en.png", full_page=False)
