"""The duty lead's other work: who is on duty and who leads each group, the duty log written back
once per period, QA collection by lead, and every group's flags with the lead responsible."""
from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from lib.config import Settings
from lib.day.flags import flags_at
from lib.floor.roster import duty_leads
from lib.floor.metrics import agent_totals, day_stamp, group_averages, id_sort_key, rows_until

Period = Literal["morning", "day"]
PERIOD_LABEL = {"morning": "上午", "day": "全天"}   # 时段 of the 值班日志 sheet (DATA.md)
LEAD_ROLES = ("lead", "deputy_lead")


def duty_lead(schedule: pd.DataFrame, day) -> str:
    """The name of the day's duty lead on the roster ("" when none; names joined with 、 when several)."""
    d = duty_leads(schedule, day)
    return "、".join(n or a for n, a in zip(d["name"], d["agent_id"]))


def lead_names(schedule: pd.DataFrame, day) -> dict[str, str]:
    """Each group's lead (deputy when the lead rests) by name, marked （休） when none of them works."""
    s = schedule[(schedule["date"] == day_stamp(day)) & schedule["role"].isin(LEAD_ROLES)]
    if s.empty:
        return {}
    # One sort: per group the working ones first, the lead before the deputy; the first row is the one.
    first = s.assign(_rest=~s["working"].astype(bool), _role=s["role"].map({"lead": 0, "deputy_lead": 1})) \
        .sort_values(["group", "_rest", "_role"], kind="mergesort").drop_duplicates("group")
    return {g: n if w else f"{n}（休）" for g, n, w in zip(first["group"], first["name"], first["working"])}


# ---------------------------------------------------------------- duty log

def duty_log_ready(settings: Settings, period: Period, at_minute: int) -> bool:
    """Whether the period is over: the morning after [day] morning_end, the day after [day] end."""
    return at_minute >= (settings.day.morning_end_minute if period == "morning" else settings.day.end_minute)


def _r2(x: float) -> float | None:
    return None if pd.isna(x) else round(float(x), 2)


def duty_log_rows(reports: pd.DataFrame, day, period: Period, duty: str, settings: Settings,
                  notes: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The 值班日志 rows of a period, one per group, with the group averages and any note (备注)."""
    avg = group_averages(reports, day, period, settings.morning_end_minute)
    notes = notes or {}
    date = day_stamp(day).date().isoformat()
    return [{"日期": date, "值班组长": duty, "时段": PERIOD_LABEL[period], "组别": r.group, "人数": int(r.agents),
             "数据量": r.volume, "办理量": r.handled, "办理率": None if pd.isna(r.rate) else round(r.rate, 4),
             "人均数据量": _r2(r.avg_volume), "人均办理量": _r2(r.avg_handled),
             "备注": notes.get(r.group, "")} for r in avg.itertuples()]


LOG_KEYS = ("日期", "值班组长", "时段", "组别", "人数", "数据量", "办理量", "办理率", "人均数据量", "人均办理量", "备注")


def duty_log_sheet(reports: pd.DataFrame, day, duty: str, settings: Settings, store_rows: pd.DataFrame) -> pd.DataFrame:
    """The day's 值班日志 as one document (the FTP upload): the morning's then the day's rows of
    duty_log_rows, each group's note (备注) as written back for that period."""
    rows: list[dict[str, Any]] = []
    for period in ("morning", "day"):
        w = written_duty_log(store_rows, period)
        notes = dict(zip(w["组别"], w["备注"].fillna("").astype(str))) if len(w) else {}
        rows += duty_log_rows(reports, day, period, duty, settings, notes)
    return pd.DataFrame(rows, columns=list(LOG_KEYS))


def written_duty_log(store_rows: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The current 值班日志 rows of a period already written that day (store.read_day rows)."""
    if store_rows.empty:
        return store_rows
    return store_rows[store_rows["时段"] == PERIOD_LABEL[period]].reset_index(drop=True)


def write_duty_log(store, rows: list[dict[str, Any]], written: pd.DataFrame, submitted_by: str) -> list[str]:
    """Write the period's rows: new groups appended, groups already written corrected (store.correct).

    The caller asks before a second write; here a group's existing record is replaced, never doubled.
    """
    existing = dict(zip(written["组别"], written["记录编号"])) if len(written) else {}
    ids = [store.correct("duty_log", existing[r["组别"]], r, submitted_by=submitted_by)
           for r in rows if r["组别"] in existing]
    fresh = [r for r in rows if r["组别"] not in existing]
    if fresh:
        ids += store.append("duty_log", fresh, submitted_by=submitted_by)
    return ids


# ---------------------------------------------------------------- QA collection and flags

def qa_collection(reports: pd.DataFrame, schedule: pd.DataFrame, qa_rows: pd.DataFrame, day, at_minute: int,
                  per_agent: int = 1) -> pd.DataFrame:
    """Per group: lead, agents present (with report rows by `at_minute`), scored, missing (工号姓名 list).

    An agent is present in the group they last worked for; scored when the 质检评分 rows of the day
    hold at least `per_agent` recordings of theirs (any group).
    """
    cols = ["group", "lead", "agents", "scored", "missing"]
    present = agent_totals(rows_until(reports, day, at_minute))
    if present.empty:
        return pd.DataFrame(columns=cols)
    counts = qa_rows["工号"].str.strip().value_counts() if len(qa_rows) else pd.Series(dtype="int64")
    present["done"] = present["agent_id"].map(counts).fillna(0) >= per_agent
    leads = lead_names(schedule, day)
    rows = []
    present = present.sort_values("agent_id", key=id_sort_key, kind="mergesort")   # once: each group keeps the order
    for group, g in present.groupby("group", sort=False):
        rows.append({"group": group, "lead": leads.get(group, ""), "agents": len(g), "scored": int(g["done"].sum()),
                     "missing": "、".join(a + n for a, n in zip(g.loc[~g["done"], "agent_id"], g.loc[~g["done"], "name"]))})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("group", key=id_sort_key, kind="mergesort").reset_index(drop=True)


def flags_with_leads(reports: pd.DataFrame, schedule: pd.DataFrame, projects: pd.DataFrame, day, at_minute: int,
                     settings: Settings) -> pd.DataFrame:
    """Every group's flags at a time, wrong tasks first, with the lead responsible for the group."""
    f = flags_at(reports, schedule, projects, day, at_minute, settings)
    leads = lead_names(schedule, day)
    f = f.assign(lead=f["group"].map(leads).fillna(""), order=(f["kind"] != "wrong_task").astype(int))
    f = f.sort_values(["order", "group"], key=lambda s: id_sort_key(s) if s.name == "group" else s, kind="mergesort")
    return f[["group", "lead", "agent_id", "name", "kind", "detail"]].reset_index(drop=True)
