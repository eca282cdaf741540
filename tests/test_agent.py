"""One agent's record (lib.agent): today by slot and the last days against their group, hand-computed."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.day import agent
from lib.store import table, to_frame
from tests.test_lead import DAY, person, reports, row, schedule

# A1 works for 101 at 9:00, then substitutes for 102 at 10:00.
TODAY = reports(row("A1", 9, 40, 4), row("A2", 9, 20, 0), row("A1", 10, 50, 10, group="102"),
                row("B1", 10, 50, 0, group="102"), row("A1", 11, 10, 1, group="102"))
DAYS = reports(row("A1", 9, 100, 10, day="2026-11-23"), row("A2", 9, 100, 2, day="2026-11-23"),
               row("A2", 10, 100, 4, day="2026-11-23"), row("A1", 9, 50, 5, day="2026-11-24"),
               row("A1", 9, 80, 8, day="2026-10-20"), row("A1", 9, 60, 3))


def test_choices_and_home():
    s = schedule(person("A1"), person("A2"), person("L1", role="lead"), person("B1", "102"),
                 person("Z1", day="2026-11-01"))
    c = agent.agent_choices(s, TODAY, ["101"], DAY)
    assert c["agent_id"].tolist() == ["A1", "A2"]
    assert agent.agent_choices(s, TODAY, ["102"], DAY)["agent_id"].tolist() == ["A1", "B1"]   # A1 helped 102
    assert agent.agent_home(s, TODAY, "A1", DAY) == ("坐席A1", "101")
    assert agent.agent_home(s, TODAY, "Z1", DAY) == ("坐席Z1", "101")   # latest roster line
    assert agent.agent_home(schedule(), TODAY, "B1", DAY) == ("坐席B1", "102")
    assert agent.agent_home(s, TODAY, "nobody", DAY) is None


def test_today_by_slot_against_the_group_worked_for():
    f = agent.agent_today(TODAY, "A1", DAY, 720)
    assert f["label"].tolist() == ["09:00", "10:00", "11:00"]
    assert f["group"].tolist() == ["101", "102", "102"]
    assert f["rate"].tolist() == pytest.approx([0.1, 0.2, 0.1])
    # 101 at 9: 60 calls by 2, 4/60; 102 at 10: 100 by 2, 10/100; 102 at 11: A1 alone
    assert f["group_avg_volume"].tolist() == [30, 50, 10]
    assert f["group_rate"].tolist() == pytest.approx([4 / 60, 0.1, 0.1])
    assert agent.agent_today(TODAY, "A1", DAY, 660)["label"].tolist() == ["09:00", "10:00"]
    assert agent.agent_today(TODAY, "Q", DAY, 720).empty


def test_days_against_the_group_in_the_window():
    f = agent.agent_days(DAYS, "A1", DAY, 30)
    assert f["label"].tolist() == ["11-23", "11-24", "11-25"]
    assert f["date"].tolist() == [pd.Timestamp("2026-11-23"), pd.Timestamp("2026-11-24"), pd.Timestamp(DAY)]
    assert f["rate"].tolist() == pytest.approx([0.1, 0.1, 0.05])
    # the 23rd: 101 had 300 calls by 2 agents, 16 handled
    assert f["group_avg_volume"].tolist() == [150, 50, 60]
    assert f["group_rate"].tolist() == pytest.approx([16 / 300, 0.1, 0.05])
    assert agent.agent_days(DAYS, "A1", DAY, 40)["date"].iloc[0] == pd.Timestamp("2026-10-20")
    assert agent.agent_days(DAYS, "Q", DAY, 30).empty


def test_window_months_and_records():
    assert agent.window_months(DAY, 30) == ["2026-10", "2026-11"]
    assert agent.window_months(DAY, 25) == ["2026-11"]
    rows = to_frame(table("monitoring"), [
        {"日期": "2026-11-24", "工号": "A1", "触发原因": "a", "提交时间": "2026-11-24T10:00:00+08:00"},
        {"日期": DAY, "工号": "A1", "触发原因": "b", "提交时间": "2026-11-25T10:00:00+08:00"},
        {"日期": DAY, "工号": "A2", "触发原因": "c"}, {"日期": "2026-10-01", "工号": "A1", "触发原因": "old"}])
    assert agent.agent_records(rows, "A1", DAY, 30)["触发原因"].tolist() == ["b", "a"]
    assert agent.agent_records(rows.iloc[0:0], "A1", DAY, 30).empty
