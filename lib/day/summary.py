"""What the home page and the data-health page say about a floor at a moment.

day_summary is the home page's, for one viewer: the center's figures and the group standings (groups,
no agent) for everyone signed in; the flags only of the agents lib.people.auth.visible_agents lets the
viewer see (the whole floor for whoever sees every group, a lead's group, an agent's own); the
viewer's own line of the day's ranking when they have figures today.

data_problems is the data check's list (the data-health page and `python -m lib.cli check`): the
floor's problems with its files, then a warning for each stored 考勤 record whose typed 扣分 differs
from the attendance rule (lib/day/attendance.py), naming the record.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lib.config import Settings
from lib.day.attendance import deduction_mismatches
from lib.day.flags import flags_at
from lib.floor.cache import Floor
from lib.floor.load.problems import problems_frame
from lib.floor.metrics import center_totals, day_stamp, group_standings, ranking_at
from lib.people.auth import Person, visible_agents
from lib.store import Store, StoreError


@dataclass(frozen=True)
class DaySummary:
    """Today's floor in a few figures."""

    scheduled: int
    resting: int
    duty_leads: list[tuple[str, str]]   # (name, group): the page words them in its language
    totals: dict[str, float]
    standings: pd.DataFrame     # by group: group, agents, volume, handled, rate (no agent in it)
    flags: pd.DataFrame         # the flags of the agents the viewer may see
    errors: int
    warnings: int
    own: dict | None = None     # the viewer's line of the ranking (rank of ranked, volume, handled, rate)


def own_line(ranking: pd.DataFrame, agent_id: str) -> dict | None:
    """One person's line of a ranking (ranking_at) with `ranked`, how many are ranked; None without one."""
    mine = ranking[ranking["agent_id"] == str(agent_id)] if agent_id else ranking.iloc[:0]
    if mine.empty:
        return None
    line = mine.iloc[0].to_dict()
    return line | {"rank": None if pd.isna(line["rank"]) else int(line["rank"]),
                   "ranked": int(ranking["rank"].notna().sum())}


def day_summary(floor: Floor, day: dt.date, at_minute: int, settings: Settings, viewer: Person) -> DaySummary:
    """The figures of the home page for a day at a time, as `viewer` may see them: every flag for
    whoever sees every group, a lead's group's, an agent's own (visible_agents)."""
    sched = floor.schedule[floor.schedule["date"] == day_stamp(day)]
    agents = sched[sched["role"] == "agent"]
    duty = sched[sched["duty"] & sched["working"]]
    p = floor.problems
    flags = flags_at(floor.reports, floor.schedule, floor.projects, day, at_minute, settings)
    return DaySummary(
        scheduled=int(agents["working"].sum()),
        resting=int((~agents["working"]).sum()),
        duty_leads=[(r.name, r.group) for r in duty.itertuples()],
        totals=center_totals(floor.reports, day, at_minute),
        standings=group_standings(floor.reports, day, at_minute),
        flags=visible_agents(viewer, flags),
        errors=int((p["severity"] == "error").sum()),
        warnings=int((p["severity"] == "warning").sum()),
        own=own_line(ranking_at(floor.reports, day, at_minute, settings.min_volume,
                                per_hour=settings.ranking.min_volume_per_hour), viewer.agent_id),
    )


def files_overview(floor: Floor) -> pd.DataFrame:
    """Every sheet read, with its table, rows and dates, and how many problems it has."""
    files = floor.files.copy()
    counts = floor.problems.groupby(["file", "sheet"]).size().rename("problems")
    files = files.join(counts, on=["file", "sheet"])
    files["problems"] = files["problems"].fillna(0).astype(int)
    return files


def _months(day: dt.date) -> list[str]:
    """The month of the day and the one before (the review's month and last month): YYYY-MM."""
    this = pd.Period(pd.Timestamp(day), freq="M")
    return [str(this - 1), str(this)]


def attendance_problems(records: Callable[[], Store], months: list[str], settings: Settings) -> list[dict]:
    """Problem rows (the floor's columns, severity warning) for the months' 考勤 records whose typed
    扣分 differs from the rule, one per record, naming its 记录编号, day, group, 工号 and category.

    records opens the write-back store; a store that cannot be opened or read gives one warning
    saying so (the check still lists everything else)."""
    where, out, store = "records/attendance", [], None
    for month in months:
        try:
            store = records() if store is None else store
            where = "records/attendance" if getattr(store, "kind", "") == "local" else "Google Sheets"
            rows = store.read_month("attendance", month)
        except StoreError as e:
            return out + [{"file": where, "sheet": "考勤", "row": None, "column": "", "severity": "warning",
                           "message": f"考勤记录无法读取，扣分未核对：{e}",
                           "message_en": f"the attendance records could not be read, 扣分 not checked: {e}"}]
        for m in deduction_mismatches(rows, settings).itertuples(index=False):
            who = f"{m.agent_id}{m.name}"
            rule_zh = f"规则为 {m.rule:g}（config.toml [attendance] {m.config_key}）" if m.config_key \
                else f"规则为 0（{m.category}不扣分）"
            rule_en = f"the rule gives {m.rule:g} ([attendance] {m.config_key} in config.toml)" if m.config_key \
                else f"the rule gives 0 ({m.category} costs nothing)"
            out.append({"file": where, "sheet": "考勤", "row": None, "column": "扣分", "severity": "warning",
                        "message": f"考勤记录 {m.record_id}（{m.day}，{m.group}组 {who}，{m.category}）扣分填的是 "
                                   f"{m.typed:g}，{rule_zh}：看板按规则计，请更正这条记录或配置",
                        "message_en": f"attendance record {m.record_id} ({m.day}, group {m.group}, {who}, "
                                      f"{m.category}): 扣分 typed {m.typed:g}, {rule_en}; the rule is what "
                                      f"counts: correct the record or the config"})
    return out


def data_problems(floor: Floor, records: Callable[[], Store], day: dt.date, settings: Settings) -> pd.DataFrame:
    """The data check's list: the floor's problems, then attendance_problems for the day's month and
    the one before (records opens the store: `lambda: ctx.store`). Same columns as floor.problems."""
    extra = attendance_problems(records, _months(day), settings)
    if not extra:
        return floor.problems
    return pd.concat([floor.problems, problems_frame(extra)], ignore_index=True)
