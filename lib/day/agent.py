"""One agent's record (坐席详情): today by slot and the last days by day against their group. Pure."""
from __future__ import annotations

import pandas as pd

from lib.day.workbench import group_hours
from lib.floor.roster import sorted_ids
from lib.floor.metrics import Day, clock_of, day_stamp, handle_rate, hourly_by_agent, id_sort_key

TODAY_COLUMNS = ["label", "group", "volume", "handled", "rate", "group_avg_volume", "group_rate"]
DAYS_COLUMNS = ["date", "label", "group", "volume", "handled", "rate", "group_avg_volume", "group_rate"]


def agent_choices(schedule: pd.DataFrame, reports: pd.DataFrame, groups: list[str], day: Day) -> pd.DataFrame:
    """Agents of the given groups that day (roster, or report rows worked for them): agent_id, name, group."""
    d = day_stamp(day)
    s = schedule[(schedule["date"] == d) & schedule["role"].isin(["agent", ""])
                 & schedule["group"].isin(groups)][["agent_id", "name", "group"]]
    r = reports[(reports["date"] == d) & reports["group"].isin(groups)][["agent_id", "name", "group"]]
    out = pd.concat([s, r], ignore_index=True).drop_duplicates("agent_id")
    return out.sort_values("agent_id", key=id_sort_key, kind="mergesort").reset_index(drop=True)


def agent_home(schedule: pd.DataFrame, reports: pd.DataFrame, agent_id: str, day: Day) -> tuple[str, str] | None:
    """(name, group) of an agent: the roster's that day, else their latest roster line, else their
    latest report row; None when nobody knows the 工号."""
    d = day_stamp(day)
    mine = schedule[schedule["agent_id"] == str(agent_id)]
    if len(mine):
        on_day = mine[mine["date"] == d]
        row = (on_day if len(on_day) else mine.sort_values("date", kind="mergesort")).iloc[-1]
        return row["name"], row["group"]
    rows = reports[reports["agent_id"] == str(agent_id)].sort_values(["date", "end_minute"], kind="mergesort")
    return (rows["name"].iloc[-1], rows["group"].iloc[-1]) if len(rows) else None


def agent_today(reports: pd.DataFrame, agent_id: str, day: Day, at_minute: int) -> pd.DataFrame:
    """The agent's slots that day by at_minute beside the group each slot was worked for.

    Columns label, group, volume, handled, rate, group_avg_volume, group_rate (group figures per
    agent with volume in that slot, and the group's rate).
    """
    mine = hourly_by_agent(reports[reports["agent_id"] == str(agent_id)], day)
    mine = mine[mine["end_minute"] <= int(at_minute)]
    if mine.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c in ("label", "group") else "float64")
                             for c in TODAY_COLUMNS})
    parts = []
    for group in sorted_ids(mine["group"]):
        g = group_hours(reports, day, at_minute, group)[["hour", "avg_volume", "rate"]]
        parts.append(g.rename(columns={"avg_volume": "group_avg_volume", "rate": "group_rate"}).assign(group=group))
    out = mine.merge(pd.concat(parts, ignore_index=True), on=["hour", "group"], how="left")
    out["label"] = [clock_of(int(h) * 60) for h in out["hour"]]
    return out.sort_values("hour", kind="mergesort")[TODAY_COLUMNS].reset_index(drop=True)


def _per_day(rows: pd.DataFrame) -> pd.DataFrame:
    """Per date and group: volume, handled, agents with volume."""
    per_agent = rows.groupby(["date", "group", "agent_id"])["volume"].sum()
    g = rows.groupby(["date", "group"])
    out = pd.DataFrame({"volume": g["volume"].sum(), "handled": g["handled"].sum()})
    out["agents"] = (per_agent > 0).groupby(level=["date", "group"]).sum()
    return out


def agent_days(reports: pd.DataFrame, agent_id: str, end_day: Day, days: int) -> pd.DataFrame:
    """The agent's days in the `days` up to end_day (included) beside their group's, oldest first.

    The group of a day is the one the agent worked for on their latest slot; the group's figures
    are its volume per agent with volume, and its rate, over the whole day.
    """
    end = day_stamp(end_day)
    window = reports[(reports["date"] > end - pd.Timedelta(days=days)) & (reports["date"] <= end)]
    mine = window[window["agent_id"] == str(agent_id)]
    if mine.empty:
        return pd.DataFrame({c: pd.Series([], dtype="datetime64[ns]" if c == "date" else
                                          "str" if c in ("label", "group") else "float64")
                             for c in DAYS_COLUMNS})
    last_group = mine.sort_values(["date", "end_minute"], kind="mergesort").groupby("date")["group"].last()
    sums = mine.groupby("date")[["volume", "handled"]].sum()
    groups = _per_day(window[window["group"].isin(set(last_group))])
    out = sums.assign(group=last_group).reset_index()
    keyed = groups.reindex(pd.MultiIndex.from_arrays([out["date"], out["group"]]))
    out["rate"] = handle_rate(out["handled"], out["volume"])
    n = keyed["agents"].where(keyed["agents"] > 0).to_numpy(dtype="float64")
    out["group_avg_volume"] = keyed["volume"].to_numpy(dtype="float64") / n
    out["group_rate"] = handle_rate(keyed["handled"].reset_index(drop=True), keyed["volume"].reset_index(drop=True))
    out["label"] = out["date"].dt.strftime("%m-%d")
    return out.sort_values("date", kind="mergesort")[DAYS_COLUMNS].reset_index(drop=True)


def window_months(end_day: Day, days: int) -> list[str]:
    """The "YYYY-MM" months the `days` up to end_day touch, oldest first."""
    end = day_stamp(end_day)
    start = end - pd.Timedelta(days=days - 1)
    return [str(p) for p in pd.period_range(start, end, freq="M")]


def agent_records(frame: pd.DataFrame, agent_id: str, end_day: Day, days: int) -> pd.DataFrame:
    """An agent's rows of a 日期 store table in the `days` up to end_day, newest first."""
    if frame.empty:
        return frame
    end = day_stamp(end_day)
    mine = frame[(frame["工号"] == str(agent_id)) & (frame["日期"] > end - pd.Timedelta(days=days))
                 & (frame["日期"] <= end)]
    return mine.sort_values(["日期", "提交时间"], ascending=False, kind="mergesort").reset_index(drop=True)

