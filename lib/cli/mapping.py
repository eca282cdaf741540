"""mapping suggest FILE [--sheet S]: the [aliases] TOML that lets the floor read an export it does not know."""
from __future__ import annotations

import sys

from lib.cli.common import load_settings


def add_parsers(sub) -> None:
    sp = sub.add_parser("mapping", help="header mapping of an export the floor cannot read")
    verbs = sp.add_subparsers(dest="verb", required=True)
    s = verbs.add_parser("suggest", help="print the [aliases] TOML for a report file")
    s.add_argument("file")
    s.add_argument("--sheet", default=None)
    s.set_defaults(func=suggest)


def suggest(args) -> int:
    """Print the TOML; exit 1 when no header row is found, 2 for a config or file that cannot be used."""
    from pathlib import PurePosixPath

    from lib.floor.load.headers import alias_map
    from lib.floor.load.mapping import guess_fields, header_candidates, mapping_toml, read_top
    from lib.floor.load.grid import name_date
    from lib.floor.load.values import name_slot, title_slot
    from lib.floor.sources import SourceError
    settings = load_settings()
    try:
        top = read_top(args.file, args.sheet, settings.header_scan_rows + 5)
    except (OSError, SourceError) as e:
        print(f"{args.file}: {getattr(e, 'en', e)}", file=sys.stderr)
        return 2
    aliases = alias_map("reports", settings.aliases)
    found = header_candidates(top, settings.header_scan_rows, aliases)
    if not found:
        print(f"{args.file}: no header row found in the first {settings.header_scan_rows} rows", file=sys.stderr)
        return 1
    head = found[0]
    choices = guess_fields(head.labels, aliases)
    titles = [str(c) for r in top.rows[:head.index] for c in r if isinstance(c, str) and c]
    slot = "column" if "hour" in choices else "title" if title_slot(titles) else \
        "file" if name_slot(PurePosixPath(args.file).name) else "column"
    print(f"# {args.file}: header on row {top.row0 + head.index + 1}")
    dated = name_date(top) is not None or (title_slot(titles) or (0, 0, None))[2] is not None
    print(mapping_toml(choices, list(head.labels.values()), aliases, slot, settings.cumulative, dated=dated), end="")
    return 0
