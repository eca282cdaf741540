"""The demo center's records: what its leads would have entered, once per day."""
import datetime as dt

import pandas as pd

from lib.demo.center import story, write_demo
from lib.demo.records import seed_demo_records
from lib.floor.cache import load_floor
from lib.store import open_store
from tests.conftest import make_settings

DAY = dt.date(2026, 11, 25)


def test_past_days_have_attendance_qa_and_duty_log_and_today_waits_for_the_user(tmp_path):
    cfg = make_settings()
    out = write_demo(tmp_path, DAY, 11 * 60 + 5)
    floor = load_floor(out, cfg)
    seed_demo_records(out, floor, cfg, DAY, 11 * 60 + 5)
    store = open_store(cfg, out)
    att = store.read_day("attendance", "2026-11-24")
    groups = sorted(set(floor.schedule[floor.schedule["role"] == "agent"]["group"]))
    assert sorted(set(att["组别"])) == groups                      # every group reported yesterday
    absent = story(dt.date(2026, 11, 24))["absent"]
    line = att[att["工号"] == absent]
    assert line["类别"].iloc[0] in ("病假", "事假") and line["扣分"].iloc[0] in (-0.3, -0.5)
    # one QA per agent who worked yesterday
    worked = floor.reports[floor.reports["date"] == pd.Timestamp("2026-11-24")]["agent_id"].nunique()
    assert len(store.read_day("qa", "2026-11-24")) == worked
    assert len(store.read_day("duty_log", "2026-11-24")) == 2 * len(groups)   # morning and day
    # today: four groups have reported, QA and the duty log are the user's to do
    assert store.read_day("attendance", DAY)["组别"].nunique() == 4
    assert store.read_day("qa", DAY).empty and store.read_day("duty_log", DAY).empty
    assert sorted(store.read_month("ratings", "2026-11")["评分人角色"]) == ["中心主任", "部门经理"]


def test_seeding_twice_adds_nothing(tmp_path):
    cfg = make_settings()
    out = write_demo(tmp_path, DAY, 9 * 60)
    floor = load_floor(out, cfg)
    seed_demo_records(out, floor, cfg, DAY, 9 * 60)
    n = len(open_store(cfg, out).read_month("qa", "2026-11", history=True))
    seed_demo_records(out, floor, cfg, DAY, 9 * 60)
    assert len(open_store(cfg, out).read_month("qa", "2026-11", history=True)) == n
