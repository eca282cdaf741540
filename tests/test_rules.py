"""Hand-made rosters for lib.rules: deductions, the director/senior-lead rule, duty leads, acting days."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.config import settings_from_dict
from lib.month.roster_rules import VIOLATION_COLUMNS, acting_days, schedule_violations
from lib.day.attendance import attendance_deduction
from lib.floor.schema import conform, empty

NAMES = {"9001": "王主任", "9002": "李资深", "9003": "赵组长", "9004": "钱组长", "1001": "张三"}
ROLES = {"9001": "director", "9002": "senior_lead", "9003": "lead", "9004": "lead",
         "1001": "agent"}


def day(d, *, rest=(), duty=(), month="2026-11"):
    """Everyone on the roster for day `d`: working unless in `rest`, duty lead if in `duty`."""
    return [{"date": f"{month}-{d:02d}", "agent_id": a, "name": NAMES[a], "group": "101",
             "role": ROLES[a], "shift": "休" if a in rest else "全天",
             "shift_kind": "rest" if a in rest else "full", "working": a not in rest,
             "duty": a in duty} for a in NAMES]


def roster(*days):
    return conform(pd.DataFrame([r for d in days for r in d]), "schedule")


SCHEDULE = roster(
    day(1, rest={"9001", "9002"}, duty={"9003"}),          # both rest: violation
    day(2, rest={"9002"}),                                 # no duty lead
    day(3, rest={"9001"}, duty={"9003", "9004"}),          # two duty leads; acting day
    day(4, rest={"9001", "1001", "9003", "9004"}),         # no agent works: not a working day; acting
    day(5, duty={"9003"}),                                 # all well
    day(6, rest={"9004"}, duty={"9004"}),                  # the duty lead rests: nobody on duty
    day(1, rest={"9001", "9002"}, month="2026-12"),        # another month
)


def test_attendance_deduction_defaults_and_config():
    s = settings_from_dict({})
    assert attendance_deduction("病假", s) == pytest.approx(-0.3)
    assert attendance_deduction("事假", s) == pytest.approx(-0.5)
    assert attendance_deduction(" 旷工 ", s) == pytest.approx(-2.0)
    assert attendance_deduction("换班", s) == 0.0
    custom = settings_from_dict({"attendance": {"sick": -1, "personal": -0.5, "absent": -3}})
    assert attendance_deduction("病假", custom) == -1.0
    assert attendance_deduction("旷工", custom) == -3.0


def test_schedule_violations():
    out = schedule_violations(SCHEDULE, "2026-11")
    assert list(out.columns) == VIOLATION_COLUMNS
    got = [(d.day, rule) for d, rule in zip(out["date"], out["rule"])]
    assert got == [(1, "director_senior_both_rest"), (2, "duty_count"), (3, "duty_count"),
                   (6, "duty_count")]
    details = out["detail"].tolist()
    assert details[0] == "中心主任 王主任 与资深组长 李资深 同日休息"
    assert details[1] == "值班组长 0 人"
    assert details[2] == "值班组长 2 人: 赵组长、钱组长"
    assert details[3] == "值班组长 0 人"


def test_schedule_violations_empty_month():
    out = schedule_violations(empty("schedule"), "2026-11")
    assert out.empty and list(out.columns) == VIOLATION_COLUMNS
    assert schedule_violations(SCHEDULE, "2026-10").empty


def test_acting_days():
    assert acting_days(SCHEDULE, "2026-11") == [date(2026, 11, 3), date(2026, 11, 4)]
    assert acting_days(SCHEDULE, "2026-12") == []   # both rest on Dec 1: nobody acts
