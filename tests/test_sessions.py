"""Sessions: a random token survives a refresh; expiry, idle time, sign-out and account changes end it."""
import datetime as dt
import json

import pytest

from lib.people import accounts, sessions


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch):
    """bcrypt at cost 4 in these tests (each check at the real cost 12 takes a quarter of a second)."""
    monkeypatch.setattr(accounts, "ROUNDS", 4)
    monkeypatch.setattr(accounts, "_DUMMY", {})


T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)
H, IDLE = 12, 30


def _users(tmp_path):
    f = tmp_path / "users.json"
    accounts.add_user(f, "1200", "secret-1")
    accounts.add_user(f, "1201", "secret-1")
    return f


def test_a_token_resumes_its_session_and_only_its_hash_is_stored(tmp_path):
    f = _users(tmp_path)
    token = sessions.begin(f, "1200", T0)
    assert len(token) >= 40 and "1200" not in token
    assert sessions.resume(f, token, T0 + dt.timedelta(minutes=5), hours=H, idle_minutes=IDLE) == "1200"
    stored = sessions.sessions_path(f).read_text()
    assert token not in stored and sessions._key(token) in stored
    assert sessions.resume(f, token[:-1] + "x", T0, hours=H, idle_minutes=IDLE) is None
    assert sessions.resume(f, None, T0, hours=H, idle_minutes=IDLE) is None


def test_idle_time_and_the_whole_length_end_a_session(tmp_path):
    f = _users(tmp_path)
    t = sessions.begin(f, "1200", T0)
    assert sessions.resume(f, t, T0 + dt.timedelta(minutes=31), hours=H, idle_minutes=IDLE) is None
    t = sessions.begin(f, "1200", T0)
    for m in range(25, 12 * 60, 25):   # used every 25 minutes: never idle ...
        assert sessions.resume(f, t, T0 + dt.timedelta(minutes=m), hours=H, idle_minutes=IDLE) == "1200"
    # ... but 12 hours after it began it ends all the same
    assert sessions.resume(f, t, T0 + dt.timedelta(hours=12, minutes=5), hours=H, idle_minutes=IDLE) is None


def test_sign_out_disable_and_a_new_password_end_the_sessions(tmp_path):
    f = _users(tmp_path)
    a, b, c = (sessions.begin(f, who, T0) for who in ("1200", "1200", "1201"))
    sessions.end(f, a)
    assert sessions.resume(f, a, T0, hours=H, idle_minutes=IDLE) is None
    assert sessions.resume(f, b, T0, hours=H, idle_minutes=IDLE) == "1200"
    accounts.disable(f, "1200")
    assert sessions.resume(f, b, T0, hours=H, idle_minutes=IDLE) is None
    accounts.set_password(f, "1201", "secret-2")
    assert sessions.resume(f, c, T0, hours=H, idle_minutes=IDLE) is None
    d = sessions.begin(f, "1201", T0)
    assert sessions.end_all(f, "1201") == 1 and sessions.resume(f, d, T0, hours=H, idle_minutes=IDLE) is None
    assert json.loads(sessions.sessions_path(f).read_text()) == {}
