"""What the home page and the data-health page say about a floor at a moment."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib.config import Settings
from lib.day.flags import flags_at
from lib.floor.cache import Floor
from lib.floor.metrics import center_totals, day_stamp, group_standings


@dataclass(frozen=True)
class DaySummary:
    """Today's floor in a few figures."""

    scheduled: int
    resting: int
    duty_leads: list[str]
    totals: dict[str, float]
    standings: pd.DataFrame
    flags: pd.DataFrame
    errors: int
    warnings: int


def day_summary(floor: Floor, day: dt.date, at_minute: int, settings: Settings) -> DaySummary:
    """The figures of the home page for a day at a time."""
    sched = floor.schedule[floor.schedule["date"] == day_stamp(day)]
    agents = sched[sched["role"] == "agent"]
    duty = sched[sched["duty"] & sched["working"]]
    p = floor.problems
    return DaySummary(
        scheduled=int(agents["working"].sum()),
        resting=int((~agents["working"]).sum()),
        duty_leads=[f"{r.name}（{r.group}）" for r in duty.itertuples()],
        totals=center_totals(floor.reports, day, at_minute),
        standings=group_standings(floor.reports, day, at_minute),
        flags=flags_at(floor.reports, floor.schedule, floor.projects, day, at_minute, settings),
        errors=int((p["severity"] == "error").sum()),
        warnings=int((p["severity"] == "warning").sum()),
    )


def files_overview(floor: Floor) -> pd.DataFrame:
    """Every sheet read, with its table, rows and dates, and how many problems it has."""
    files = floor.files.copy()
    counts = floor.problems.groupby(["file", "sheet"]).size().rename("problems")
    files = files.join(counts, on=["file", "sheet"])
    files["problems"] = files["problems"].fillna(0).astype(int)
    return files
