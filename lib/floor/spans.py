"""Per-agent sums of report rows, and a month of them read from the files without building a floor.

`agent_sums` is the pure part: volume and handled per agent and group of some rows (sums add up, so
the sums of a month read a few files at a time are the month's). `month_agent_sums` reads a month
the page's floor does not hold (the month before, "yesterday's" month on the 1st) the way
`cache.month_group_rates` reads a month's groups: each group of report files sharing a date is
combined with the rosters as a floor would, summed per agent and let go; kept while the files are
unchanged. The most improved of the month (lib/month/improved.py) is their one user.
"""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from pathlib import Path

import pandas as pd

from lib.config import Settings
from lib.floor import cache
from lib.floor.metrics import month_report_rows
from lib.floor.schema import DAY_TOTAL_START, freeze

SUM_COLUMNS = ["agent_id", "group", "name", "volume", "handled"]
_sums: "OrderedDict[tuple, pd.DataFrame]" = OrderedDict()   # month_agent_sums, the last few asked


def empty_sums() -> pd.DataFrame:
    """SUM_COLUMNS without a row."""
    return pd.DataFrame({c: pd.Series([], dtype="str" if c in ("agent_id", "group", "name") else "float64")
                         for c in SUM_COLUMNS})


def agent_sums(rows: pd.DataFrame) -> pd.DataFrame:
    """SUM_COLUMNS: Σ volume and Σ handled per (agent, group the rows were worked for), with the
    agent's first non-empty name there ("" when none); rows without an agent id count for no one."""
    rows = rows[rows["agent_id"].notna() & (rows["agent_id"].astype(str) != "")]
    if rows.empty:
        return empty_sums()
    names = rows["name"].where(rows["name"].astype(str).str.strip() != "")
    g = rows.assign(name=names).groupby(["agent_id", "group"], sort=False)
    out = pd.DataFrame({"name": g["name"].first().fillna(""), "volume": g["volume"].sum(),
                        "handled": g["handled"].sum()}).reset_index()
    return out.astype({"agent_id": "str", "group": "str", "name": "str", "volume": "float64",
                       "handled": "float64"})[SUM_COLUMNS]


def add_sums(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Several SUM_COLUMNS frames as one (the same agent and group added up, the first name kept)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_sums()
    both = pd.concat(parts, ignore_index=True)
    both = both.assign(name=both["name"].where(both["name"] != ""))
    g = both.groupby(["agent_id", "group"], sort=False)
    out = pd.DataFrame({"name": g["name"].first().fillna(""), "volume": g["volume"].sum(),
                        "handled": g["handled"].sum()}).reset_index()
    return out.astype({"agent_id": "str", "group": "str", "name": "str"})[SUM_COLUMNS]


def month_rows_through(rows: pd.DataFrame, month: str, through: tuple[dt.date, int, bool] | None = None) -> pd.DataFrame:
    """The rows the month's figures count (metrics.month_report_rows: impossible rows left out), and
    with `through` = (day, minute, totals) none after that day nor that day's slots ending after that
    minute (its day totals, a report without slots, only with `totals`)."""
    rows = month_report_rows(rows, month)
    if through is None:
        return rows
    day, minute, totals = pd.Timestamp(through[0]), int(through[1]), bool(through[2])
    today = (rows["end_minute"] <= minute) | ((rows["start_minute"] == DAY_TOTAL_START) & totals)
    return rows[(rows["date"] < day) | ((rows["date"] == day) & today)]


def month_agent_sums(root: Path, settings: Settings, month: str,
                     through: tuple[dt.date, int, bool] | None = None) -> pd.DataFrame:
    """A month's ("YYYY-MM") SUM_COLUMNS read from the files (month_rows_through: without the
    impossible rows; with `through`, up to that day and minute), no floor of the month built or kept."""
    y, m = (int(x) for x in month.split("-"))
    period = cache.month_period(dt.date(y, m, 1), 0)

    def make() -> pd.DataFrame:
        return freeze(add_sums([agent_sums(month_rows_through(rows, month, through))
                                for rows in cache._combined_groups(chosen, settings)]))

    with cache._lock:
        chosen = cache._period_files(root, settings, period)
        key = (str(Path(root).resolve()), cache._settings_key(settings), tuple(r.signature for r in chosen), month,
               through)
        return cache._memo(_sums, key, make)
