"""Accounts: 工号 and a bcrypt-hashed password in a users file outside the repo.

The file is JSON (`[auth] users_file`, default ~/.teamboard/users.json) written under a lock and
replaced atomically, so two sign-ins at once never lose a failure count. Five failed sign-ins lock
an account for 15 minutes (`[auth] max_failures`, `lock_minutes`). No password is ever stored or
logged in clear.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bcrypt
from filelock import FileLock

MIN_PASSWORD = 6


class AccountError(ValueError):
    """A request the accounts file cannot grant (unknown id, weak password …)."""


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: ok, bad (wrong id or password), locked or disabled."""

    status: str
    locked_until: dt.datetime | None = None
    failures_left: int | None = None


def users_path(settings) -> Path:
    """The users file in force (outside the repo by default)."""
    return Path(os.path.expanduser(str(settings.get("auth.users_file", "~/.teamboard/users.json"))))


def _read(path: Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8") or "{}")


def _write(path: Path, users: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".users.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(users, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _locked(path: Path) -> FileLock:
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path) + ".lock", timeout=10)


def _hash(password: str, rounds: int = 12) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password too short (at least {MIN_PASSWORD} characters)")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def _account(hash_: str) -> dict:
    return {"hash": hash_, "disabled": False, "failures": 0, "locked_until": None}


def add_user(path: Path, agent_id: str, password: str) -> None:
    """Create an account (AccountError if it exists)."""
    with _locked(path):
        users = _read(path)
        if agent_id in users:
            raise AccountError(f"account {agent_id} exists (use passwd)")
        users[agent_id] = _account(_hash(password))
        _write(path, users)


def ensure_demo_accounts(path: Path, agent_ids: list[str], password: str) -> None:
    """The demo center's accounts, one per person, all with the documented demo password.

    Cheap bcrypt rounds: the password is public in the README, and 75 accounts must not take
    twenty seconds to create on first start.
    """
    with _locked(path):
        users = _read(path)
        missing = [a for a in agent_ids if a not in users]
        if not missing:
            return
        h = _hash(password, rounds=4)
        users.update({a: _account(h) for a in missing})
        _write(path, users)


def set_password(path: Path, agent_id: str, password: str) -> None:
    """Give an account a new password; it also lifts a lock-out."""
    with _locked(path):
        users = _read(path)
        if agent_id not in users:
            raise AccountError(f"no account {agent_id}")
        users[agent_id].update(hash=_hash(password), failures=0, locked_until=None)
        _write(path, users)


def disable(path: Path, agent_id: str) -> None:
    """Disable an account: it can no longer sign in."""
    with _locked(path):
        users = _read(path)
        if agent_id not in users:
            raise AccountError(f"no account {agent_id}")
        users[agent_id]["disabled"] = True
        _write(path, users)


def verify(path: Path, agent_id: str, password: str, now: dt.datetime, *, max_failures: int = 5,
           lock_minutes: int = 15) -> SignIn:
    """Check a sign-in and record its outcome (failures count toward the lock-out)."""
    with _locked(path):
        users = _read(path)
        u = users.get(agent_id)
        if u is None:
            bcrypt.checkpw(b"x", bcrypt.hashpw(b"y", bcrypt.gensalt(4)))   # same cost for unknown ids
            return SignIn("bad")
        if u.get("disabled"):
            return SignIn("disabled")
        until = dt.datetime.fromisoformat(u["locked_until"]) if u.get("locked_until") else None
        if until and now < until:
            return SignIn("locked", until)
        if bcrypt.checkpw(password.encode("utf-8"), u["hash"].encode("ascii")):
            u.update(failures=0, locked_until=None)
            _write(path, users)
            return SignIn("ok")
        u["failures"] = int(u.get("failures", 0)) + 1
        if u["failures"] >= max_failures:
            u.update(failures=0, locked_until=(now + dt.timedelta(minutes=lock_minutes)).isoformat())
            _write(path, users)
            return SignIn("locked", now + dt.timedelta(minutes=lock_minutes))
        _write(path, users)
        return SignIn("bad", failures_left=max_failures - u["failures"])


def idle_expired(last_seen: dt.datetime | None, now: dt.datetime, idle_minutes: float) -> bool:
    """Whether a session unused since last_seen has ended."""
    return last_seen is not None and (now - last_seen) > dt.timedelta(minutes=idle_minutes)
