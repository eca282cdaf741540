"""`python -m lib.cli broadcast --data DIR --date D --at HH:MM [--post]`: the ranking broadcast as chat text.

Prints the text the duty desk shows; with --post it also sends it to the `[broadcast] robot`
(WeCom, DingTalk or Feishu; its webhook from config.toml, Streamlit secrets or $TEAMBOARD_WEBHOOK_URL),
retried and spaced to the robot's limit; a failure is reported on stderr with exit code 1, the robot's
answer and then why in the product's words (in --lang).
"""
from __future__ import annotations

import argparse
import sys

from lib.cli.common import data_command, date_arg, open_floor, time_arg


def cmd_broadcast(args) -> int:
    from lib.day.broadcast import broadcast_text
    from lib.i18n import t
    from lib.out.robots import credentials
    from lib.out.webhook import post_broadcast
    floor, cfg = open_floor(args)
    text = broadcast_text(floor.reports, args.date, args.at, cfg, args.lang)
    print(text)
    if not args.post:
        return 0
    if not credentials(cfg.broadcast)[0]:
        print("error: --post needs [broadcast] webhook_url (config.toml, .streamlit/secrets.toml or "
              "$TEAMBOARD_WEBHOOK_URL); nothing was sent", file=sys.stderr)
        return 2
    r = post_broadcast(cfg, text)
    if not r.ok:
        print(f"error: posting to the webhook failed after {r.attempts} attempts ({r.sent}/{r.parts} messages "
              f"sent): {r.error}", file=sys.stderr)
        if r.reason:
            print(f"error: {t(f'robot.error.{r.reason}', args.lang)}", file=sys.stderr)
        return 1
    print(f"posted: {r.parts} message(s), {r.attempts} attempt(s)", file=sys.stderr)
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `broadcast` command to the CLI's subparsers."""
    sp = data_command(sub, "broadcast", cmd_broadcast, "the 11:00/15:00/17:00 ranking broadcast as chat text (--post sends it)",
                      formats=False)
    sp.add_argument("--date", type=date_arg, required=True)
    sp.add_argument("--at", type=time_arg, required=True)
    sp.add_argument("--post", action="store_true", help="also post it to the [broadcast] robot")
    sp.add_argument("--lang", choices=["zh", "en"], default="zh")
    sp.set_defaults(func=cmd_broadcast)
    return sp
