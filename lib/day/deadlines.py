"""What is due today and when, and its state at a moment: the duty desk's and the workbench's exceptions.

Every deadline comes from config:

- attendance: each group with agents on the roster that day reports by `[duty] attendance_due`;
- QA coverage: every agent at work has `[qa] per_agent_per_day` scored recordings by `[duty] qa_due`;
- the duty log: each period's log is due when the period is over (`[day] morning_end`, `end`) and
  its averages exist, and late `[duty] duty_log_grace_minutes` after that;
- callbacks: each waiting callback by its own 回拨时间;
- pace: a group more than `[goals] alert_behind` below where its day target should stand.

A state is one of: "waiting" (due later: neutral), "late" (missed: red, with who and how many minutes
late), "done" (green), "none" (nothing due: shown as "—"). Pure: the caller hands in the day's
write-back rows (store.read_day) and the overdue callbacks (lib.quality.callbacks.due_callbacks), so
this module needs neither the store nor the quality package.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from lib.config import Settings
from lib.day.attendance_summary import attendance_summary
from lib.day.duty import duty_lead, duty_log_ready, lead_names, qa_collection, written_duty_log
from lib.day.goals import pace_at, whole
from lib.floor.metrics import clock_of, group_averages, id_sort_key
from lib.i18n import t

STATES = ("late", "waiting", "done", "none")
KINDS = ("attendance", "qa", "duty_log", "callback", "pace")


@dataclass(frozen=True)
class Due:
    """One thing due today and where it stands at the moment asked."""

    kind: str            # KINDS
    group: str           # "" for the center's (the duty log)
    who: str             # who is responsible: the group's lead, the duty lead, the agent
    state: str           # STATES
    due: str             # "08:50" (the time it is due; "" for pace, due all day)
    late: int = 0        # minutes past the deadline when late
    values: tuple = ()   # what the text says besides: (("scored", 3), ("agents", 8)) …

    @property
    def red(self) -> bool:
        return self.state == "late"

    def value(self, name: str, default=None):
        return dict(self.values).get(name, default)


def _late(at_minute: int, due_minute: int) -> int:
    return max(0, at_minute - due_minute)


def _missed(at_minute: int, due_minute: int) -> bool:
    """Due "by 08:50": at 08:50 it is still on time, a minute later it is late."""
    return at_minute > due_minute


def attendance_due(rows: pd.DataFrame, schedule: pd.DataFrame, day, at_minute: int, settings: Settings) -> list[Due]:
    """Each group expected at work that day: done once its 考勤 is filed, late after [duty] attendance_due."""
    a = attendance_summary(rows, schedule, day, "", settings)
    leads = lead_names(schedule, day)
    due, at = settings.duty.attendance_due, settings.duty.attendance_due_minute
    out = [Due("attendance", g.group, leads.get(g.group, ""), "done", due) for g in a.groups]
    for g in a.missing:
        late = _missed(at_minute, at)
        out.append(Due("attendance", g, leads.get(g, ""), "late" if late else "waiting", due,
                       _late(at_minute, at) if late else 0))
    return out


def qa_due(reports: pd.DataFrame, schedule: pd.DataFrame, qa_rows: pd.DataFrame, day, at_minute: int,
           settings: Settings) -> list[Due]:
    """Each group with agents at work: done when every one has a scored recording, late after [duty] qa_due."""
    table = qa_collection(reports, schedule, qa_rows, day, at_minute, settings.qa.per_agent_per_day)
    due, at = settings.duty.qa_due, settings.duty.qa_due_minute
    out = []
    for r in table.itertuples():
        values = (("scored", int(r.scored)), ("agents", int(r.agents)), ("missing", r.missing))
        if r.scored >= r.agents:
            out.append(Due("qa", r.group, r.lead, "done", due, 0, values))
        elif _missed(at_minute, at):
            out.append(Due("qa", r.group, r.lead, "late", due, _late(at_minute, at), values))
        else:
            out.append(Due("qa", r.group, r.lead, "waiting", due, 0, values))
    return out


def duty_log_due(reports: pd.DataFrame, schedule: pd.DataFrame, log_rows: pd.DataFrame, day, at_minute: int,
                 settings: Settings) -> list[Due]:
    """The morning's and the day's duty log: waiting until the period is over, nothing due without its
    averages, late [duty] duty_log_grace_minutes after the period ends unless written."""
    who = duty_lead(schedule, day)
    out = []
    for period, end in (("morning", settings.day.morning_end_minute), ("day", settings.day.end_minute)):
        due = clock_of(end)
        values = (("period", period),)
        if not duty_log_ready(settings, period, at_minute):
            out.append(Due("duty_log", "", who, "waiting", due, 0, values))
        elif group_averages(reports, day, period, settings.morning_end_minute).empty:
            out.append(Due("duty_log", "", who, "none", due, 0, values))
        elif len(written_duty_log(log_rows, period)):
            out.append(Due("duty_log", "", who, "done", due, 0, values))
        else:
            late = _missed(at_minute, end + settings.duty.duty_log_grace_minutes)
            out.append(Due("duty_log", "", who, "late" if late else "waiting", due,
                           _late(at_minute, end) if late else 0, values))
    return out


def callbacks_due(due_rows: pd.DataFrame, names: dict[str, str] | None = None) -> list[Due]:
    """The waiting callbacks (lib.quality.callbacks.due_callbacks rows): late once their time has passed.
    The customer's number is never part of an item."""
    names = names or {}
    out = []
    for r in due_rows.itertuples():
        late = int(r.minutes_left) < 0
        when = pd.to_datetime(str(r.回拨时间), errors="coerce")
        due = "" if pd.isna(when) else when.strftime("%H:%M")
        out.append(Due("callback", str(r.组别), f"{r.工号}{names.get(str(r.工号), '')}", "late" if late else "waiting",
                       due, -int(r.minutes_left) if late else 0, (("reason", str(r.原因)),)))
    return out


def pace_due(reports: pd.DataFrame, projects: pd.DataFrame, schedule: pd.DataFrame, day, at_minute: int,
             settings: Settings) -> list[Due]:
    """Each group with a day target: late when more than [goals] alert_behind below where it should
    stand, done at or above it, waiting when a little behind; nothing due before a slot has ended."""
    limit = settings.goals.alert_behind
    leads = lead_names(schedule, day)
    out = []
    for r in pace_at(reports, projects, day, at_minute, settings).itertuples():
        expected = r.expected
        if not (isinstance(expected, float) and math.isfinite(expected)) or r.slots_ended == 0:
            out.append(Due("pace", r.group, leads.get(r.group, ""), "none", ""))
            continue
        values = (("expected", whole(expected)), ("handled", whole(r.handled)), ("behind", whole(expected - r.handled)))
        if r.handled >= expected:
            state = "done"
        elif limit > 0 and r.handled < expected * (1 - limit):
            state = "late"
        else:
            state = "waiting"
        out.append(Due("pace", r.group, leads.get(r.group, ""), state, "", 0, values))
    return out


def day_dues(reports: pd.DataFrame, schedule: pd.DataFrame, projects: pd.DataFrame, attendance_rows: pd.DataFrame,
             qa_rows: pd.DataFrame, log_rows: pd.DataFrame, due_rows: pd.DataFrame, day, at_minute: int,
             settings: Settings, names: dict[str, str] | None = None) -> list[Due]:
    """Everything due today, red first, then by kind and group."""
    items = (attendance_due(attendance_rows, schedule, day, at_minute, settings)
             + qa_due(reports, schedule, qa_rows, day, at_minute, settings)
             + duty_log_due(reports, schedule, log_rows, day, at_minute, settings)
             + callbacks_due(due_rows, names)
             + pace_due(reports, projects, schedule, day, at_minute, settings))
    order = {s: i for i, s in enumerate(STATES)}
    kinds = {k: i for i, k in enumerate(KINDS)}
    groups = pd.Series(sorted({i.group for i in items}), dtype="str")
    rank = dict(zip(groups.sort_values(key=id_sort_key, kind="mergesort"), range(len(groups))))
    return sorted(items, key=lambda i: (order[i.state], kinds[i.kind], rank[i.group], i.who))


def red_count(items: list[Due], group: str | None = None) -> int:
    """How many items are late (red), of one group when given (the center's duty log counts for no group)."""
    return sum(1 for i in items if i.red and (group is None or i.group == group))


RESTING = "（休）"   # lib.day.duty.lead_names marks a group whose leads all rest


def describe(item: Due, lang: str = "zh") -> str:
    """One line for a person: what, whose, and how late or how far along."""
    values = dict(item.values)
    who = item.who or "—"
    if who.endswith(RESTING):   # the mark in the reader's language
        who = who[:-len(RESTING)] + t("dl.resting", lang)
    if item.kind == "duty_log":
        values["period"] = t(f"dl.period.{values['period']}", lang)
    late = t("dl.late_by", lang, minutes=_minutes(item.late, lang)) if item.red else ""
    return t(f"dl.{item.kind}.{item.state}", lang, group=item.group, who=who, due=item.due, late=late,
             **{k: v for k, v in values.items() if k not in ("group", "who", "due", "late")})


def _minutes(n: int, lang: str) -> str:
    h, m = divmod(int(n), 60)
    if h:
        return t("dl.hours_minutes", lang, h=h, m=m)
    return t("dl.minutes", lang, m=m)


def state_mark(state: str, lang: str = "zh") -> str:
    """The state as a short word for tables (the screens colour it; the word alone says it too)."""
    return t(f"dl.state.{state}", lang)
