"""Goals and pace: each group's day target spread over the working slots, and the month's completion.

The day's target is the project list's 目标办理量 (summed over a group's projects that day). It is
spread evenly over the day's hourly slots that touch the working hours of `[day]` (9-10, 10-11,
11-12, 13-14 … 17-18 by default: 8 slots), so at 11:00, with two slots ended, a target of 120
should stand at 120 x 2/8 = 30. Pace is the handled count against that: +12 is "ahead by 12".

The month's target per group is `[goals.monthly] "YYYY-MM" = { group = figure }` where config
gives one, else the sum of the project list's daily 目标办理量 over the month.
Pure functions over the canonical frames; no I/O, no Streamlit.
"""
from __future__ import annotations

import math

import pandas as pd

from lib.config import Settings
from lib.floor.memo import kept
from lib.i18n import t
from lib.floor.metrics import Day, day_stamp, handle_rate, id_sort_key, month_report_rows, month_rows, rows_until

PACE_COLUMNS = ["group", "target_handled", "target_rate", "slots_ended", "slots", "expected", "handled",
                "volume", "rate", "ahead"]
MONTH_COLUMNS = ["group", "target", "source", "handled", "completion", "target_rate", "rate"]
CENTER = "中心"


def working_windows(settings: Settings) -> list[tuple[int, int]]:
    """The floor's working hours in minutes: [day] start..morning_end and afternoon_start..end."""
    d = settings.day
    return [(d.start_minute, d.morning_end_minute), (d.afternoon_start_minute, d.end_minute)]


def work_slots(settings: Settings) -> list[tuple[int, int]]:
    """The day's hourly report slots (start, end minutes) that overlap the working hours.

    The dialer reports on the hour, so 13:00-14:00 counts when the afternoon starts at 13:30, and
    12:00-13:00 (lunch) does not."""
    windows = working_windows(settings)
    first, last = windows[0][0], windows[-1][1]
    slots = []
    for start in range(first - first % 60, last, 60):
        end = start + 60
        if any(start < b and a < end for a, b in windows):
            slots.append((start, end))
    return slots


def slots_ended(slots: list[tuple[int, int]], at_minute: int) -> int:
    """How many of the slots have ended by at_minute (a slot ending at 11:00 has ended at 11:00)."""
    return sum(1 for _, end in slots if end <= at_minute)


def expected_by(target: float, slots: list[tuple[int, int]], at_minute: int) -> float:
    """Where a day target should stand at at_minute: target x slots ended / slots (NaN without a target)."""
    if not slots or target is None or not math.isfinite(float(target)):
        return float("nan")
    return float(target) * slots_ended(slots, at_minute) / len(slots)


def day_targets(projects: pd.DataFrame, day: Day) -> pd.DataFrame:
    """Per group that day: target_handled (Σ of its projects) and target_rate (of those sums).

    With several projects the rate is Σ target_handled / Σ (target_handled / target_rate), the rate
    of the implied volumes; without handled targets it is the plain mean of the rates given.
    Kept per (project list, day): shared, never change it."""
    return _day_targets(projects, day_stamp(day))


@kept(size=8)
def _day_targets(projects: pd.DataFrame, d: pd.Timestamp) -> pd.DataFrame:
    rows = projects[projects["date"] == d]
    out = []
    for group, g in rows.groupby("group", sort=False):
        handled = g["target_handled"].sum(min_count=1)
        both = g[g["target_handled"].notna() & (g["target_rate"] > 0)]
        if len(both):
            rate = both["target_handled"].sum() / (both["target_handled"] / both["target_rate"]).sum()
        else:
            rate = g["target_rate"].mean()
        out.append({"group": group, "target_handled": float(handled), "target_rate": float(rate)})
    frame = pd.DataFrame(out, columns=["group", "target_handled", "target_rate"])
    return frame.sort_values("group", key=id_sort_key, kind="mergesort").reset_index(drop=True)


def target_rates(projects: pd.DataFrame, days: pd.Series, groups: pd.Series) -> pd.Series:
    """The target rate of each (day, group) pair given as two aligned series (day_targets; NaN where the
    project list gives none), for a chart's target line."""
    out = []
    for day, group in zip(days, groups):
        t = day_targets(projects, pd.Timestamp(day).date())
        hit = t.loc[t["group"] == str(group), "target_rate"]
        out.append(float(hit.iloc[0]) if len(hit) else float("nan"))
    return pd.Series(out, index=days.index, dtype="float64")


def with_target_rate(frame: pd.DataFrame, projects: pd.DataFrame, day: Day | None = None) -> pd.DataFrame:
    """The frame with a `target` column: the target rate of each row's group on its day (its `date`
    column, else `day`), for a chart's target line."""
    days = frame["date"] if day is None else pd.Series([day] * len(frame), index=frame.index)
    return frame.assign(target=target_rates(projects, days, frame["group"]))


def pace_at(reports: pd.DataFrame, projects: pd.DataFrame, day: Day, at_minute: int,
            settings: Settings) -> pd.DataFrame:
    """Per group with a target or figures that day: the target, where it should be, where it is, `ahead`.

    `ahead` = handled by at_minute - expected (negative: behind); NaN without a handled target and
    before the first slot has ended.
    Figures go to the group each row was worked for (a substitute counts for the group helped)."""
    slots = work_slots(settings)
    ended = slots_ended(slots, at_minute)
    targets = day_targets(projects, day).set_index("group")
    rows = rows_until(reports, day, at_minute)
    sums = rows.groupby("group", sort=False)[["handled", "volume"]].sum()
    groups = list(dict.fromkeys([*targets.index, *sums.index]))
    out = pd.DataFrame({"group": pd.Series(groups, dtype="str")})
    out["target_handled"] = out["group"].map(targets["target_handled"]).astype("float64")
    out["target_rate"] = out["group"].map(targets["target_rate"]).astype("float64")
    out["slots_ended"], out["slots"] = ended, len(slots)
    out["expected"] = out["target_handled"] * (ended / len(slots) if slots else float("nan"))
    out["handled"] = out["group"].map(sums["handled"]).fillna(0.0).astype("float64")
    out["volume"] = out["group"].map(sums["volume"]).fillna(0.0).astype("float64")
    out["rate"] = handle_rate(out["handled"], out["volume"])
    # Before a slot has ended nothing is due yet: no "on pace" before there is a pace to be on.
    out["ahead"] = (out["handled"] - out["expected"]) if ended else float("nan")
    out = out.sort_values("group", key=id_sort_key, kind="mergesort").reset_index(drop=True)
    return out[PACE_COLUMNS]


def whole(x: float) -> int:
    """A count rounded half away from zero (12.5 -> 13, -12.5 -> -13), as people round."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def pace_label(ahead: float, lang: str = "zh") -> str:
    """'12 ahead' / '8 short' / 'on pace' ('超前 12' / '落后 8' / '持平'); '—' without a target."""
    if ahead is None or not math.isfinite(float(ahead)):
        return "—"
    n = whole(float(ahead))
    if n == 0:
        return t("goals.on_pace", lang)
    return t("goals.ahead" if n > 0 else "goals.behind", lang, n=abs(n))


def pace_mark(ahead: float) -> str:
    """The wall screen's short pace: '▲12' ahead, '▼8' behind, '±0' on pace, '—' without a target."""
    if ahead is None or not math.isfinite(float(ahead)):
        return "—"
    n = whole(float(ahead))
    return "±0" if n == 0 else f"▲{n}" if n > 0 else f"▼{-n}"


def monthly_config(settings: Settings, month: str) -> dict[str, float]:
    """The month's targets per group that config gives ([goals.monthly] "YYYY-MM" = {group = figure})."""
    return settings.goals.month(month)


@kept(size=8)
def month_completion(reports: pd.DataFrame, projects: pd.DataFrame, month: str,
                     settings: Settings) -> pd.DataFrame:
    """Per group and the center (last row, group "中心"): target, where it came from, handled, completion.

    completion = handled / target (目标完成率); target_rate is the implied rate of the month's project
    targets (Σ target_handled / Σ target_handled / target_rate), rate the month's handle rate."""
    rows = month_report_rows(reports, month)
    handled = rows.groupby("group", sort=False)["handled"].sum()
    volume = rows.groupby("group", sort=False)["volume"].sum()
    plan = month_rows(projects, month)
    plan_sum = plan.groupby("group", sort=False)["target_handled"].sum(min_count=1)
    rated = plan[plan["target_handled"].notna() & (plan["target_rate"] > 0)]
    implied = (rated["target_handled"] / rated["target_rate"]).groupby(rated["group"]).sum()
    rated_sum = rated.groupby("group")["target_handled"].sum()
    config = monthly_config(settings, month)
    groups = list(dict.fromkeys([*config, *plan_sum.index, *handled.index]))
    out = pd.DataFrame({"group": pd.Series(groups, dtype="str")})
    from_plan = out["group"].map(plan_sum).astype("float64")
    from_config = out["group"].map(config).astype("float64")
    out["target"] = from_config.fillna(from_plan)
    out["source"] = pd.Series(["config" if pd.notna(c) else "projects" if pd.notna(p) else ""
                               for c, p in zip(from_config, from_plan)], dtype="str")
    out["handled"] = out["group"].map(handled).fillna(0.0).astype("float64")
    out["completion"] = handle_rate(out["handled"], out["target"])
    out["target_rate"] = handle_rate(out["group"].map(rated_sum), out["group"].map(implied))
    out["rate"] = handle_rate(out["handled"], out["group"].map(volume).fillna(0.0))
    out = out.sort_values("group", key=id_sort_key, kind="mergesort").reset_index(drop=True)
    has = out["target"].notna()
    tr_h, tr_v = rated_sum.reindex(out.loc[has, "group"]).sum(), implied.reindex(out.loc[has, "group"]).sum()
    center = {"group": CENTER, "target": out.loc[has, "target"].sum() if has.any() else float("nan"),
              "source": "", "handled": float(handled.sum()),
              "target_rate": handle_rate(tr_h, tr_v), "rate": handle_rate(float(handled.sum()), float(volume.sum()))}
    # The center's completion counts only the groups that have a target, so it is not inflated.
    center["completion"] = handle_rate(out.loc[has, "handled"].sum(), center["target"])
    out = pd.concat([out, pd.DataFrame([center])], ignore_index=True)
    return out[MONTH_COLUMNS]
