"""The demo center: the files DATA.md describes, the month's rules, and today's story."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from lib.demo import center as demo

TODAY = dt.date(2026, 11, 25)
NOW = 11 * 60 + 5
CHINESE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}$")


def _sheet(path: Path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def _report(folder: Path, day: dt.date) -> list[dict]:
    rows = _sheet(folder / "reports" / f"{day.isoformat()}.xlsx")
    header = rows[2]
    return [dict(zip(header, r)) for r in rows[3:]]


@pytest.fixture(scope="module")
def center(tmp_path_factory) -> Path:
    return demo.write_demo(tmp_path_factory.mktemp("demo"), TODAY, NOW)


@pytest.fixture(scope="module")
def roster(center) -> dict[str, dict]:
    """By agent id: the person's row with shifts keyed by day number."""
    rows = _sheet(center / "schedule.xlsx")
    days = [int(d) for d in rows[1][5:]]
    return {r[0]: {"name": r[1], "group": r[2], "role": r[3], "birthday": r[4], "shifts": dict(zip(days, r[5:]))}
            for r in rows[2:]}


@pytest.fixture(scope="module")
def projects(center) -> dict[tuple[dt.date, str], dict]:
    rows = _sheet(center / "projects.xlsx")
    return {(r[0], r[1]): dict(zip(rows[0], r)) for r in rows[1:]}


@pytest.fixture(scope="module")
def today_rows(center) -> list[dict]:
    return _report(center, TODAY)


@pytest.fixture(scope="module")
def cast() -> dict[str, str]:
    return demo.story(TODAY)


def test_files_exist(center):
    assert (center / "schedule.xlsx").is_file() and (center / "projects.xlsx").is_file()
    names = sorted(p.name for p in (center / "reports").iterdir())
    assert names == [f"2026-11-{d:02d}.xlsx" for d in range(1, 26)]
    assert not (center / "records").exists()


def test_schedule_is_the_month_grid(center):
    rows = _sheet(center / "schedule.xlsx")
    assert rows[0][0] == "2026年11月排班表" and all(c == "" for c in rows[0][1:])
    assert rows[1][:5] == ["工号", "姓名", "组别", "岗位", "生日"]
    assert [int(d) for d in rows[1][5:]] == list(range(1, 31))
    codes = {c for r in rows[2:] for c in r[5:]}
    assert codes <= {"全天", "休", "上午", "下午", "值"} and {"上午", "下午"} <= codes


def test_people(roster):
    agents = {i: p for i, p in roster.items() if p["role"] == "坐席"}
    groups = {p["group"] for p in agents.values()}
    assert len(groups) >= 6 and len(agents) >= 60
    assert all(re.fullmatch(r"\d{4}", i) for i in roster)
    names = [p["name"] for p in roster.values()]
    assert len(set(names)) == len(names) and all(CHINESE_NAME.match(n) for n in names)
    assert "0801" in roster   # an id with a leading zero survives as text
    for g in groups:
        size = sum(1 for p in agents.values() if p["group"] == g)
        assert 10 <= size <= 12
        assert sum(1 for p in roster.values() if p["group"] == g and p["role"] == "组长") == 1
    for role in ("资深组长", "中心主任", "部门经理"):
        assert [p["group"] for p in roster.values() if p["role"] == role] == ["中心"]


def test_agents_rest_about_two_days_a_week(roster):
    for p in roster.values():
        if p["role"] == "坐席":
            assert 7 <= list(p["shifts"].values()).count("休") <= 10


def test_one_duty_lead_a_day_rotating(roster):
    duty = {}
    for day in range(1, 31):
        holders = [i for i, p in roster.items() if p["shifts"][day] == "值"]
        assert len(holders) == 1, day
        assert roster[holders[0]]["role"] == "组长"
        duty[day] = holders[0]
    assert len(set(duty.values())) == 6


def test_director_and_senior_lead_rest_together_once(roster):
    director = next(p for p in roster.values() if p["role"] == "中心主任")["shifts"]
    senior = next(p for p in roster.values() if p["role"] == "资深组长")["shifts"]
    both = [d for d in director if director[d] == "休" and senior[d] == "休"]
    acting = [d for d in director if director[d] == "休" and senior[d] != "休"]
    assert len(both) == 1 and len(acting) >= 3


def test_projects(center, projects):
    wb = CalamineWorkbook.from_path(str(center / "projects.xlsx"))
    assert wb.sheet_names == ["每日项目安排"]
    assert _sheet(center / "projects.xlsx")[0] == ["日期", "组别", "项目", "脚本版本", "目标办理率", "目标办理量"]
    assert len(projects) == 6 * 25 and all(isinstance(d, dt.date) for d, _ in projects)
    rates = [r["目标办理率"] for r in projects.values()]
    assert any(isinstance(r, str) and r.endswith("%") for r in rates)
    assert any(isinstance(r, float) and 0 < r < 1 for r in rates)
    yesterday = TODAY - dt.timedelta(days=1)
    changed = [g for (d, g), r in projects.items()
               if d == TODAY and r["脚本版本"] != projects[(yesterday, g)]["脚本版本"]]
    assert len(changed) == 1 and re.fullmatch(r"V\d+\.\d+", projects[(TODAY, changed[0])]["脚本版本"])


def test_report_layout(center):
    rows = _sheet(center / "reports" / "2026-11-24.xlsx")
    assert rows[0][0] == "坐席代表日报告 2026-11-24"
    assert all(c == "" for c in rows[1])
    assert rows[2] == ["日期", "时段", "工号", "姓名", "组别", "项目",
                       "数据量", "接通量", "办理量", "销售额", "通话时长"]
    wb = CalamineWorkbook.from_path(str(center / "reports" / "2026-11-24.xlsx"))
    assert wb.sheet_names == ["坐席代表日报告"]
    slots = {r[1] for r in rows[3:]}
    assert len(slots) == 8 and "12:00-13:00" not in slots and "17:00-18:00" in slots


def test_today_has_only_ended_slots(today_rows):
    assert {r["时段"] for r in today_rows} == {"09:00-10:00", "10:00-11:00"}
    assert all(r["日期"] == TODAY for r in today_rows)


def test_figures_are_plausible(center):
    for f in sorted((center / "reports").iterdir()):
        for r in _report(center, dt.date.fromisoformat(f.stem)):
            assert 0 <= r["办理量"] <= r["接通量"] <= r["数据量"], (f.name, r)
            assert 25 <= r["数据量"] <= 60
            assert r["销售额"] == r["办理量"] * demo.PROJECTS[r["项目"]][0]
            assert re.fullmatch(r"\d:\d{2}:\d{2}", r["通话时长"])


def test_only_scheduled_agents_work(roster, today_rows, cast):
    worked = {r["工号"] for r in today_rows}
    for i, p in roster.items():
        if p["role"] != "坐席" and i in worked:
            pytest.fail(f"{i} is not an agent")
        if p["shifts"][TODAY.day] == "休" and i != cast["substitute"]:
            assert i not in worked
    assert not [r for r in today_rows if r["组别"] and r["工号"] != cast["substitute"]]


def test_substitute(roster, projects, today_rows, cast):
    sub = cast["substitute"]
    assert roster[sub]["group"] == "101" and roster[sub]["shifts"][TODAY.day] == "休"
    rows = [r for r in today_rows if r["工号"] == sub]
    assert len(rows) == 2
    assert all(r["组别"] == "102" and r["项目"] == projects[(TODAY, "102")]["项目"] for r in rows)


def test_wrong_task(roster, projects, today_rows, cast):
    agent = cast["wrong_task"]
    group = roster[agent]["group"]
    assert projects[(TODAY, group)]["项目"] == "新华手机报"
    by_slot = {r["时段"]: r["项目"] for r in today_rows if r["工号"] == agent}
    assert by_slot == {"09:00-10:00": "新华手机报", "10:00-11:00": "手机阅读"}


def test_weak_agent(center, roster, today_rows, cast):
    weak = cast["weak"]
    group = roster[weak]["group"]
    assert roster[weak]["shifts"][TODAY.day] == "全天" and weak in {r["工号"] for r in today_rows}
    # One agent is weak most of the month; another of the group stands in on their days off.
    days = [TODAY.replace(day=d) for d in range(1, 25)]
    by_day = [demo.story(d)["weak"] for d in days]
    assert max(by_day.count(i) for i in set(by_day)) >= len(days) // 2
    # Today's two slots are too few to judge a rate: judge on the days this agent was weak.
    sums = {"weak": [0, 0], "group": [0, 0]}
    weak_days = [d for d, i in zip(days, by_day) if i == weak]
    for day in weak_days:
        for r in _report(center, day):
            if r["工号"] == weak:
                key = "weak"
            elif roster[r["工号"]]["group"] == group and not r["组别"]:
                key = "group"
            else:
                continue
            sums[key][0] += r["办理量"]
            sums[key][1] += r["数据量"]
    weak_rate, group_rate = (h / v for h, v in sums.values())
    assert weak_rate < 0.035 and 0.06 < group_rate < 0.1


def test_absent(roster, today_rows, cast):
    absent = cast["absent"]
    assert roster[absent]["role"] == "坐席" and roster[absent]["shifts"][TODAY.day] == "全天"
    assert absent not in {r["工号"] for r in today_rows}


def test_story_agents_are_distinct(cast):
    assert len(set(cast.values())) == len(cast)


def test_no_report_before_the_first_slot_ends(tmp_path):
    demo.write_demo(tmp_path, TODAY, 9 * 60 + 50)
    assert not (tmp_path / "reports" / "2026-11-25.xlsx").exists()
    assert (tmp_path / "reports" / "2026-11-24.xlsx").exists()


def test_ensure_demo_rewrites_only_when_the_hour_changes(tmp_path):
    demo.ensure_demo(tmp_path, TODAY, NOW)
    schedule, report = tmp_path / "schedule.xlsx", tmp_path / "reports" / "2026-11-25.xlsx"
    before = schedule.stat().st_mtime_ns, report.stat().st_mtime_ns
    demo.ensure_demo(tmp_path, TODAY, NOW + 30)          # same hour
    assert (schedule.stat().st_mtime_ns, report.stat().st_mtime_ns) == before
    demo.ensure_demo(tmp_path, TODAY, 12 * 60 + 1)       # next hour: today's report grows
    assert {r["时段"] for r in _report(tmp_path, TODAY)} == {"09:00-10:00", "10:00-11:00", "11:00-12:00"}
    assert schedule.stat().st_mtime_ns == before[0]      # the rest of the month is left alone
    assert json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))["hour"] == 12


def test_ensure_demo_on_a_new_month_clears_old_reports(tmp_path):
    demo.ensure_demo(tmp_path, TODAY, NOW)
    demo.ensure_demo(tmp_path, dt.date(2026, 12, 2), 10 * 60)
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert names == ["2026-12-01.xlsx", "2026-12-02.xlsx"]
    assert _sheet(tmp_path / "schedule.xlsx")[0][0] == "2026年12月排班表"


def test_past_days_do_not_move_when_today_advances(tmp_path, center):
    demo.write_demo(tmp_path, TODAY + dt.timedelta(days=1), NOW)
    assert _sheet(tmp_path / "schedule.xlsx") == _sheet(center / "schedule.xlsx")
    for day in range(1, 25):
        name = f"reports/{TODAY.replace(day=day).isoformat()}.xlsx"
        assert _sheet(tmp_path / name) == _sheet(center / name), name


def test_deterministic(tmp_path, center):
    demo.write_demo(tmp_path, TODAY, NOW)
    files = ["schedule.xlsx", "projects.xlsx", *(f"reports/{p.name}" for p in (center / "reports").iterdir())]
    for name in files:
        assert _sheet(tmp_path / name) == _sheet(center / name), name
