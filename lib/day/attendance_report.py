"""The lead's attendance report (考勤): expected from the roster, absences, swaps, the rows and the text.

What the lead workbench writes to the `attendance` store table (sheet 考勤, columns of DATA.md:
日期 组别 项目 应出勤 实到 工号 姓名 类别 时长(小时) 原因 扣分 替班说明), per group and day:

- one summary row: 日期, 组别, 项目 (the group's project), 应出勤, 实到; 工号 empty, and 姓名, 类别,
  时长(小时), 原因, 扣分, 替班说明 empty too. A reader finds a group's report by this row.
- one row per absent person: 工号, 姓名, 类别 (attendance.CATEGORIES), 时长(小时), 原因, and 扣分 =
  the rule's points for the category (lib/day/attendance.py: config [attendance], 病假 −0.3, 事假
  −0.5, 旷工 −2, others 0); 应出勤/实到 empty. The stored 扣分 is a copy for people reading the
  sheet: every reader, duty_text here included, takes the points from the rule again.
- one row per swap: 工号/姓名 = the substitute (who works in someone's place), 类别 = 换班, 扣分 0,
  项目 = the project of the group worked for, 替班说明 =
  `101组1234张三替102组4321李四上班,外呼新华手机报`, or `101组1102秦凯琪支援102组上班,外呼新华手机报`
  when nobody is named as replaced (the substitute then works for the reporting group).

应出勤 counts the agents (role 坐席, or no role) the roster has working for the group that day.
实到 = those, less the absent, less the group's people replaced by someone or substituting
elsewhere, plus the people of other groups substituting here (a set, so nobody counts twice).

Filing again corrects the group's report of that day (lib.day.attendance.correction_plan): the
summary row and each changed person's row are corrected in place (store.correct), a person no longer
named is withdrawn and one newly named added, so `store.read_day("attendance", day)` holds one
current report and the history keeps every version.
A swap between two groups may be reported by both leads; the same 替班说明 then appears under
both 组别 and should be counted once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lib.config import Settings
from lib.i18n import FieldProblems
from lib.i18n.formats import mask_phones, plain
from lib.floor.metrics import Day, day_stamp, id_sort_key
from lib.day.attendance import CATEGORIES, SWAP, attendance_deduction
COLUMNS = ["日期", "组别", "项目", "应出勤", "实到", "工号", "姓名", "类别", "时长(小时)", "原因", "扣分", "替班说明"]


@dataclass(frozen=True)
class Absence:
    """One absent agent as the lead enters them."""

    agent_id: str
    category: str
    hours: float | None
    reason: str


@dataclass(frozen=True)
class Swap:
    """One swap as the lead enters it: who works, and (optionally) in whose place."""

    substitute: str
    replaced: str = ""


@dataclass(frozen=True)
class SwapLine:
    """A swap resolved against the roster: both people with their groups, the group and project worked."""

    sub_id: str
    sub_name: str
    sub_group: str
    rep_id: str
    rep_name: str
    rep_group: str
    work_group: str
    project: str

    @property
    def text(self) -> str:
        """The 替班说明 line the floor writes: 101组1234张三替102组4321李四上班,外呼新华手机报."""
        who = f"{self.sub_group}组{self.sub_id}{self.sub_name}"
        if self.rep_id:
            return f"{who}替{self.rep_group}组{self.rep_id}{self.rep_name}上班,外呼{self.project}"
        return f"{who}支援{self.work_group}组上班,外呼{self.project}"


def expected_agents(schedule: pd.DataFrame, group: str, day: Day) -> pd.DataFrame:
    """The agents the roster has working for the group that day: agent_id, name, shift; by agent_id."""
    d = day_stamp(day)
    rows = schedule[(schedule["date"] == d) & (schedule["group"] == str(group)) & schedule["working"]
                    & schedule["role"].isin(["agent", ""])].drop_duplicates("agent_id")
    rows = rows.sort_values("agent_id", key=id_sort_key, kind="mergesort")
    return rows[["agent_id", "name", "shift"]].reset_index(drop=True)


def check_absences(absences: list[Absence], expected_ids: list[str], max_hours: float) -> FieldProblems:
    """FieldProblems by field abs:<id>:cat|hours|reason: an expected agent, a known category, hours in
    (0, max_hours], and a reason."""
    problems: FieldProblems = {}
    for a in absences:
        key = f"abs:{a.agent_id}"
        if a.agent_id not in expected_ids:
            problems[f"{key}:cat"] = ("lead.err.agent_unknown", {"agent": a.agent_id})
        elif a.category not in CATEGORIES:
            problems[f"{key}:cat"] = ("lead.err.category", {"choices": "/".join(CATEGORIES)})
        if a.hours is None or pd.isna(a.hours) or not 0 < float(a.hours) <= max_hours:
            problems[f"{key}:hours"] = ("lead.err.hours", {"max": f"{max_hours:g}"})
        if not a.reason.strip():
            problems[f"{key}:reason"] = ("lead.err.required", {})
    return problems


def _person(day_roster: pd.DataFrame, agent_id: str) -> pd.Series | None:
    hit = day_roster[day_roster["agent_id"] == str(agent_id).strip()]
    return hit.iloc[0] if len(hit) else None


def _project_of(projects: pd.DataFrame, group: str, d: pd.Timestamp) -> str:
    names = projects.loc[(projects["date"] == d) & (projects["group"] == group), "project"]
    return "/".join(dict.fromkeys(n.strip() for n in names if n.strip()))


def resolve_swaps(swaps: list[Swap], schedule: pd.DataFrame, projects: pd.DataFrame, group: str,
                  day: Day) -> tuple[list[SwapLine], FieldProblems]:
    """Swaps checked against the day's roster; problems by field swap:<i>:sub|rep.

    Both 工号 must be on the roster that day; one of the two must belong to the reporting group
    (a swap in or out); with nobody replaced the substitute must come from another group. The group
    worked for is the replaced person's, else the reporting group.
    """
    d = day_stamp(day)
    roster = schedule[schedule["date"] == d].drop_duplicates("agent_id")
    lines: list[SwapLine] = []
    problems: FieldProblems = {}
    seen: set[str] = set()
    for i, s in enumerate(swaps):
        sub_id, rep_id = s.substitute.strip(), s.replaced.strip()
        sub = _person(roster, sub_id) if sub_id else None
        rep = _person(roster, rep_id) if rep_id else None
        if not sub_id:
            problems[f"swap:{i}:sub"] = ("lead.err.required", {})
        elif sub is None:
            problems[f"swap:{i}:sub"] = ("lead.err.agent_unknown", {"agent": sub_id})
        elif sub_id in seen:
            problems[f"swap:{i}:sub"] = ("lead.err.swap_twice", {"agent": sub_id})
        if rep_id and rep is None:
            problems[f"swap:{i}:rep"] = ("lead.err.agent_unknown", {"agent": rep_id})
        elif rep_id and rep_id == sub_id:
            problems[f"swap:{i}:rep"] = ("lead.err.swap_self", {})
        if f"swap:{i}:sub" in problems or f"swap:{i}:rep" in problems:
            continue
        seen.add(sub_id)
        if rep is None and sub["group"] == str(group):
            problems[f"swap:{i}:rep"] = ("lead.err.swap_whom", {})
            continue
        if rep is not None and str(group) not in (sub["group"], rep["group"]):
            problems[f"swap:{i}:sub"] = ("lead.err.swap_group", {"group": group})
            continue
        work = rep["group"] if rep is not None else str(group)
        lines.append(SwapLine(sub_id, sub["name"], sub["group"], rep_id, "" if rep is None else rep["name"],
                              "" if rep is None else rep["group"], work, _project_of(projects, work, d)))
    return lines, problems


def present_ids(expected_ids: list[str], absences: list[Absence], lines: list[SwapLine], group: str) -> set[str]:
    """Who is at work for the group: expected, less the absent and those swapped away, plus those swapped in."""
    here = set(expected_ids) - {a.agent_id for a in absences}
    for s in lines:
        if s.work_group == str(group):
            here.discard(s.rep_id)
            here.add(s.sub_id)
        else:   # one of ours substitutes in another group
            here.discard(s.sub_id)
    return here


def attendance_rows(day: Day, group: str, project: str, expected: pd.DataFrame, absences: list[Absence],
                    lines: list[SwapLine], settings: Settings) -> list[dict]:
    """The 考勤 rows of the module docstring: the summary row, then absences, then swaps."""
    iso = day_stamp(day).date().isoformat()
    blank = dict.fromkeys(COLUMNS, "") | {"日期": iso, "组别": str(group), "项目": project}
    for c in ("应出勤", "实到", "时长(小时)", "扣分"):
        blank[c] = None
    ids = expected["agent_id"].tolist()
    names = dict(zip(expected["agent_id"], expected["name"]))
    rows = [blank | {"应出勤": len(ids), "实到": len(present_ids(ids, absences, lines, group))}]
    for a in absences:
        rows.append(blank | {"工号": a.agent_id, "姓名": names.get(a.agent_id, ""), "类别": a.category,
                             "时长(小时)": float(a.hours), "原因": a.reason.strip(),
                             "扣分": attendance_deduction(a.category, settings)})
    for s in lines:
        rows.append(blank | {"项目": s.project, "工号": s.sub_id, "姓名": s.sub_name, "类别": SWAP,
                             "扣分": 0.0, "替班说明": s.text})
    return rows


def group_report(stored: pd.DataFrame, group: str) -> pd.DataFrame:
    """A group's rows in a day's stored 考勤 (latest versions): the summary row first, then the people."""
    if stored.empty:
        return stored
    mine = stored[stored["组别"] == str(group)]
    return mine.assign(_summary=mine["工号"] != "").sort_values("_summary", kind="mergesort") \
        .drop(columns="_summary").reset_index(drop=True)


def duty_text(report: pd.DataFrame, t: Callable[..., str], settings: Settings) -> str:
    """The text a lead sends the duty lead, from a group's stored report (group_report).

    Each absence's points are the rule's for its category (attendance_deduction), not the stored 扣分.
    Phone numbers are masked (mask_phones): a reason is typed freely and the text goes to a chat."""
    if report.empty:
        return ""
    head = report[report["工号"] == ""]
    people = report[report["工号"] != ""]
    first = (head if len(head) else report).iloc[0]
    lines = [t("lead.att.text_head", group=first["组别"], day=pd.Timestamp(first["日期"]).date().isoformat(),
               project=first["项目"], expected=plain(first["应出勤"]) if len(head) else "—",
               present=plain(first["实到"]) if len(head) else "—")]
    for r in people[people["类别"] != SWAP].to_dict("records"):
        category = t(f"lead.cat.{r['类别']}") if r["类别"] in CATEGORIES else r["类别"]
        lines.append(t("lead.att.text_absence", category=category, agent=r["工号"], name=r["姓名"],
                       hours=plain(r["时长(小时)"]), reason=r["原因"],
                       points=plain(abs(attendance_deduction(r["类别"], settings)))))
    swaps = people[people["类别"] == SWAP]
    if len(swaps):
        lines.append(t("lead.att.text_swaps", lines="；".join(swaps["替班说明"])))
    return mask_phones("\n".join(lines))
