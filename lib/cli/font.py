"""`font`: make the served Chinese font again (static/fonts/) from Noto Sans CJK SC, e.g. after adding
characters a center's names need (--extra)."""
from __future__ import annotations

import sys
from pathlib import Path


def add_parsers(sub) -> None:
    from lib.out.font import DEBIAN_SOURCE, FILE, FONT_DIR, SC_INDEX
    sp = sub.add_parser("font", help="subset Noto Sans CJK SC into the font the app serves (needs fonttools, brotli)")
    sp.add_argument("--source", default=DEBIAN_SOURCE, help="a Noto Sans CJK .ttc or Noto Sans SC .otf/.ttf")
    sp.add_argument("--index", type=int, default=SC_INDEX, help="the SC font's number in a .ttc (2 in Noto's)")
    sp.add_argument("--extra", default="", help="more characters to include (a center's rare names)")
    sp.add_argument("--out", default=str(FONT_DIR / FILE))
    sp.set_defaults(func=make_font)


def make_font(args) -> int:
    """Write the subset; exit 2 when the source font or fontTools is missing."""
    from lib.out.font import font_characters, subset
    if not Path(args.source).is_file():
        print(f"error: font not found: {args.source} (Debian: apt-get install fonts-noto-cjk)", file=sys.stderr)
        return 2
    try:
        import fontTools  # noqa: F401
    except ImportError:
        print("error: pip install fonttools brotli (in requirements-dev.txt)", file=sys.stderr)
        return 2
    from lib.demo import center
    demo = "".join(str(v) for v in vars(center).values() if isinstance(v, (str, list, tuple, dict)))
    chars = font_characters(demo + args.extra)
    size = subset(args.source, Path(args.out), chars, index=args.index)
    print(f"{args.out}: {len(set(chars))} characters, {size / 1e6:.1f} MB")
    return 0
