"""The lead workbench's figures for one group and day: assignment, roster, hourly grid, charts, yesterday.

Pure functions over the canonical frames (lib.schema) and the store's frames; no I/O, no Streamlit.
Form checks return `FieldProblems`: {field: (catalogue key, values)}, empty when the input may be written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.floor.memo import kept
from lib.floor.roster import sorted_ids
from lib.floor.metrics import (Day, clock_of, day_stamp, group_averages, handle_rate, hourly_by_agent, rows_until)

MEASURES = ("volume", "handled", "rate")
TOTAL = "total"
GROUP_HOUR_COLUMNS = ["hour", "label", "volume", "handled", "rate", "agents", "avg_volume", "avg_handled"]


@dataclass(frozen=True)
class Assignment:
    """A group's project and script for a day, and the script of its previous assigned day."""

    project: str
    script: str
    target_rate: float
    target_handled: float
    previous_script: str
    previous_date: dt.date | None

    @property
    def script_changed(self) -> bool:
        return self.previous_date is not None and self.script != self.previous_script


def _joined(s: pd.Series) -> str:
    return "/".join(dict.fromkeys(v.strip() for v in s if v.strip()))


def assignment(projects: pd.DataFrame, group: str, day: Day) -> Assignment | None:
    """The group's assignment that day (None when the project list has none).

    "Yesterday" is the group's latest earlier day in the project list, so a Monday compares with
    the Friday before when the weekend has no lines.
    """
    d = day_stamp(day)
    mine = projects[projects["group"] == str(group)]
    today = mine[mine["date"] == d]
    if today.empty:
        return None
    before = mine[mine["date"] < d]
    prev_date = before["date"].max() if len(before) else None
    prev = before[before["date"] == prev_date] if prev_date is not None else before
    return Assignment(_joined(today["project"]), _joined(today["script"]),
                      float(today["target_rate"].iloc[0]), float(today["target_handled"].iloc[0]),
                      _joined(prev["script"]), prev_date.date() if prev_date is not None else None)


# ---------------------------------------------------------------- hours

def agent_hours(reports: pd.DataFrame, day: Day, group: str, at_minute: int) -> pd.DataFrame:
    """Per agent and slot worked for the group, slots ended by at_minute (metrics.hourly_by_agent)."""
    rows = hourly_by_agent(reports, day, str(group))
    return rows[rows["end_minute"] <= int(at_minute)].reset_index(drop=True)


def group_hours(reports: pd.DataFrame, day: Day, at_minute: int, group: str | None = None) -> pd.DataFrame:
    """Per slot of the group (the center when None): sums, rate, agents with volume and sums per such agent."""
    rows = rows_until(reports, day, at_minute)
    if group is not None:
        rows = rows[rows["group"] == str(group)]
    if rows.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c == "label" else "float64")
                             for c in GROUP_HOUR_COLUMNS})
    per_agent = rows.groupby(["hour", "agent_id"])["volume"].sum()
    g = rows.groupby("hour")
    out = pd.DataFrame({"volume": g["volume"].sum(), "handled": g["handled"].sum()})
    out["agents"] = (per_agent > 0).groupby(level="hour").sum().astype("float64")
    out["rate"] = handle_rate(out["handled"], out["volume"])
    n = out["agents"].where(out["agents"] > 0)
    out["avg_volume"], out["avg_handled"] = out["volume"] / n, out["handled"] / n
    out = out.reset_index()
    out["label"] = [clock_of(h * 60) for h in out["hour"]]
    return out[GROUP_HOUR_COLUMNS]


def _group_cell(rows: pd.DataFrame, measure: str) -> float:
    """The group's figure over some agent-slots: the rate of the sums, or the sums per agent with volume."""
    if measure == "rate":
        return handle_rate(rows["handled"].sum(), rows["volume"].sum())
    agents = rows.loc[rows["volume"] > 0, "agent_id"].nunique()
    return rows[measure].sum() / agents if agents else float("nan")


def hourly_grid(hours: pd.DataFrame, measure: str, group_label: str) -> pd.DataFrame:
    """Agents x slots of one measure (volume, handled or rate), a `total` column and the group as last row.

    `hours` is agent_hours(...). An agent's total is their sum (rate: Σhandled/Σvolume); the group
    row holds per slot the group's sum per agent with volume (rate: the group's rate), and its total
    the same over the whole period. A slot the agent did not work is empty (NaN).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    slots = sorted(hours["hour"].unique())
    labels = [clock_of(int(h) * 60) for h in slots]
    cols = ["agent_id", "name", *labels, TOTAL]
    if hours.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c in ("agent_id", "name") else "float64")
                             for c in cols})
    wide = hours.pivot_table(index="agent_id", columns="hour", values=measure, aggfunc="sum", sort=False)
    wide = wide.reindex(columns=slots)
    wide.columns = labels
    sums = hours.groupby("agent_id")[["volume", "handled"]].sum()
    wide[TOTAL] = handle_rate(sums["handled"], sums["volume"]) if measure == "rate" else sums[measure]
    names = hours.groupby("agent_id")["name"].first()
    order = sorted_ids(wide.index)
    out = wide.reindex(order).reset_index(names=["agent_id"])
    out.insert(1, "name", out["agent_id"].map(names).fillna(""))
    group_row = {"agent_id": "", "name": group_label, TOTAL: _group_cell(hours, measure)}
    for h, label in zip(slots, labels):
        group_row[label] = _group_cell(hours[hours["hour"] == h], measure)
    out = pd.concat([out, pd.DataFrame([group_row])], ignore_index=True)
    return out[cols].astype({c: "float64" for c in cols[2:]})


def hourly_marks(grid: pd.DataFrame, low_ratio: float, high_ratio: float) -> pd.DataFrame:
    """Per agent cell of hourly_grid: "low" below low_ratio x the group's figure, "high" at or above
    high_ratio x it, else "" (also where either figure is missing); the group row is never marked."""
    marks = pd.DataFrame("", index=grid.index, columns=grid.columns)
    if grid.empty:
        return marks
    figures = grid.columns[2:]
    ref = grid.iloc[-1][figures].astype("float64")
    body = grid.iloc[:-1][figures].astype("float64")
    usable = ref.where(ref > 0)
    low = body.lt(usable * low_ratio, axis=1)
    high = body.ge(usable * high_ratio, axis=1)
    marks.loc[body.index, figures] = np.select([high.to_numpy(), low.to_numpy()], ["high", "low"], "")
    return marks


def agent_vs_group(hours: pd.DataFrame, agent_id: str) -> pd.DataFrame:
    """One agent's slots beside the group's: label, volume, rate, group_avg_volume, group_rate.

    Every slot the group worked is listed; where the agent did not work their figures are NaN.
    """
    slots = sorted(hours["hour"].unique())
    mine = hours[hours["agent_id"] == str(agent_id)].set_index("hour")
    rows = []
    for h in slots:
        at = hours[hours["hour"] == h]
        rows.append({"label": clock_of(int(h) * 60),
                     "volume": mine["volume"].get(h, float("nan")),
                     "rate": mine["rate"].get(h, float("nan")),
                     "group_avg_volume": _group_cell(at, "volume"), "group_rate": _group_cell(at, "rate")})
    return pd.DataFrame(rows, columns=["label", "volume", "rate", "group_avg_volume", "group_rate"])


@kept(size=8)
def group_vs_center(reports: pd.DataFrame, day: Day, group: str, at_minute: int) -> pd.DataFrame:
    """The group's slots beside the whole center's: label, avg_volume, rate, center_avg_volume, center_rate."""
    g = group_hours(reports, day, at_minute, group)
    c = group_hours(reports, day, at_minute, None)
    out = c[["hour", "label", "avg_volume", "rate"]].rename(
        columns={"avg_volume": "center_avg_volume", "rate": "center_rate"})
    out = out.merge(g[["hour", "avg_volume", "rate"]], on="hour", how="left")
    return out[["label", "avg_volume", "rate", "center_avg_volume", "center_rate"]]


def wrong_task_list(flags: pd.DataFrame, hours_rows: pd.DataFrame, group: str) -> pd.DataFrame:
    """The group's wrong_task flags: agent_id, name, started ("10:00"), detail, project of the latest slot.

    `hours_rows` are the report rows so far (metrics.rows_until); the latest project shows whether
    the agent has switched back.
    """
    w = flags[(flags["kind"] == "wrong_task") & (flags["group"] == str(group))]
    rows = hours_rows[hours_rows["group"] == str(group)].sort_values("end_minute", kind="mergesort")
    latest = rows.groupby("agent_id")["project"].last()
    out = pd.DataFrame({
        "agent_id": w["agent_id"], "name": w["name"],
        "started": [clock_of(int(h) * 60) if pd.notna(h) else "" for h in w["hour"]],
        "detail": w["detail"], "project_now": w["agent_id"].map(latest).fillna(""),
    })
    return out.reset_index(drop=True)


# ---------------------------------------------------------------- yesterday

@kept(size=8)
def previous_days(reports: pd.DataFrame, group: str, day: Day, n: int = 2) -> list[pd.Timestamp]:
    """The group's latest n days with report rows before `day`, newest first."""
    dates = reports.loc[(reports["group"] == str(group)) & (reports["date"] < day_stamp(day)), "date"]
    return sorted(dates.unique(), reverse=True)[:n]


def day_line(reports: pd.DataFrame, group: str, day: Day, qa: pd.DataFrame) -> dict[str, float]:
    """The group's full day: agents, volume, handled, rate, avg_volume, avg_handled, qa_count, qa_avg.

    qa: the store's 质检评分 rows of that day; the group's are those whose 组别 is the group.
    """
    line = group_averages(reports, day, "day", 24 * 60)
    line = line[line["group"] == str(group)]
    out = {k: float(line[k].iloc[0]) if len(line) else float("nan")
           for k in ("agents", "volume", "handled", "rate", "avg_volume", "avg_handled")}
    mine = qa[qa["组别"] == str(group)] if "组别" in qa else qa.iloc[0:0]
    out["qa_count"] = float(len(mine))
    out["qa_avg"] = float(mine["总分"].mean()) if len(mine) else float("nan")
    return out


@kept(size=16)
def _agent_day(reports: pd.DataFrame, group: str, day: Day) -> pd.DataFrame:
    rows = reports[(reports["date"] == day_stamp(day)) & (reports["group"] == str(group))]
    g = rows.groupby("agent_id")
    out = pd.DataFrame({"name": g["name"].first(), "volume": g["volume"].sum(), "handled": g["handled"].sum()})
    out["rate"] = handle_rate(out["handled"], out["volume"])
    return out


def _qa_means(qa: pd.DataFrame) -> pd.Series:
    if qa.empty or "总分" not in qa:
        return pd.Series(dtype="float64")
    return qa.groupby("工号")["总分"].mean()


def agent_changes(reports: pd.DataFrame, group: str, day: Day, before: Day, min_volume: float,
                  qa_day: pd.DataFrame, qa_before: pd.DataFrame) -> pd.DataFrame:
    """Agents who worked for the group on `day`: their rate and QA then and on `before`, best change first.

    Columns agent_id, name, volume_before, rate_before, volume, rate, change, qa_before, qa. change is
    rate − rate_before, only where both days reach min_volume (a few calls say nothing); else NaN.
    """
    now, then = _agent_day(reports, group, day), _agent_day(reports, group, before)
    out = now.join(then[["volume", "rate"]].add_suffix("_before"), how="left")
    usable = (out["volume"] >= min_volume) & (out["volume_before"] >= min_volume)
    out["change"] = (out["rate"] - out["rate_before"]).where(usable)
    out["qa"] = out.index.map(_qa_means(qa_day)).astype("float64")
    out["qa_before"] = out.index.map(_qa_means(qa_before)).astype("float64")
    out = out.reset_index(names="agent_id")
    out = out.sort_values(["change", "agent_id"], ascending=[False, True], na_position="last", kind="mergesort")
    cols = ["agent_id", "name", "volume_before", "rate_before", "volume", "rate", "change", "qa_before", "qa"]
    return out[cols].reset_index(drop=True)


def movers(changes: pd.DataFrame, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(improved, fell): the n largest rises in rate, and every fall, largest fall first."""
    up = changes[changes["change"] > 0].nlargest(n, "change")
    down = changes[changes["change"] < 0].sort_values("change", kind="mergesort")
    return up.reset_index(drop=True), down.reset_index(drop=True)


LINE_KEYS = ("agents", "volume", "handled", "rate", "avg_volume", "avg_handled", "qa_count", "qa_avg")


@dataclass(frozen=True)
class Yesterday:
    """The group's previous day with data against the day before it, and each agent's change."""

    day: pd.Timestamp
    before: pd.Timestamp | None
    line: dict[str, float]
    line_before: dict[str, float] | None
    changes: pd.DataFrame    # agent_changes (empty without a day before)

    def lines(self) -> pd.DataFrame:
        """The two days as rows (date, then LINE_KEYS), the earlier first."""
        rows = [] if self.before is None else [{"date": self.before, **self.line_before}]
        return pd.DataFrame(rows + [{"date": self.day, **self.line}], columns=["date", *LINE_KEYS])


def yesterday(reports: pd.DataFrame, group: str, day: Day, qa_of, min_volume: float) -> Yesterday | None:
    """Yesterday's summary for the morning meeting (None when the group has no earlier day).

    qa_of(date) gives the store's 质检评分 rows of a date.
    """
    days = previous_days(reports, group, day)
    if not days:
        return None
    d1, d0 = days[0], (days[1] if len(days) > 1 else None)
    qa1 = qa_of(d1)
    qa0 = qa_of(d0) if d0 is not None else qa1.iloc[0:0]
    changes = agent_changes(reports, group, d1, d0 if d0 is not None else d1 - pd.Timedelta(days=1),
                            min_volume, qa1, qa0)
    return Yesterday(d1, d0, day_line(reports, group, d1, qa1),
                     day_line(reports, group, d0, qa0) if d0 is not None else None, changes)


# ---------------------------------------------------------------- monitoring


