"""The center's written rules over the roster and attendance: pure, no I/O.

- (attendance deductions per record are not here: lib/day/attendance.py holds that one rule);
- the director and the senior lead never rest on the same day;
- each working day has exactly one duty lead;
- the days the senior lead acts for the director (director rests, senior lead works).
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from lib.floor.memo import kept
from lib.floor.metrics import id_sort_key, month_rows
from lib.i18n import t

VIOLATION_COLUMNS = ["date", "rule", "detail"]
DIRECTOR, SENIOR = "director", "senior_lead"


def _names(people: pd.DataFrame) -> str:
    """The people's names (id when nameless) by agent_id, joined with 、."""
    people = people.sort_values("agent_id", key=id_sort_key, kind="mergesort")
    return "、".join(n or a for n, a in zip(people["name"], people["agent_id"]))


def _director_rests(day_rows: pd.DataFrame) -> bool:
    """The roster lists a director that day and none of them works."""
    directors = day_rows[day_rows["role"] == DIRECTOR]
    return not directors.empty and not directors["working"].any()


@kept(size=4)
def schedule_violations(schedule: pd.DataFrame, month: str) -> pd.DataFrame:
    """Roster rule breaches of the month (date, rule, detail), by date then rule.

    - director_senior_both_rest: a day on which the roster lists a director and a senior lead
      and every one of them rests.
    - duty_count: a working day (some agent works) without exactly one working duty lead;
      detail says "0" or names the duty leads. A duty mark on someone resting does not count,
      since nobody is then on duty.
    """
    rows = month_rows(schedule, month)
    found: list[dict] = []
    for day, day_rows in rows.groupby("date", sort=True):
        seniors = day_rows[day_rows["role"] == SENIOR]
        if _director_rests(day_rows) and not seniors.empty and not seniors["working"].any():
            directors = day_rows[day_rows["role"] == DIRECTOR]
            found.append({"date": day, "rule": "director_senior_both_rest",
                          "detail": t("detail.both_rest", directors=_names(directors), seniors=_names(seniors))})
        people = day_rows.drop_duplicates("agent_id")
        agents_work = (people["working"] & people["role"].isin(["agent", ""])).any()
        duty = people[people["duty"] & people["working"]]
        if agents_work and len(duty) != 1:
            detail = t("detail.no_duty") if duty.empty else t("detail.many_duty", n=len(duty), names=_names(duty))
            found.append({"date": day, "rule": "duty_count", "detail": detail})
    out = pd.DataFrame(found, columns=VIOLATION_COLUMNS)
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out["rule"] = out["rule"].astype("str")
    out["detail"] = out["detail"].astype("str")
    return out.sort_values(["date", "rule"], kind="mergesort").reset_index(drop=True)


@kept(size=4)
def acting_days(schedule: pd.DataFrame, month: str) -> list[date]:
    """Days of the month the roster has the director resting and a senior lead working, in order."""
    rows = month_rows(schedule, month)
    days = []
    for day, day_rows in rows.groupby("date", sort=True):
        seniors = day_rows[day_rows["role"] == SENIOR]
        if _director_rests(day_rows) and seniors["working"].any():
            days.append(pd.Timestamp(day).date())
    return days
