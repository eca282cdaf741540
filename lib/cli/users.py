"""`python -m lib.cli users add|passwd|disable ID [--center C]`: accounts, asked for a password, never given one on the line."""
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


def account_center(cfg, asked: str | None) -> str:
    """The center a new account belongs to: --center, else the first [[center]]; "" without any.
    AccountError (zh / en) for a center the config does not name."""
    ids = [c.id for c in cfg.centers]
    if not ids:
        if asked:
            raise AccountError(f"--center {asked}: 设置文件中没有 [[center]] / the config file names no [[center]]")
        return ""
    if asked and asked not in ids:
        raise AccountError(f"--center {asked}: 没有这个编号的中心 / no center has this id ({', '.join(ids)})")
    return asked or ids[0]


def cmd_users(args) -> int:
    cfg = load_settings()
    path = users_path(cfg)
    center = ""
    try:
        if args.action != "add" and args.center:
            raise AccountError("--center 只用于 add / --center goes with add only")
        if args.action == "disable":
            disable(path, args.id)
        elif args.action == "add":
            center = account_center(cfg, args.center)
            add_user(path, args.id, _ask_password(), center)
        else:
            set_password(path, args.id, _ask_password())
        if args.action != "add":   # open sessions end now, not at their next sign-in
            end_all(path, args.id)
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.action}: {args.id}" + (f" [{center}]" if center else "") + f" ({path})")
    return 0


def add_parsers(sub) -> None:
    """The `users` subcommand."""
    u = sub.add_parser("users", help="sign-in accounts (bcrypt-hashed, in [auth] users_file)")
    u.add_argument("action", choices=["add", "passwd", "disable"])
    u.add_argument("id", help="工号")
    u.add_argument("--center", help="add: the account's center, a [[center]] id (default: the first)")
    u.set_defaults(func=cmd_users)
