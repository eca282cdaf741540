"""Months without their roster (issue 19.3): reports of a month no roster covers take each agent's
group and name from the report row, else from the agent's nearest roster line in time (the last day
before that knew them, else the first after), and the check says so once per month and file; past
rosters kept as schedule_YYYY-MM.* / 排班_2026年08月.* are used for their month.

Every folder is written with openpyxl as a floor writes it: month grid rosters, a report workbook
a day.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from lib.floor.cache import load_floor, month_period
from tests.conftest import make_settings

HEADER = ["日期", "时段", "工号", "姓名", "组别", "项目", "数据量", "办理量"]


def grid(path: Path, year: int, month: int, people: list[tuple[str, str, str]], title: str | None = None,
         mtime: float | None = None) -> Path:
    """A month grid roster: everyone 全天 every day; a title line only when given."""
    days = list(range(1, calendar.monthrange(year, month)[1] + 1))
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    if title:
        ws.append([title])
    ws.append(["工号", "姓名", "组别", "岗位", *days])
    for pid, name, group in people:
        ws.append([pid, name, group, "坐席", *("全天" for _ in days)])
    wb.save(path)
    if mtime:
        os.utime(path, (mtime, mtime))
    return path


def report(root: Path, day: dt.date, rows: list[tuple[str, str, str, int, int]], hours: int = 1) -> str:
    """reports/<day>.xlsx with each (agent, name, group, volume, handled) in the first `hours` slots."""
    (root / "reports").mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "日报"
    ws.append(HEADER)
    for h in range(9, 9 + hours):
        for pid, name, group, vol, hd in rows:
            ws.append([dt.datetime(day.year, day.month, day.day), f"{h:02d}:00-{h + 1:02d}:00", pid, name, group,
                       "新华手机报", vol, hd])
    wb.save(root / "reports" / f"{day.isoformat()}.xlsx")
    return f"reports/{day.isoformat()}.xlsx"


OCT = [("1001", "张三", "101"), ("1002", "李四", "102"), ("2001", "王五", "201")]


def groups(f, day: str) -> dict[str, tuple[str, str, str]]:
    """agent -> (group, home_group, name) of the day's rows (one value each, as every row agrees)."""
    r = f.reports[f.reports["date"] == day]
    out = {}
    for a, g in r.groupby("agent_id"):
        assert len(set(zip(g["group"], g["home_group"], g["name"]))) == 1
        out[a] = (g["group"].iat[0], g["home_group"].iat[0], g["name"].iat[0])
    return out


def warnings(f) -> list[tuple[str, str, str]]:
    p = f.problems[f.problems["severity"] == "warning"]
    return list(zip(p["file"], p["sheet"], p["message"]))


@pytest.fixture
def three_months(tmp_path):
    """Reports of August, September and October; only October's roster (the usual habit)."""
    root = tmp_path / "floor"
    root.mkdir()
    grid(root / "schedule.xlsx", 2026, 10, OCT, "2026年10月排班表")
    # August: 1001 names no group, 1002 names 103 (a substitute), 3001 is on no roster.
    aug = report(root, dt.date(2026, 8, 3), [("1001", "", "", 40, 4), ("1002", "", "103", 30, 3),
                                             ("3001", "赵六", "", 20, 1)], hours=2)
    sep = report(root, dt.date(2026, 9, 10), [("1001", "", "", 40, 2), ("2001", "", "", 25, 5)])
    sep2 = report(root, dt.date(2026, 9, 11), [("2001", "", "", 25, 5)])
    # October has its roster: 4004 is missing from it, a real signal.
    octo = report(root, dt.date(2026, 10, 5), [("1001", "", "", 50, 5), ("4004", "孙七", "", 10, 1)], hours=3)
    return root, (aug, sep, sep2, octo)


def test_a_month_without_its_roster_takes_groups_from_the_rows_and_the_next_roster(three_months):
    root, (aug, sep, sep2, octo) = three_months
    f = load_floor(root, make_settings())
    # 1001: no 组别 in the row, October's roster (the first after) says 101 and 张三.
    assert groups(f, "2026-08-03") == {"1001": ("101", "101", "张三"), "1002": ("103", "102", "李四"),
                                       "3001": ("", "", "赵六")}
    assert groups(f, "2026-09-10") == {"1001": ("101", "101", "张三"), "2001": ("201", "201", "王五")}
    assert groups(f, "2026-10-05") == {"1001": ("101", "101", "张三"), "4004": ("", "", "孙七")}
    assert len(f.reports) == 6 + 2 + 1 + 6   # every row kept


def test_the_check_says_so_once_per_month_and_file_and_keeps_the_per_agent_warning(three_months):
    root, (aug, sep, sep2, octo) = three_months
    f = load_floor(root, make_settings())
    w = warnings(f)
    assert [x[0] for x in w] == [aug, sep, sep2, octo]   # one line each, nothing per agent before October
    assert w[0] == (aug, "日报", "2026-08：无当月排班表，本表 3 名坐席的组别和姓名取自报表行或最近的排班表（6 行，已保留）"
                                 "；其中 1 名在任何排班表中都没有、报表行也无组别")
    assert w[1][2] == "2026-09：无当月排班表，本表 2 名坐席的组别和姓名取自报表行或最近的排班表（2 行，已保留）"
    assert w[2][2] == "2026-09：无当月排班表，本表 1 名坐席的组别和姓名取自报表行或最近的排班表（1 行，已保留）"
    assert w[3] == (octo, "日报", "第 3 行：工号 4004 不在 2026-10-05 的排班表中（3 行，已保留）")
    en = f.problems["message_en"].tolist()
    assert en[1] == ("2026-09: no roster for this month; the group and name of this file's 2 agents come from "
                     "the report rows or the nearest roster (2 rows, kept)")


def test_past_rosters_by_file_name_are_used_for_their_month_and_the_nearest_line_is_the_last_before(tmp_path):
    root = tmp_path / "floor"
    root.mkdir()
    grid(root / "schedule.xlsx", 2026, 10, OCT, "2026年10月排班表")
    # Without a title: September from the file name; 1001 worked in 105 then.
    grid(root / "schedule_2026-09.xlsx", 2026, 9, [("1001", "张三", "105")])
    # A Chinese-style name, a title that names no month: August; 1002 was in 107.
    grid(root / "排班_2026年08月.xlsx", 2026, 8, [("1002", "李四", "107")], title="排班表")
    report(root, dt.date(2026, 7, 30), [("1001", "", "", 10, 1), ("1002", "", "", 10, 1)])
    report(root, dt.date(2026, 8, 3), [("1002", "", "", 30, 3)])
    report(root, dt.date(2026, 9, 10), [("1001", "", "", 40, 2), ("1002", "", "", 30, 3)])
    f = load_floor(root, make_settings())
    sched = f.schedule
    assert sorted(sched["date"].dt.strftime("%Y-%m").unique()) == ["2026-08", "2026-09", "2026-10"]
    assert len(sched) == 31 + 30 + 31 * 3
    # July has no roster: 1001's first roster day after is September's (105), 1002's is August's (107).
    assert groups(f, "2026-07-30") == {"1001": ("105", "105", "张三"), "1002": ("107", "107", "李四")}
    assert groups(f, "2026-08-03") == {"1002": ("107", "107", "李四")}
    # September has a roster (for 1001): 1002 is missing from it, and says so; his group stays empty.
    assert groups(f, "2026-09-10") == {"1001": ("105", "105", "张三"), "1002": ("", "", "")}
    w = [m for _, _, m in warnings(f)]
    assert w == ["2026-07：无当月排班表，本表 2 名坐席的组别和姓名取自报表行或最近的排班表（2 行，已保留）",
                 "第 3 行：工号 1002 不在 2026-09-10 的排班表中（1 行，已保留）"]


def test_between_two_rosters_the_last_before_wins_and_a_period_load_agrees(tmp_path):
    root = tmp_path / "floor"
    root.mkdir()
    grid(root / "schedule.xlsx", 2026, 10, OCT, "2026年10月排班表")
    grid(root / "schedule_2026-08.xlsx", 2026, 8, [("1001", "张三", "107")])
    report(root, dt.date(2026, 9, 10), [("1001", "", "", 40, 2), ("2001", "", "", 25, 5)])
    report(root, dt.date(2026, 10, 5), [("1001", "", "", 50, 5)])
    want = {"1001": ("107", "107", "张三"), "2001": ("201", "201", "王五")}   # 2001: only October knows him
    assert groups(load_floor(root, make_settings()), "2026-09-10") == want
    # The ranking of 30 September loads August to September, with the rosters nearest each side.
    f = load_floor(root, make_settings(), month_period(dt.date(2026, 9, 30)))
    assert groups(f, "2026-09-10") == want
    assert [m for _, _, m in warnings(f)] == [
        "2026-09：无当月排班表，本表 2 名坐席的组别和姓名取自报表行或最近的排班表（2 行，已保留）"]


def test_the_same_person_and_day_in_two_rosters_takes_the_newer_file(tmp_path):
    root = tmp_path / "floor"
    root.mkdir()
    report(root, dt.date(2026, 10, 5), [("1001", "", "", 50, 5)])
    # By name 排班表_… sorts after schedule.xlsx; by time schedule.xlsx is the newer and wins.
    grid(root / "排班表_2026-10.xlsx", 2026, 10, [("1001", "张三", "109")], mtime=1_790_000_000)
    grid(root / "schedule.xlsx", 2026, 10, OCT, "2026年10月排班表", mtime=1_790_000_500)
    f = load_floor(root, make_settings())
    assert groups(f, "2026-10-05") == {"1001": ("101", "101", "张三")}
    assert any("重复的 人员+日期" in m for m in f.problems["message"])
    os.utime(root / "排班表_2026-10.xlsx", (1_790_001_000, 1_790_001_000))
    assert groups(load_floor(root, make_settings()), "2026-10-05") == {"1001": ("109", "109", "张三")}


def test_days_a_month_grid_leaves_blank_are_said_once_per_file(tmp_path):
    root = tmp_path / "floor"
    root.mkdir()
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年10月排班表"])
    ws.append(["工号", "姓名", "组别", "岗位", *range(1, 32)])
    ws.append(["1001", "张三", "101", "坐席", *("全天" if d <= 20 else None for d in range(1, 32))])
    wb.save(root / "schedule.xlsx")
    octo = report(root, dt.date(2026, 10, 25), [("1001", "", "", 50, 5)], hours=2)
    f = load_floor(root, make_settings())
    assert groups(f, "2026-10-25") == {"1001": ("101", "101", "张三")}   # the 20th, the last day before
    assert warnings(f) == [(octo, "日报", "2026-10：排班表不含 2026-10-25 的 1 天，本表 1 名坐席的组别和姓名取自报表行"
                                         "或最近的排班表（2 行，已保留）")]
