"""The Chinese font the app serves itself (static/fonts/): a subset of Noto Sans CJK SC (SIL Open Font
License 1.1), so a wall TV or a PC without a Chinese font shows characters, not boxes, and nothing
is fetched from outside the floor's network.

The subset holds every character of GB2312 (levels 1 and 2: 6,763 hanzi, the set names and
everyday Chinese are written in), ASCII, full-width and CJK punctuation, and every character of the
product's own texts, config.toml and the demo's names. A character outside it (a rare name) falls back to
the viewer's own fonts. Made again with `python -m lib.cli font --source NotoSansCJK-Regular.ttc`.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FONT_DIR = ROOT / "static" / "fonts"
FAMILY = "TeamBoard Sans SC"
# Debian's fonts-noto-cjk: the .ttc holds JP, KR, SC, TC, HK in this order; SC is the third.
DEBIAN_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_INDEX = 2
# One weight (2.4 MB): headings take the browser's synthetic bold, which reads well at their sizes;
# a bold file would double what every new browser downloads once.
FILE = "TeamBoardSansSC-Regular.woff2"


def gb2312_hanzi() -> str:
    """The 6,763 hanzi of GB2312: rows 16–55 (level 1, 3,755 by pinyin) and 56–87 (level 2, by radical)."""
    out = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                out.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:   # the five empty cells at the end of row 55
                pass
    return "".join(out)


def product_characters() -> str:
    """Every character of the catalogues (both languages) and config.toml."""
    from lib.i18n import TEXTS
    texts = [s for pair in TEXTS.values() for s in pair]
    texts.append((ROOT / "config.toml").read_text(encoding="utf-8"))
    return "".join(texts)


def font_characters(extra: str = "") -> str:
    """The characters the served font covers, each once, in code point order (`extra`: the demo's names,
    a center's rare characters)."""
    ascii_ = "".join(chr(c) for c in range(0x20, 0x7F))
    punct = "".join(chr(c) for c in [*range(0x3000, 0x3040), *range(0xFF01, 0xFF5F), *range(0x2010, 0x2040),
                                     0x00B7, 0x00D7, 0x00F7, 0x2190, 0x2191, 0x2192, 0x2193, 0x25B2, 0x25BC,
                                     0x2605, 0x2606, 0x2713, 0x00B1, 0x2264, 0x2265])
    return "".join(sorted(set(gb2312_hanzi() + ascii_ + punct + product_characters() + extra) - set("\n\r\t")))


def subset(source: str | Path, out: Path, chars: str, index: int = SC_INDEX) -> int:
    """Write a WOFF2 subset of font `index` of `source` (a .ttc or .otf) with `chars`; its size in bytes."""
    from fontTools import subset as ft
    opts = ft.Options()
    opts.flavor, opts.font_number = "woff2", index
    opts.layout_features = ["*"]        # keep the fonts' own spacing of punctuation
    opts.name_IDs, opts.name_languages = ["*"], ["*"]   # keep the licence and copyright names
    opts.notdef_outline = True
    font = ft.load_font(str(source), opts)
    sub = ft.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    ft.save_font(font, str(out), opts)
    return out.stat().st_size
