"""Who is on the floor on a day, from the roster and the project list: groups, leads, duty leads, ids in order."""
from __future__ import annotations

import pandas as pd
from lib.floor.memo import kept
from lib.floor.metrics import (Day, day_stamp, id_sort_key)


def sorted_ids(values) -> list[str]:
    """Ids or group names in the floor's order (numbers by value, then text)."""
    s = pd.Series(sorted({str(v) for v in values if str(v).strip()}), dtype="str")
    return s.sort_values(key=id_sort_key, kind="mergesort").tolist()


def groups_on(schedule: pd.DataFrame, projects: pd.DataFrame, day: Day) -> list[str]:
    """The groups working that day: those with agents or a lead on the roster, or a project assigned."""
    return list(_groups_on(schedule, projects, day_stamp(day)))   # a list of one's own to change


@kept(size=8)
def _groups_on(schedule: pd.DataFrame, projects: pd.DataFrame, d: pd.Timestamp) -> tuple[str, ...]:
    teams = schedule[schedule["role"].isin(["agent", "", "lead", "deputy_lead"])]
    on_day = teams[teams["date"] == d]
    found = set(on_day["group"]) | set(projects.loc[projects["date"] == d, "group"])
    return tuple(sorted_ids(found or set(teams["group"])))   # a day past the roster still lists its groups


def roster_status(schedule: pd.DataFrame, group: str, day: Day) -> pd.DataFrame:
    """The group's people that day: agent_id, name, role, shift, working, duty; leads first, then by id."""
    d = day_stamp(day)
    rows = schedule[(schedule["date"] == d) & (schedule["group"] == str(group))].drop_duplicates("agent_id")
    rows = rows.assign(lead_first=~rows["role"].isin(["lead", "deputy_lead"]))
    rows = rows.sort_values(["lead_first", "agent_id"], kind="mergesort",
                            key=lambda s: id_sort_key(s) if s.name == "agent_id" else s)
    return rows[["agent_id", "name", "role", "shift", "working", "duty"]].reset_index(drop=True)


def duty_leads(schedule: pd.DataFrame, day: Day) -> pd.DataFrame:
    """The day's duty lead(s) on the roster: agent_id, name, group (kept per roster and day: shared)."""
    return _duty_leads(schedule, day_stamp(day))


@kept(size=8)
def _duty_leads(schedule: pd.DataFrame, d: pd.Timestamp) -> pd.DataFrame:
    rows = schedule[(schedule["date"] == d) & schedule["duty"] & schedule["working"]]
    return rows.drop_duplicates("agent_id")[["agent_id", "name", "group"]].reset_index(drop=True)


def group_leads(schedule: pd.DataFrame, group: str, day: Day) -> list[str]:
    """The 工号 of the group's lead(s) on the roster that day (any day of the roster when not that day)."""
    return list(_group_leads(schedule, str(group), day_stamp(day)))


@kept(size=16)
def _group_leads(schedule: pd.DataFrame, group: str, d: pd.Timestamp) -> tuple[str, ...]:
    leads = schedule[(schedule["group"] == group) & (schedule["role"] == "lead")]
    on_day = leads[leads["date"] == d]
    return tuple(sorted_ids((on_day if len(on_day) else leads)["agent_id"]))


@kept(size=4)
def roster_names(schedule: pd.DataFrame) -> dict[str, str]:
    """Every 工号 on the roster with a name (its last line's), by 工号; kept per roster: shared, never change it."""
    return dict(zip(schedule["agent_id"], schedule["name"]))
