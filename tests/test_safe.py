"""lib.ui.safe: text that is not ours renders as its characters, never as markdown or HTML.

What the markdown stands for is read the way CommonMark reads backslash escapes (tests/injection.read);
that Streamlit's renderer shows exactly those characters is tests/e2e/test_injection_browser.py.
"""
import datetime as dt
import string

import pytest

from lib.ui.safe import html_text, literal, md, text_md, unliteral
from tests.injection import CORPUS, FLOOR, HOST, NAME, read, shown, unescaped

EXTRA = ("a\\b", "\\*not bold\\*", "x & y &amp; &lt;b&gt;", "50% off | 1 + 1 = 2 ~ {a} @home",
         "line one\n    indented\n\n# after a blank line\r\n- item", "", "陶红杰", "V3.6", "2026-11-25")


@pytest.mark.parametrize("text", CORPUS + FLOOR + EXTRA)
def test_literal_renders_every_character_as_typed(text):
    m = literal(text)
    text = text.replace("\r\n", "\n")           # a line break is a line break
    assert unliteral(m) == text
    assert shown(m) == text                      # what a CommonMark reader takes from it
    assert unescaped(m) == []
    assert all(escaped for c, escaped in read(m) if c in string.punctuation or c == "\n")
    assert "](" not in m and "<" not in m.replace("\\<", "")   # no unescaped link, image, autolink or tag


def test_the_corpus_check_sees_what_is_not_escaped():
    assert {NAME, "](", "<i"} <= set(unescaped(f"**名** {NAME}"))
    assert unescaped("# heading") == ["# heading"] and unescaped(literal("# heading")) == []
    assert unescaped(f"see {literal(NAME)} and <http://{HOST}>") == ["autolink: http://", f"<http://{HOST}>", "<h"]
    assert unescaped("mail x@y.com, :smile: -> www.x") == ["autolink: x@y.com", "autolink: www.", "shortcode: :smile:",
                                                         "typography:  -> ", ":smile:"]


def test_values_that_are_not_text():
    assert literal(None) == "" and literal(12) == "12" and literal(-8.5) == "\\-8\\.5"
    assert shown(literal(dt.date(2026, 11, 25))) == "2026-11-25"
    assert shown(literal(ValueError("bad [x](y)"))) == "bad [x](y)"


def test_line_breaks_are_hard_breaks_and_start_no_block():
    m = literal("a\n# b\r\n\n> c")
    assert m == "a\\\n\\# b\\\n\\\n\\> c"        # each line ends in a backslash: no line stands alone
    assert shown(m) == "a\n# b\n\n> c"


def test_templates_keep_their_markdown_and_escape_the_values():
    assert md("**{label}** {names}", label="*x*", names=NAME) == f"**\\*x\\*** {literal(NAME)}"
    assert text_md("lead.refused", "en", group=f"[a](http://{HOST}/)") == \
        f"You may not open or write for group {literal(f'[a](http://{HOST}/)')}."
    assert shown(text_md("agent.caption", "zh", agent="1101", name=NAME, group="101", day="2026-11-25")) == \
        f"1101 {NAME} · 101组 · 2026-11-25"


def test_html_text_leaves_no_tag_and_plotly_reads_its_quotes():
    for text in CORPUS + FLOOR:
        h = html_text(text)
        assert "<" not in h and ">" not in h and '"' not in h and "'" not in h
    assert html_text('<a href="x">\'&') == "&lt;a href=&#x22;x&#x22;&gt;&#x27;&amp;"
    assert html_text(None) == ""


def test_the_wall_board_escapes_every_name_and_the_pinned_group(private_demo):
    """The board (st.html) on a floor whose roster, projects and reports carry the corpus, pinned to a
    group named by the corpus and to the group of the agent named by it."""
    from lib.config import settings
    from lib.day.wall import wall_view
    from lib.floor.cache import load_floor
    from lib.ui.wall import wall_html
    from tests.injection import GROUP, seed
    seed(private_demo)
    cfg = settings()
    floor = load_floor(private_demo, cfg)
    now = dt.datetime(2026, 11, 25, 11, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    for group in (GROUP, " ".join(CORPUS)):
        v = wall_view(floor.reports, floor.newest_mtime, cfg, dt.date(2026, 11, 25), 665, now, True, group,
                      floor.projects)
        board = wall_html(v, "zh", cfg)
        for text in CORPUS + FLOOR:
            if any(c in text for c in "<>&\"'"):
                assert text not in board
        assert "<img" not in board and "<a " not in board
        if group == GROUP:
            assert html_text(NAME) in board    # the agent is on the board, escaped
        else:
            assert html_text(group) in board
