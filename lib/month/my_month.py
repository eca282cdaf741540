"""An agent's own month so far (我的本月), for the agent page: their handle rate and rank day by day,
the QA items that lose them the most points, their attendance records with the rule's deductions,
and the suggested star level with its reasons and what the next level needs.

Pure. The star level is the monthly review's (lib.month.review.agent_month and star_suggestion, the
bars of `[stars]` in config.toml); nothing here holds a threshold of its own. The rank of a day is
the broadcast ranking's (lib.floor.metrics.ranking_at, `[ranking]` bars) at the day's end, or at
the page's moment on the day shown; rank_group is among the agents of the group the agent ended
that day in.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.config import Settings
from lib.i18n import formats, t
from lib.floor.metrics import Day, day_stamp, ranking_at
from lib.floor.schema import DAY_TOTAL_END
from lib.day.attendance import deductions
from lib.quality.qa import scorecard
from lib.quality.qa_analytics import in_month, points_lost, qa_trend
from lib.month.review import Stars, agent_month, rows_as_of, star_reason, star_suggestion

DAY_COLUMNS = ["date", "group", "volume", "handled", "rate", "rank_group", "ranked_group", "rank_center",
               "ranked_center"]
ATTENDANCE_COLUMNS = ["日期", "类别", "时长(小时)", "原因", "deduction"]


@dataclass(frozen=True)
class AgentMonth:
    """One agent's month so far, as the agent page shows it."""

    month: str
    days: pd.DataFrame          # DAY_COLUMNS, oldest first
    qa_items: pd.DataFrame      # points_lost of the agent's month: the items to work on first
    qa_trend: pd.DataFrame      # qa_trend by day
    attendance: pd.DataFrame    # ATTENDANCE_COLUMNS, oldest first
    stars: Stars | None         # None: no report rows this month
    reason: str                 # the review's reason for the level ("" without rows)
    next_level: list[str]       # what the next level needs, in words


def daily_ranks(reports: pd.DataFrame, agent_id: str, day: Day, at_minute: int, settings: Settings) -> pd.DataFrame:
    """The agent's days of day's month up to day (DAY_COLUMNS): their volume, handled, rate and
    their rank in the ranking at that day's end (at `at_minute` on `day`), in their group and in the
    center, with how many were ranked in each; rank <NA> below the ranking's bar."""
    d = day_stamp(day)
    start = d.replace(day=1)
    rows = reports[(reports["date"] >= start) & (reports["date"] <= d)]
    dates = sorted(rows.loc[rows["agent_id"] == str(agent_id), "date"].unique())
    cfg = settings.ranking
    out = []
    for date in dates:
        date = pd.Timestamp(date)
        at = int(at_minute) if date == d else DAY_TOTAL_END
        r = ranking_at(rows[rows["date"] == date], date, at, cfg.min_volume, per_hour=cfg.min_volume_per_hour)
        me = r[r["agent_id"] == str(agent_id)]
        if me.empty:
            continue
        me = me.iloc[0]
        ranked = r[r["rank"].notna()]
        mates = ranked[ranked["group"] == me["group"]]
        in_group = mates["agent_id"].tolist().index(str(agent_id)) + 1 if pd.notna(me["rank"]) else pd.NA
        out.append({"date": date, "group": me["group"], "volume": float(me["volume"]),
                    "handled": float(me["handled"]), "rate": float(me["rate"]),
                    "rank_group": in_group, "ranked_group": float(len(mates)),
                    "rank_center": me["rank"], "ranked_center": float(len(ranked))})
    frame = pd.DataFrame(out, columns=DAY_COLUMNS)
    for c in ("rank_group", "rank_center"):
        frame[c] = pd.array(frame[c].tolist(), dtype="Int64")
    for c in ("volume", "handled", "rate", "ranked_group", "ranked_center"):
        frame[c] = frame[c].astype("float64")
    frame["date"] = pd.to_datetime(frame["date"])
    frame["group"] = frame["group"].astype("str")
    return frame


def month_attendance(attendance: pd.DataFrame, agent_id: str, month: str, settings: Settings) -> pd.DataFrame:
    """The agent's attendance records of the month (ATTENDANCE_COLUMNS), oldest first; deduction is
    the rule's for the category (lib/day/attendance.py), whatever 扣分 was typed."""
    if attendance is None or attendance.empty:
        return pd.DataFrame({c: pd.Series([], dtype="float64" if c in ("时长(小时)", "deduction") else "str")
                             for c in ATTENDANCE_COLUMNS})
    p = pd.Period(month, freq="M")
    d = pd.to_datetime(attendance["日期"], errors="coerce")
    mine = attendance[(attendance["工号"].astype(str).str.strip() == str(agent_id))
                      & (d >= p.start_time) & (d <= p.end_time)]
    mine = mine.assign(deduction=deductions(mine["类别"], settings) if len(mine) else pd.Series(dtype="float64"))
    mine = mine.reindex(columns=ATTENDANCE_COLUMNS)
    return mine.sort_values("日期", kind="mergesort").reset_index(drop=True)


def next_level(s: Stars, settings: Settings, lang: str = "zh") -> list[str]:
    """What the level after the suggested one needs, in words, from the same `[stars]` bars as
    star_suggestion: the days still to work, the rate ratio and QA average of the next level where
    the agent is below it, and no absence when an absence capped the level; at 5★, that it is the top."""
    cfg = settings.stars
    if s.level is None:
        return [t("mine.next.days", lang, n=s.min_days - s.days, min=s.min_days)]
    if s.level >= 5:
        return [t("mine.next.top", lang)]
    target = s.level + 1
    needs = []
    if s.rate_level < target:
        needs.append(t("mine.next.rate", lang, level=target, ratio=formats.rate(cfg.rate_ratio[target - 1], 0),
                       now=formats.rate(s.rate_ratio, 0)))
    if s.qa_level is not None and s.qa_level < target:
        now = "—" if s.qa_avg is None or np.isnan(s.qa_avg) else f"{s.qa_avg:.1f}"
        needs.append(t("mine.next.qa", lang, level=target, min=f"{cfg.qa_min[target - 1]:g}", now=now))
    if s.cap:
        needs.append(t("mine.next.absence", lang, cap=s.cap))
    return needs


def my_month(reports: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame, agent_id: str, day: Day,
             at_minute: int, settings: Settings, lang: str = "zh") -> AgentMonth:
    """The agent's month of `day` so far (report rows up to the page's moment; QA and attendance of
    the month as given): AgentMonth. The star level is the agent's row of the review's agent_month."""
    d = day_stamp(day)
    month = f"{d:%Y-%m}"
    rows = rows_as_of(reports, d, at_minute)
    qa_month = in_month(qa, month) if qa is not None and len(qa) else pd.DataFrame()
    mine = qa_month[qa_month["工号"].astype(str).str.strip() == str(agent_id)] if len(qa_month) else qa_month
    items = points_lost(mine, scorecard(settings))
    agents = agent_month(rows, qa_month, attendance, month, settings, lang)
    row = agents[agents["agent_id"] == str(agent_id)]
    stars, reason, needs = None, "", []
    if len(row):
        r = row.iloc[0]
        stars = star_suggestion(r["rate_ratio"], r["qa_avg"], int(r["absences"]), int(r["days"]), settings)
        reason, needs = star_reason(stars, lang), next_level(stars, settings, lang)
    return AgentMonth(month, daily_ranks(rows, agent_id, d, at_minute, settings), items,
                      qa_trend(mine, agent_id), month_attendance(attendance, agent_id, month, settings),
                      stars, reason, needs)
