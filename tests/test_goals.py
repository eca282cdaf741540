"""Goals and pace against hand-computed targets (lib/goals.py)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.day.goals import (day_targets, expected_by, month_completion, pace_at, pace_label, pace_mark, slots_ended, whole, work_slots)
from lib.floor.schema import conform
from tests.conftest import make_settings

DAY = "2026-11-25"


def reports(rows):
    """(date, hour, agent, group, volume, handled) -> the canonical reports frame."""
    df = pd.DataFrame(rows, columns=["date", "hour", "agent_id", "group", "volume", "handled"])
    df["date"] = pd.to_datetime(df["date"])
    df["end_minute"] = (df["hour"] + 1) * 60
    return conform(df, "reports")


def projects(rows):
    df = pd.DataFrame(rows, columns=["date", "group", "project", "target_rate", "target_handled"])
    df["date"] = pd.to_datetime(df["date"])
    return conform(df, "projects")


def test_the_default_day_has_eight_slots_without_lunch(cfg):
    # [day] 09:00-12:00 and 13:30-18:00: 9,10,11 and 13 (touches 13:30),14,15,16,17 -> 8; 12-13 is lunch
    assert [s // 60 for s, _ in work_slots(cfg)] == [9, 10, 11, 13, 14, 15, 16, 17]
    assert [slots_ended(work_slots(cfg), m) for m in (540, 599, 600, 660, 665, 780, 840, 1080, 1440)] == \
        [0, 0, 1, 2, 2, 3, 4, 8, 8]


def test_other_working_hours_give_other_slots():
    s = make_settings(day={"start": "08:30", "morning_end": "12:00", "afternoon_start": "13:00", "end": "17:00"})
    # 8-9 touches 8:30; 12-13 touches nothing; 13..16 -> 8,9,10,11,13,14,15,16
    assert [a // 60 for a, _ in work_slots(s)] == [8, 9, 10, 11, 13, 14, 15, 16]


@pytest.mark.parametrize("at, expected", [
    (540, 0.0),     # 09:00: nothing ended yet
    (660, 30.0),    # 11:00: 120 x 2/8
    (725, 45.0),    # 12:05: 120 x 3/8
    (830, 45.0),    # 13:50: the 13-14 slot has not ended
    (900, 75.0),    # 15:00: 120 x 5/8
    (1080, 120.0),  # 18:00: all of it
])
def test_expected_by_spreads_the_target_evenly(cfg, at, expected):
    assert expected_by(120, work_slots(cfg), at) == expected


def test_pace_ahead_and_behind_at_11(cfg):
    rep = reports([
        (DAY, 9, "1", "101", 200, 20), (DAY, 10, "1", "101", 200, 22),   # 101: 42 handled by 11:00
        (DAY, 11, "1", "101", 200, 30),                                   # 11-12 not ended at 11:05
        (DAY, 9, "2", "102", 100, 10), (DAY, 10, "2", "102", 100, 4),    # 102: 14 handled
    ])
    proj = projects([(DAY, "101", "A", 0.1, 120), (DAY, "102", "B", 0.08, 88), (DAY, "103", "C", 0.05, None)])
    p = pace_at(rep, proj, DAY, 665, cfg).set_index("group")
    # 101: should be 120 x 2/8 = 30, is 42 -> ahead by 12
    assert (p.loc["101", "expected"], p.loc["101", "handled"], p.loc["101", "ahead"]) == (30.0, 42.0, 12.0)
    assert p.loc["101", "rate"] == 42 / 400 and p.loc["101", "slots_ended"] == 2
    # 102: should be 88 x 2/8 = 22, is 14 -> behind by 8
    assert (p.loc["102", "expected"], p.loc["102", "ahead"]) == (22.0, -8.0)
    # 103 has no handled target and no figures: no pace
    assert math.isnan(p.loc["103", "ahead"]) and p.loc["103", "handled"] == 0
    assert [pace_label(p.loc[g, "ahead"]) for g in ("101", "102", "103")] == ["超前 12", "落后 8", "—"]
    assert [pace_label(p.loc[g, "ahead"], "en") for g in ("101", "102")] == ["12 ahead", "8 short"]


def test_pace_later_in_the_day(cfg):
    rep = reports([(DAY, h, "1", "101", 100, 10) for h in (9, 10, 11, 13, 14)])
    proj = projects([(DAY, "101", "A", 0.1, 100)])
    # 15:00: 5 slots ended, expected 100 x 5/8 = 62.5, handled 50 -> behind by 12.5, shown 13
    p = pace_at(rep, proj, DAY, 900, cfg).iloc[0]
    assert (p["expected"], p["handled"], p["ahead"]) == (62.5, 50.0, -12.5)
    assert pace_label(p["ahead"]) == "落后 13"
    # 14:00: 4 ended, expected 50, handled 40 (the 14-15 slot is not counted yet) -> behind by 10
    assert pace_at(rep, proj, DAY, 840, cfg).iloc[0]["ahead"] == -10.0


def test_on_pace_and_rounding():
    assert [whole(x) for x in (0.4, 0.5, -0.5, 12.5, -12.5, 7.49)] == [0, 1, -1, 13, -13, 7]
    assert pace_label(0.4) == "持平" and pace_label(-0.49, "en") == "on pace" and pace_label(float("nan")) == "—"
    assert [pace_mark(x) for x in (12.0, -8.0, 0.3, float("nan"), -12.5)] == ["▲12", "▼8", "±0", "—", "▼13"]


def test_a_substitutes_rows_count_for_the_group_helped(cfg):
    rep = reports([(DAY, 9, "1102", "102", 40, 6), (DAY, 9, "1201", "102", 40, 3)])
    p = pace_at(rep, projects([(DAY, "102", "B", 0.1, 80)]), DAY, 600, cfg).iloc[0]
    # 80 x 1/8 = 10 expected, 6 + 3 = 9 handled
    assert (p["group"], p["expected"], p["handled"], p["ahead"]) == ("102", 10.0, 9.0, -1.0)


def test_day_targets_with_two_projects():
    proj = projects([(DAY, "101", "A", 0.1, 100), (DAY, "101", "B", 0.05, 50)])
    t = day_targets(proj, DAY).iloc[0]
    # handled 150; implied volumes 100/0.1 + 50/0.05 = 1000 + 1000 -> rate 150/2000 = 0.075
    assert (t["target_handled"], t["target_rate"]) == (150.0, 0.075)


def test_month_completion_from_the_project_list_and_config():
    rep = reports([("2026-11-02", 9, "1", "101", 1000, 90), ("2026-11-03", 9, "1", "101", 1000, 60),
                   ("2026-11-02", 9, "2", "102", 500, 40), ("2026-10-31", 9, "1", "101", 999, 99)])
    proj = projects([("2026-11-02", "101", "A", 0.1, 100), ("2026-11-03", "101", "A", 0.1, 100),
                     ("2026-11-02", "102", "B", 0.08, 80), ("2026-10-31", "101", "A", 0.1, 500)])
    s = make_settings(goals={"monthly": {"2026-11": {"102": 50}}})
    m = month_completion(rep, proj, "2026-11", s).set_index("group")
    # 101 from the project list: 100 + 100 = 200 target, 90 + 60 = 150 handled -> 75%
    assert (m.loc["101", "target"], m.loc["101", "source"], m.loc["101", "handled"]) == (200.0, "projects", 150.0)
    assert m.loc["101", "completion"] == 0.75 and m.loc["101", "rate"] == 150 / 2000
    assert m.loc["101", "target_rate"] == pytest.approx(0.1)
    # 102 from config: 40 of 50 -> 80%
    assert (m.loc["102", "target"], m.loc["102", "source"], m.loc["102", "completion"]) == (50.0, "config", 0.8)
    # the center: (150 + 40) / (200 + 50) = 0.76
    assert (m.loc["中心", "target"], m.loc["中心", "handled"], m.loc["中心", "completion"]) == (250.0, 190.0, 0.76)
    assert list(m.index) == ["101", "102", "中心"]


def test_month_completion_without_any_target(cfg):
    rep = reports([("2026-11-02", 9, "1", "101", 100, 9)])
    m = month_completion(rep, projects([]), "2026-11", cfg).set_index("group")
    assert math.isnan(m.loc["101", "completion"]) and math.isnan(m.loc["中心", "completion"])
