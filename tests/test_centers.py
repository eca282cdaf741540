"""Several centers on one server (issue 19, item 6): [[center]] in config, who sees which center, the
switch, ?center=, the CLI's --center, and records landing in the center shown.

Center a is the demo center as of 2026-11-25 11:05 (seed 7), center b the same generator with seed 11:
the same 工号 (1100 leads 101 in both) and other names (101's 1101 is 秦凯琪 in a, 梁欣 in b).
"""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from lib.cli.main import main
from lib.config import ConfigError, settings_from_dict
from lib.demo.center import build_roster, write_demo
from lib.people import accounts, sessions
from lib.people.auth import LOCAL_ADMIN, PUBLIC, Person
from lib.people.centers import CenterChoice, account_center, shown_center, visible_centers
from lib.ui.safe import unliteral
from lib.ui.signin import real_now
from tests.conftest import ROOT

A_NAMES = {p.name for p in build_roster(2026, 11) if p.group == "101"}
B_NAMES = {p.name for p in build_roster(2026, 11, 11) if p.group == "101"}
ADMIN = "9000"   # in [auth] admins, on neither roster


# ---------------------------------------------------------------- config

def two(**b) -> dict:
    return {"center": [{"id": "a", "name": "甲中心", "path": "fa"}, {"id": "b", "name": "乙中心", "path": "fb", **b}]}


def test_two_centers_each_with_its_own_source(tmp_path):
    s = settings_from_dict(two(kind="gsheets", gsheets={"records": "KEY"}), tmp_path)
    assert [(c.id, c.name) for c in s.centers] == [("a", "甲中心"), ("b", "乙中心")]
    a, b = s.of_center("a"), s.of_center("b")
    assert a.data_path == tmp_path / "fa" and a.source_kind == "xlsx"
    assert b.data_path == tmp_path / "fb" and b.source_kind == "gsheets" and b.source.gsheets.records == "KEY"
    assert s.of_center(None) == a and s.of_center("") == a        # the first is the default
    assert b.source.cache_dir == s.source.cache_dir and b.centers == s.centers   # shared, still listed
    with pytest.raises(ConfigError) as e:
        s.of_center("zz")
    assert e.value.keys == ["center"] and "zz" in str(e.value) and "a, b" in str(e.value)


def test_no_center_is_today_s_single_center():
    s = settings_from_dict({})
    assert s.centers == () and s.of_center(None) is s and s.center_by_id("a") is None
    with pytest.raises(ConfigError):
        s.of_center("a")


@pytest.mark.parametrize("raw, keys, fragment", [
    (two(id="a"), ["center[2].id"], "repeats center #1"),
    (two(path="fa"), ["center[2].path"], "records would mix"),
    ({"center": [{"id": "a", "name": "甲"}]}, ["center[1].path"], "[[center]] #1 path"),
    ({"center": [{"id": "Bei Jing", "name": "北京", "path": "x"}]}, ["center[1].id"], "lower-case"),
    ({"center": [{"id": "a", "path": "x"}]}, ["center[1].name"], "is required"),
    (two(pth="fb"), ["center[2].pth"], "did you mean path"),
    (two(kind="ftp"), ["center[2].kind"], "[center.ftp] host"),
    ({"center": {"id": "a"}}, ["center"], "array of tables"),
])
def test_a_bad_center_names_its_key(raw, keys, fragment):
    with pytest.raises(ConfigError) as e:
        settings_from_dict(raw)
    assert e.value.keys == keys
    assert fragment in str(e.value) and " / " in str(e.value)     # Chinese and English


# ---------------------------------------------------------------- who sees which center

LEAD_A = Person("1100", "彭晨", "lead", "101")
IDS = ["a", "b"]


def test_a_person_sees_their_own_center_an_admin_and_the_wall_every_one():
    assert visible_centers(LEAD_A, "a", IDS) == ["a"]
    assert visible_centers(LEAD_A, "b", IDS) == ["b"]
    assert visible_centers(Person("0801", "贾艳", "manager", "中心"), "a", IDS) == ["a"]   # a manager is one center's
    assert visible_centers(LEAD_A, None, IDS) == []               # an account of a center no longer configured
    assert visible_centers(Person(ADMIN, ADMIN, "admin", ""), "a", IDS) == IDS
    assert visible_centers(LOCAL_ADMIN, None, IDS) == IDS         # sign-in off
    assert visible_centers(PUBLIC, None, IDS) == IDS              # only the public wall is theirs


def test_the_account_s_center_defaults_to_the_first():
    assert account_center("", IDS) == "a" and account_center(None, IDS) == "a"
    assert account_center("b", IDS) == "b" and account_center("gone", IDS) is None
    assert account_center("b", []) is None


def test_center_asked_is_honoured_only_when_visible():
    assert shown_center(["a"], None, None) == CenterChoice("a")
    assert shown_center(["a"], "b", None) == CenterChoice("a", "b")          # ignored, and said so
    assert shown_center(["a"], "nowhere", None) == CenterChoice("a", "nowhere")   # the same for a center that is not
    assert shown_center(IDS, "b", "a") == CenterChoice("b")                   # the URL over the session
    assert shown_center(IDS, None, "b") == CenterChoice("b")                  # the session's switch
    assert shown_center(["a"], None, "b") == CenterChoice("a")                # a stale choice is dropped
    assert shown_center([], "a", None) == CenterChoice(None, "a")


# ---------------------------------------------------------------- the app

@pytest.fixture(scope="module")
def b_source(tmp_path_factory):
    out = tmp_path_factory.mktemp("center_b")
    return write_demo(out, __import__("datetime").date(2026, 11, 25), 11 * 60 + 5, seed=11)


@pytest.fixture
def centers(demo_dir, b_source, tmp_path, monkeypatch):
    """Two centers in force (private copies), sign-in on, 9000 an administrator; returns their folders."""
    fa, fb = tmp_path / "a", tmp_path / "b"
    shutil.copytree(demo_dir, fa, ignore=shutil.ignore_patterns("records"))
    shutil.copytree(b_source, fb, ignore=shutil.ignore_patterns("records"))
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace("\ncenter = []\n", "\n", 1)
    text = text.replace('users_file = "~/.teamboard/users.json"', f'users_file = "{(tmp_path / "users.json").as_posix()}"', 1)
    text = text.replace("admins = []", f'admins = ["{ADMIN}"]', 1)
    text += (f'\n[[center]]\nid = "a"\nname = "甲中心"\npath = "{fa.as_posix()}"\n'
             f'\n[[center]]\nid = "b"\nname = "乙中心"\npath = "{fb.as_posix()}"\n')
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    return {"a": fa, "b": fb, "users": tmp_path / "users.json"}


def lead_page(centers, uid: str, home: str | None, **query) -> AppTest:
    """The workbench as `uid` (an account of center `home`) sees it."""
    accounts.add_user(centers["users"], uid, "secret123", home or "")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["auth_token"] = sessions.begin(centers["users"], uid, real_now())
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/lead.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def names(at) -> set[str]:
    """The 101 names of either center the workbench's tables show."""
    shown = "\n".join(d.value.to_string() for d in at.dataframe)
    return {n for n in A_NAMES | B_NAMES if n in shown}


def test_a_lead_sees_their_center_and_center_b_in_the_url_is_ignored(centers):
    at = lead_page(centers, "1100", "a", center="b")
    assert names(at) and names(at) <= A_NAMES                         # a's 101, nothing of b's
    warned = [unliteral(w.value) for w in at.warning]
    assert "?center=b：不是您可以查看的中心，显示您的中心" in warned
    assert not any("乙中心" in str(x.value) for kind in ("caption", "warning", "error", "markdown") for x in at.get(kind))
    assert not at.sidebar.selectbox                                   # nothing to switch to
    assert "中心：甲中心" in [c.value for c in at.sidebar.caption]


def test_the_same_id_in_center_b_is_b_s_lead(centers):
    at = lead_page(centers, "1100", "b")
    assert names(at) and names(at) <= B_NAMES


def test_an_admin_switches_to_b_and_writes_into_b_s_records(centers):
    at = lead_page(centers, ADMIN, "a")
    assert names(at) <= A_NAMES and names(at)
    switch = at.sidebar.selectbox(key="center_select")
    assert switch.options == ["甲中心", "乙中心"] and switch.value == "a"
    switch.set_value("b").run()
    assert not at.exception
    assert names(at) and names(at) <= B_NAMES
    at.switch_page("pages/lead.py").run()                              # the menu's link keeps the choice
    assert names(at) <= B_NAMES and names(at)
    at.multiselect(key="lead_att_absent").set_value([]).run()
    at.button(key="lead_att_submit").click().run()
    assert "已写入考勤 1 行。" in [s.value for s in at.success]
    assert list((centers["b"] / "records").rglob("*.xlsx"))            # b's records folder holds it ...
    assert not (centers["a"] / "records").exists() or not list((centers["a"] / "records").rglob("*.xlsx"))


def test_an_admin_s_center_in_the_url_is_honoured(centers):
    at = lead_page(centers, ADMIN, "a", center="b")
    assert names(at) and names(at) <= B_NAMES
    assert not [w for w in at.warning if "?center" in w.value]


def test_an_account_of_a_center_no_longer_configured_sees_no_center(centers):
    at = lead_page(centers, "1100", "gone")
    assert "您的账号所属的中心不在设置中：请联系管理员" in [e.value for e in at.error]
    assert not names(at)


def test_the_public_wall_takes_center(centers):
    def wall(**query):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        at.switch_page("pages/wall.py").run()
        assert not at.exception
        html = "\n".join(h.proto.body for h in at.get("html"))
        return {n for n in A_NAMES | B_NAMES if n in html}
    assert wall() and wall() <= A_NAMES                                # the first center by default
    assert wall(center="b") and wall(center="b") <= B_NAMES


# ---------------------------------------------------------------- the command line

def ranking(capsys, *extra):
    code = main(["ranking", "--date", "2026-11-25", "--at", "11:00", "--format", "csv", *extra])
    captured = capsys.readouterr()
    return code, {r["name"] for r in csv.DictReader(io.StringIO(captured.out))}, captured.err


def test_the_cli_reads_the_first_center_or_the_one_named(centers, capsys):
    code, a, _ = ranking(capsys)
    assert code == 0 and a & A_NAMES and not a & B_NAMES
    code, b, _ = ranking(capsys, "--center", "b")
    assert code == 0 and b & B_NAMES and not b & A_NAMES
    with pytest.raises(SystemExit) as e:
        ranking(capsys, "--center", "zz")
    assert e.value.code == 2 and "no center has this id (a, b)" in capsys.readouterr().err


def test_users_add_names_the_center(centers, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("secret123\nsecret123\n"))
    assert main(["users", "add", "1300", "--center", "b"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("secret123\nsecret123\n"))
    assert main(["users", "add", "1301"]) == 0                          # the first center
    monkeypatch.setattr("sys.stdin", io.StringIO("secret123\nsecret123\n"))
    assert main(["users", "add", "1302", "--center", "zz"]) == 1
    users = json.loads(centers["users"].read_text(encoding="utf-8"))
    assert (users["1300"]["center"], users["1301"]["center"]) == ("b", "a") and "1302" not in users
    assert "no center has this id" in capsys.readouterr().err


def test_with_sign_in_off_every_center_is_visible(centers):
    path = centers["users"].parent / "config.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("enabled = true", "enabled = false", 1), encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["center"] = "b"
    at.run()
    at.switch_page("pages/lead.py").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="center_select").value == "b"
    assert names(at) and names(at) <= B_NAMES


def test_a_center_s_missing_folder_is_named_with_its_key(centers):
    shutil.rmtree(centers["b"])
    at = lead_page(centers, ADMIN, "a", center="b")
    problem = " ".join(unliteral(e.value) for e in at.error)
    assert "[[center]] path" in problem and str(centers["b"]) in problem and not names(at)


def test_records_commands_open_the_center_s_store(centers):
    from lib.cli.records import _store
    assert _store(None).root == centers["a"] / "records"          # the first center
    assert _store(None, "b").root == centers["b"] / "records"
