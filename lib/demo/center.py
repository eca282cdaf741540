"""The demo center: one month of a believable floor, written as the spreadsheets of DATA.md.

The app shows it when no data folder is configured, and rehearsals and tests run on it. The roster
depends only on (seed, month) and each hourly figure only on (seed, day, agent, slot), so a day's
numbers do not move when the demo is rewritten an hour or a day later. Every day carries the
floor's usual trouble: a substitute from another group, a wrong task, a weak agent, an absence.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import os
import random
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

MARKER = "demo.json"
VERSION = 2  # bump when the generator changes, so ensure_demo rewrites old folders

GROUPS = ["101", "102", "103", "104", "105", "106"]
CENTER = "中心"
AGENT, LEAD = "坐席", "组长"
# project -> (yuan per handled order, the floor's usual handle rate)
PROJECTS = {"新华手机报": (10, 0.085), "手机阅读": (15, 0.08), "流量包升级": (30, 0.07),
            "宽带续约": (30, 0.065), "彩铃业务": (10, 0.09)}
GROUP_PROJECT = {"101": "流量包升级", "102": "新华手机报", "103": "新华手机报",
                 "104": "手机阅读", "105": "宽带续约", "106": "彩铃业务"}
# A real floor switches campaigns mid-month; the monthly review should see one such change.
PROJECT_CHANGE = ("106", 16, "流量包升级")
SCRIPT_BASE = {"101": (2, 1), "102": (3, 2), "103": (3, 2), "104": (1, 4), "105": (2, 0), "106": (4, 1)}

SLOTS = [(9, 10), (10, 11), (11, 12), (13, 14), (14, 15), (15, 16), (16, 17), (17, 18)]
SHIFT_SLOTS = {"全天": SLOTS, "值": SLOTS, "上午": SLOTS[:3], "下午": SLOTS[3:], "休": []}
HALF_DAY_SHARE = 0.04

# The story: who plays which part is drawn per day among those the roster allows.
SUB_FROM, SUB_TO = "101", "102"          # a resting 101 agent works for 102
WRONG_GROUP, WRONG_PROJECT = "103", "手机阅读"  # 103 calls 新华手机报; one agent dials 手机阅读
WEAK_GROUP, WEAK_SKILL = "104", 0.25     # ~2% where the group makes ~8%
ABSENT_GROUP = "105"                     # scheduled 全天, no rows at all

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
            "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚英华慧巧美倩婷雪琳晶燕玲萍红鹏辉宇浩凯欣怡佳雨晨阳嘉琪颖"

SCHEDULE_HEADER = ["工号", "姓名", "组别", "岗位", "生日"]
PROJECTS_HEADER = ["日期", "组别", "项目", "脚本版本", "目标办理率", "目标办理量"]
REPORT_HEADER = ["日期", "时段", "工号", "姓名", "组别", "项目", "数据量", "接通量", "办理量", "销售额", "通话时长"]
REPORT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}\.xlsx$")


@dataclass
class Person:
    agent_id: str
    name: str
    group: str
    role: str
    shifts: dict[int, str] = field(default_factory=dict)  # day of month -> shift code
    volume: float = 40.0   # usual dials per hour
    skill: float = 1.0     # multiplier on the project's usual handle rate
    talk: float = 70.0     # seconds per connected call
    birthday: object = ""  # the 生日 cell as a floor writes it: "3月15日", "03-15" or a date with its year


# ---------------------------------------------------------------- roster

def _names(rng: random.Random, n: int) -> Iterator[str]:
    seen: set[str] = set()
    while len(seen) < n:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        name = rng.choice(SURNAMES) + given
        if name not in seen:
            seen.add(name)
            yield name


def _rota(weekdays: dict[int, int], offset: int, rng: random.Random | None = None) -> dict[int, str]:
    """Two consecutive rest days a week (做五休二), starting on weekday `offset`."""
    shifts = {}
    for day, weekday in weekdays.items():
        if (weekday - offset) % 7 in (0, 1):
            shifts[day] = "休"
        elif rng is not None and rng.random() < HALF_DAY_SHARE:
            shifts[day] = rng.choice(("上午", "下午"))
        else:
            shifts[day] = "全天"
    return shifts


def _assign_duty(leads: list[Person], days: list[int]) -> None:
    """One duty lead a day, rotating; a resting lead passes the turn to the next."""
    for day in days:
        for k in range(len(leads)):
            lead = leads[(day - 1 + k) % len(leads)]
            if lead.shifts[day] == "全天":
                lead.shifts[day] = "值"
                break


def build_roster(year: int, month: int, seed: int = 7) -> list[Person]:
    """Everyone on the month grid: management first, then each group's lead and agents."""
    rng = random.Random(f"{seed}|{year}-{month:02d}|roster")
    weekdays = {d: dt.date(year, month, d).weekday() for d in range(1, calendar.monthrange(year, month)[1] + 1)}
    sizes = [rng.randint(10, 12) for _ in GROUPS]
    names = _names(rng, sum(sizes) + len(GROUPS) + 3)

    # Ids with a leading zero make sure a loader that turns ids into numbers is caught.
    manager = Person("0801", next(names), CENTER, "部门经理", _rota(weekdays, 5))
    director = Person("0802", next(names), CENTER, "中心主任", _rota(weekdays, 5))   # Sat/Sun off
    senior = Person("0803", next(names), CENTER, "资深组长", _rota(weekdays, 1))     # Tue/Wed off
    # The rule "never rest on the same day" is broken once, so the schedule check has one to show;
    # the director's other rest days are the senior lead's acting days.
    clash = next(d for d in weekdays if d >= 8 and director.shifts[d] == "休")
    senior.shifts[clash] = "休"
    people = [manager, director, senior]

    lead_offsets = rng.sample(range(7), len(GROUPS))
    leads = []
    for gi, (group, size) in enumerate(zip(GROUPS, sizes), start=1):
        lead = Person(f"1{gi}00", next(names), group, LEAD, _rota(weekdays, lead_offsets[gi - 1]))
        leads.append(lead)
        # Every weekday offset used at least once, so each day some of the group rests and most work.
        offsets = list(range(7)) + [rng.randrange(7) for _ in range(size - 7)]
        rng.shuffle(offsets)
        agents = [Person(f"1{gi}{j:02d}", next(names), group, AGENT, _rota(weekdays, offsets[j - 1], rng),
                         volume=rng.uniform(35, 50), skill=min(1.3, max(0.7, rng.gauss(1, 0.15))),
                         talk=rng.uniform(55, 95))
                  for j in range(1, size + 1)]
        people += [lead, *agents]
    _assign_duty(leads, sorted(weekdays))
    _birthdays(people, year, month, seed)
    return people


def _birthdays(people: list[Person], year: int, month: int, seed: int) -> None:
    """A 生日 for every agent and lead, a third of them in the roster's own month (so most days have
    one), written in the floor's three usual ways; drawn apart from the roster so nothing else moves."""
    rng = random.Random(f"{seed}|{year}-{month:02d}|birthdays")
    last = calendar.monthrange(year, month)[1]
    for i, p in enumerate(x for x in people if x.group != CENTER):
        m = month if rng.random() < 1 / 3 else rng.choice([k for k in range(1, 13) if k != month])
        d = rng.randint(1, last if m == month else 28)
        p.birthday = (dt.date(rng.randint(1990, 2004), m, d) if i % 3 == 0 else
                      f"{m}月{d}日" if i % 3 == 1 else f"{m:02d}-{d:02d}")


def _agents(roster: list[Person], group: str | None = None) -> list[Person]:
    return [p for p in roster if p.role == AGENT and (group is None or p.group == group)]


def _day_story(roster: list[Person], day: dt.date, seed: int) -> dict[str, str]:
    rng = random.Random(f"{seed}|{day.isoformat()}|story")

    def pick(group: str, code: str) -> str:
        ids = [p.agent_id for p in _agents(roster, group) if p.shifts[day.day] == code]
        return rng.choice(ids) if ids else ""

    # The same agent is weak all month; on the days they are off or on a half day the next in a
    # fixed order stands in, so every day has one and no past day changes when today moves on.
    order = _agents(roster, WEAK_GROUP)
    random.Random(f"{seed}|{day:%Y-%m}|weak").shuffle(order)
    weak = next((p.agent_id for p in order if p.shifts[day.day] == "全天"), "")
    return {"substitute": pick(SUB_FROM, "休"), "wrong_task": pick(WRONG_GROUP, "全天"),
            "absent": pick(ABSENT_GROUP, "全天"), "weak": weak,
            "duty": next((p.agent_id for p in roster if p.shifts[day.day] == "值"), "")}


def story(today: dt.date, seed: int = 7) -> dict[str, str]:
    """Today's cast by agent id: substitute, wrong_task, weak, absent, duty (for tests and docs)."""
    return _day_story(build_roster(today.year, today.month, seed), today, seed)


# ---------------------------------------------------------------- projects and figures

def _project(group: str, day: int) -> str:
    g, change_day, project = PROJECT_CHANGE
    return project if group == g and day >= change_day else GROUP_PROJECT[group]


def _script(group: str, day: int) -> str:
    """Every day one group gets a new script version, so today always differs from yesterday."""
    major, minor = SCRIPT_BASE[group]
    bumps = sum(1 for d in range(2, day + 1) if GROUPS[d % len(GROUPS)] == group)
    return f"V{major}.{minor + bumps}"


def _hms(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _slot_row(p: Person, day: dt.date, slot: tuple[int, int], row_group: str, project: str,
              skill: float, seed: int) -> list:
    rng = random.Random(f"{seed}|{day.isoformat()}|{p.agent_id}|{slot[0]}")
    price, rate = PROJECTS[project]
    volume = max(25, min(60, round(rng.gauss(p.volume, 6))))
    connected = round(volume * rng.uniform(0.40, 0.60))
    mean = volume * rate * skill
    handled = max(0, min(connected, round(rng.gauss(mean, math.sqrt(mean)))))
    talk = min(3500, round(connected * p.talk * rng.uniform(0.85, 1.15)))
    return [day, f"{slot[0]:02d}:00-{slot[1]:02d}:00", p.agent_id, p.name, row_group, project,
            volume, connected, handled, handled * price, _hms(talk)]


def _report_rows(roster: list[Person], day: dt.date, last_end: int, seed: int) -> list[list]:
    """The dialer's rows for a day, for the slots ending at or before `last_end` (minutes)."""
    cast = _day_story(roster, day, seed)
    day_factor = random.Random(f"{seed}|{day.isoformat()}|day").uniform(0.9, 1.1)
    rows = []
    for p in _agents(roster):
        if p.agent_id == cast["absent"]:
            continue
        code, group, row_group = p.shifts[day.day], p.group, ""
        if p.agent_id == cast["substitute"]:
            code, group, row_group = "全天", SUB_TO, SUB_TO   # the only rows that name a group
        for slot in SHIFT_SLOTS[code]:
            if slot[1] * 60 > last_end:
                continue
            project = _project(group, day.day)
            if p.agent_id == cast["wrong_task"] and slot[0] >= 10:
                project = WRONG_PROJECT
            skill = (WEAK_SKILL if p.agent_id == cast["weak"] else p.skill) * day_factor
            rows.append(_slot_row(p, day, slot, row_group, project, skill, seed))
    rows.sort(key=lambda r: (r[1], r[2]))
    return rows


# ---------------------------------------------------------------- workbooks

def _save(wb: Workbook, path: Path) -> None:
    """Write beside, then rename: a reader (another session, the loader) never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    wb.save(tmp)
    os.replace(tmp, path)


def _title(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")


def _write_schedule(path: Path, roster: list[Person], year: int, month: int) -> None:
    days = list(range(1, calendar.monthrange(year, month)[1] + 1))
    wb = Workbook()
    ws = wb.active
    ws.title = "排班表"   # the month is in the title row only, as most centers keep it
    _title(ws, f"{year}年{month}月排班表", len(SCHEDULE_HEADER) + len(days))
    ws.append(SCHEDULE_HEADER + days)
    for p in roster:
        ws.append([p.agent_id, p.name, p.group, p.role, p.birthday, *(p.shifts[d] for d in days)])
        if isinstance(p.birthday, dt.date):
            ws.cell(ws.max_row, 5).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "F3"
    _save(wb, path)


def _write_projects(path: Path, roster: list[Person], today: dt.date) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "每日项目安排"
    ws.append(PROJECTS_HEADER)
    for d in range(1, today.day + 1):
        day = today.replace(day=d)
        for gi, group in enumerate(GROUPS):
            project = _project(group, d)
            rate = PROJECTS[project][1]
            heads = sum(1 for p in _agents(roster, group) if p.shifts[d] != "休")
            # Leads type the target rate either way; the loader must read both as the same rate.
            shown = f"{rate * 100:.1f}%" if (d + gi) % 2 else rate
            ws.append([day, group, project, _script(group, d), shown, round(heads * 8 * 40 * rate)])
            ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
    _save(wb, path)


def _write_report(path: Path, day: dt.date, rows: list[list]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "坐席代表日报告"
    _title(ws, f"坐席代表日报告 {day.isoformat()}", len(REPORT_HEADER))
    ws.append([])
    ws.append(REPORT_HEADER)
    for row in rows:
        ws.append(row)
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
    _save(wb, path)


def _write_day_report(out: Path, roster: list[Person], day: dt.date, today: dt.date,
                      now_minute: int | None, seed: int) -> str | None:
    """Today holds only the slots that have ended; no file at all before the first one has."""
    last_end = now_minute if day == today and now_minute is not None else 24 * 60
    rows = _report_rows(roster, day, last_end, seed)
    path = out / "reports" / f"{day.isoformat()}.xlsx"
    if not rows:
        path.unlink(missing_ok=True)
        return None
    _write_report(path, day, rows)
    return path.name


def _marker(today: dt.date, now_minute: int | None, seed: int) -> dict:
    # Slots end on the hour, so the hour decides which of today's slots exist.
    return {"version": VERSION, "seed": seed, "date": today.isoformat(),
            "hour": None if now_minute is None else now_minute // 60}


def _write_marker(out: Path, marker: dict) -> None:
    tmp = out / f".{MARKER}.{os.getpid()}.{threading.get_ident()}.tmp"
    tmp.write_text(json.dumps(marker), encoding="utf-8")
    os.replace(tmp, out / MARKER)


def write_demo(out: Path, today: dt.date, now_minute: int | None = None, seed: int = 7) -> Path:
    """Write the demo center into `out`: schedule.xlsx, projects.xlsx, reports/<day>.xlsx.

    `now_minute` (minutes after midnight) limits today's report to the slots ended by then;
    None means today is over. records/ is never touched.
    """
    out = Path(out)
    was_demo = (out / MARKER).exists()
    (out / "reports").mkdir(parents=True, exist_ok=True)
    roster = build_roster(today.year, today.month, seed)
    _write_schedule(out / "schedule.xlsx", roster, today.year, today.month)
    _write_projects(out / "projects.xlsx", roster, today)
    written = {_write_day_report(out, roster, today.replace(day=d), today, now_minute, seed)
               for d in range(1, today.day + 1)}
    if was_demo:   # another month's days; only in a folder this module made, never a user's
        for f in (out / "reports").iterdir():
            if REPORT_NAME.match(f.name) and f.name not in written:
                f.unlink()
    _write_marker(out, _marker(today, now_minute, seed))
    return out


def ensure_demo(out: Path, today: dt.date, now_minute: int | None = None, seed: int = 7) -> Path:
    """The demo in `out`, rewritten only when its day or hour is not the one asked for.

    Within a day only today's report is rewritten, so a cache keyed on file mtimes reloads one file.
    """
    out = Path(out)
    want = _marker(today, now_minute, seed)
    try:
        have = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        have = None
    complete = (out / "schedule.xlsx").exists() and (out / "projects.xlsx").exists()
    if have == want and complete:
        return out
    if complete and isinstance(have, dict) and \
            all(have.get(k) == want[k] for k in ("version", "seed", "date")):
        _write_day_report(out, build_roster(today.year, today.month, seed), today, today, now_minute, seed)
        _write_marker(out, want)
        return out
    return write_demo(out, today, now_minute, seed)
