"""The command line: everything the screens compute, for scripts, schedulers and checks.

    python -m lib.cli check    --data DIR [--format text|csv]
    python -m lib.cli ranking  --data DIR --date D --at HH:MM [--group G] [--format text|csv]
    python -m lib.cli duty-log --data DIR --date D --period morning|day [--format text|csv]
    python -m lib.cli flags    --data DIR --date D --at HH:MM [--format text|csv]
    python -m lib.cli monthly  --data DIR --month YYYY-MM [--agents | --senior-lead] [--format text|csv]
    python -m lib.cli weekly   --data DIR --week YYYY-Www --out FILE.pptx|FILE.xlsx
    python -m lib.cli contest  --data DIR [--date D] [--name NAME] [--format text|csv] [--out FILE.xlsx]
    python -m lib.cli demo     --out DIR [--date D]
    python -m lib.cli users    add|passwd|disable ID
    python -m lib.cli records  import TABLE FILE --data DIR | export TABLE --date D|--month M --data DIR
    python -m lib.cli mapping  suggest FILE [--sheet S]
    python -m lib.cli scheduler [--data DIR] [--once]   (posts by itself when [broadcast] auto = true)
    python -m lib.cli font     [--source NotoSansCJK-Regular.ttc] [--extra CHARS]
    python -m lib.cli upload   results|qa|duty-log|contact-sheet --date D [--group G] [--at HH:MM]   (kind = "ftp")
"""
from __future__ import annotations

import argparse
import sys

from lib.cli import broadcast, day, font, mapping, month, records, scheduler, upload, users
from lib.config import ConfigError
from lib.store.base import StoreError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    p = argparse.ArgumentParser(prog="python -m lib.cli", description="TeamBoard 呼叫中心班组看板")
    sub = p.add_subparsers(dest="command", required=True)
    for group in (day, month, broadcast, scheduler, users, records, upload, mapping, font):
        group.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit code is the command's (2 for a config file that cannot be used)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as e:   # a command that reads settings() without lib.cli.common.load_settings
        print(e, file=sys.stderr)
        return 2
    except StoreError as e:   # a records folder that cannot be used (e.g. on a network share), not caught below
        print(f"error: {e}", file=sys.stderr)
        return 2
