"""Issue 17, part 6 (layout) in AppTest: an empty table is one sentence, the sign-in page's name,
language switch and narrow form, and the wall at ?date=<past day>&at=HH:MM ranks as at that time.

The wall's figures are the tiny floor's (tests/test_wall.py's docstring): on 2026-11-25 at 11:00
    2001 15.00%, 1001 10.00%, 1002 9.00%, 2003 8.89%, 1003 3.33%, 2002 unranked (volume 8);
at the day's end 1003's 11-12 slot (40 volume, 20 handled) counts too: 1003 = 22/100 = 22.00% first.
"""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_wall import write_tiny_floor


@pytest.fixture
def tiny(tmp_path):
    return write_tiny_floor(tmp_path / "floor")


def _tables(empty_text):
    import pandas as pd
    from lib.ui.tables import show_table
    show_table(pd.DataFrame({"a": [1, 2]}), "full")
    show_table(pd.DataFrame({"a": []}), "none")
    show_table(pd.DataFrame({"a": []}), "said", empty=empty_text)


def test_an_empty_table_is_one_sentence():
    at = AppTest.from_function(_tables, args=("今天没有监听记录。",), default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) == 1   # only the table with rows is a grid
    assert [c.value for c in at.caption] == ["没有记录。", "今天没有监听记录。"]


def test_an_empty_table_speaks_english():
    at = AppTest.from_function(_tables, args=("No monitoring today.",), default_timeout=30)
    at.session_state["lang"] = "en"
    at.run()
    assert [c.value for c in at.caption] == ["Nothing to show.", "No monitoring today."]


# ---------------------------------------------------------------- the wall at a past day's moment

def test_a_past_day_at_a_time_is_that_time_not_the_day_end(tiny, cfg):
    from lib.day.wall import shown_day
    from lib.floor.cache import load_floor
    from tests.test_wall import DAY
    reports = load_floor(tiny, cfg).reports
    today = DAY + dt.timedelta(days=1)
    assert shown_day(reports, DAY, 11 * 60, today, 9 * 60, 18 * 60) == (DAY, 660, False, False)
    assert shown_day(reports, DAY, 18 * 60, today, 9 * 60, 18 * 60) == (DAY, 1080, True, False)
    assert shown_day(reports, DAY, 24 * 60, today, 9 * 60, 18 * 60) == (DAY, 1440, True, False)


def test_the_wall_at_a_past_day_and_time_ranks_as_then(tiny, tmp_path, monkeypatch):
    from tests.test_wall import board, config_for, rows, wall
    config_for(tiny, tmp_path, monkeypatch)
    html = board(wall(monkeypatch, now="2026-11-26 10:30", date="2026-11-25", at="11:00"))
    assert rows(html) == [("top1", "1", "2001"), ("top2", "2", "1001"), ("top3", "3", "1002"), ("", "4", "2003"),
                          ("below", "5", "1003"), ("unranked", "", "2002")]
    assert "2026-11-25 11:00 排名" in html and ">11:00<" in html and "数据截至 11:00" in html
    assert "最终排名" not in html and "实时" not in html
    assert "11.80%" in html and "7.92%" in html   # 102 = 21/178, 101 = 19/240 at 11:00
    # the same day without ?at=: its final standings, 1003's 11-12 slot counted (22/100 = 22.00%, first)
    html = board(wall(monkeypatch, now="2026-11-26 10:30", date="2026-11-25"))
    assert "最终排名 · 2026-11-25" in html and rows(html)[0] == ("top1", "1", "1003") and "22.00%" in html


def test_the_wall_labels_its_bars_and_a_pinned_group_fills_the_height(tiny, tmp_path, monkeypatch):
    from tests.test_wall import board, config_for, wall
    config_for(tiny, tmp_path, monkeypatch)
    html = board(wall(monkeypatch, group="102", lang="en"))
    assert "Bar: rate against the best group" in html and 'class="bar"' in html
    # 3 agents of 102 over MIN_SLOTS = 5 rows (not 18): each row is 1/6 of what the header and footer leave
    assert "--row: calc((100vh - var(--chrome) - 19.5vh) / 6)" in html
    assert 'lang="en"' in html and "Group 102 · Today" in html
    html = board(wall(monkeypatch))
    assert "条长：办理率与最高组之比" in html


# ---------------------------------------------------------------- the sign-in page

from tests.test_signin_pages import auth_config  # noqa: E402,F401  (the fixture: sign-in on, over the demo)


def test_the_sign_in_page_names_the_product_and_switches_language(auth_config):
    from tests.conftest import ROOT
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [x.value for x in at.subheader] == ["TeamBoard · 呼叫中心班组看板"]
    assert [x.value for x in at.title] == ["登录"]
    switch = at.radio(key="signin_lang")
    assert switch.options == ["中文", "English"] and switch.value == "中文"
    switch.set_value("English").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [x.value for x in at.title] == ["Sign in"] and at.session_state["lang"] == "en"
    assert [x.value for x in at.subheader] == ["TeamBoard · call-center team board"]
    assert at.radio(key="sidebar_lang").value == "English" and at.radio(key="signin_lang").value == "English"
    assert at.text_input(key="signin_id").label == "Agent ID"
    at.run()   # nothing pulls it back
    assert [x.value for x in at.title] == ["Sign in"]
    at.radio(key="sidebar_lang").set_value("中文").run()   # the sidebar's switch moves the form's too
    assert [x.value for x in at.title] == ["登录"] and at.radio(key="signin_lang").value == "中文"


def test_a_sign_in_with_the_english_switch_still_signs_in(auth_config):
    from tests.conftest import ROOT
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.radio(key="signin_lang").set_value("English").run()
    at.text_input(key="signin_id").input("1100")
    at.text_input(key="signin_password").input("secret-1")
    at.button(key="FormSubmitter:signin_form-Sign in").click().run()
    assert not at.exception and at.title[0].value.startswith("Today")


# ---------------------------------------------------------------- the duty desk's texts

def test_the_duty_desks_texts_wrap_instead_of_scrolling(demo_config):
    from tests.conftest import open_page
    at = open_page("pages/duty_desk.py")
    assert not at.exception, [e.value for e in at.exception]
    blocks = [c.proto for c in at.get("code")]
    assert len(blocks) >= 2 and all(b.wrap_lines for b in blocks), [(b.code_text[:40], b.wrap_lines) for b in blocks]
