"""The attendance rule of the center, the one place that says what a 考勤 record costs.

The rule: one record costs the points config.toml's [attendance] gives its category — 病假 `sick`
(−0.3), 事假 `personal` (−0.5), 旷工 `absent` (−2); 调休, 其他, a swap and any other category cost 0.
The duty desk (attendance_summary), the lead's text and rows (attendance_report), the monthly
review (month.review), the weekly pack (month.weekly) and every export built on them use this rule
and nothing else. A 扣分 typed into a row is not read as the points: a typed figure that differs
from the rule is a warning of the data check naming the row (deduction_mismatches), since the
stored records are write-back and are corrected by a new row, never in place. A typed 0.5 and a
typed −0.5 both mean "minus 0.5" there (people write both).

The category names live here only: CATEGORIES (what a lead may enter), ABSENCE (the category that
caps a star level), SWAP and SWAP_KINDS (a swap row, not a leave).

A group's report, once filed, is what its form shows (filed_report: the absences and swaps of the
stored rows, when and by whom), and a change to it is a correction of those records, never a second
report (correction_plan: the summary row and each person's row corrected in place, a person no longer
named withdrawn, a person newly named added).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.config import Settings

SICK, PERSONAL, ABSENCE, TIME_OFF, OTHER = "病假", "事假", "旷工", "调休", "其他"
CATEGORIES = (SICK, PERSONAL, ABSENCE, TIME_OFF, OTHER)
SWAP = "换班"
SWAP_KINDS = (SWAP, "替班", "调班")
# The [attendance] key that gives each category's points; a category not listed costs 0.
CONFIG_KEYS = {SICK: "sick", PERSONAL: "personal", ABSENCE: "absent"}
MISMATCH_COLUMNS = ["record_id", "day", "group", "agent_id", "name", "category", "typed", "rule", "config_key"]


def category_points(settings: Settings) -> dict[str, float]:
    """Points one record of each costing category takes off: {病假: −0.3, 事假: −0.5, 旷工: −2} by default."""
    return {category: float(getattr(settings.attendance, key)) for category, key in CONFIG_KEYS.items()}


def attendance_deduction(category: str, settings: Settings) -> float:
    """Points one attendance record of that category costs (病假 −0.3, 事假 −0.5, 旷工 −2, else 0)."""
    return category_points(settings).get(str(category).strip(), 0.0)


def deductions(categories: pd.Series, settings: Settings) -> pd.Series:
    """attendance_deduction of each category of a column, as float64 (0 for the others)."""
    points = category_points(settings)
    return categories.astype(str).str.strip().map(points).fillna(0.0).astype("float64")


def _typed(value) -> float:
    """A typed 扣分 as a deduction (≤ 0), NaN when nothing readable was typed."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return float("nan") if math.isnan(f) else -abs(f)


def deduction_mismatches(attendance: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The 考勤 rows whose typed 扣分 differs from the rule (MISMATCH_COLUMNS), in the frame's order.

    `attendance` is the store's frame (latest versions: store.read_month/read_day); a row with 扣分
    blank is not listed, nor one whose figure equals the rule's up to its sign. typed and rule are
    both ≤ 0; config_key names the [attendance] key of the rule ('' when the category costs 0)."""
    if attendance is None or attendance.empty:
        return pd.DataFrame({c: pd.Series([], dtype="float64" if c in ("typed", "rule") else "object")
                             for c in MISMATCH_COLUMNS})
    category = attendance["类别"].astype(str).str.strip()
    typed = pd.Series([_typed(v) for v in attendance["扣分"]], index=attendance.index, dtype="float64")
    rule = deductions(category, settings)
    bad = typed.notna() & ((typed - rule).abs() > 1e-9)
    rows = attendance[bad]
    day = pd.to_datetime(rows["日期"], errors="coerce")
    out = pd.DataFrame({
        "record_id": rows["记录编号"].astype(str) if "记录编号" in rows else "",
        "day": [d.date().isoformat() if pd.notna(d) else "" for d in day],
        "group": rows["组别"].astype(str).str.strip(), "agent_id": rows["工号"].astype(str).str.strip(),
        "name": rows["姓名"].astype(str).str.strip(), "category": category[bad],
        "typed": typed[bad], "rule": rule[bad], "config_key": category[bad].map(CONFIG_KEYS).fillna(""),
    })
    return out.reset_index(drop=True)[MISMATCH_COLUMNS]


# ---------------------------------------------------------------- the filed report and its correction

@dataclass(frozen=True)
class FiledReport:
    """A group's stored report of a day as its form shows it: the summary record (its 记录编号, the
    HH:MM and 提交人 of its latest version, whether that is a correction), the counts, each absence
    (工号, 类别, 时长, 原因) and each swap (substitute, replaced; '' for support)."""

    record_id: str
    at: str
    by: str
    corrected: bool
    expected: float
    present: float
    absences: tuple[tuple[str, str, float, str], ...]
    swaps: tuple[tuple[str, str], ...]


def swap_replaced(text: str, roster: pd.DataFrame) -> str:
    """The 工号 a 替班说明 names as replaced ('' for a support line, `…支援102组上班…`): the person of
    the day's roster (agent_id, name, group) the text names after 替 as `{group}组{工号}{姓名}上班`,
    else the letters and digits right after `替…组`."""
    text = str(text or "")
    if "替" not in text:
        return ""
    for aid, name, group in zip(roster["agent_id"], roster["name"], roster["group"]):
        if f"替{group}组{aid}{name}上班" in text:
            return str(aid)
    hit = re.search(r"替[^组替]*组([0-9A-Za-z]+)", text)
    return hit.group(1) if hit else ""


def _number(v: Any) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return float("nan")
    return f


def filed_report(report: pd.DataFrame, roster: pd.DataFrame) -> FiledReport | None:
    """The FiledReport of a group's stored rows of a day (attendance_report.group_report: latest
    versions, the summary row first; None without a summary row). `roster` is the day's roster rows
    (agent_id, name, group), to read back whom a swap replaced (swap_replaced)."""
    if report is None or report.empty:
        return None
    head = report[report["工号"] == ""]
    if head.empty:
        return None
    first = head.iloc[0]
    people = report[report["工号"] != ""]
    swap = people["类别"].isin(SWAP_KINDS)
    absences = tuple((str(r["工号"]), str(r["类别"]), _number(r["时长(小时)"]), str(r["原因"]))
                     for r in people[~swap].to_dict("records"))
    swaps = tuple((str(r["工号"]), swap_replaced(r["替班说明"], roster)) for r in people[swap].to_dict("records"))
    return FiledReport(str(first["记录编号"]), str(first["提交时间"])[11:16], str(first["提交人"]),
                       bool(str(first.get("更正记录", "") or "").strip()), _number(first["应出勤"]),
                       _number(first["实到"]), absences, swaps)


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _same(old: Any, new: Any) -> bool:
    """One cell of a stored row and of a new row hold the same value (blank is blank; 4 is 4.0)."""
    if _blank(old) or _blank(new):
        return _blank(old) and _blank(new)
    a, b = _number(old), _number(new)
    if not (math.isnan(a) or math.isnan(b)):
        return abs(a - b) < 1e-9
    return str(old).strip() == str(new).strip()


def _key(row: dict) -> tuple[str, bool]:
    """Which stored row a new row replaces: the summary ('' 工号) or the same person in the same kind."""
    return str(row.get("工号", "") or "").strip(), str(row.get("类别", "")).strip() in SWAP_KINDS


def correction_plan(report: pd.DataFrame, rows: list[dict]) -> tuple[list[tuple[str, dict]], list[dict], list[str]]:
    """How a filed report (group_report rows, latest versions) becomes `rows` (attendance_rows of the
    corrected form) without a second report: (corrections, additions, withdrawals).

    corrections: (记录编号, new row) for store.correct — the summary row always, when anything changed,
    and each person's row (same 工号, an absence for an absence, a swap for a swap) whose values
    changed; additions: people newly named, for store.append; withdrawals: 记录编号 of people no longer
    named, for store.void. Nothing changed: three empty lists (nothing to write). 日期 is not compared
    (a correction keeps the record's day)."""
    stored: dict[tuple[str, bool], list[dict]] = {}
    for r in report.to_dict("records"):
        stored.setdefault(_key(r), []).append(r)
    corrections: list[tuple[str, dict]] = []
    additions: list[dict] = []
    changed = False
    summary: tuple[str, dict] | None = None
    for row in rows:
        olds = stored.get(_key(row))
        if not olds:
            additions.append(row)
            changed = True
            continue
        old = olds.pop(0)
        same = all(_same(old.get(k), v) for k, v in row.items() if k != "日期")
        if _key(row)[0] == "":
            summary = (str(old["记录编号"]), row)
            changed = changed or not same
        elif not same:
            corrections.append((str(old["记录编号"]), row))
            changed = True
    withdrawals = [str(r["记录编号"]) for olds in stored.values() for r in olds]
    if not (changed or withdrawals):
        return [], [], []
    if summary is not None:
        corrections.insert(0, summary)
    return corrections, additions, withdrawals
