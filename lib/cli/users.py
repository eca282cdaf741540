"""`python -m lib.cli users add|passwd|disable ID`: accounts, asked for a password, never given one on the line."""
from __future__ import annotations

import getpass
import sys

from lib.cli.common import load_settings
from lib.people.accounts import (
    AccountError,
    add_user,
    disable,
    set_password,
    users_path,
)
from lib.people.sessions import end_all


def _ask_password() -> str:
    if not sys.stdin.isatty():
        # Scripts pipe the password in; it never appears in the process list or shell history.
        first = sys.stdin.readline().rstrip("\n")
        second = sys.stdin.readline().rstrip("\n") or first
    else:
        first = getpass.getpass("新密码 / new password: ")
        second = getpass.getpass("再输一次 / again: ")
    if first != second:
        raise AccountError("the two passwords differ")
    return first


def cmd_users(args) -> int:
    path = users_path(load_settings())
    try:
        if args.action == "disable":
            disable(path, args.id)
        elif args.action == "add":
            add_user(path, args.id, _ask_password())
        else:
            set_password(path, args.id, _ask_password())
        if args.action != "add":   # open sessions end now, not at their next sign-in
            end_all(path, args.id)
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.action}: {args.id} ({path})")
    return 0


def add_parsers(sub) -> None:
    """The `users` subcommand."""
    u = sub.add_parser("users", help="sign-in accounts (bcrypt-hashed, in [auth] users_file)")
    u.add_argument("action", choices=["add", "passwd", "disable"])
    u.add_argument("id", help="工号")
    u.set_defaults(func=cmd_users)
