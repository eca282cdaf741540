"""The demo center's write-back records: what its leads would have entered by now.

Without them a newcomer's duty desk, QA coverage, monthly review and weekly pack are empty. For
every past day of the month: each group's attendance report (absent agents as 病假/事假, the
substitute's swap line), one scored recording per agent who worked, the duty log of the morning
and the day; for the month, ratings of the senior lead with the employees' side still missing.
Today only the groups that report early have sent attendance (so the desk shows who has not),
and QA and the duty log are left for the user to do. Written once per day through the store,
by 演示数据, deterministic for the seed.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pandas as pd

from lib.day.attendance import PERSONAL, SICK
from lib.day.attendance_report import Absence, Swap, attendance_rows, expected_agents, resolve_swaps
from lib.config import Settings
from lib.demo.center import story
from lib.day.duty import duty_lead, duty_log_rows
from lib.floor.cache import Floor
from lib.quality.qa import qa_row, scorecard
from lib.store import open_store

MARKER = "records.json"
BY = "演示数据"
EARLY_GROUPS = 4          # groups whose attendance is in by 8:50 today
NOTES = ["开场自然，需求挖掘到位", "业务讲解清楚，异议处理可再主动些", "语速偏快，注意确认客户意向",
         "服务态度好，结束语规范", "产品卖点讲得不全，建议复听优秀录音"]


def _seeded(out: Path) -> set[str]:
    try:
        return set(json.loads((out / MARKER).read_text(encoding="utf-8")).get("days", []))
    except (OSError, ValueError):
        return set()


def _attendance(floor: Floor, day: dt.date, settings: Settings, rnd: random.Random) -> list[dict]:
    rows, tale = [], story(day)
    worked = set(floor.reports[floor.reports["date"] == pd.Timestamp(day)]["agent_id"])
    groups = sorted(set(floor.schedule[floor.schedule["role"] == "agent"]["group"]))
    for g in groups:
        expected = expected_agents(floor.schedule, g, day)
        if expected.empty:
            continue
        absent = [Absence(a, rnd.choice([SICK, PERSONAL]), 8.0, rnd.choice(["发烧请假", "家中有事"]))
                  for a in expected["agent_id"] if a not in worked]
        swaps = [Swap(tale["substitute"])] if g == "102" and tale.get("substitute") in worked else []
        lines, problems = resolve_swaps(swaps, floor.schedule, floor.projects, g, day)
        project = floor.projects[(floor.projects["date"] == pd.Timestamp(day)) & (floor.projects["group"] == g)]
        rows += attendance_rows(day, g, project["project"].iloc[0] if len(project) else "", expected, absent,
                                [] if problems else lines, settings)
    return rows


def _qa(floor: Floor, day: dt.date, settings: Settings, rnd: random.Random) -> list[dict]:
    card = scorecard(settings)
    r = floor.reports[floor.reports["date"] == pd.Timestamp(day)]
    first = r.sort_values("hour").drop_duplicates("agent_id")
    rows = []
    for a in first.itertuples():
        scores = {n: round(top * rnd.uniform(0.7, 1.0)) for n, top in card.items}
        rows.append(qa_row(card, day, a.agent_id, a.name, a.group, a.project, f"R{day:%m%d}{a.agent_id}",
                           scores, [], rnd.choice(NOTES)))
    return rows


def _ratings(floor: Floor, month: str, settings: Settings, rnd: random.Random) -> list[dict]:
    senior = floor.schedule[floor.schedule["role"] == "senior_lead"]["agent_id"]
    criteria = settings.senior_lead.criteria
    if senior.empty or not criteria:
        return []
    return [{"月份": month, "被评人": senior.iloc[0], "评分人角色": role,
             **{k: round(float(v) * rnd.uniform(0.75, 0.95), 1) for k, v in criteria.items()}}
            for role in ("部门经理", "中心主任")]


def seed_demo_records(out: Path, floor: Floor, settings: Settings, today: dt.date, now_minute: int) -> None:
    """Write the records of the days not seeded yet (a marker in the demo folder says which)."""
    done = _seeded(out)
    store = open_store(settings, out)
    rnd = random.Random(f"{today:%Y%m}")
    for d in range(1, today.day):
        day = today.replace(day=d)
        if day.isoformat() in done or floor.reports[floor.reports["date"] == pd.Timestamp(day)].empty:
            continue
        rnd.seed(day.toordinal())
        _import(store, "attendance", _attendance(floor, day, settings, rnd), day)
        _import(store, "qa", _qa(floor, day, settings, rnd), day)
        duty = duty_lead(floor.schedule, day)
        _import(store, "duty_log", duty_log_rows(floor.reports, day, "morning", duty, settings)
                + duty_log_rows(floor.reports, day, "day", duty, settings), day)
        done.add(day.isoformat())
    if f"month-{today:%Y-%m}" not in done:
        _import(store, "ratings", _ratings(floor, f"{today:%Y-%m}", settings, rnd), today)
        done.add(f"month-{today:%Y-%m}")
    if now_minute >= 8 * 60 + 50 and today.isoformat() not in done:
        rnd.seed(today.toordinal())
        rows = _attendance(floor, today, settings, rnd)
        early = sorted({r["组别"] for r in rows})[:EARLY_GROUPS]
        _import(store, "attendance", [r for r in rows if r["组别"] in early], today)
        done.add(today.isoformat())
    (out / MARKER).write_text(json.dumps({"days": sorted(done)}), encoding="utf-8")


def _import(store, table: str, rows: list[dict], day: dt.date) -> None:
    if rows:
        store.import_rows(table, rows, BY, id_seed=f"demo:{table}:{day.isoformat()}")
