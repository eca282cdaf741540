"""The wall's praise slides in a real browser at 1920×1080, in both languages: the group competition's
standings and the month's stars fit the screen without scrolling and every figure reads whole.
Screenshots go to test-artifacts/ (wall-contest-zh.png, wall-contest-en.png, wall-stars-*.png) for
people to look at.

Its own server: the demo with a [[contest]] over the second half of November (the session's other
browser tests keep the wall without one)."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import ARTIFACTS

CONTEST = ('contest = [{ name = "十一月劳动竞赛", first = "2026-11-16", last = "2026-11-30", groups = [], '
           'parts = { rate = 40, volume = 30, qa = 20, attendance = 10 } }]')


# Ten stars of October confirmed (the most [month_stars] suggests), with reasons as long as the review writes.
REASON = "办理率为中心同项目的 112%（≥105%）· 数据量 1,520（≥1,000）· 质检均分 91.0（≥85）· 本月无考勤扣分"


def with_contest(data):
    import tomllib

    from lib.config import settings_from_dict
    from lib.store import open_store
    config = data.parent / "config.toml"
    text = config.read_text(encoding="utf-8")
    assert "contest = []" in text
    assert "birthdays = false" in text
    config.write_text(text.replace("contest = []", CONTEST, 1).replace("birthdays = false", "birthdays = true", 1),
                      encoding="utf-8")
    cfg = settings_from_dict(tomllib.loads(config.read_text(encoding="utf-8")), config.parent)
    open_store(cfg, data).append("month_stars", [
        {"月份": "2026-10", "工号": f"1{g}0{k}", "姓名": name, "组别": str(g), "理由": REASON}
        for k, (g, name) in enumerate(zip([101, 101, 102, 102, 103, 103, 104, 105, 105, 106],
                                          ["赵丽静", "钱欣怡", "孙浩然", "李思远", "周雨桐", "吴子涵", "郑欣然",
                                           "王梓萱", "冯嘉怡", "陈一鸣"]), start=1)], submitted_by="0801")


pytestmark = pytest.mark.parametrize("app", [with_contest], indirect=True, ids=["contest"])

MEASURE = """() => {
    const doc = document.documentElement, rows = [...document.querySelectorAll('.tbw-contest tbody tr')];
    const clipped = [...document.querySelectorAll('.tbw-contest th, .tbw-contest td, .tbw-slide-title, .tbw-slide-sub')]
        .filter(cell => { const r = document.createRange(); r.selectNodeContents(cell);
                          const text = r.getBoundingClientRect(), box = cell.getBoundingClientRect();
                          return text.right > box.right + 0.5 || text.left < box.left - 0.5
                                 || text.bottom > box.bottom + 0.5; })
        .map(cell => cell.textContent);
    const main = document.querySelector('[data-testid="stMain"]');
    return {doc: [doc.scrollHeight, window.innerHeight, doc.scrollWidth, window.innerWidth],
            main: main ? [main.scrollHeight, main.clientHeight] : null,
            places: rows.map(r => r.dataset.place), groups: rows.map(r => r.dataset.group),
            last: rows.length ? rows[rows.length - 1].getBoundingClientRect().bottom : 0,
            foot: document.querySelector('.tbw-foot').getBoundingClientRect().bottom,
            title: document.querySelector('.tbw-slide-title').textContent, clipped};
}"""


def slide(browser, app, show: str, lang: str, ready: str, measure: str) -> dict:
    """Open the wall pinned to one kind of slide at 1920×1080, save wall-<show>-<lang>.png, measure it."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{app.url}/wall?embed=true&show={show}" + ("&lang=en" if lang == "en" else ""))
        page.wait_for_selector(ready, timeout=60_000)
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(500)   # layout settles
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"wall-{show}-{lang}.png"))
        return page.evaluate(measure)
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_contest_slide_fits_1920x1080_in_both_languages(browser, app, lang):
    m = slide(browser, app, "contest", lang, ".tbw-contest tbody tr", MEASURE)
    doc_h, inner_h, doc_w, inner_w = m["doc"]
    assert doc_h <= inner_h and doc_w <= inner_w, m
    assert m["main"] is None or m["main"][0] <= m["main"][1], m
    assert m["places"] == ["1", "2", "3", "4", "5", "6"] and sorted(m["groups"]) == ["101", "102", "103", "104", "105", "106"]
    assert m["last"] <= m["foot"] <= 1080, m
    assert m["clipped"] == [], m
    assert "十一月劳动竞赛" in m["title"] and m["title"].startswith("劳动竞赛" if lang == "zh" else "Competition")


STARS = """() => {
    const doc = document.documentElement, cards = [...document.querySelectorAll('.tbw-star')];
    const foot = document.querySelector('.tbw-foot').getBoundingClientRect();
    return {doc: [doc.scrollHeight, window.innerHeight, doc.scrollWidth, window.innerWidth],
            agents: cards.map(c => c.dataset.agent),
            inside: cards.every(c => { const r = c.getBoundingClientRect();
                                       return r.bottom <= foot.top + 0.5 && r.right <= window.innerWidth; }),
            names: cards.every(c => { const b = c.querySelector('b'); return b.scrollWidth <= b.clientWidth; }),
            title: document.querySelector('.tbw-slide-title').textContent};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_stars_slide_fits_too(browser, app, lang):
    m = slide(browser, app, "stars", lang, ".tbw-star", STARS)
    doc_h, inner_h, doc_w, inner_w = m["doc"]
    assert doc_h <= inner_h and doc_w <= inner_w, m
    assert len(m["agents"]) == 10 and m["inside"] and m["names"], m
    assert m["title"] == ("2026年10月服务明星" if lang == "zh" else "Stars of 2026-10")


def test_the_birthdays_slide_names_today_s_and_fits(browser, app):
    """[wall] birthdays = true here; the demo's roster gives 1504 a birthday on 11-25 (lib/demo/center.py)."""
    m = slide(browser, app, "birthdays", "zh", ".tbw-person",
              """() => ({doc: [document.documentElement.scrollHeight, window.innerHeight],
                         agents: [...document.querySelectorAll('.tbw-person')].map(c => c.dataset.agent),
                         text: document.querySelector('.tbw').textContent})""")
    assert m["doc"][0] <= m["doc"][1] and "1504" in m["agents"], m
    assert "今天生日" in m["text"] and not any(str(y) in m["text"] for y in range(1990, 2005))   # never a year
