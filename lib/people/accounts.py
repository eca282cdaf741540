"""Accounts: 工号 and a bcrypt-hashed password in a users file outside the repo.

The file is JSON (`[auth] users_file`, default ~/.teamboard/users.json) written under a lock and
replaced atomically, so two sign-ins at once never lose a failure count. No password is ever
stored or logged in clear.

Abuse (issue 14): failed sign-ins are counted per (工号, client address) and per client address,
in `<users file>.attempts.json`. Five failures of one 工号 from one address lock that pair for 15
minutes (`[auth] max_failures`, `lock_minutes`): someone at another desk cannot lock a colleague
out, only themselves. Twenty failures from one address, whatever the 工号 (`client_failures`),
lock the address. An unknown 工号, a disabled account and a wrong password cost the same bcrypt
check and get the same answer, so the answer says nothing about which accounts exist; an unknown
工号 is locked out like a real one. Times are the real clock, never the rehearsal clock.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bcrypt
from filelock import FileLock

MIN_PASSWORD = 6
ROUNDS = 12   # bcrypt cost of every real account, and of the dummy hash unknown ids are checked against
_DUMMY: dict[str, bytes] = {}


class AccountError(ValueError):
    """A request the accounts file cannot grant (unknown id, weak password …)."""


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: ok, bad (unknown id, disabled or wrong password) or locked."""

    status: str
    locked_until: dt.datetime | None = None
    failures_left: int | None = None


def users_path(settings) -> Path:
    """The users file in force (outside the repo by default)."""
    return Path(os.path.expanduser(settings.auth.users_file))


def _read(path: Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8") or "{}")


@lru_cache(maxsize=4)
def _users_at(path: str, mtime_ns: int) -> dict:
    """The users file as of one modification (read once however many sessions check it)."""
    return _read(Path(path))


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


def _hash(password: str, rounds: int | None = None) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password too short (at least {MIN_PASSWORD} characters)")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds or ROUNDS)).decode("ascii")


def _account(hash_: str) -> dict:
    return {"hash": hash_, "disabled": False, "failures": 0, "locked_until": None}


def add_user(path: Path, agent_id: str, password: str, center: str = "") -> None:
    """Create an account, of a center when the server has several (AccountError if it exists)."""
    with _locked(path):
        users = _read(path)
        if agent_id in users:
            raise AccountError(f"account {agent_id} exists (use passwd)")
        users[agent_id] = _account(_hash(password)) | ({"center": center} if center else {})
        _write(path, users)


def center_of(path: Path, agent_id: str) -> str:
    """The center an account names ("" when none: made without --center, or before [[center]])."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return ""
    return str((_users_at(str(path), mtime).get(agent_id) or {}).get("center") or "")


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
        tries = _read(attempts_path(path))
        if tries:
            for k in [k for k in tries.get("pairs", {}) if k.split("|")[0] == agent_id]:
                del tries["pairs"][k]
            _write(attempts_path(path), tries)


def disable(path: Path, agent_id: str) -> None:
    """Disable an account: it can no longer sign in."""
    with _locked(path):
        users = _read(path)
        if agent_id not in users:
            raise AccountError(f"no account {agent_id}")
        users[agent_id]["disabled"] = True
        _write(path, users)


def _dummy() -> bytes:
    """A hash of the real accounts' cost that no password matches (made once per process)."""
    if "h" not in _DUMMY:
        _DUMMY["h"] = bcrypt.hashpw(b"no account", bcrypt.gensalt(ROUNDS))
    return _DUMMY["h"]


def attempts_path(path: Path) -> Path:
    """Where failed sign-ins are counted: beside the users file."""
    return path.with_name(path.stem + ".attempts.json")


def _until(entry: dict | None, now: dt.datetime) -> dt.datetime | None:
    until = dt.datetime.fromisoformat(entry["until"]) if entry and entry.get("until") else None
    return until if until and now < until else None


def _fail(table: dict, key: str, now: dt.datetime, limit: int, minutes: int) -> dt.datetime | None:
    """Count one failure of a key within the window; the lock's end once it reaches the limit."""
    e = table.get(key)
    if e is None or dt.datetime.fromisoformat(e["first"]) < now - dt.timedelta(minutes=minutes):
        e = table[key] = {"first": now.isoformat(), "n": 0, "until": None}
    e["n"] += 1
    if e["n"] >= limit:
        end = now + dt.timedelta(minutes=minutes)
        e.update(n=0, first=now.isoformat(), until=end.isoformat())
        return end
    return None


def _prune(table: dict, now: dt.datetime, minutes: int) -> None:
    old = (now - dt.timedelta(minutes=minutes)).isoformat()
    for k in [k for k, e in table.items() if e["first"] < old and not _until(e, now)]:
        del table[k]


def verify(path: Path, agent_id: str, password: str, now: dt.datetime, *, client: str = "",
           max_failures: int = 5, lock_minutes: int = 15, client_failures: int = 20) -> SignIn:
    """Check a sign-in from a client address and count its failures (see the module's docstring)."""
    pair = f"{agent_id}|{client}"
    with _locked(path):
        users, tries = _read(path), _read(attempts_path(path))
        pairs, clients = tries.setdefault("pairs", {}), tries.setdefault("clients", {})
        locked = _until(pairs.get(pair), now) or _until(clients.get(client), now)
        u = users.get(agent_id)
        stored = u["hash"].encode("ascii") if u else _dummy()
        good = bcrypt.checkpw(password.encode("utf-8"), stored)   # always one check, whatever the case
        if locked:
            return SignIn("locked", locked)
        if good and u is not None and not u.get("disabled"):
            pairs.pop(pair, None)
            _write(attempts_path(path), tries)
            return SignIn("ok")
        end = _fail(pairs, pair, now, max_failures, lock_minutes)
        end = _fail(clients, client, now, client_failures, lock_minutes) or end
        _prune(pairs, now, lock_minutes)
        _prune(clients, now, lock_minutes)
        _write(attempts_path(path), tries)
        if end:
            return SignIn("locked", end)
        return SignIn("bad", failures_left=max_failures - pairs[pair]["n"])


def account_stamp(path: Path, agent_id: str) -> str | None:
    """What a signed-in session holds of its account: None once the account is gone or disabled; it
    changes with the password, so a new password or `users disable` ends every open session."""
    import hashlib

    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    u = _users_at(str(path), mtime).get(agent_id)
    if u is None or u.get("disabled"):
        return None
    return hashlib.sha256(u["hash"].encode("ascii")).hexdigest()[:16]


def idle_expired(last_seen: dt.datetime | None, now: dt.datetime, idle_minutes: float) -> bool:
    """Whether a session unused since last_seen has ended."""
    return last_seen is not None and (now - last_seen) > dt.timedelta(minutes=idle_minutes)
