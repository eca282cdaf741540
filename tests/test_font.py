"""The served Chinese font (issue 18, part 2): it covers GB2312 (level 1 at least), ASCII, the punctuation
and every character of the product's own texts, and its licence travels with it."""
from __future__ import annotations

import pytest

from lib.i18n import TEXTS
from lib.out.font import FILE, FONT_DIR, font_characters, gb2312_hanzi

fontTools = pytest.importorskip("fontTools.ttLib")


def test_gb2312_has_its_6763_hanzi_level_one_first():
    h = gb2312_hanzi()
    assert len(h) == len(set(h)) == 6763
    assert h[0] == "啊" and h[3754] == "座" and h[3755] == "亍"   # level 1 ends with 座, level 2 begins with 亍


def test_the_font_file_covers_what_the_product_writes():
    font = fontTools.TTFont(FONT_DIR / FILE)
    cmap = set(font.getBestCmap())
    catalogue = {c for zh, _ in TEXTS.values() for c in zh if not c.isspace()}
    missing = {c for c in gb2312_hanzi() + "".join(catalogue) + "0123456789%：，。、（）·—" if ord(c) not in cmap}
    assert missing == set()
    # what the subset lacks of its list are code points Noto Sans CJK itself has no glyph for (‗ ‛ ‸ ‽ …)
    assert len(set(map(ord, font_characters())) - cmap) <= 25
    assert (FONT_DIR / FILE).stat().st_size < 3_000_000
    assert "Open Font License" in (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
