"""The duty lead's attendance report: every group's 考勤 rows consolidated, with deductions and swaps.

The rows are those the lead workbench writes (lib/day/attendance_report.py says how); read tolerantly, so
rows typed into the sheet by hand or imported also count:
- a group's summary row (工号 empty) gives 项目, 应出勤 and 实到; when several rows give them, the
  last stored counts; without 应出勤 the roster's working agents of the group are expected;
- a row with 类别 (attendance.CATEGORIES) other than a swap is a leave record of 工号/姓名, with
  时长(小时) and 原因; its points are the rule's (lib/day/attendance.py: the config's [attendance]
  points for the category), never the typed 扣分 — a typed one that differs is a data-check warning;
- 替班说明 holds the swap line as the floor writes it, `101组1234张三替102组4321李四上班,外呼新华手机报`
  (attendance_report.SwapLine.text); a swap both leads reported is listed once; a 换班 row without
  one is still listed by who swapped.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from lib.config import Settings
from lib.i18n import t
from lib.i18n.columns import value_label
from lib.i18n.details import reword
from lib.i18n.formats import count, hours, mask_phones, points
from lib.floor.metrics import day_stamp, id_key, id_sort_key
from lib.day.attendance import SWAP_KINDS, attendance_deduction


@dataclass(frozen=True)
class Leave:
    """One leave or absence record."""

    group: str
    agent_id: str
    name: str
    category: str
    hours: float
    reason: str
    points: float


@dataclass(frozen=True)
class GroupAttendance:
    """One group's report."""

    group: str
    project: str
    expected: float
    present: float
    leaves: list[Leave] = field(default_factory=list)
    swaps: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Attendance:
    """The day's consolidated attendance."""

    day: dt.date
    duty: str
    groups: list[GroupAttendance]
    missing: list[str]        # groups with agents at work today that have not reported

    @property
    def leaves(self) -> list[Leave]:
        return [lv for g in self.groups for lv in g.leaves]

    @property
    def total_points(self) -> float:
        return round(sum(lv.points for lv in self.leaves), 6)


def _last(values: pd.Series) -> float:
    given = values.dropna()
    return float(given.iloc[-1]) if len(given) else float("nan")


def _last_text(values: pd.Series) -> str:
    given = [v.strip() for v in values if str(v).strip()]
    return given[-1] if given else ""


def _working_agents(schedule: pd.DataFrame, day) -> pd.DataFrame:
    s = schedule[(schedule["date"] == day_stamp(day)) & schedule["working"]
                 & schedule["role"].isin(["agent", ""])]
    return s.drop_duplicates("agent_id")


def _group(group: str, rows: pd.DataFrame, roster: pd.DataFrame, settings: Settings) -> GroupAttendance:
    expected = _last(rows["应出勤"])
    if math.isnan(expected):   # the roster knows who is expected when the form left it out
        expected = float((roster["group"] == group).sum())
    leaves, swaps = [], []
    for r in rows.to_dict("records"):
        category, note = r["类别"].strip(), r["替班说明"].strip()
        who = f"{r['工号'].strip()}{r['姓名'].strip()}"
        if category and category not in SWAP_KINDS:
            leaves.append(Leave(group, r["工号"].strip(), r["姓名"].strip(), category, float(r["时长(小时)"]),
                                r["原因"].strip(), attendance_deduction(category, settings)))
        if note:
            swaps.append(note)
        elif category in SWAP_KINDS:
            swaps.append(f"{group}组{who}{category}")   # written like the floor's own swap lines
    # A swap row's 项目 is the project of the group worked for; the group's own is on its summary row.
    summary = rows[rows["工号"].str.strip() == ""]
    project = _last_text(summary["项目"]) or _last_text(rows["项目"])
    return GroupAttendance(group, project, expected, _last(rows["实到"]), leaves, swaps)


def attendance_summary(rows: pd.DataFrame, schedule: pd.DataFrame, day, duty: str, settings: Settings) -> Attendance:
    """Every group's report of the day from the 考勤 rows (store.read_day), and who has not reported."""
    rows = rows[rows["日期"] == day_stamp(day)] if len(rows) else rows
    roster = _working_agents(schedule, day)
    reported = sorted(set(rows["组别"].str.strip()) - {""}, key=id_key)
    groups = [_group(g, rows[rows["组别"].str.strip() == g], roster, settings) for g in reported]
    expected = set(roster["group"]) - {""}
    missing = sorted(expected - set(reported), key=id_key)
    return Attendance(pd.Timestamp(day).date(), duty, groups, missing)


def _leave_line(lv: Leave, lang: str) -> str:
    s = t("attendance.leave", lang, category=value_label(lv.category, lang), who=f"{lv.agent_id}{lv.name}")
    if not math.isnan(lv.hours):
        s += t("attendance.hours", lang, hours=hours(lv.hours))
    if lv.reason:
        s += t("attendance.reason", lang, reason=lv.reason)
    if lv.points:
        s += t("attendance.points", lang, points=points(lv.points))
    return s


def attendance_text(a: Attendance, lang: str = "zh") -> str:
    """The consolidated report as text ready to paste into the group chat (phone numbers masked:
    a reason is typed freely and may hold one)."""
    lines = [t("attendance.head", lang, day=a.day.isoformat(), duty=a.duty or "—")]
    for g in a.groups:
        project = t("attendance.project", lang, project=g.project) if g.project else ""
        lines.append(t("attendance.group", lang, group=g.group, project=project,
                       expected=count(g.expected), present=count(g.present)))
        lines += ["  " + _leave_line(lv, lang) for lv in g.leaves]
    swaps = list(dict.fromkeys(s for g in a.groups for s in g.swaps))   # both leads may report one swap
    if swaps:
        lines.append(t("attendance.swaps", lang))
        lines += [reword(s, lang) for s in swaps]   # the workbench's swap lines retold in English
    lines.append(t("attendance.total", lang, records=len(a.leaves), points=points(a.total_points)))
    if a.missing:
        sep = t("attendance.group_sep", lang)
        lines.append(t("attendance.missing", lang,
                       groups=sep.join(t("attendance.group_name", lang, group=g) for g in a.missing)))
    else:
        lines.append(t("attendance.all_in", lang))
    return mask_phones("\n".join(lines))


def attendance_table(a: Attendance, expected: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per group (reported or not): group, project, expected, present, leaves, points, reported.

    Figures are display text ("—" where not given: a group not reported shows "—" for its present
    count, leaves and deductions, and the roster's count from `expected` when given).
    """
    expected = expected or {}
    rows = [{"group": g.group, "project": g.project, "expected": count(g.expected), "present": count(g.present),
             "leaves": count(len(g.leaves)), "points": points(sum(lv.points for lv in g.leaves)), "reported": True}
            for g in a.groups]
    # A group that has not reported has no leaves and no deductions yet, not zero of them.
    rows += [{"group": g, "project": "", "expected": count(expected.get(g, float("nan"))), "present": "—",
              "leaves": "—", "points": "—", "reported": False} for g in a.missing]
    out = pd.DataFrame(rows, columns=["group", "project", "expected", "present", "leaves", "points", "reported"])
    return out.sort_values("group", key=id_sort_key, kind="mergesort").reset_index(drop=True)


def roster_expected(schedule: pd.DataFrame, day) -> dict[str, int]:
    """Agents the roster has working that day, per group."""
    return _working_agents(schedule, day).groupby("group").size().astype(int).to_dict()


def leaves_table(a: Attendance) -> pd.DataFrame:
    """Every leave record: group, agent_id, name, category, hours, reason, points."""
    cols = ["group", "agent_id", "name", "category", "hours", "reason", "points"]
    return pd.DataFrame([{c: getattr(lv, c) for c in cols} for lv in a.leaves], columns=cols)
