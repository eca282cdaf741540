"""Results kept per input (lib/floor/memo.py): the same floor answers with the very same object, a changed
file or a changed store frame with a new one, and what comes back is frozen."""
from __future__ import annotations

import datetime as dt
import os
import shutil

import pandas as pd
import pytest

from lib.floor.cache import load_floor, month_period
from lib.floor.memo import digest, kept
from lib.floor.schema import freeze, frozen
from lib.month.review import month_review, rows_as_of
from lib.store import open_store

DAY = dt.date(2026, 11, 25)


def test_a_frozen_frame_by_identity_another_by_content():
    calls = []

    @kept(size=4)
    def total(frame: pd.DataFrame, col: str) -> pd.DataFrame:
        calls.append(col)
        return frame.groupby("g", as_index=False)[col].sum()

    rows = freeze(pd.DataFrame({"g": ["a", "a", "b"], "v": [1, 2, 5]}))
    first = total(rows, "v")
    assert first.to_dict("list") == {"g": ["a", "b"], "v": [3, 5]} and frozen(first)
    assert total(rows, "v") is first and calls == ["v"]
    # a store read is a new frame each time: the same content is the same key
    read = pd.DataFrame({"g": ["a", "a", "b"], "v": [1, 2, 5]})
    again = total(read.copy(), "v")
    assert total(read.copy(), "v") is again and calls == ["v", "v"]
    changed = total(read.assign(v=[1, 2, 6]), "v")
    assert changed["v"].tolist() == [3, 6] and calls == ["v", "v", "v"]


def test_size_keeps_the_last_results():
    calls = []

    @kept(size=2)
    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    assert [double(1), double(2), double(1), double(3), double(2)] == [2, 4, 2, 6, 4]
    assert calls == [1, 2, 3, 2]   # 1 kept while among the last two; 2 pushed out by 1 and 3


def test_digest_sees_order_and_values():
    a = pd.DataFrame({"x": [1, 2], "y": ["p", "q"]})
    assert digest(a) == digest(a.copy())
    assert digest(a) != digest(a.iloc[::-1].reset_index(drop=True))
    assert digest(a) != digest(a.assign(y=["p", "r"]))
    assert digest(a) != digest(a.rename(columns={"y": "z"}))
    assert digest(a) != digest(a.set_axis([5, 6]))   # the same values under other labels


@pytest.fixture
def floor_copy(demo_dir, tmp_path):
    root = tmp_path / "floor"
    shutil.copytree(demo_dir, root, ignore=shutil.ignore_patterns("records"))
    return root


def test_the_same_floor_keeps_the_review_a_changed_file_makes_a_new_one(floor_copy, cfg):
    floor = load_floor(floor_copy, cfg, month_period(DAY))
    store = open_store(cfg, floor_copy)
    qa, att = store.read_month("qa", "2026-11"), store.read_month("attendance", "2026-11")
    reports = rows_as_of(floor.reports, DAY, 24 * 60)
    assert reports is floor.reports   # nothing after the day's end to cut: the floor's own frame
    first = month_review(reports, floor.schedule, qa, att, "2026-11", cfg, "zh")
    again = load_floor(floor_copy, cfg, month_period(DAY))
    assert again is floor
    assert month_review(rows_as_of(again.reports, DAY, 24 * 60), again.schedule, store.read_month("qa", "2026-11"),
                        store.read_month("attendance", "2026-11"), "2026-11", cfg, "zh") is first
    report = sorted((floor_copy / "reports").iterdir())[0]
    stamp = report.stat().st_mtime + 60
    os.utime(report, (stamp, stamp))   # the same bytes, a new signature: a new floor
    changed = load_floor(floor_copy, cfg, month_period(DAY))
    assert changed is not floor
    second = month_review(rows_as_of(changed.reports, DAY, 24 * 60), changed.schedule, qa, att, "2026-11", cfg, "zh")
    assert second is not first
    pd.testing.assert_frame_equal(second.groups, first.groups)
    pd.testing.assert_frame_equal(second.agents, first.agents)


def test_a_new_qa_score_makes_a_new_review(floor_copy, cfg):
    floor = load_floor(floor_copy, cfg, month_period(DAY))
    reports = rows_as_of(floor.reports, DAY, 24 * 60)
    empty = open_store(cfg, floor_copy).read_month("qa", "2026-11")
    att = open_store(cfg, floor_copy).read_month("attendance", "2026-11")
    before = month_review(reports, floor.schedule, empty, att, "2026-11", cfg)
    agent = before.agents.iloc[0]
    score = pd.DataFrame({"日期": [pd.Timestamp("2026-11-20")], "工号": [agent["agent_id"]], "组别": [agent["group"]],
                          "总分": [88.0]})
    after = month_review(reports, floor.schedule, pd.concat([empty, score], ignore_index=True), att, "2026-11", cfg)
    assert after is not before
    assert after.center["qa_scores"] == before.center["qa_scores"] + 1
    line = after.agents.set_index("agent_id").loc[agent["agent_id"]]
    assert line["qa_scores"] == before.agents.set_index("agent_id").loc[agent["agent_id"], "qa_scores"] + 1


def test_rows_as_of_cuts_at_the_slot_not_the_minute(floor_copy, cfg):
    floor = load_floor(floor_copy, cfg, month_period(DAY))
    ends = sorted(floor.reports.loc[floor.reports["date"] == pd.Timestamp(DAY), "end_minute"].unique())
    assert len(ends) >= 2
    at = int(ends[0])   # the first slot has ended, the second not yet
    cut = rows_as_of(floor.reports, DAY, at)
    assert rows_as_of(floor.reports, DAY, int(ends[1]) - 1) is cut   # a minute later, the same rows: the same frame
    d = pd.Timestamp(DAY)
    r = floor.reports
    expected = r[(r["date"] < d) | ((r["date"] == d) & (r["end_minute"] <= at))]
    pd.testing.assert_frame_equal(cut, expected)


def test_an_argument_neither_hashed_nor_weakly_referenced_is_computed_each_time():
    calls = []

    @kept(size=4)
    def length(items: list) -> int:
        calls.append(len(items))
        return len(items)

    assert length([1, 2]) == 2 and length([1, 2]) == 2 and calls == [2, 2]


def test_the_workbench_lookups_follow_the_floor(floor_copy, cfg):
    from lib.floor.roster import duty_leads, groups_on, roster_names
    floor = load_floor(floor_copy, cfg, month_period(DAY))
    names, duty = roster_names(floor.schedule), duty_leads(floor.schedule, DAY)
    assert names["1100"] == "彭晨" and duty["agent_id"].tolist() == ["1200"]   # the demo's lead of 101, duty lead that day
    assert roster_names(floor.schedule) is names and duty_leads(floor.schedule, pd.Timestamp(DAY)) is duty
    groups = groups_on(floor.schedule, floor.projects, DAY)
    groups.append("mine")   # each caller's own list: the kept one is not changed
    assert "mine" not in groups_on(floor.schedule, floor.projects, DAY)
    roster = next(p for p in floor_copy.iterdir() if p.name.startswith("schedule"))
    stamp = roster.stat().st_mtime + 60
    os.utime(roster, (stamp, stamp))
    changed = load_floor(floor_copy, cfg, month_period(DAY))
    assert roster_names(changed.schedule) is not names and roster_names(changed.schedule) == names
