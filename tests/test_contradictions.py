"""Attendance against the dialer (lib/day/contradictions.py) on tests/test_wall.py's tiny floor, with the
attendance of tests/test_duty.py: 101 reports 1004 孙六 sick 8 h and 实到 3; 102 reports 2003 吴三 on
personal leave 4 h, 2002 周二 absent (旷工) 8 h, 实到 2. By 11:05 the rows that have ended are the 09-10
and 10-11 slots: 2002 has volume 5 + 3 in both, 2003 in both (2 of the 8 - 4 = 4 hours the leave leaves).
"""
from __future__ import annotations

import datetime as dt

import pytest

from lib.day.contradictions import contradictions, describe, names_filled
from lib.floor.cache import load_floor
from lib.store import open_store
from tests.conftest import open_page
from tests.test_duty import ATT_101, ATT_102, BLANK
from tests.test_wall import config_for, write_tiny_floor

DAY = dt.date(2026, 11, 25)
EXTRA = """日期,时段,工号,姓名,组别,项目,数据量,办理量
2026-11-25,09:00-10:00,1004,孙六,101,流量包升级,30,2
2026-11-25,10:00-11:00,1004,孙六,101,流量包升级,40,3
2026-11-25,09:00-10:00,1003,王五,102,新华手机报,10,1
"""
SWAPS = [BLANK | {"组别": "101", "工号": "1003", "姓名": "王五", "类别": "换班",
                  "替班说明": "101组1003王五替102组2004郑七上班,外呼新华手机报"},
         BLANK | {"组别": "101", "工号": "1002", "姓名": "李四", "类别": "换班",
                  "替班说明": "101组1002李四支援103组上班,外呼流量包升级"}]


@pytest.fixture
def root(tmp_path):
    root = write_tiny_floor(tmp_path / "floor")
    (root / "reports" / "2026-11-25-extra.csv").write_text(EXTRA, encoding="utf-8")
    return root


@pytest.fixture
def store(root, cfg):
    s = open_store(cfg, root)
    s.append("attendance", ATT_101, submitted_by="1000")
    s.append("attendance", ATT_102, submitted_by="2000")
    return s


def found(root, store, cfg, at="11:05", extra=()):
    if extra:
        store.append("attendance", list(extra), submitted_by="1000")
    f = load_floor(root, cfg)
    h, m = at.split(":")
    items = contradictions(f.reports, store.read_day("attendance", DAY), f.schedule, DAY, int(h) * 60 + int(m), cfg)
    return names_filled(items, f.schedule, DAY)


def test_leave_with_calls_absence_and_a_half_day_leave(root, store, cfg):
    items = [c for c in found(root, store, cfg) if c.kind == "leave_with_calls"]
    assert [(c.group, c.agent_id) for c in items] == [("101", "1004"), ("102", "2002")]   # not 2003: 2 <= 8 - 4
    assert describe(items[0]) == ("请假但有外呼：101组 1004孙六 报病假 8 小时，但在 2 个时段有外呼（数据量 70）"
                                  "（见 reports/2026-11-25-extra.csv 第 2 行；reports/2026-11-25-extra.csv 第 3 行）")
    assert describe(items[1], "en") == ("on leave but calling: group 102, 2002周二 reported absence for 8 h, yet has dialer "
                                        "volume in 2 slot(s) (volume 8) (see reports/2026-11-25.csv row 11; "
                                        "reports/2026-11-25.csv row 12)")


def test_one_slot_under_two_groups_and_swaps_to_two_groups(root, store, cfg):
    items = [c for c in found(root, store, cfg, extra=SWAPS) if c.kind == "two_groups"]
    assert [(c.agent_id, c.values["groups"], c.values["source"]) for c in items] == [
        ("1003", "101、102", "rows"), ("1002", "102、103", "swaps")]
    assert describe(items[0]) == ("同一时段两个组：1003王五 在 09:00 起的时段同时有 101、102 组的外呼"
                                  "（见 reports/2026-11-25-extra.csv 第 4 行；reports/2026-11-25.csv 第 6 行）")
    assert describe(items[1]).startswith("同一天两个组：1002李四 在换班中同时去了 102、103 组（见 101组1002李四替102组")


def test_a_swap_naming_someone_resting(root, store, cfg):
    items = [c for c in found(root, store, cfg, extra=SWAPS) if c.kind == "swap_resting"]
    assert [(c.agent_id, c.name) for c in items] == [("2004", "郑七")]
    assert describe(items[0]) == ("换班人员当天休息：被替的 2004郑七 在排班表上当天本就休息"
                                  "（见 101组1003王五替102组2004郑七上班,外呼新华手机报）")


def test_the_present_count_is_checked_from_0930(root, store, cfg):
    assert [c for c in found(root, store, cfg, at="09:20") if c.kind == "present_count"] == []
    items = [c for c in found(root, store, cfg) if c.kind == "present_count"]
    # 101: 实到 3 and 1001, 1002, 1003, 1004 have volume (1004 is the one reported sick): 4 ≠ 3;
    # 102: 实到 2 and 2001, 2002, 2003 have volume, and 1003 in one slot (EXTRA's row under 102): 4 ≠ 2
    assert [(c.group, c.values["present"], c.values["with_data"], c.values["agents"]) for c in items] == [
        ("101", 3, 4, "1001、1002、1003、1004"), ("102", 2, 4, "1003、2001、2002、2003")]


def test_nothing_is_said_of_a_day_that_agrees(tmp_path, cfg):
    root = write_tiny_floor(tmp_path / "floor")
    store = open_store(cfg, root)
    store.append("attendance", [BLANK | {"组别": "101", "项目": "流量包升级", "应出勤": 4, "实到": 3}], submitted_by="1000")
    assert found(root, store, cfg) == []


def test_the_lead_the_duty_lead_and_the_data_check_see_them(root, store, tmp_path, monkeypatch):
    config_for(root, tmp_path, monkeypatch)
    lead = open_page("pages/lead.py", group="101")
    assert not lead.exception
    said = [w.value.replace("\\", "") for w in lead.warning]
    assert any("请假但有外呼：101组 1004孙六" in w for w in said) and not any("102组 2002" in w for w in said)
    desk = open_page("pages/duty_desk.py")
    said = [w.value.replace("\\", "") for w in desk.warning]
    assert any("101组 1004孙六" in w for w in said) and any("102组 2002周二" in w for w in said)
    health = open_page("pages/data_health.py")
    said = [w.value.replace("\\", "") for w in health.warning]
    assert any("实到人数与外呼人数不符：102组报实到 2 人" in w for w in said)


@pytest.mark.parametrize("before, after, line", [
    ("09:50", "10:05", "请假但有外呼：101组 1004孙六 报病假 8 小时，但在 1 个时段有外呼（数据量 30）"),
    ("09:50", "10:05", "同一时段两个组：1003王五 在 09:00 起的时段同时有 101、102 组的外呼"),
    ("09:50", "10:05", "实到人数与外呼人数不符：102组报实到 2 人，有外呼数据的 4 人（1003、2001、2002、2003）"),
])
def test_each_contradiction_on_the_duty_desk_before_and_after_its_rows(root, store, tmp_path, monkeypatch, before,
                                                                       after, line):
    config_for(root, tmp_path, monkeypatch)

    def said(at):
        page = open_page("pages/duty_desk.py", at=at)
        assert not page.exception
        return "\n".join(w.value.replace("\\", "") for w in page.warning)
    assert line not in said(before)   # no slot has ended yet: nothing to contradict
    assert line in said(after)
