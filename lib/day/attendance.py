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
"""
from __future__ import annotations

import math

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
