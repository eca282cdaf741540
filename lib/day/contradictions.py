"""Attendance against the dialer: what the leads reported that the report rows (or the roster) contradict.

Four rules, each with the rows that prove it (the report file and row, or the attendance record's
group and category), for the lead, the duty lead and the data check:

- **leave_with_calls** (请假但有外呼): an agent reported on leave or absent who has dialer volume in
  more hours than the leave leaves them: a leave of the whole working day (`[day]`'s hourly slots,
  8 by default) or an absence (旷工) leaves none; a leave of h hours leaves the day's slots minus h.
- **two_groups** (同一时段两个组): an agent with volume in one slot under two groups' rows, or named
  as the substitute in swaps that send them to two different groups the same day.
- **swap_resting** (换班人员当天休息): a swap line naming someone the roster has resting that day.
- **present_count** (实到人数与外呼人数不符): after `[duty] present_check_after` (09:30), a group's
  reported 实到 differs from the agents with volume in that group's rows so far.

Pure: the day's 考勤 rows (store.read_day) and the floor's frames in, a list out.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from lib.config import Settings
from lib.day.attendance import ABSENCE
from lib.day.attendance_summary import attendance_summary
from lib.day.goals import work_slots
from lib.floor.metrics import day_stamp, id_key, rows_until
from lib.i18n import t
from lib.i18n.columns import value_label

KINDS = ("leave_with_calls", "two_groups", "swap_resting", "present_count")
_NAMED = re.compile(r"组([0-9A-Za-z]{3,})")   # the ids a swap line names: 101组1234张三替102组4321李四…
SHOWN_ROWS = 5   # rows named as proof per item (the count says how many more)


@dataclass(frozen=True)
class Contradiction:
    """One contradiction: its rule, whose, what it says, and where to see it."""

    kind: str
    group: str
    agent_id: str = ""
    name: str = ""
    values: dict = field(default_factory=dict)
    proof: tuple[str, ...] = ()    # "reports/2026-11-25.xlsx 第 12 行" … (file and row)
    more: int = 0                  # proof rows not named


def _proof(rows: pd.DataFrame) -> tuple[tuple[str, ...], int]:
    rows = rows.sort_values(["file", "row"], kind="mergesort")
    shown = tuple(f"{f}#{int(r)}" for f, r in zip(rows["file"].head(SHOWN_ROWS), rows["row"].head(SHOWN_ROWS)))
    return shown, max(0, len(rows) - SHOWN_ROWS)


def _working(schedule: pd.DataFrame, day) -> dict[str, bool]:
    s = schedule[schedule["date"] == day_stamp(day)]
    return dict(zip(s["agent_id"], s["working"]))


def leaves_with_calls(reports: pd.DataFrame, attendance_rows: pd.DataFrame, schedule: pd.DataFrame, day,
                      at_minute: int, settings: Settings) -> list[Contradiction]:
    """Agents on leave or absent with dialer volume in more hours than the leave leaves them."""
    a = attendance_summary(attendance_rows, schedule, day, "", settings)
    day_hours = len(work_slots(settings))
    rows = rows_until(reports, day, at_minute)
    rows = rows[rows["volume"] > 0]
    out = []
    for lv in a.leaves:
        mine = rows[rows["agent_id"] == lv.agent_id]
        if mine.empty:
            continue
        hours = int(mine["hour"].nunique())
        leave = float(day_hours) if lv.category == ABSENCE or math.isnan(lv.hours) else min(float(lv.hours), day_hours)
        free = max(0.0, day_hours - leave)
        if hours <= free:
            continue   # a half-day leave and the other half worked: as reported
        proof, more = _proof(mine)
        out.append(Contradiction("leave_with_calls", lv.group, lv.agent_id, lv.name,
                                 {"category": lv.category, "leave": _hours_text(leave), "hours": hours,
                                  "volume": int(mine["volume"].sum())}, proof, more))
    return out


def _hours_text(h: float) -> str:
    return str(int(h)) if float(h).is_integer() else f"{h:g}"


def two_groups(reports: pd.DataFrame, attendance_rows: pd.DataFrame, day, at_minute: int) -> list[Contradiction]:
    """Agents with volume under two groups in one slot, or sent by swaps to two groups the same day."""
    out = []
    rows = rows_until(reports, day, at_minute)
    rows = rows[(rows["volume"] > 0) & (rows["group"].str.strip() != "")]
    if len(rows):   # the group each row counts for (its own, else the agent's on the roster)
        n = rows.groupby(["agent_id", "start_minute"], sort=False)["group"].transform("nunique")
        for agent, g in rows[n > 1].groupby("agent_id", sort=False):
            proof, more = _proof(g)
            names = sorted(set(g["group"]), key=id_key)
            groups = "、".join(names)
            slot = int(g["start_minute"].min())
            out.append(Contradiction("two_groups", names[0], agent, str(g["name"].iloc[0]),
                                     {"groups": groups, "slot": f"{slot // 60:02d}:{slot % 60:02d}", "source": "rows"},
                                     proof, more))
    swaps = _swaps(attendance_rows, day)
    subs: dict[str, set[str]] = {}
    for s in swaps:
        if s["sub"]:
            subs.setdefault(s["sub"], set()).add(s["work_group"])
    for agent, groups in subs.items():
        if len(groups) > 1:
            out.append(Contradiction("two_groups", sorted(groups, key=id_key)[0],
                                     agent, "",
                                     {"groups": "、".join(sorted(groups)), "slot": "", "source": "swaps"},
                                     tuple(s["line"] for s in swaps if s["sub"] == agent)[:SHOWN_ROWS]))
    return out


def _swaps(attendance_rows: pd.DataFrame, day) -> list[dict]:
    """The day's swap lines as written: who covers (the first id named), whom, for which group."""
    if attendance_rows.empty:
        return []
    rows = attendance_rows[(attendance_rows["日期"] == day_stamp(day))]
    lines = dict.fromkeys(s.strip() for s in rows["替班说明"] if str(s).strip())   # both leads may report one swap
    out = []
    for line in lines:
        ids = _NAMED.findall(line)
        if not ids:
            continue
        head = line.split("替")[1] if "替" in line else line.split("支援")[-1]
        work = head.split("组")[0] if "组" in head else ""
        out.append({"line": line, "sub": ids[0], "rep": ids[1] if len(ids) > 1 else "", "work_group": work, "ids": ids})
    return out


def swaps_resting(attendance_rows: pd.DataFrame, schedule: pd.DataFrame, day) -> list[Contradiction]:
    """Swap lines naming someone the roster has resting that day (both people of a swap are checked)."""
    working = _working(schedule, day)
    out = []
    for s in _swaps(attendance_rows, day):
        for agent in s["ids"]:
            if agent in working and not working[agent]:
                out.append(Contradiction("swap_resting", s["work_group"], agent, "",
                                         {"role": "sub" if agent == s["sub"] else "rep"}, (s["line"],)))
    return out


def present_counts(reports: pd.DataFrame, attendance_rows: pd.DataFrame, schedule: pd.DataFrame, day,
                   at_minute: int, settings: Settings) -> list[Contradiction]:
    """After [duty] present_check_after: each reported group's 实到 against its agents with volume so far."""
    if at_minute < settings.duty.present_check_after_minute:
        return []
    a = attendance_summary(attendance_rows, schedule, day, "", settings)
    rows = rows_until(reports, day, at_minute)
    rows = rows[rows["volume"] > 0]
    if rows.empty:
        return []
    out = []
    for g in a.groups:
        if math.isnan(g.present):
            continue
        mine = rows[rows["group"] == g.group]
        agents = sorted(set(mine["agent_id"]), key=id_key)
        if len(agents) != int(g.present):
            proof, more = _proof(mine.drop_duplicates("agent_id"))
            out.append(Contradiction("present_count", g.group, "", "",
                                     {"present": int(g.present), "with_data": len(agents),
                                      "agents": "、".join(agents)}, proof, more))
    return out


def contradictions(reports: pd.DataFrame, attendance_rows: pd.DataFrame, schedule: pd.DataFrame, day,
                   at_minute: int, settings: Settings) -> list[Contradiction]:
    """Every contradiction of the day at a moment, by rule, then group and agent."""
    rows = attendance_rows if len(attendance_rows) else pd.DataFrame(columns=["日期", "替班说明"])
    found = (leaves_with_calls(reports, attendance_rows, schedule, day, at_minute, settings)
             + two_groups(reports, rows, day, at_minute)
             + swaps_resting(rows, schedule, day)
             + present_counts(reports, attendance_rows, schedule, day, at_minute, settings))
    kinds = {k: i for i, k in enumerate(KINDS)}
    return sorted(found, key=lambda c: (kinds[c.kind], id_key(c.group), c.agent_id))


def describe(c: Contradiction, lang: str = "zh") -> str:
    """One line for a person, with the rows that prove it."""
    who = f"{c.agent_id}{c.name}" if c.agent_id else ""
    values = dict(c.values)
    if c.kind == "two_groups":
        key = f"ct.two_groups.{values.pop('source')}"
    elif c.kind == "swap_resting":
        key = f"ct.swap_resting.{values.pop('role')}"
    else:
        key = f"ct.{c.kind}"
    if "category" in values:   # a leave type of the 考勤 sheet, in the reader's words (病假 / sick leave)
        values["category"] = value_label(values["category"], lang)
    for k in ("groups", "agents"):   # the rule lists with 、; a reader of English reads a comma
        if k in values:
            values[k] = t("broadcast.sep", lang).join(str(values[k]).split("、"))
    text = t(key, lang, group=c.group, who=who, **values)
    if c.proof:
        rows = t("ct.sep", lang).join(_where(p, lang) for p in c.proof)
        more = t("ct.more", lang, n=c.more) if c.more else ""
        text += t("ct.proof", lang, rows=rows, more=more)
    return text


# The swap line as the workbench writes it (lib.day.attendance_report.SwapLine.text).
_SWAP = re.compile(r"^(?P<sg>[^组]+)组(?P<sid>[0-9A-Za-z]+)(?P<sn>.*?)(?:替(?P<rg>[^组]+)组(?P<rid>[0-9A-Za-z]+)(?P<rn>.*?)"
                   r"|支援(?P<wg>[^组]+)组)上班,外呼(?P<p>.*)$")


def _where(proof: str, lang: str) -> str:
    """A proof as a person reads it: 'reports/2026-11-25.xlsx 第 12 行', or a swap line (in English
    retold in English words when it has the workbench's form; a line typed otherwise as typed)."""
    if "#" in proof:
        file, row = proof.rsplit("#", 1)
        return t("ct.at", lang, file=file, row=row)
    m = _SWAP.match(proof)
    if lang != "en" or not m:
        return proof
    who = f"{m['sid']}{m['sn']}"
    if m["rid"]:
        return t("ct.swap_for", lang, group=m["sg"], who=who, rep=f"{m['rid']}{m['rn']}", rep_group=m["rg"],
                 project=m["p"])
    return t("ct.swap_help", lang, group=m["sg"], who=who, work_group=m["wg"], project=m["p"])


def names_filled(items: list[Contradiction], schedule: pd.DataFrame, day) -> list[Contradiction]:
    """The items with the roster's name for an id written without one (a swap line's)."""
    s = schedule[schedule["date"] == day_stamp(day)]
    names = dict(zip(s["agent_id"], s["name"]))
    return [c if c.name or not c.agent_id else Contradiction(c.kind, c.group, c.agent_id, names.get(c.agent_id, ""),
                                                             c.values, c.proof, c.more) for c in items]

