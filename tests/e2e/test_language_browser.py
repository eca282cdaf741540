"""The language switch in a real browser: "English" in the sidebar turns every screen's labels English.

The director may open every screen, so one session walks them all (each tab of each) through the
sidebar menu after switching, and looks at what a person sees: headings, tabs, widget labels,
buttons, metrics, messages, captions, table headers and the menu (st.navigation's, lib/ui/nav.py).
The center's own names stay as they are: people, groups and projects, the QA scorecard's items and
red lines, the rating criteria, and the columns of the write-back spreadsheets (DATA.md's record
tables, shown as they are stored).
"""
from __future__ import annotations

import re

from lib.people.auth import may_open, person_on
from lib.floor.cache import load_floor
from lib.i18n import TEXTS, t
from lib.store import RECORD_COLUMNS, TABLES
from lib.ui.nav import SCREENS
from tests.e2e.helpers import (CJK, DAY, DIRECTOR, app_settings, expect, main_text, open_signed_in, open_tab, rerun,
                               settled, shot, table_cells)

PREFIXES = {k.split(".")[0] for k in TEXTS}
DOTTED = re.compile(r"\b[a-z_]+(?:\.[a-z_0-9]+)+\b")
# What a person reads as labels; table headers come from the grids' accessible copy.
LABELS = """() => [...document.querySelectorAll(`[data-testid="stAppViewContainer"] :is(h1, h2, h3, [role="tab"],
    [data-testid="stWidgetLabel"], label, button, [data-testid="stMetricLabel"], [data-testid="stAlertContainer"],
    [data-testid="stCaptionContainer"], [data-testid="stPageLink"], [data-testid="stSidebarNavLink"],
    [data-testid="stMarkdownContainer"] strong)`)]
  .filter(e => e.offsetParent !== null).map(e => e.innerText.trim()).filter(s => s)"""
TITLES = {"home": "home.today", "duty": "duty.title", "lead": "lead.title", "followup": "fu.title",
          "agent": "agent.title", "review": "review.title", "health": "health.title"}   # the wall has no heading
HEADERS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')]
  .filter(e => e.offsetParent !== null)
  .flatMap(e => [...e.querySelectorAll('th[role="columnheader"]')]).map(c => c.textContent.trim())"""


def center_names(app) -> re.Pattern:
    """People, groups, projects and the names config.toml gives: the center's data, in any language."""
    cfg = app_settings(app)
    floor = load_floor(app.data, cfg)
    names = {*floor.schedule["name"], *floor.schedule["group"], *floor.projects["project"],
             *cfg.qa.scorecard.items, *cfg.qa.scorecard.red_lines, *cfg.senior_lead.criteria}
    return re.compile("|".join(map(re.escape, sorted((n for n in names if n), key=len, reverse=True))))


def raw_keys(text: str) -> list[str]:
    """Catalogue keys (or key-like `lead.x.y` words of a catalogue prefix) shown as they are."""
    return [w for w in DOTTED.findall(text) if w in TEXTS or w.split(".")[0] in PREFIXES]


def visible_text(page) -> str:
    """The page as a person reads it: sidebar and main area, tables' cells included."""
    return page.locator('[data-testid="stAppViewContainer"]').inner_text() + "\n" + "\n".join(table_cells(page))


def test_english_turns_every_label_of_every_screen_english(page, app):
    open_signed_in(page, app.url + "/", DIRECTOR)
    expect(page.get_by_role("heading", name=re.compile("^今日概况"))).to_be_visible()
    assert not raw_keys(visible_text(page))
    shot(page, "home-0802-zh.png")

    with rerun(page):
        page.get_by_role("radiogroup", name="语言 / Language").get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Today"))).to_be_visible()

    director = person_on(load_floor(app.data, app_settings(app)).schedule, DIRECTOR, DAY)
    menu = [t(f"menu.{s.key}", "en") for s in SCREENS if may_open(director, s.key)]
    links = page.locator('[data-testid="stSidebar"] [data-testid="stSidebarNavLink"]')
    expect(links).to_have_count(len(menu))
    # Material icons are drawn from their ligature names ("home"), so the label is the text after it.
    # An entry may carry its count of late items ("Duty desk 2", lib/ui/deadlines.py): the title is before it.
    assert [re.sub(r" \d+$", "", s.split("\n")[-1].strip()) for s in links.all_inner_texts()] == menu

    data = center_names(app)
    stored = {c for tb in TABLES.values() for c in tb.columns} | set(RECORD_COLUMNS)
    problems: dict[str, list[str]] = {}
    # the wall last: it folds the sidebar away
    for k in sorted((s.key for s in SCREENS), key=lambda k: k == "wall"):
        if not may_open(director, k):
            continue
        label = t(f"menu.{k}", "en")
        links.filter(has_text=label).first.click()
        if k in TITLES:
            expect(page.get_by_role("heading", level=1).first).to_have_text(re.compile("^" + re.escape(
                t(TITLES[k], "en"))))
        settled(page)
        tabs = page.locator('[data-testid="stMain"] [role="tab"]')
        for i in range(max(1, tabs.count())):
            if tabs.count():
                open_tab(page, tabs.nth(i).inner_text())
                settled(page)
            where = f"{label}" + (f" / {tabs.nth(i).inner_text()}" if tabs.count() else "")
            texts = page.evaluate(LABELS) + ([main_text(page)] if k == "wall" else [])
            chinese = [s for s in texts if CJK.search(data.sub("", s)) and "Language" not in s and s != "中文"]
            headers = [h for h in page.evaluate(HEADERS) if CJK.search(data.sub("", h)) and h not in stored]
            leaked = raw_keys(visible_text(page))
            if chinese or headers or leaked:
                problems[where] = chinese + headers + leaked
            if i == 0:
                shot(page, f"en-{k}-0802.png")
    assert not problems, problems
