"""Deadlines and their states before and after their time (lib/day/deadlines.py), on tests/test_wall.py's
tiny floor: groups 101 (lead 赵组长, agents 1001-1004) and 102 (lead 钱组长, agents 2001-2003 at work,
2004 resting). Config: attendance by 08:50, QA by 17:00, the duty log 30 minutes after 12:00 / 18:00,
alert_behind 0.2. Then the duty desk and the workbench in AppTest with a fixed clock (?at=).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.day.deadlines import (attendance_due, callbacks_due, day_dues, describe, duty_log_due, pace_due, qa_due,
                               red_count)
from lib.day.goals import pace_at, pace_label
from lib.floor.cache import load_floor
from lib.store import open_store
from tests.conftest import make_settings, open_page
from tests.test_duty import ATT_101, ATT_102, floor, root, store  # noqa: F401  (the tiny floor's fixtures)
from tests.test_wall import config_for, write_tiny_floor

DAY = dt.date(2026, 11, 25)
EMPTY = pd.DataFrame()


def m(hhmm: str) -> int:
    h, mm = hhmm.split(":")
    return int(h) * 60 + int(mm)



def states(items):
    return {(i.kind, i.group): (i.state, i.late) for i in items}


def test_attendance_is_waiting_until_0850_then_red_with_who_and_how_late(floor, store, cfg):
    none = store.read_day("attendance", DAY)
    assert states(attendance_due(none, floor.schedule, DAY, m("08:40"), cfg)) == {
        ("attendance", "101"): ("waiting", 0), ("attendance", "102"): ("waiting", 0)}
    assert states(attendance_due(none, floor.schedule, DAY, m("08:50"), cfg))[("attendance", "101")] == ("waiting", 0)
    store.append("attendance", ATT_101, submitted_by="1000")
    filed = store.read_day("attendance", DAY)
    items = attendance_due(filed, floor.schedule, DAY, m("09:30"), cfg)
    assert states(items) == {("attendance", "101"): ("done", 0), ("attendance", "102"): ("late", 40)}
    late = next(i for i in items if i.red)
    assert describe(late) == "102组（钱组长）未报考勤，应于 08:50 前报，已晚 40 分钟"
    assert describe(late, "en") == "group 102 (钱组长) has not filed attendance, due 08:50, 40 min late"
    store.append("attendance", ATT_102, submitted_by="2000")
    later = attendance_due(store.read_day("attendance", DAY), floor.schedule, DAY, m("18:30"), cfg)
    assert {i.state for i in later} == {"done"}


def test_qa_coverage_turns_red_after_1700_and_green_when_everyone_is_scored(floor, cfg):
    # by 17:05 every agent with rows counts: 101 has 1001, 1002, 1003; 102 has 2001, 2002, 2003
    at_work = qa_due(floor.reports, floor.schedule, pd.DataFrame({"工号": pd.Series([], dtype="str")}), DAY,
                     m("16:55"), cfg)
    assert states(at_work) == {("qa", "101"): ("waiting", 0), ("qa", "102"): ("waiting", 0)}
    qa = pd.DataFrame({"工号": ["1001", "1002", "1003", "2001"]})
    items = qa_due(floor.reports, floor.schedule, qa, DAY, m("17:05"), cfg)
    assert states(items) == {("qa", "101"): ("done", 0), ("qa", "102"): ("late", 5)}
    late = next(i for i in items if i.red)
    assert late.value("scored") == 1 and late.value("agents") == 3 and late.who == "钱组长"
    assert describe(late) == "102组（钱组长）质检 1/3 人，应于 17:00 前全部完成，已晚 5 分钟"


def test_the_duty_log_is_due_after_the_period_and_red_30_minutes_later(floor, cfg):
    def at(hhmm, written=()):
        rows = pd.DataFrame({"时段": list(written)}) if written else pd.DataFrame({"时段": pd.Series([], dtype="str")})
        return [(i.value("period"), i.state, i.late) for i in duty_log_due(floor.reports, floor.schedule, rows, DAY,
                                                                              m(hhmm), cfg)]
    assert at("11:00") == [("morning", "waiting", 0), ("day", "waiting", 0)]
    assert at("12:30") == [("morning", "waiting", 0), ("day", "waiting", 0)]   # within the 30 minutes
    assert at("12:31") == [("morning", "late", 31), ("day", "waiting", 0)]
    assert at("12:31", ["上午"]) == [("morning", "done", 0), ("day", "waiting", 0)]
    assert at("18:45", ["上午"]) == [("morning", "done", 0), ("day", "late", 45)]
    assert at("18:45", ["上午", "全天"]) == [("morning", "done", 0), ("day", "done", 0)]


def test_a_duty_log_with_no_figures_is_nothing_due(tmp_path, cfg):
    root = write_tiny_floor(tmp_path / "empty")
    for f in (root / "reports").iterdir():
        f.unlink()
    f = load_floor(root, cfg)
    items = duty_log_due(f.reports, f.schedule, pd.DataFrame({"时段": pd.Series([], dtype="str")}), DAY, m("19:00"), cfg)
    assert [i.state for i in items] == ["none", "none"]
    assert describe(items[0]) == "上午值班日志：还没有数据，无需写回"


def test_a_callback_is_red_once_its_time_has_passed_and_the_number_is_never_in_the_item():
    rows = pd.DataFrame({"记录编号": ["a", "b"], "日期": ["2026-11-25"] * 2, "工号": ["1001", "2001"],
                         "组别": ["101", "102"], "客户电话": ["13812345678", "13900001111"],
                         "原因": ["客户要求下午回电", "资费咨询"], "回拨时间": ["2026-11-25 10:50", "2026-11-25 11:20"],
                         "状态": ["待回拨"] * 2, "state": ["overdue", "due"], "minutes_left": [-15, 15]})
    items = callbacks_due(rows, {"1001": "张三", "2001": "陈一"})
    assert states(items) == {("callback", "101"): ("late", 15), ("callback", "102"): ("waiting", 0)}
    assert describe(items[0]) == "101组 1001张三 的回拨（客户要求下午回电）应于 10:50 回拨，已晚 15 分钟"
    assert not any("1381234" in describe(i) or "1390000" in describe(i) for i in items)


def test_pace_is_red_beyond_alert_behind_and_nothing_before_a_slot_has_ended(tmp_path, cfg):
    root = write_tiny_floor(tmp_path / "paced")
    (root / "projects.csv").write_text("日期,组别,项目,脚本版本,目标办理量\n2026-11-25,101,流量包升级,V2.1,80\n"
                                       "2026-11-25,102,新华手机报,V3.0,160\n", encoding="utf-8")
    f = load_floor(root, cfg)
    # 8 working slots: at 11:05 two have ended. 101 should stand at 80 x 2/8 = 20 and has 19 (5% behind:
    # waiting); 102 should stand at 40 and has 21 (47.5% behind, more than 0.2: red, 19 short).
    items = pace_due(f.reports, f.projects, f.schedule, DAY, m("11:05"), cfg)
    assert states(items) == {("pace", "101"): ("waiting", 0), ("pace", "102"): ("late", 0)}
    red = next(i for i in items if i.red)
    assert (red.value("expected"), red.value("handled"), red.value("behind")) == (40, 21, 19)
    assert describe(red) == "102组（钱组长）进度落后：办理 21，此时应有 40（差 19）"
    early = pace_due(f.reports, f.projects, f.schedule, DAY, m("08:30"), cfg)
    assert {i.state for i in early} == {"none"}
    assert {pace_label(a) for a in pace_at(f.reports, f.projects, DAY, m("08:30"), cfg)["ahead"]} == {"—"}
    off = make_settings(goals={"alert_behind": 0.0})
    assert "late" not in {i.state for i in pace_due(f.reports, f.projects, f.schedule, DAY, m("11:05"), off)}


def test_red_first_and_counted_per_group(floor, store, cfg):
    store.append("attendance", ATT_101, submitted_by="1000")
    items = day_dues(floor.reports, floor.schedule, floor.projects, store.read_day("attendance", DAY),
                     pd.DataFrame({"工号": ["1001"]}), pd.DataFrame({"时段": pd.Series([], dtype="str")}),
                     pd.DataFrame(), DAY, m("17:40"), cfg)
    # late: 102's attendance, 101's and 102's QA, the morning's duty log (the day's is not due until 18:00)
    assert [(i.kind, i.group) for i in items if i.red] == [("attendance", "102"), ("qa", "101"), ("qa", "102"),
                                                            ("duty_log", "")]
    assert red_count(items) == 4 and red_count(items, "101") == 1 and red_count(items, "102") == 2
    assert items[0].red and not items[-1].red


# ---------------------------------------------------------------- the screens, with a fixed clock

def test_the_duty_desk_shows_the_red_count_and_it_goes_down_as_a_lead_files(root, tmp_path, monkeypatch):
    config_for(root, tmp_path, monkeypatch)
    at = open_page("pages/duty_desk.py", at="09:30")
    assert not at.exception
    red = at.error[0].value.replace("\\", "")   # markdown escapes (lib.ui.safe.literal) taken off
    assert red.startswith("**2 项逾期**") and "101组（赵组长）未报考勤，应于 08:50 前报，已晚 40 分钟" in red
    before = open_page("pages/duty_desk.py", at="08:40")
    assert "没有逾期事项" in [s.value for s in before.success]
    open_store(make_settings(source={"path": str(root)}), root).append("attendance", ATT_101, submitted_by="1000")
    after = open_page("pages/duty_desk.py", at="09:30")
    assert after.error[0].value.startswith("**1 项逾期**") and "102组（钱组长）" in after.error[0].value


def test_the_workbench_shows_only_its_groups_red_items(root, tmp_path, monkeypatch):
    config_for(root, tmp_path, monkeypatch)
    at = open_page("pages/lead.py", at="09:30", group="101")
    assert not at.exception
    red = at.error[0].value.replace("\\", "")
    assert red.startswith("**1 项逾期**") and "101组（赵组长）" in red and "102组" not in red


def test_the_menu_entry_carries_the_red_count(root, tmp_path, monkeypatch):
    from tests.conftest import menu
    config_for(root, tmp_path, monkeypatch)
    late = open_page("pages/wall.py", at="09:30")
    assert "值班台 2" in menu(late, badges=True) and "组长工作台" in menu(late, badges=True)   # the administrator has no group of their own
    early = open_page("pages/wall.py", at="08:40")
    assert "值班台" in menu(early, badges=True)


def test_after_1700_the_qa_tab_is_red_for_the_groups_not_covered(root, tmp_path, monkeypatch):
    config_for(root, tmp_path, monkeypatch)
    at = open_page("pages/duty_desk.py", at="16:50")
    assert not any("质检" in e.value for e in at.error)   # before the deadline: no red QA line
    at = open_page("pages/duty_desk.py", at="17:05")
    said = [e.value.replace("\\", "") for e in at.error]
    assert ("- 101组（赵组长）质检 0/3 人，应于 17:00 前全部完成，已晚 5 分钟\n"
            "- 102组（钱组长）质检 0/3 人，应于 17:00 前全部完成，已晚 5 分钟") in said   # the QA tab's own box
    assert said[0].startswith("**5 项逾期**")   # two attendance, two QA, the morning's duty log
    [qa] = [d.value for d in at.dataframe if "未质检" in d.value.columns]
    assert qa[["状态", "组别", "已质检"]].values.tolist() == [["逾期", "101", 0], ["逾期", "102", 0]]


@pytest.mark.parametrize("before, after, line", [
    ("12:20", "12:40", "上午值班日志（赵组长）未写回，12:00 后应写，已晚 40 分钟"),
    ("10:40", "11:05", "101组 1001张三 的回拨（资费咨询）应于 10:50 回拨，已晚 15 分钟"),
    ("08:30", "11:05", "102组（钱组长）进度落后：办理 21，此时应有 40（差 19）"),
])
def test_each_deadline_on_the_duty_desk_before_and_after_its_time(root, tmp_path, monkeypatch, before, after, line):
    from lib.quality.callbacks import callback_row
    (root / "projects.csv").write_text("日期,组别,项目,脚本版本,目标办理量\n2026-11-25,101,流量包升级,V2.1,80\n"
                                       "2026-11-25,102,新华手机报,V3.0,160\n", encoding="utf-8")
    store = open_store(make_settings(source={"path": str(root)}), root)
    store.append("callbacks", [callback_row(DAY, "1001", "101", "13812345678", "资费咨询", dt.datetime(2026, 11, 25, 10, 50))],
                 submitted_by="1000")
    config_for(root, tmp_path, monkeypatch)

    def red(at):
        page = open_page("pages/duty_desk.py", at=at)
        assert not page.exception
        return "\n".join(e.value.replace("\\", "") for e in page.error)
    assert line not in red(before)
    assert line in red(after)
