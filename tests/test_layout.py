"""Issue 17, part 6 (layout) in AppTest: an empty table is one sentence, the sign-in page's name,
language switch and narrow form, and the wall at ?date=<past day>&at=HH:MM ranks as at that time.

The wall's figures are the tiny floor's (tests/test_wall.py's docstring): on 2026-11-25 at 11:00
    2001 15.00%, 1001 10.00%, 1002 9.00%, 2003 8.89%, 1003 3.33%, 2002 unranked (volume 8);
at the day's end 1003's 11-12 slot (40 volume, 20 handled) counts too: 1003 = 22/100 = 22.00% first.
"""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


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
