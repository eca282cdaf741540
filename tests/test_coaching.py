"""The coaching log (lib/coaching.py): GROW records through the store, due actions on a fixed clock."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from lib.quality.coaching import (DONE, OPEN, agent_history, check_coaching, coaching_by_week, coaching_row, done_row, flag_link, link_options, open_actions, qa_link)
from lib.floor.schema import conform
from lib.store import open_store

DAY = dt.date(2026, 11, 25)   # the tests' clock: 2026-11-25 11:05 (Wednesday, ISO week 48)
GROW = {"goal": "办理率回到 8%", "reality": "开场白太长，客户挂机", "options": "缩短开场；先讲优惠",
        "action": "每天听 3 通优秀录音"}


@pytest.fixture
def store(cfg, tmp_path):
    return open_store(cfg, tmp_path)


def test_a_grow_record_is_stored_open_with_its_link(store):
    row = coaching_row(DAY, "1404", "104", GROW, dt.date(2026, 11, 27), qa_link("20261125-abc"))
    assert row == {"日期": "2026-11-25", "工号": "1404", "组别": "104", "目标": "办理率回到 8%",
                   "现状": "开场白太长，客户挂机", "方案": "缩短开场；先讲优惠", "行动": "每天听 3 通优秀录音",
                   "期限": "2026-11-27", "状态": OPEN, "关联记录": "质检评分 20261125-abc"}
    [rid] = store.append("coaching", [row], submitted_by="1400")
    back = store.read_day("coaching", DAY)
    assert len(back) == 1 and back.iloc[0]["记录编号"] == rid and back.iloc[0]["提交人"] == "1400"
    assert back.iloc[0]["期限"] == "2026-11-27" and back.iloc[0]["状态"] == "进行中"


def test_marking_done_is_a_correction_and_closes_the_action(store):
    [rid] = store.append("coaching", [coaching_row(DAY, "1404", "104", GROW, DAY)], submitted_by="1400")
    rec = store.read_day("coaching", DAY).iloc[0]
    store.correct("coaching", rid, done_row(rec), submitted_by="1400")
    now = store.read_day("coaching", DAY)
    assert len(now) == 1 and now.iloc[0]["状态"] == DONE and now.iloc[0]["更正记录"] == rid
    assert len(store.read_day("coaching", DAY, history=True)) == 2
    assert open_actions(now, DAY, 2).empty


@pytest.mark.parametrize("values, due, problems", [
    (GROW, DAY, {}),
    ({**GROW, "options": "  "}, DAY, {"options": ("coach.err.required", {})}),
    ({}, None, {"goal": ("coach.err.required", {}), "reality": ("coach.err.required", {}),
                "options": ("coach.err.required", {}), "action": ("coach.err.required", {}),
                "due": ("coach.err.due", {})}),
    (GROW, dt.date(2026, 11, 24), {"due": ("coach.err.due_past", {"day": "2026-11-25"})}),
    (GROW, "2026-11-31", {"due": ("coach.err.due", {})}),
])
def test_check_coaching(values, due, problems):
    assert check_coaching("1404", ["1401", "1404"], values, due, DAY) == problems


def test_check_coaching_needs_an_agent_of_the_group():
    assert check_coaching(None, ["1401"], GROW, DAY, DAY) == {"agent": ("coach.err.agent", {})}
    assert check_coaching("1101", ["1401"], GROW, DAY, DAY) == {"agent": ("coach.err.agent_unknown", {"agent": "1101"})}


def coaching_frame(rows):
    """(日期, 工号, 期限, 状态, 提交人) -> a 辅导记录 frame as the store reads it."""
    df = pd.DataFrame([{"日期": pd.Timestamp(d), "工号": a, "组别": a[:1] + "0" + a[1], "目标": "g", "现状": "r",
                        "方案": "o", "行动": f"act {a}", "期限": due, "状态": s, "关联记录": "",
                        "记录编号": f"{d.replace('-', '')}-{i}", "提交时间": f"{d}T10:00:00+08:00", "提交人": by,
                        "更正记录": "", "作废": ""} for i, (d, a, due, s, by) in enumerate(rows)])
    return df


def test_open_actions_come_due_with_a_fixed_clock():
    c = coaching_frame([
        ("2026-11-20", "1401", "2026-11-24", OPEN, "1400"),   # 期限 yesterday: overdue by 1
        ("2026-11-20", "1402", "2026-11-25", OPEN, "1400"),   # today: due, 0 days left
        ("2026-11-21", "1403", "2026-11-27", OPEN, "1400"),   # in 2 days: due (due_soon_days = 2)
        ("2026-11-21", "1404", "2026-11-28", OPEN, "1400"),   # in 3 days: open, not yet due
        ("2026-11-22", "1405", "2026-11-23", DONE, "1400"),   # done: not listed
    ])
    a = open_actions(c, DAY, 2)
    assert a["工号"].tolist() == ["1401", "1402", "1403", "1404"]
    assert a["state"].tolist() == ["overdue", "due", "due", "open"]
    assert a["days_left"].tolist() == [-1, 0, 2, 3]
    # two days later the third is due today and the first overdue by 3
    later = open_actions(c, DAY + dt.timedelta(days=2), 2)
    assert later["state"].tolist() == ["overdue", "overdue", "due", "due"] and later["days_left"].tolist()[0] == -3


def test_agent_history_newest_first():
    c = coaching_frame([("2026-11-10", "1404", "2026-11-12", DONE, "1400"),
                        ("2026-11-20", "1404", "2026-11-27", OPEN, "1400"),
                        ("2026-11-21", "1401", "2026-11-27", OPEN, "1400")])
    h = agent_history(c, "1404")
    assert h["日期"].dt.strftime("%m-%d").tolist() == ["11-20", "11-10"] and h["状态"].tolist() == [OPEN, DONE]
    assert "记录编号" not in h.columns


def test_link_options_name_qa_records_and_flags():
    qa = pd.DataFrame({"日期": pd.to_datetime(["2026-11-24", "2026-11-25", "2026-11-25"]),
                       "工号": ["1404", "1404", "1401"], "录音编号": ["R1", "R2", "R3"], "总分": [72.0, 88.0, 90.0],
                       "记录编号": ["20261124-a", "20261125-b", "20261125-c"],
                       "提交时间": ["2026-11-24T10:00", "2026-11-25T10:00", "2026-11-25T10:00"]})
    flags = pd.DataFrame({"agent_id": ["1404", "1401"], "kind": ["low_rate", "low_volume"]})
    assert link_options(qa, flags, "1404", DAY) == {
        "质检评分 20261125-b": "质检 11-25 录音 R2 · 88 分",
        "质检评分 20261124-a": "质检 11-24 录音 R1 · 72 分",
        "预警 low_rate 2026-11-25": "预警 11-25 办理率低"}
    assert flag_link("low_rate", DAY) == "预警 low_rate 2026-11-25"


def reports(rows):
    df = pd.DataFrame(rows, columns=["date", "agent_id", "volume", "handled"])
    df["date"] = pd.to_datetime(df["date"])
    df["hour"], df["end_minute"] = 9, 600
    return conform(df, "reports")


def test_coaching_per_coach_per_week_with_the_change_since():
    rep = reports([
        ("2026-11-16", "1404", 100, 2), ("2026-11-17", "1404", 100, 4),   # before 11-18: 6 / 200 = 3%
        ("2026-11-18", "1404", 100, 50),                                   # the coaching day itself: in neither
        ("2026-11-19", "1404", 100, 6), ("2026-11-24", "1404", 100, 8),    # since: 14 / 200 = 7%
        ("2026-11-26", "1404", 100, 100),                                  # after end_day: not counted
        ("2026-11-17", "1401", 100, 10), ("2026-11-19", "1401", 100, 10),
    ])
    c = coaching_frame([("2026-11-18", "1404", "2026-11-20", OPEN, "1400"),
                        ("2026-11-18", "1401", "2026-11-20", OPEN, "1400"),
                        ("2026-11-25", "1404", "2026-11-28", OPEN, "1400"),
                        ("2026-11-19", "1401", "2026-11-20", OPEN, "0803")])
    w = coaching_by_week(c, rep, DAY, 7)
    assert w[["coach", "week", "sessions", "agents"]].values.tolist() == [
        ["0803", "2026-W47", 1, 1], ["1400", "2026-W47", 2, 2], ["1400", "2026-W48", 1, 1]]   # ids by value
    first = w.iloc[1]
    # 1404: before 6/200, since 14/200; 1401: before 10/100, since 10/100 -> (6+10)/300 and (14+10)/300
    assert first["rate_before"] == pytest.approx(16 / 300) and first["rate_since"] == pytest.approx(24 / 300)
    assert first["change"] == pytest.approx(8 / 300)
    # 0803 coached 1401 on 11-19: before 11-12..11-18 = 10/100, since 11-20..11-25: nothing -> no change yet
    assert w.iloc[0]["rate_before"] == pytest.approx(0.1) and math.isnan(w.iloc[0]["change"])
    # W48: 1404 on 11-25, before 11-18..11-24 = (50+6+8)/300, since: nothing up to 11-25
    assert w.iloc[2]["rate_before"] == pytest.approx(64 / 300) and math.isnan(w.iloc[2]["rate_since"])
