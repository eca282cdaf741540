"""Hand-computed checks of lib.flags: each kind firing, and not firing at its edge."""
from __future__ import annotations

import tomllib

import pandas as pd

from lib.config import ROOT, settings_from_dict
from lib.day.flags import FLAG_COLUMNS, flags_at
from lib.floor.schema import conform, empty

DAY = "2026-11-25"
# Explicit numbers so the expectations below do not move when config.toml is tuned.
SETTINGS = settings_from_dict({
    "flags": {"low_rate_ratio": 0.7, "low_rate_min_volume": 30,
              "low_volume_ratio": 0.5, "low_volume_min_hours": 2},
    "day": {"start": "09:00", "morning_end": "12:00", "afternoon_start": "13:30"},
})


def row(agent, hour, volume, handled, group="101", *, project="", home=None, name=None):
    return {"date": DAY, "hour": hour, "end_minute": hour * 60 + 60, "agent_id": agent,
            "name": name or f"坐席{agent}", "group": group, "row_group": group,
            "home_group": home or group, "project": project, "volume": volume, "handled": handled}


def reports(*rows):
    return conform(pd.DataFrame(list(rows)), "reports")


def person(agent, group="101", shift_kind="full", *, role="agent", working=True, shift=None):
    return {"date": DAY, "agent_id": agent, "name": f"坐席{agent}", "group": group, "role": role,
            "shift": shift or {"full": "全天", "morning": "上午", "afternoon": "下午",
                               "rest": "休"}[shift_kind],
            "shift_kind": shift_kind, "working": working, "duty": False}


def schedule(*people):
    return conform(pd.DataFrame(list(people)), "schedule") if people else empty("schedule")


def projects(*pairs):
    return conform(pd.DataFrame([{"date": DAY, "group": g, "project": p} for g, p in pairs]),
                   "projects") if pairs else empty("projects")


def kind(out, k):
    return out[out["kind"] == k]


def test_config_has_the_keys_flags_read():
    with open(ROOT / "config.toml", "rb") as fh:
        raw = tomllib.load(fh)
    for key in ("flags.low_rate_ratio", "flags.low_rate_min_volume", "flags.low_volume_ratio",
                "flags.low_volume_min_hours", "day.start", "day.afternoon_start"):
        table, name = key.split(".")
        assert name in raw[table], key


def test_low_rate_fires_below_and_not_at_the_edge():
    r = reports(
        row("1001", 9, 100, 7),    # 7/100 = 0.07 = 0.7 x 0.1: at the edge, no flag
        row("1002", 9, 100, 6),    # 6/100 = 0.06 < 0.07: flag
        row("1003", 9, 29, 0),     # rate 0 but volume 29 < 30: no flag yet
        row("1004", 9, 30, 0),     # volume exactly 30: flag
        row("1005", 9, 341, 47),   # group: (7+6+0+0+47)/(100+100+29+30+341) = 60/600 = 0.1
    )
    # at 10:00 only one slot has ended, so low_volume stays quiet and only low_rate is tested
    out = flags_at(r, schedule(), projects(), DAY, 600, SETTINGS)
    assert list(out.columns) == FLAG_COLUMNS
    assert out["kind"].unique().tolist() == ["low_rate"]
    assert out["agent_id"].tolist() == ["1002", "1004"]
    assert out.loc[0, "detail"] == "办理率 6.0% 低于组 10.0% 的 70%"
    assert out.loc[0, "group"] == "101" and out.loc[0, "name"] == "坐席1002"


def test_low_volume_fires_below_and_only_after_enough_slots():
    r = reports(
        row("2001", 9, 150, 15, "102"),
        row("2002", 9, 151, 15, "102"),
        row("2003", 9, 50, 5, "102"),   # 50 = 0.5 x 100: at the edge, no flag
        row("2004", 9, 49, 5, "102"),   # 49 < 50: flag
        row("2005", 9, 0, 0, "102"),    # no volume: flagged, and not one of the averaged agents
    )
    # average per agent with volume: (150+151+50+49)/4 = 100; rates all >= 0.07 of 40/400 = 0.1
    at_11 = flags_at(r, schedule(), projects(), DAY, 660, SETTINGS)
    assert at_11["kind"].unique().tolist() == ["low_volume"]
    assert at_11["agent_id"].tolist() == ["2004", "2005"]
    assert at_11.loc[0, "detail"] == "每小时数据量 49 低于组人均每小时 100 的 50%"
    # at 10:59 only one slot (9:00-10:00) has ended since 9:00: (659-540)//60 = 1 < 2
    assert flags_at(r, schedule(), projects(), DAY, 659, SETTINGS).empty


def test_low_volume_compares_per_slot_so_half_day_shifts_are_not_flagged():
    r = reports(
        *[row("4001", h, 60, 6, "104") for h in (9, 10, 11, 13, 14)],   # full day: 5 slots x 60
        row("4002", 13, 60, 6, "104"), row("4002", 14, 60, 6, "104"),   # afternoon shift: 2 x 60
        row("4003", 13, 20, 2, "104"), row("4003", 14, 25, 2, "104"),   # 45 / 2 = 22.5 per slot
    )
    # group per agent-slot: (300 + 120 + 45) / (5 + 2 + 2) = 465 / 9 = 51.67; half of it 25.83
    out = kind(flags_at(r, schedule(), projects(), DAY, 15 * 60, SETTINGS), "low_volume")
    assert out["agent_id"].tolist() == ["4003"]
    assert out.iloc[0]["detail"] == "每小时数据量 22.5 低于组人均每小时 51.7 的 50%"


def test_wrong_task_for_own_group_and_substitute():
    p = projects(("101", "新华手机报"), ("102", "移动宽带"))
    r = reports(
        row("3001", 9, 20, 2, "101", project="新华手机报"),
        row("3001", 10, 20, 2, "101", project="移动宽带"),      # wrong from 10:00
        row("3001", 11, 20, 2, "101", project="移动宽带"),      # same wrong project: one flag
        row("3002", 9, 20, 2, "102", project="移动宽带", home="101"),  # substitute, right for 102
        row("3003", 9, 20, 2, "102", project="新华手机报", home="101"),  # substitute, wrong for 102
        row("3004", 9, 20, 2, "101", project=" 新华手机报 "),    # stray spaces: same project
        row("3005", 9, 20, 2, "101", project=""),               # no project named: not checked
        row("3006", 9, 20, 2, "103", project="其他"),            # 103 has no assignment: not checked
        row("3007", 11, 20, 2, "101", project="其他"),           # ends 12:00, after the 11:00 cut
    )
    out = kind(flags_at(r, schedule(), p, DAY, 660, SETTINGS), "wrong_task")
    assert out["agent_id"].tolist() == ["3001", "3003"]
    f = out.set_index("agent_id")
    assert f.loc["3001", "detail"] == "外呼项目「移动宽带」,应为「新华手机报」,10:00 起"
    assert f.loc["3001", "hour"] == 10
    assert f.loc["3003", "group"] == "102"
    assert f.loc["3003", "detail"] == "外呼项目「新华手机报」,应为「移动宽带」,09:00 起"


def test_no_data_timing():
    s = schedule(
        person("4001"),                                  # full day, no rows
        person("4002", shift_kind="afternoon"),          # starts 13:30, first slot ends 14:30
        person("4003", shift_kind="rest", working=False),
        person("4004", role="lead"),                     # leads are not expected in reports
        person("4005"),                                  # substitutes for 102: has rows there
        person("4006"),                                  # has a row
        person("4007", "102", shift_kind="morning"),
    )
    r = reports(row("4005", 9, 20, 2, "102", home="101"), row("4006", 9, 20, 2))
    no_data = lambda at: kind(flags_at(r, s, projects(), DAY, at, SETTINGS), "no_data")
    assert no_data(599).empty                           # the 9:00-10:00 slot has not ended
    assert no_data(600)["agent_id"].tolist() == ["4001", "4007"]
    assert no_data(869)["agent_id"].tolist() == ["4001", "4007"]   # 14:29
    assert no_data(870)["agent_id"].tolist() == ["4001", "4002", "4007"]  # 13:30+60 = 14:30
    d = no_data(600).set_index("agent_id")
    assert d.loc["4007", "group"] == "102"
    assert d.loc["4001", "detail"] == "排班 全天(09:00 起),截至 10:00 无报表数据"


def test_sorted_by_group_kind_agent():
    p = projects(("101", "新华手机报"))
    r = reports(
        row("5002", 9, 100, 1, "101", project="新华手机报"),   # 1/100 < 0.7 x group rate
        row("5001", 9, 100, 30, "101", project="移动宽带"),     # wrong task
        row("5003", 9, 100, 1, "102"),                         # low rate in 102
        row("5004", 9, 100, 30, "102"),
    )
    s = schedule(person("5005", "101"))
    out = flags_at(r, s, p, DAY, 600, SETTINGS)
    # 101: 31/200 = 0.155, 0.7 x 0.155 = 0.1085 > 0.01 ; 102: 31/200 likewise
    assert out[["group", "kind", "agent_id"]].values.tolist() == [
        ["101", "low_rate", "5002"], ["101", "no_data", "5005"], ["101", "wrong_task", "5001"],
        ["102", "low_rate", "5003"]]
    assert str(out["hour"].dtype) == "Int64"


def test_nothing_to_flag():
    out = flags_at(empty("reports"), empty("schedule"), empty("projects"), DAY, 1080, SETTINGS)
    assert out.empty and list(out.columns) == FLAG_COLUMNS
