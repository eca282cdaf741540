"""Hand-computed checks of lib.lead: assignment, roster, hourly grid and colours, chart frames, yesterday."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.day import workbench as lead
from lib.floor import roster
from lib.quality import monitoring
from lib.config import settings_from_dict
from lib.day.flags import flags_at
from lib.floor.metrics import rows_until
from lib.floor.schema import conform, empty
from lib.store import table, to_frame

DAY = "2026-11-25"
SETTINGS = settings_from_dict({
    "flags": {"low_rate_ratio": 0.7, "low_rate_min_volume": 30, "low_volume_ratio": 0.5, "low_volume_min_hours": 2},
    "day": {"start": "09:00", "morning_end": "12:00", "afternoon_start": "13:30"},
})


def row(agent, hour, volume, handled, group="101", *, project="", day=DAY, name=None):
    return {"date": day, "hour": hour, "end_minute": hour * 60 + 60, "agent_id": agent, "name": name or f"坐席{agent}",
            "group": group, "row_group": "", "home_group": group, "project": project, "volume": volume,
            "handled": handled}


def reports(*rows):
    return conform(pd.DataFrame(list(rows)), "reports")


def person(agent, group="101", *, role="agent", working=True, duty=False, day=DAY, shift="全天", name=None):
    return {"date": day, "agent_id": agent, "name": name or f"坐席{agent}", "group": group, "role": role,
            "shift": shift, "shift_kind": "full" if working else "rest", "working": working, "duty": duty}


def schedule(*people):
    return conform(pd.DataFrame(list(people)), "schedule") if people else empty("schedule")


def projects(*lines):
    """(date, group, project, script) lines."""
    return conform(pd.DataFrame([{"date": d, "group": g, "project": p, "script": s, "target_rate": 0.08}
                                 for d, g, p, s in lines]), "projects")


def qa_frame(*rows):
    """质检评分 rows (工号, 组别, 总分) as the store reads them back."""
    return to_frame(table("qa"), [{"日期": DAY, "工号": a, "组别": g, "总分": s, "记录编号": f"r{i}"}
                                  for i, (a, g, s) in enumerate(rows)])


# Two agents of 101 over two slots, and one of 102 (the center's other group).
FLOOR = reports(row("A1", 9, 40, 4), row("A1", 10, 50, 5), row("A2", 9, 20, 0), row("A2", 10, 30, 6),
                row("B1", 9, 60, 3, group="102"))


def test_groups_on_lists_teams_not_management():
    s = schedule(person("A1"), person("D1", "中心", role="director"))
    p = projects((DAY, "102", "新华手机报", "V1"))
    assert roster.groups_on(s, p, DAY) == ["101", "102"]


def test_assignment_notes_a_script_change_against_the_previous_listed_day():
    p = projects(("2026-11-20", "101", "流量包", "V1"), ("2026-11-23", "101", "流量包", "V2"),
                 ("2026-11-23", "102", "新华手机报", "V5"))
    a = lead.assignment(p, "101", "2026-11-23")
    # The 21st and 22nd have no lines (a weekend): "yesterday" is the 20th.
    assert (a.project, a.script, a.previous_script, a.previous_date) == ("流量包", "V2", "V1", dt.date(2026, 11, 20))
    assert a.script_changed
    first = lead.assignment(p, "102", "2026-11-23")
    assert first.previous_date is None and not first.script_changed
    assert lead.assignment(p, "103", "2026-11-23") is None


def test_roster_status_puts_the_lead_first_and_says_who_rests():
    s = schedule(person("1102"), person("1100", role="lead"), person("1101", working=False, shift="休"),
                 person("1200", "102", role="lead", duty=True))
    r = roster.roster_status(s, "101", DAY)
    assert r["agent_id"].tolist() == ["1100", "1101", "1102"]
    assert r["working"].tolist() == [True, False, True]
    assert roster.duty_leads(s, DAY)["agent_id"].tolist() == ["1200"]
    assert roster.group_leads(s, "101", DAY) == ["1100"]


def test_agent_hours_keeps_the_slots_ended_by_the_time():
    assert sorted(lead.agent_hours(FLOOR, DAY, "101", 600)["hour"].unique()) == [9]
    assert len(lead.agent_hours(FLOOR, DAY, "101", 660)) == 4


def test_hourly_grid_rate_sums_before_dividing():
    grid = lead.hourly_grid(lead.agent_hours(FLOOR, DAY, "101", 660), "rate", "组")
    assert grid.columns.tolist() == ["agent_id", "name", "09:00", "10:00", "total"]
    assert grid["agent_id"].tolist() == ["A1", "A2", ""]
    a1, a2, g = grid.iloc[0], grid.iloc[1], grid.iloc[2]
    assert (a1["09:00"], a1["10:00"], a1["total"]) == pytest.approx((0.1, 0.1, 0.1))   # 4/40, 5/50, 9/90
    assert (a2["09:00"], a2["10:00"], a2["total"]) == pytest.approx((0.0, 0.2, 0.12))  # 0/20, 6/30, 6/50
    # the group: 4/60 at 09:00, 11/80 at 10:00, 15/140 over both
    assert (g["09:00"], g["10:00"], g["total"]) == pytest.approx((4 / 60, 11 / 80, 15 / 140))
    assert g["name"] == "组"


def test_hourly_grid_volume_group_row_is_per_agent_with_volume():
    grid = lead.hourly_grid(lead.agent_hours(FLOOR, DAY, "101", 660), "volume", "组")
    assert grid.iloc[0][["09:00", "10:00", "total"]].tolist() == [40, 50, 90]
    assert grid.iloc[1][["09:00", "10:00", "total"]].tolist() == [20, 30, 50]
    # 60/2 agents, 80/2, 140/2
    assert grid.iloc[2][["09:00", "10:00", "total"]].tolist() == [30, 40, 70]


def test_hourly_grid_leaves_a_slot_not_worked_empty():
    floor = reports(row("A1", 9, 40, 4), row("A2", 10, 30, 6))
    grid = lead.hourly_grid(lead.agent_hours(floor, DAY, "101", 660), "handled", "组")
    assert pd.isna(grid.iloc[0]["10:00"]) and pd.isna(grid.iloc[1]["09:00"])
    assert grid.iloc[2][["09:00", "10:00", "total"]].tolist() == [4, 6, 5]   # 4/1, 6/1, 10/2


def test_hourly_marks_against_the_group_row():
    hours = lead.agent_hours(FLOOR, DAY, "101", 660)
    vol = lead.hourly_marks(lead.hourly_grid(hours, "volume", "组"), 0.7, 1.2)
    # A1: 40 >= 1.2x30, 50 >= 1.2x40, 90 >= 1.2x70; A2: 20 < 0.7x30, 30 between 28 and 48, 50 between 49 and 84
    assert vol.iloc[0][["09:00", "10:00", "total"]].tolist() == ["high", "high", "high"]
    assert vol.iloc[1][["09:00", "10:00", "total"]].tolist() == ["low", "", ""]
    assert vol.iloc[2].tolist() == [""] * 5 and vol["name"].tolist() == ["", "", ""]
    rate = lead.hourly_marks(lead.hourly_grid(hours, "rate", "组"), 0.7, 1.2)
    # A1: 0.1 >= 1.2x0.0667; 0.1 vs 0.1375 in between; A2: 0 low; 0.2 >= 1.2x0.1375 = 0.165; 0.12 < 1.2x0.107
    assert rate.iloc[0][["09:00", "10:00", "total"]].tolist() == ["high", "", ""]
    assert rate.iloc[1][["09:00", "10:00", "total"]].tolist() == ["low", "high", ""]


def test_hourly_grid_of_nothing_is_empty():
    assert lead.hourly_grid(lead.agent_hours(FLOOR, DAY, "101", 540), "rate", "组").empty
    with pytest.raises(ValueError):
        lead.hourly_grid(FLOOR, "speed", "组")


def test_agent_against_group_by_hour():
    f = lead.agent_vs_group(lead.agent_hours(FLOOR, DAY, "101", 660), "A2")
    assert f["label"].tolist() == ["09:00", "10:00"]
    assert f["volume"].tolist() == [20, 30]
    assert f["rate"].tolist() == pytest.approx([0.0, 0.2])
    assert f["group_avg_volume"].tolist() == [30, 40]
    assert f["group_rate"].tolist() == pytest.approx([4 / 60, 11 / 80])


def test_group_against_center_by_hour():
    f = lead.group_vs_center(FLOOR, DAY, "101", 660)
    assert f["label"].tolist() == ["09:00", "10:00"]
    assert f["avg_volume"].tolist() == [30, 40]
    # the center at 09:00: 120 calls by 3 agents, 7 handled; at 10:00 only 101 worked
    assert f["center_avg_volume"].tolist() == [40, 40]
    assert f["center_rate"].tolist() == pytest.approx([7 / 120, 11 / 80])
    assert f["rate"].tolist() == pytest.approx([4 / 60, 11 / 80])


def test_wrong_task_list_has_the_start_and_the_project_now():
    floor = reports(row("A1", 9, 40, 4, project="X"), row("A1", 10, 40, 4, project="Y"),
                    row("A2", 10, 40, 4, project="Y"), row("A2", 11, 40, 4, project="X"),
                    row("A3", 9, 40, 4, project="X"))
    p = projects((DAY, "101", "X", "V1"))
    flags = flags_at(floor, empty("schedule"), p, DAY, 720, SETTINGS)
    w = lead.wrong_task_list(flags, rows_until(floor, DAY, 720), "101")
    assert w[["agent_id", "started", "project_now"]].values.tolist() == [["A1", "10:00", "Y"], ["A2", "10:00", "X"]]
    assert "「Y」" in w["detail"].iloc[0]
    assert lead.wrong_task_list(flags, rows_until(floor, DAY, 720), "102").empty


YDAY = reports(row("A1", 9, 100, 5, day="2026-11-23"), row("A2", 9, 100, 10, day="2026-11-23"),
               row("A1", 9, 100, 8, day="2026-11-24"), row("A2", 9, 100, 7, day="2026-11-24"),
               row("A3", 9, 5, 1, day="2026-11-24"), row("A1", 9, 50, 5))


def test_previous_days_and_day_line():
    assert lead.previous_days(YDAY, "101", DAY) == [pd.Timestamp("2026-11-24"), pd.Timestamp("2026-11-23")]
    qa = qa_frame(("A1", "101", 90), ("A1", "101", 80), ("A2", "101", 70), ("B1", "102", 10))
    line = lead.day_line(YDAY, "101", "2026-11-24", qa)
    # 3 agents, 205 calls, 16 handled; QA: 3 of the group, (90+80+70)/3
    assert line == pytest.approx({"agents": 3, "volume": 205, "handled": 16, "rate": 16 / 205,
                                  "avg_volume": 205 / 3, "avg_handled": 16 / 3, "qa_count": 3, "qa_avg": 80})


def test_agent_changes_and_movers():
    qa = qa_frame(("A1", "101", 90), ("A1", "101", 80))
    ch = lead.agent_changes(YDAY, "101", "2026-11-24", "2026-11-23", 10, qa, qa_frame())
    assert ch["agent_id"].tolist() == ["A1", "A2", "A3"]
    # A1 0.05 -> 0.08, A2 0.10 -> 0.07, A3 had 5 calls and no day before: no change
    assert ch["change"].iloc[:2].tolist() == pytest.approx([0.03, -0.03])
    assert pd.isna(ch["change"].iloc[2])
    assert ch["qa"].iloc[0] == 85 and pd.isna(ch["qa_before"].iloc[0])
    up, down = lead.movers(ch, 1)
    assert up["agent_id"].tolist() == ["A1"] and down["agent_id"].tolist() == ["A2"]


def test_yesterday_summary():
    y = lead.yesterday(YDAY, "101", DAY, lambda d: qa_frame(), 10)
    assert (y.day, y.before) == (pd.Timestamp("2026-11-24"), pd.Timestamp("2026-11-23"))
    lines = y.lines()
    assert lines["date"].tolist() == [pd.Timestamp("2026-11-23"), pd.Timestamp("2026-11-24")]
    assert lines["rate"].tolist() == pytest.approx([15 / 200, 16 / 205])
    assert lead.yesterday(YDAY, "101", "2026-11-23", lambda d: qa_frame(), 10) is None


def test_yesterday_with_a_single_earlier_day():
    y = lead.yesterday(YDAY, "101", "2026-11-24", lambda d: qa_frame(), 10)
    assert y.before is None and len(y.lines()) == 1 and y.changes["change"].isna().all()


def test_monitoring_checks_and_row():
    known = ["A1", "A2"]
    assert monitoring.check_monitoring("A1", known, {"reason": "低办理率", "action": "陪听"}) == {}
    p = monitoring.check_monitoring("Z9", known, {"reason": " ", "action": ""})
    assert p == {"agent": ("lead.err.agent_unknown", {"agent": "Z9"}), "reason": ("lead.err.required", {}),
                 "action": ("lead.err.required", {})}
    assert monitoring.check_monitoring(None, known, {"reason": "x", "action": "y"})["agent"][0] == "lead.err.agent_missing"
    assert monitoring.monitoring_row(DAY, "10:00-11:00", "A1", "101", " 低 ", "陪听", "") == {
        "日期": DAY, "时段": "10:00-11:00", "工号": "A1", "组别": "101", "触发原因": "低", "处理措施": "陪听", "结果": ""}


def test_day_slots_and_the_slot_of_a_time():
    slots = monitoring.day_slots(540, 1080)
    assert slots[0] == "09:00-10:00" and slots[-1] == "17:00-18:00" and len(slots) == 9
    assert (monitoring.slot_at(slots, 665), monitoring.slot_at(slots, 500), monitoring.slot_at(slots, 1200)) == (2, 0, 8)
