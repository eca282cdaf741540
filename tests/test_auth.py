"""Accounts, lock-out, idle expiry and the rights every page passes through."""
import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from lib.people import accounts
from lib.people.auth import (Person, Refused, may_open, person_on, require_agent, require_duty_desk, require_group, require_review, visible_groups)
from lib.floor.schema import conform
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch):
    """bcrypt at cost 4 in these tests (each check at the real cost 12 takes a quarter of a second)."""
    monkeypatch.setattr(accounts, "ROUNDS", 4)
    monkeypatch.setattr(accounts, "_DUMMY", {})


T0 = dt.datetime(2026, 11, 25, 9, 0)


def test_passwords_are_bcrypt_hashed_and_checked(tmp_path):
    f = tmp_path / "users.json"
    accounts.add_user(f, "1200", "secret-1")
    assert "secret-1" not in f.read_text() and "$2b$" in f.read_text()
    assert accounts.verify(f, "1200", "secret-1", T0).status == "ok"
    assert accounts.verify(f, "1200", "wrong", T0).status == "bad"
    assert accounts.verify(f, "9999", "secret-1", T0).status == "bad"
    with pytest.raises(accounts.AccountError):
        accounts.add_user(f, "1200", "another-1")
    with pytest.raises(accounts.AccountError):
        accounts.add_user(f, "1201", "short")


def test_five_failures_lock_the_id_from_that_address_only_for_fifteen_minutes(tmp_path):
    f = tmp_path / "users.json"
    accounts.add_user(f, "1200", "secret-1")
    at = lambda m: T0 + dt.timedelta(minutes=m)
    lefts = [accounts.verify(f, "1200", "nope", at(i), client="10.0.0.9").failures_left for i in range(4)]
    assert lefts == [4, 3, 2, 1]
    fifth = accounts.verify(f, "1200", "nope", at(4), client="10.0.0.9")
    assert fifth.status == "locked" and fifth.locked_until == at(19)
    # even the right password is refused from that address while locked ...
    assert accounts.verify(f, "1200", "secret-1", at(18), client="10.0.0.9").status == "locked"
    # ... but the owner at their own desk still signs in: nobody can lock a colleague out
    assert accounts.verify(f, "1200", "secret-1", at(5), client="10.0.0.7").status == "ok"
    assert accounts.verify(f, "1200", "secret-1", at(19), client="10.0.0.9").status == "ok"


def test_an_unknown_id_is_answered_and_locked_exactly_like_a_real_one(tmp_path):
    f = tmp_path / "users.json"
    accounts.add_user(f, "1200", "secret-1")
    real = [accounts.verify(f, "1200", "nope", T0, client="a") for _ in range(5)]
    ghost = [accounts.verify(f, "9999", "nope", T0, client="a") for _ in range(5)]
    assert [(r.status, r.failures_left) for r in real] == [(g.status, g.failures_left) for g in ghost]
    assert real[-1].status == "locked"


def test_twenty_failures_from_one_address_lock_the_address_whatever_the_id(tmp_path):
    f = tmp_path / "users.json"
    accounts.add_user(f, "1200", "secret-1")
    for i in range(19):   # password spraying: a new id each time, so no pair reaches five
        assert accounts.verify(f, f"{1300 + i}", "nope", T0, client="b", client_failures=20).status == "bad"
    assert accounts.verify(f, "1399", "nope", T0, client="b", client_failures=20).status == "locked"
    assert accounts.verify(f, "1200", "secret-1", T0, client="b", client_failures=20).status == "locked"
    assert accounts.verify(f, "1200", "secret-1", T0, client="c", client_failures=20).status == "ok"


def test_unknown_disabled_and_wrong_cost_the_same_bcrypt_check(tmp_path, monkeypatch):
    f = tmp_path / "users.json"
    accounts.add_user(f, "1200", "secret-1")
    accounts.add_user(f, "1201", "secret-1")
    accounts.disable(f, "1201")
    costs = []
    real_check = accounts.bcrypt.checkpw
    monkeypatch.setattr(accounts.bcrypt, "checkpw", lambda pw, h: costs.append(int(h.split(b"$")[2])) or real_check(pw, h))
    answers = {who: accounts.verify(f, who, pw, T0, client=who).status
               for who, pw in (("1200", "wrong-1"), ("9999", "secret-1"), ("1201", "secret-1"))}
    assert answers == {"1200": "bad", "9999": "bad", "1201": "bad"}   # one answer for all three
    assert costs == [accounts.ROUNDS] * 3


def test_disabled_accounts_and_new_passwords(tmp_path):
    f = tmp_path / "users.json"
    accounts.add_user(f, "1", "secret-1")
    accounts.set_password(f, "1", "secret-2")
    assert accounts.verify(f, "1", "secret-1", T0).status == "bad"
    assert accounts.verify(f, "1", "secret-2", T0).status == "ok"
    accounts.disable(f, "1")
    assert accounts.verify(f, "1", "secret-2", T0).status == "bad"   # as an unknown id: nothing to enumerate


def test_idle_expiry():
    assert not accounts.idle_expired(T0, T0 + dt.timedelta(minutes=30), 30)
    assert accounts.idle_expired(T0, T0 + dt.timedelta(minutes=30, seconds=1), 30)
    assert not accounts.idle_expired(None, T0, 30)


def test_users_cli_reads_the_password_from_stdin_never_the_command_line(tmp_path):
    cfg = (ROOT / "config.toml").read_text(encoding="utf-8").replace(
        'users_file = "~/.teamboard/users.json"', f'users_file = "{(tmp_path / "u.json").as_posix()}"')
    (tmp_path / "c.toml").write_text(cfg, encoding="utf-8")
    env = {"DASHBOARD_CONFIG": str(tmp_path / "c.toml"), "PATH": "/usr/bin:/bin"}
    run = lambda *a, stdin="": subprocess.run([sys.executable, "-m", "lib.cli", "users", *a], cwd=ROOT, env=env,
                                              input=stdin, capture_output=True, text=True)
    assert run("add", "1200", stdin="secret-1\nsecret-1\n").returncode == 0
    assert accounts.verify(tmp_path / "u.json", "1200", "secret-1", T0).status == "ok"
    p = run("passwd", "1200", stdin="secret-2\nsecret-3\n")
    assert p.returncode == 1 and "differ" in p.stderr
    assert run("disable", "1200").returncode == 0
    assert accounts.verify(tmp_path / "u.json", "1200", "secret-1", T0).status == "bad"


ROSTER = conform(pd.DataFrame([
    {"date": "2026-11-25", "agent_id": "1100", "name": "甲", "group": "101", "role": "lead", "working": True, "duty": False},
    {"date": "2026-11-25", "agent_id": "1200", "name": "乙", "group": "102", "role": "lead", "working": True, "duty": True},
    {"date": "2026-11-24", "agent_id": "1100", "name": "甲", "group": "101", "role": "lead", "working": True, "duty": True},
    {"date": "2026-11-25", "agent_id": "1101", "name": "丙", "group": "101", "role": "agent", "working": True, "duty": False},
    {"date": "2026-11-25", "agent_id": "0802", "name": "丁", "group": "中心", "role": "director", "working": True, "duty": False},
]), "schedule")
DAY = dt.date(2026, 11, 25)


def test_role_group_and_duty_come_from_the_roster_for_the_day():
    lead = person_on(ROSTER, "1100", DAY)
    assert (lead.role, lead.group, lead.duty_today) == ("lead", "101", False)
    assert person_on(ROSTER, "1100", dt.date(2026, 11, 24)).duty_today      # duty rights on that day only
    assert person_on(ROSTER, "1200", DAY).duty_today
    assert person_on(ROSTER, "7777", DAY) is None
    assert person_on(ROSTER, "7777", DAY, ["7777"]).role == "admin"


def test_a_lead_sees_and_writes_only_their_group():
    lead = person_on(ROSTER, "1100", DAY)
    require_group(lead, "101")
    with pytest.raises(Refused):
        require_group(lead, "102")
    with pytest.raises(Refused):
        require_duty_desk(lead)
    with pytest.raises(Refused):
        require_review(lead)
    assert visible_groups(lead, ["101", "102"]) == ["101"]
    require_agent(lead, "1101", "101")
    with pytest.raises(Refused):
        require_agent(lead, "1201", "102")


def test_the_duty_lead_and_the_director_see_every_group():
    duty, director = person_on(ROSTER, "1200", DAY), person_on(ROSTER, "0802", DAY)
    for p in (duty, director):
        require_group(p, "101")
        require_duty_desk(p)
        assert visible_groups(p, ["101", "102"]) == ["101", "102"]
    require_review(director)
    with pytest.raises(Refused):
        require_review(duty)


def test_an_agent_sees_their_own_record_only():
    agent = person_on(ROSTER, "1101", DAY)
    require_agent(agent, "1101", "101")
    with pytest.raises(Refused):
        require_agent(agent, "1102", "101")
    with pytest.raises(Refused):
        require_group(agent, "101")
    assert [p for p in ("wall", "lead", "agent", "duty", "review", "health") if may_open(agent, p)] == ["wall", "agent", "review"]


def test_visible_agents_the_floor_a_leads_group_an_agents_own_nobodys():
    from lib.people.auth import PUBLIC, agent_scope, visible_agents
    rows = pd.DataFrame({"agent_id": ["1101", "1102", "1201", "1100"], "group": ["101", "102", "102", "101"]})
    lead, agent, duty = (person_on(ROSTER, u, DAY) for u in ("1100", "1101", "1200"))
    assert [agent_scope(p) for p in (duty, lead, agent, PUBLIC)] == ["floor", "group", "own", "none"]
    assert visible_agents(duty, rows)["agent_id"].tolist() == ["1101", "1102", "1201", "1100"]
    # a row counts for the group it belongs to: 1102 (of 101) worked for 102 is not on 101's list
    assert visible_agents(lead, rows)["agent_id"].tolist() == ["1101", "1100"]
    assert visible_agents(agent, rows)["agent_id"].tolist() == ["1101"]
    assert visible_agents(PUBLIC, rows).empty
    store = rows.rename(columns={"agent_id": "工号", "group": "组别"})   # a store table's names
    assert visible_agents(lead, store, agent="工号", group="组别")["工号"].tolist() == ["1101", "1100"]
