"""Sign-in sessions that survive a refresh: a random token in the browser, its hash on the server.

The browser keeps only a random token (a cookie, set by lib/ui/session.py); the server keeps
sha256(token) with the 工号, the account's stamp (lib.people.accounts.account_stamp), when it began
and when it was last used, in `<users file>.sessions.json` (written under the users file's lock,
replaced atomically). A session ends after `[auth] session_hours` in all, after `idle_minutes`
unused, at sign-out, and when the account's stamp changes (new password, `users disable`). Times
are the real clock, never the rehearsal clock. Neither the 工号 nor the role is ever in the cookie.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from lib.people.accounts import _locked, _read, _write, account_stamp

TOKEN_BYTES = 32
SEEN_EVERY = dt.timedelta(minutes=1)   # "last used" is written at most this often (not on every rerun)


def sessions_path(users_file: Path) -> Path:
    """Where the sessions of an accounts file are kept."""
    return users_file.with_name(users_file.stem + ".sessions.json")


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _alive(s: dict, now: dt.datetime, hours: float, idle_minutes: float) -> bool:
    begun, seen = dt.datetime.fromisoformat(s["begun"]), dt.datetime.fromisoformat(s["seen"])
    return now - begun <= dt.timedelta(hours=hours) and now - seen <= dt.timedelta(minutes=idle_minutes)


def begin(users_file: Path, agent_id: str, now: dt.datetime) -> str:
    """A new session for a signed-in 工号; the token to hand to the browser."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    path = sessions_path(users_file)
    with _locked(users_file):
        table = _read(path)
        table[_key(token)] = {"id": agent_id, "stamp": account_stamp(users_file, agent_id),
                              "begun": now.isoformat(), "seen": now.isoformat()}
        _write(path, table)
    return token


def resume(users_file: Path, token: str | None, now: dt.datetime, *, hours: float, idle_minutes: float) -> str | None:
    """The 工号 of a live session with this token, or None (unknown, expired, or its account changed)."""
    if not token:
        return None
    path = sessions_path(users_file)
    s = _read(path).get(_key(token))
    if s is None:
        return None
    stamp = account_stamp(users_file, s["id"])
    if stamp is None or stamp != s["stamp"] or not _alive(s, now, hours, idle_minutes):
        end(users_file, token)
        return None
    if now - dt.datetime.fromisoformat(s["seen"]) >= SEEN_EVERY:
        with _locked(users_file):
            table = _read(path)
            if _key(token) in table:
                table[_key(token)]["seen"] = now.isoformat()
                _prune(table, now, hours, idle_minutes)
                _write(path, table)
    return s["id"]


def end(users_file: Path, token: str | None) -> None:
    """End one session (sign-out)."""
    if not token:
        return
    path = sessions_path(users_file)
    with _locked(users_file):
        table = _read(path)
        if table.pop(_key(token), None) is not None:
            _write(path, table)


def end_all(users_file: Path, agent_id: str) -> int:
    """End every session of a 工号 (`users disable`, `users passwd`); how many there were."""
    path = sessions_path(users_file)
    with _locked(users_file):
        table = _read(path)
        mine = [k for k, s in table.items() if s["id"] == agent_id]
        for k in mine:
            del table[k]
        if mine:
            _write(path, table)
    return len(mine)


def _prune(table: dict, now: dt.datetime, hours: float, idle_minutes: float) -> None:
    for k in [k for k, s in table.items() if not _alive(s, now, hours, idle_minutes)]:
        del table[k]
