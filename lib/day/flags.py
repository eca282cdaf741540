"""Agents a lead should look at now: low rate, low volume, wrong task, no data. Pure, no I/O.

Every threshold comes from `Settings` ([flags] and [day] of config.toml). A flag at exactly its
threshold does not fire: the rules say "below", and a tolerance keeps float noise
(0.7 × 0.1 = 0.06999…) from deciding an edge case.
"""
from __future__ import annotations

import pandas as pd

from lib.config import Settings
from lib.i18n import t
from lib.i18n.formats import points, rate
from lib.floor.metrics import (Day, agent_totals, clock_of, day_stamp, group_standings, id_sort_key, rows_until)

FLAG_COLUMNS = ["agent_id", "name", "group", "kind", "detail", "hour"]
SLOT_MINUTES = 60
_EPS = 1e-9


def _below(value: pd.Series, threshold: pd.Series) -> pd.Series:
    """value < threshold, with equality (up to float noise) not counting as below."""
    return value < threshold - _EPS * threshold.abs().clip(lower=1.0)


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Flag dicts as a frame of FLAG_COLUMNS with stable dtypes, also when empty."""
    df = pd.DataFrame(rows, columns=FLAG_COLUMNS)
    for c in FLAG_COLUMNS[:-1]:
        df[c] = df[c].astype("str")
    df["hour"] = df["hour"].astype("Int64")
    return df


def flags_at(reports: pd.DataFrame, schedule: pd.DataFrame, projects: pd.DataFrame, day: Day,
             at_minute: int, settings: Settings) -> pd.DataFrame:
    """The flags at a time of day: agent_id, name, group, kind, detail, hour; by group, kind, agent_id.

    Rules (thresholds from config.toml):
    - low_rate: the agent's rate so far < [flags] low_rate_ratio × the rate of their group (the
      group of their latest slot), once the agent has volume >= low_rate_min_volume.
    - low_volume: the agent's volume per slot worked < low_volume_ratio × their group's volume
      per agent-slot with volume, only once low_volume_min_hours slots have ended since [day] start.
    - wrong_task: a row with a non-empty project that is not one the projects table assigns, that
      day, to the group the row was worked for (a substitute is checked against the group they
      helped). One flag per agent, group and wrong project; `hour` is its first slot's start hour.
      Groups the projects table says nothing about that day are not checked.
    - no_data: an agent (role "agent", or no role given) the schedule has working that day with
      no report row by `at_minute`, once their shift's first slot has ended (full and morning
      shifts start at [day] start, afternoon shifts at [day] afternoon_start). Rows in any group
      count, so an agent substituting elsewhere is never reported missing.
    detail is Chinese text for the floor (lib/i18n/details.py; reword says it in English).
    """
    d = day_stamp(day)
    at_minute = int(at_minute)
    rows = rows_until(reports, d, at_minute)
    parts = [
        _low_rate(reports, rows, d, at_minute, settings),
        _low_volume(reports, rows, d, at_minute, settings),
        _wrong_task(rows, projects, d),
        _no_data(rows, schedule, d, at_minute, settings),
    ]
    out = _frame([r for part in parts for r in part])
    if out.empty:
        return out
    out = out.sort_values(["group", "kind", "agent_id"], kind="mergesort",
                          key=lambda s: id_sort_key(s) if s.name != "kind" else s)
    return out.reset_index(drop=True)


def _with_group_figures(reports: pd.DataFrame, rows: pd.DataFrame, d: pd.Timestamp,
                        at_minute: int) -> pd.DataFrame:
    """Per agent: totals, plus their group's rate and volume per agent with volume."""
    agents = agent_totals(rows)
    groups = group_standings(reports, d, at_minute).set_index("group")
    n = groups["agents"].where(groups["agents"] > 0).astype("float64")
    agents["group_rate"] = agents["group"].map(groups["rate"]).astype("float64")
    agents["group_avg_volume"] = agents["group"].map(groups["volume"] / n).astype("float64")
    return agents


def _low_rate(reports: pd.DataFrame, rows: pd.DataFrame, d: pd.Timestamp, at_minute: int,
              settings: Settings) -> list[dict]:
    """low_rate flags (see flags_at)."""
    ratio, min_volume = settings.flags.low_rate_ratio, settings.flags.low_rate_min_volume
    a = _with_group_figures(reports, rows, d, at_minute)
    if a.empty:
        return []
    threshold = ratio * a["group_rate"]
    fire = (a["volume"] >= min_volume) & a["group_rate"].notna() & a["rate"].notna() \
        & _below(a["rate"], threshold)
    return [{"agent_id": r.agent_id, "name": r.name, "group": r.group, "kind": "low_rate",
             "detail": t("detail.low_rate", rate=rate(r.rate, 1), group_rate=rate(r.group_rate, 1), ratio=rate(ratio, 0)),
             "hour": pd.NA}
            for r in a[fire].itertuples()]


def _low_volume(reports: pd.DataFrame, rows: pd.DataFrame, d: pd.Timestamp, at_minute: int,
                settings: Settings) -> list[dict]:
    """low_volume flags (see flags_at)."""
    ratio, min_hours = settings.flags.low_volume_ratio, settings.flags.low_volume_min_hours
    start = settings.day.start_minute
    # Too early in the day a slow first hour says nothing; wait for enough slots to end.
    if (at_minute - start) // SLOT_MINUTES < min_hours:
        return []
    a = _per_slot(rows)
    if a.empty:
        return []
    threshold = ratio * a["group_per_slot"]
    fire = a["group_per_slot"].notna() & _below(a["per_slot"], threshold)
    return [{"agent_id": r.agent_id, "name": r.name, "group": r.group, "kind": "low_volume",
             "detail": t("detail.low_volume", per_slot=points(r.per_slot, 1), group_per_slot=points(r.group_per_slot, 1),
                          ratio=rate(ratio, 0)),
             "hour": pd.NA}
            for r in a[fire].itertuples()]


def _per_slot(rows: pd.DataFrame) -> pd.DataFrame:
    """Per agent: volume per slot worked, and their group's volume per agent-slot with volume.

    Per slot, not per day, so that a half-day shift or a late start is not read as low volume.
    """
    agents = agent_totals(rows)
    if agents.empty:
        return agents
    slots = rows.groupby("agent_id")["hour"].nunique()
    agents["per_slot"] = agents["volume"] / agents["agent_id"].map(slots).astype("float64")
    worked = rows[rows["volume"] > 0]
    g = worked.groupby("group").agg(volume=("volume", "sum"))
    g["slots"] = worked.groupby(["group", "agent_id"])["hour"].nunique().groupby(level=0).sum()
    agents["group_per_slot"] = agents["group"].map(g["volume"] / g["slots"]).astype("float64")
    return agents


def _norm(s: pd.Series) -> pd.Series:
    """Project names as compared: trimmed and case-folded."""
    # Spreadsheets differ in stray spaces and letter case; neither makes a different project.
    return s.astype(str).str.strip().str.casefold()


def _wrong_task(rows: pd.DataFrame, projects: pd.DataFrame, d: pd.Timestamp) -> list[dict]:
    """wrong_task flags (see flags_at)."""
    assigned = projects[(projects["date"] == d) & (projects["project"].str.strip() != "")]
    if assigned.empty or rows.empty:
        return []
    allowed = assigned.assign(key=_norm(assigned["project"])).groupby("group")["key"].agg(set)
    shown = assigned.groupby("group")["project"].agg(
        lambda s: "/".join(dict.fromkeys(s.str.strip())))
    r = rows[(rows["project"].str.strip() != "") & rows["group"].isin(allowed.index)]
    r = r.assign(key=_norm(r["project"]))
    wrong = r[[k not in allowed[g] for k, g in zip(r["key"], r["group"])]]
    if wrong.empty:
        return []
    wrong = wrong.sort_values(["end_minute"], kind="mergesort")
    names = rows.assign(name=rows["name"].where(rows["name"].str.strip() != "")) \
        .groupby("agent_id")["name"].first().fillna("")
    out = []
    for (agent_id, group, _key), g in wrong.groupby(["agent_id", "group", "key"], sort=False):
        first = g.iloc[0]
        started = clock_of(int(first["hour"]) * 60)
        out.append({"agent_id": agent_id, "name": names.get(agent_id, ""), "group": group,
                    "kind": "wrong_task",
                    "detail": t("detail.wrong_task", project=first["project"].strip(), expected=shown[group], start=started),
                    "hour": int(first["hour"])})
    return out


def _shift_start(kind: str, settings: Settings) -> int:
    """The minute a shift kind starts work."""
    return settings.day.afternoon_start_minute if kind == "afternoon" else settings.day.start_minute


def _no_data(rows: pd.DataFrame, schedule: pd.DataFrame, d: pd.Timestamp, at_minute: int,
             settings: Settings) -> list[dict]:
    """no_data flags (see flags_at)."""
    s = schedule[(schedule["date"] == d) & schedule["working"]
                 & schedule["role"].isin(["agent", ""])]
    s = s.drop_duplicates("agent_id")
    seen = set(rows["agent_id"])
    out = []
    for r in s.itertuples():
        start = _shift_start(r.shift_kind, settings)
        # An agent is only missing once their first slot has ended without a row for it.
        if r.agent_id in seen or at_minute < start + SLOT_MINUTES:
            continue
        shift = r.shift or r.shift_kind
        out.append({"agent_id": r.agent_id, "name": r.name, "group": r.group, "kind": "no_data",
                    "detail": t("detail.no_data", shift=shift, start=clock_of(start), time=clock_of(at_minute)),
                    "hour": pd.NA})
    return out
