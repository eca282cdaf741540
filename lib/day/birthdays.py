"""Birthdays of the day: who on the day's roster has the day's month and day as their 生日."""
from __future__ import annotations

import calendar

import pandas as pd

from lib.floor.memo import kept
from lib.floor.metrics import Day, day_stamp, id_sort_key

LEAP_DAY, LEAP_DAY_ELSE = "02-29", "02-28"   # a 29 February birthday is kept on 28 February in other years


def birthday_keys(day: Day) -> tuple[str, ...]:
    """The roster birthdays ("MM-DD") celebrated on a day: its own, and 02-29 too on 28 February of a
    year without a 29th."""
    d = day_stamp(day)
    own = f"{d.month:02d}-{d.day:02d}"
    return (own, LEAP_DAY) if own == LEAP_DAY_ELSE and not calendar.isleap(d.year) else (own,)


def birthdays_on(schedule: pd.DataFrame, day: Day, group: str | None = None) -> pd.DataFrame:
    """The people on the day's roster whose birthday it is: agent_id, name, group, in id order.

    On the day's roster means a line of the roster that day (resting ones too, every role), with that
    line's group and birthday; `group` keeps that group's alone. 29 February birthdays are celebrated
    on 28 February in a year without a 29th. A day no roster covers has nobody.
    """
    return _birthdays_on(schedule, day_stamp(day), None if group is None else str(group))


@kept(size=8)
def _birthdays_on(schedule: pd.DataFrame, d: pd.Timestamp, group: str | None) -> pd.DataFrame:
    if "birthday" not in schedule.columns:   # a frame built by hand, not by the loader
        return pd.DataFrame({c: pd.Series(dtype="str") for c in ("agent_id", "name", "group")})
    rows = schedule[(schedule["date"] == d) & schedule["birthday"].isin(birthday_keys(d))]
    if group is not None:
        rows = rows[rows["group"] == group]
    rows = rows.drop_duplicates("agent_id", keep="last")
    rows = rows.sort_values("agent_id", key=id_sort_key, kind="mergesort")
    return rows[["agent_id", "name", "group"]].reset_index(drop=True)
