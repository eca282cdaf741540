"""The typed config (lib/config.py): its defaults are config.toml's, a missing table takes them, and a
file with an unknown or mistyped setting stops the app and the CLI with a message naming file and key."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from lib.config import (ConfigError, GSheetsConfig, Settings, config_path, settings, settings_from_dict)
from lib.ui.safe import unliteral
from tests.conftest import ROOT, make_settings


def repo_toml() -> dict:
    with open(ROOT / "config.toml", "rb") as fh:
        return tomllib.load(fh)


def plain(v):
    """A settings value as TOML gives it: tuples as lists, all the way down."""
    if isinstance(v, (tuple, list)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v


def pairs(raw: dict, obj, path=()):
    """(dotted key, TOML value, the defaults' value) for every key of the file, nested tables walked."""
    for key, value in raw.items():
        have = obj[key] if isinstance(obj, dict) else getattr(obj, key)
        if dataclasses.is_dataclass(have):
            yield from pairs(value, have, (*path, key))
        else:
            yield ".".join((*path, key)), value, have


# ---------------------------------------------------------------- defaults

def test_every_default_is_config_toml_s_value():
    """One place for each default: change it in config.toml or in lib/config.py alone and this fails."""
    defaults = Settings()
    checked = 0
    for key, value, have in pairs(repo_toml(), defaults):
        assert plain(have) == value, f"{key}: default {have!r}, config.toml {value!r}"
        assert type(value) is not bool or type(have) is bool, key
        checked += 1
    assert checked >= 90
    assert settings_from_dict(repo_toml()) == defaults


def test_config_toml_names_every_setting():
    """Each dataclass field is in config.toml (with its comment), but a write-back table's own
    spreadsheet, which falls back to [source.gsheets] records."""
    def keys(obj, path=()):
        for f in dataclasses.fields(obj):
            if not f.metadata.get("table", True):
                continue
            v = getattr(obj, f.name)
            yield from keys(v, (*path, f.name)) if dataclasses.is_dataclass(v) else [".".join((*path, f.name))]
    in_file = {k for k, _, _ in pairs(repo_toml(), Settings())}
    from lib.store import TABLES
    optional = {f"source.gsheets.{t}" for t in TABLES}
    assert set(keys(Settings())) - in_file == optional


def test_every_write_back_table_has_its_spreadsheet_key():
    from lib.store import TABLES
    names = {f.name for f in dataclasses.fields(GSheetsConfig)}
    assert set(TABLES) <= names
    g = settings_from_dict({"source": {"gsheets": {"records": "R", "qa": "Q"}}}).source.gsheets
    assert (g.records_of("qa"), g.records_of("attendance")) == ("Q", "R")
    assert settings_from_dict({"source": {"gsheets": {"reports": ["a", "", "b"]}}}).source.gsheets.inputs(
        "reports") == ("a", "b")


def test_missing_tables_and_keys_take_the_defaults():
    assert settings_from_dict({}) == Settings()
    s = settings_from_dict({"wall": {"rows_per_page": 12}})
    assert s.wall.rows_per_page == 12 and s.wall.page_seconds == 15 and s.day == Settings().day


def test_without_auth_sign_in_is_on():
    raw = repo_toml()
    del raw["auth"]
    s = settings_from_dict(raw)
    assert s.auth.enabled is True and s.auth.max_failures == 5
    assert settings_from_dict({"auth": {"admins": ["1100"]}}).auth.enabled is True
    assert settings_from_dict({"auth": {"enabled": False}}).auth.enabled is False


def test_times_come_as_text_and_minutes():
    s = settings_from_dict({})
    assert (s.day.start, s.day.start_minute, s.day.morning_end_minute) == ("09:00", 540, 720)
    assert (s.day.afternoon_start_minute, s.day.end_minute) == (810, 1080)
    assert (s.duty.attendance_due_minute, s.duty.qa_due_minute, s.meetings.time_minute) == (530, 1020, 840)
    assert s.broadcast.minutes == (660, 900, 1020) and s.broadcast_times == ["11:00", "15:00", "17:00"]
    assert s.notices.pairs == [("09:00", "start"), ("12:00", "stop"), ("13:30", "start"), ("18:00", "stop")]
    assert s.notices.minutes == (540, 720, 810, 1080)
    assert s.meetings.rotation_start_date == dt.date(2026, 1, 6)
    # TOML's own times and dates are taken as their text
    t = settings_from_dict({"day": {"start": dt.time(8, 30)}, "meetings": {"rotation_start": dt.date(2026, 2, 3)}})
    assert (t.day.start, t.day.start_minute, t.meetings.rotation_start) == ("08:30", 510, "2026-02-03")


def test_ints_go_where_floats_go_and_the_shortcuts_follow_the_tables():
    s = settings_from_dict({"ranking": {"min_volume": 5}, "attendance": {"sick": -1}, "floor": {"timezone": "UTC"},
                            "reports": {"cumulative": True, "header_scan_rows": 10}})
    assert s.min_volume == 5.0 and isinstance(s.ranking.min_volume, float)
    assert s.deductions == {"病假": -1.0, "事假": -0.5, "旷工": -2.0}
    assert (s.timezone, s.cumulative, s.header_scan_rows) == ("UTC", True, 10)


def test_paths_resolve_against_the_config_file_and_data_overrides(tmp_path, monkeypatch):
    s = settings_from_dict({"source": {"path": "floor", "demo_path": "demo"}}, tmp_path)
    assert (s.data_path, s.demo_path) == (tmp_path / "floor", tmp_path / "demo")
    assert settings_from_dict({"source": {"path": ""}}, tmp_path).data_path is None
    (tmp_path / "c.toml").write_text('[source]\npath = "x"\n', encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "c.toml"))
    assert config_path() == tmp_path / "c.toml"
    assert settings().data_path == tmp_path / "x"
    other = tmp_path / "other"
    assert settings(other).data_path == other.resolve() and settings(other).source.path == str(other.resolve())


def test_no_lookup_by_string_is_left():
    s = Settings()
    assert not any(hasattr(s, name) for name in ("get", "section", "raw"))


# ---------------------------------------------------------------- the senior lead's, QA's and stars' defaults

def test_an_assessment_without_senior_lead_in_config_equals_one_with_today_s_values():
    from lib.month.senior_lead import assess
    from tests.test_senior_lead import FULL, LEAD, reports, roster
    raw = repo_toml()
    del raw["senior_lead"]
    bare = settings_from_dict(raw)
    assert bare.senior_lead == make_settings().senior_lead
    for sales, connected in ((680, 40), (1000, 125), (900, 60)):   # short, met, short on both
        with_toml = assess(reports(sales, connected), roster({3}), FULL, "2026-11", LEAD, make_settings())
        without = assess(reports(sales, connected), roster({3}), FULL, "2026-11", LEAD, bare)
        assert without == with_toml and without.total is not None
    assert with_toml.rating == pytest.approx(43.4)


def test_scorecard_and_stars_without_their_tables_equal_today_s():
    from lib.month.review import star_suggestion
    from lib.quality.qa import scorecard
    raw = repo_toml()
    for table in ("qa", "stars"):
        del raw[table]
    bare = settings_from_dict(raw)
    assert scorecard(bare) == scorecard(make_settings()) and scorecard(bare).max_total == 100
    for args in ((1.05, 95, 0, 20), (0.5, 60, 1, 20), (1.3, 91, 1, 20), (1.0, 80, 0, 3)):
        assert star_suggestion(*args, bare) == star_suggestion(*args, make_settings())


# ---------------------------------------------------------------- checked at load

def load_text(tmp_path, monkeypatch, text: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(path))
    return path


@pytest.mark.parametrize("text, fragments", [
    ("[wall]\nrows_per_pag = 18\n",
     ["[wall] rows_per_pag", "wall.rows_per_pag", "未知的设置项", "unknown setting", "rows_per_page"]),
    ("[wal]\nrefresh_seconds = 60\n", ["[wal]", "未知的设置表", "unknown table", "[wall]"]),
    ("[qa.scorecards]\nred_lines = []\n", ["[qa.scorecards]", "未知的设置表", "unknown table"]),
    ('[wall]\nrows_per_page = "18"\n',
     ['[wall] rows_per_page = "18"', "wall.rows_per_page", "应为整数", "must be a whole number"]),
    ('[ranking]\nmin_volume = "ten"\n', ["[ranking] min_volume", "应为数字", "must be a number"]),
    ("[reports]\ncumulative = 1\n", ["[reports] cumulative", "true", "false"]),
    ("[auth]\nenabled = \"yes\"\n", ["[auth] enabled", "auth.enabled", "应为", "must be true or false"]),
    ("[wall]\nfloor_ratio = true\n", ["[wall] floor_ratio", "must be a number"]),
    ('[day]\nstart = "9.00"\n', ["[day] start", "HH:MM", "应为", "must be a time"]),
    ('[day]\nend = "25:00"\n', ["[day] end", "HH:MM"]),
    ('[notices]\ntimes = ["09:00", "noon"]\n', ["[notices] times", "must be a list of times"]),
    ('[qa.scorecard.items]\n"开场规范" = "十"\n', ['[qa.scorecard.items] "开场规范"', "应为数字", "must be a number"]),
    ('[senior_lead]\nshortfall = "half"\n', ["[senior_lead] shortfall", "proportional", "zero", "以下之一", "one of"]),
    ('[senior_lead]\nrater_weights = { "部门经理" = 1 }\n', ["[senior_lead] rater_weights", "needs exactly"]),
    ("[stars]\nqa_min = [0, 70]\n", ["[stars] qa_min", "five bars"]),
    ("[meetings]\nweekday = 8\n", ["[meetings] weekday", "1 (Monday) .. 7 (Sunday)"]),
    ("[meetings]\nrotation = [1100]\n", ["[meetings] rotation", "must be a list of texts"]),
    ('[goals.monthly]\n"2026-11" = { "101" = "many" }\n', ["[goals.monthly.2026-11] 101", "goals.monthly.2026-11.101", "must be a number"]),
    ('[shifts]\nC = "all day"\n', ["[shifts] C", "full", "rest"]),
    ('[floor]\ntimezone = "Mars/Olympus"\n', ["[floor] timezone", "时区", "time zone"]),
    ('[floor]\nnow = "tomorrow"\n', ["[floor] now", "YYYY-MM-DD HH:MM"]),
    ('timezone = "Asia/Shanghai"\n', ["timezone", "unknown setting", "[floor] timezone"]),
    ("wall = 3\n", ["[wall]", "应为表", "must be a table"]),
    ("[wall\n", ["TOML", "语法错误", "syntax error"]),
])
def test_a_bad_setting_names_the_file_and_the_key_in_both_languages(tmp_path, monkeypatch, text, fragments):
    path = load_text(tmp_path, monkeypatch, text)
    with pytest.raises(ConfigError) as e:
        settings()
    message = str(e.value)
    assert message.startswith(f"{path}: "), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_every_problem_comes_in_one_error(tmp_path, monkeypatch):
    load_text(tmp_path, monkeypatch, '[wall]\nrows_per_pag = 1\npage_seconds = "15"\n[wal]\n')
    with pytest.raises(ConfigError) as e:
        settings()
    assert e.value.keys == ["wall.rows_per_pag", "wall.page_seconds", "wal"]
    assert len(str(e.value).splitlines()) == 3 and isinstance(e.value, ValueError)


def test_a_dict_built_in_a_test_is_checked_too():
    with pytest.raises(ConfigError, match=r"^config\.toml: \[day\] start_time — 未知的设置项 / unknown setting"):
        settings_from_dict({"day": {"start_time": "09:00"}})
    with pytest.raises(ConfigError, match="elsewhere.toml"):
        settings_from_dict({"day": {"start": 9}}, file="elsewhere.toml")


def test_a_missing_config_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "nowhere.toml"))
    with pytest.raises(ConfigError, match="nowhere.toml: 找不到设置文件 / config file not found"):
        settings()


# ---------------------------------------------------------------- the CLI and the app stop with it

def test_the_cli_exits_2_with_the_message_on_stderr(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text((ROOT / "config.toml").read_text(encoding="utf-8").replace(
        "rows_per_page = 18", "rows_per_pag = 18", 1), encoding="utf-8")
    env = {**os.environ, "DASHBOARD_CONFIG": str(bad)}
    proc = subprocess.run([sys.executable, "-m", "lib.cli", "ranking", "--data", "tests/fixtures/messy_floor",
                           "--date", "2026-11-25", "--at", "11:00"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    assert f"{bad}: [wall] rows_per_pag — 未知的设置项 / unknown setting" in proc.stderr


@pytest.mark.parametrize("argv", [["users", "disable", "1200"], ["demo", "--out", "OUT"]])
def test_other_commands_stop_the_same_way(tmp_path, argv):
    bad = tmp_path / "bad.toml"
    bad.write_text('[auth]\nenabled = "no"\n', encoding="utf-8")
    argv = [str(tmp_path / "demo") if a == "OUT" else a for a in argv]
    proc = subprocess.run([sys.executable, "-m", "lib.cli", *argv], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "DASHBOARD_CONFIG": str(bad)}, timeout=120)
    assert proc.returncode == 2 and "[auth] enabled" in proc.stderr and "Traceback" not in proc.stderr


def test_the_app_shows_the_message_and_stops(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest
    load_text(tmp_path, monkeypatch, "[wall]\nrows_per_pag = 18\n")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and "[wall] rows_per_pag" in unliteral(at.error[0].value)   # shown as typed
    assert "未知的设置项 / unknown setting" in unliteral(at.error[0].value)
