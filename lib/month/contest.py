"""The group competition (班组劳动竞赛): each `[[contest]]`'s standings over its days, part by part.

Pure. A contest scores every group taking part on its days up to a moment; each part gives up to its
weight in points and the score is their sum. The rules (docs/DATA.md, *Group competitions*):

- rate: the group's handle rate against the center's on the same projects — Σ handled ÷ Σ (volume ×
  the whole center's rate of that project over the contest's days so far), the review's `rate_ratio`
  for a group. Points = weight × ratio ÷ the best group's ratio.
- volume: volume per agent — Σ volume ÷ the agents with volume in the group on those days.
  Points = weight × value ÷ the best group's value.
- qa: the mean 总分 of the group's QA scores on those days (a score without 组别 counts for the
  agent's group). Points = weight × average ÷ the best group's average; a group without a score gets 0.
- attendance: attendance points lost per agent — −Σ the rule's deductions (lib/day/attendance.py) of
  the group's attendance records on those days ÷ its agents. Points = weight × (1 − lost ÷
  `attendance_zero_at`), never below 0: no leave, full points.

A part nobody has a figure for gives nobody points. Places follow the score rounded to 0.01; equal
scores share a place (1, 1, 3) and are listed in group order. Report rows whose 办理量 or 接通量
exceed their 数据量 are left out, as in every figure of a month (lib/floor/metrics.month_report_rows).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.config import CONTEST_PARTS, ContestConfig, Settings
from lib.floor.memo import kept
from lib.i18n import t
from lib.i18n.columns import labelled
from lib.i18n.formats import fmt_value
from lib.floor.metrics import handle_rate, id_sort_key, impossible, rows_between
from lib.month.review import attendance_records, project_expected, qa_scores, rows_as_of

# value_<part>: the part's figure (rate: the ratio to the center; NaN: none); points_<part>: its points.
STANDING_COLUMNS = (["place", "group", "agents", "volume", "handled"] + [f"value_{p}" for p in CONTEST_PARTS]
                    + [f"points_{p}" for p in CONTEST_PARTS] + ["score"])
DAILY_COLUMNS = ["date", "group", "score", "place"]


def group_key(group: str) -> str:
    """A group as config and the files may write it: "101组" and " 101 " are "101"."""
    g = str(group).strip()
    return g[:-1].strip() if g.endswith("组") else g


@dataclass(frozen=True)
class ContestDays:
    """Where a contest stands at a day: not started, running (day n of n) or over."""

    first: dt.date
    last: dt.date
    through: dt.date | None   # the last day counted; None before the first day
    day_number: int           # 1-based day of the contest at `through`, 0 before it
    days: int                 # the contest's calendar days
    over: bool                # the day asked is after the last day: the final result


@dataclass(frozen=True)
class ContestResult:
    """A contest's standings as they stood on a day (the weekly pack's, the final one once it is over)."""

    contest: ContestConfig
    days: ContestDays
    table: pd.DataFrame   # STANDING_COLUMNS


def contest_days(contest: ContestConfig, day: dt.date) -> ContestDays:
    """The contest's days as seen on `day`: the days counted are first..min(day, last)."""
    first, last = contest.first_day, contest.last_day
    through = None if day < first else min(day, last)
    return ContestDays(first, last, through, (through - first).days + 1 if through else 0,
                       (last - first).days + 1, day > last)


def days_text(d: ContestDays, lang: str = "zh") -> str:
    """Where the contest stands in words: "12-01 至 12-31 · 第 3 天 / 共 31 天", the final result, or when it starts."""
    first, last = f"{d.first:%m-%d}", f"{d.last:%m-%d}"
    if d.through is None:
        return t("contest.days_before", lang, first=first, last=last)
    if d.over:
        return t("contest.days_final", lang, first=first, last=last)
    return t("contest.days", lang, first=first, last=last, n=d.day_number, days=d.days)


def contests_on(settings: Settings, day: dt.date) -> list[ContestConfig]:
    """The contests running on a day (first ≤ day ≤ last), in config order."""
    return [c for c in settings.contest if c.first_day <= day <= c.last_day]


def contests_within(settings: Settings, first: dt.date, last: dt.date) -> list[ContestConfig]:
    """The contests with at least one day in first..last, in config order (a review month, a week)."""
    return [c for c in settings.contest if c.first_day <= last and c.last_day >= first]


def _taking_part(contest: ContestConfig, rows: pd.DataFrame) -> list[str]:
    """The groups of the contest: config's `groups` (as the files write them), else every group with rows."""
    if contest.groups:
        seen = {group_key(g): g for g in rows["group"].unique()}
        return [seen.get(group_key(g), group_key(g)) for g in contest.groups]
    have = rows.groupby("group", sort=False)["volume"].sum()
    return [g for g in have.index if str(g).strip()]


def _share_of_best(values: pd.Series, weight: float) -> pd.Series:
    """weight × value ÷ the best value; 0 without a value (or when nobody has one above 0)."""
    best = values.max(skipna=True)
    if not np.isfinite(best) or best <= 0:
        return pd.Series(0.0, index=values.index)
    return (weight * values / best).fillna(0.0).clip(lower=0.0)


def _places(scores: pd.Series) -> pd.Series:
    """1-based places by score, equal scores (to 0.01) sharing a place."""
    return scores.round(2).rank(method="min", ascending=False).astype("int64")


def _ordered(out: pd.DataFrame) -> pd.DataFrame:
    key = id_sort_key(out["group"])
    return (out.assign(_k=key).sort_values(["place", "_k"], kind="mergesort").drop(columns="_k")
            .reset_index(drop=True))


@kept(size=8)
def standings(contest: ContestConfig, reports: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame,
              day: dt.date, at_minute: int, settings: Settings) -> pd.DataFrame:
    """The contest's standings (STANDING_COLUMNS) on its days up to `day` as at `at_minute`, best first.

    `qa` and `attendance` are the store's 质检评分 and 考勤 rows (any days: the contest's are taken);
    empty when the contest has not started on `day`."""
    when = contest_days(contest, day)
    if when.through is None:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c == "group" else "float64") for c in STANDING_COLUMNS})
    minute = at_minute if when.through == day else 24 * 60
    rows = rows_between(rows_as_of(reports, when.through, minute), when.first, when.through)
    return _standings(contest, rows[~impossible(rows)], qa_scores(qa), attendance_records(attendance, settings),
                      when.first, when.through)


def _standings(contest: ContestConfig, rows: pd.DataFrame, scores: pd.DataFrame, att: pd.DataFrame,
               first: dt.date, through: dt.date) -> pd.DataFrame:
    groups = _taking_part(contest, rows)
    mine = rows[rows["group"].isin(groups)]
    g = mine.groupby("group", sort=False)
    volume = g["volume"].sum().reindex(groups).fillna(0.0)
    handled = g["handled"].sum().reindex(groups).fillna(0.0)
    per_agent = mine.groupby(["group", "agent_id"], sort=False)["volume"].sum()
    agents = (per_agent > 0).groupby(level="group").sum().reindex(groups).fillna(0).astype("int64")
    # rate against the center's rate of the same projects (the whole center's rows of those days)
    expected = project_expected(rows, "group").reindex(groups)
    ratio = handle_rate(handled, expected)
    per_head = (volume / agents.where(agents > 0)).astype("float64")
    # QA: the contest's days; a score without 组别 counts for the agent's group on those days
    scores = rows_between(scores, first, through)
    home = rows.groupby("agent_id", sort=False)["group"].last()
    sg = scores["group"].map(group_key).map({group_key(x): x for x in groups})
    sg = sg.where(scores["group"].str.strip() != "", scores["agent_id"].map(home))
    qa_avg = scores["score"].groupby(sg).mean().reindex(groups).astype("float64")
    att = rows_between(att, first, through)
    ag = att["group"].map(group_key).map({group_key(x): x for x in groups})
    lost = (-att["deduction"]).groupby(ag).sum().reindex(groups).fillna(0.0)
    lost_per_agent = (lost / agents.where(agents > 0)).astype("float64")
    values = {"rate": ratio, "volume": per_head, "qa": qa_avg, "attendance": lost_per_agent}
    out = pd.DataFrame({"group": pd.Series(groups, dtype="str"), "agents": agents.to_numpy(dtype="float64"),
                        "volume": volume.to_numpy(), "handled": handled.to_numpy()})
    total = pd.Series(0.0, index=range(len(groups)))
    for part in CONTEST_PARTS:
        v = values[part].reset_index(drop=True)
        out[f"value_{part}"] = v.astype("float64")
        w = contest.parts.get(part)
        if w is None:
            pts = pd.Series(np.nan, index=v.index)
        elif part == "attendance":
            pts = (w * (1 - v / contest.attendance_zero_at)).clip(lower=0.0).where(v.notna(), 0.0)
        else:
            pts = _share_of_best(v, w)
        out[f"points_{part}"] = pts.astype("float64")
        total = total + pts.fillna(0.0)
    out["score"] = total.to_numpy()
    out["place"] = _places(out["score"]) if len(out) else pd.Series([], dtype="int64")
    return _ordered(out)[STANDING_COLUMNS]


@kept(size=4)
def daily_standings(contest: ContestConfig, reports: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame,
                    day: dt.date, at_minute: int, settings: Settings) -> pd.DataFrame:
    """The standings as they stood at the end of each contest day up to `day` (DAILY_COLUMNS): the chart.

    Each day's score counts the contest's days from the first to that day; `day` itself as at `at_minute`."""
    when = contest_days(contest, day)
    if when.through is None:
        return pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"), "group": pd.Series([], dtype="str"),
                             "score": pd.Series([], dtype="float64"), "place": pd.Series([], dtype="int64")})
    minute = at_minute if when.through == day else 24 * 60
    rows = rows_between(rows_as_of(reports, when.through, minute), when.first, when.through)
    rows = rows[~impossible(rows)]
    scores, att = qa_scores(qa), attendance_records(attendance, settings)
    parts = []
    for d in pd.date_range(when.first, when.through, freq="D"):
        s = _standings(contest, rows[rows["date"] <= d], scores, att, when.first, d.date())
        parts.append(s[["group", "score", "place"]].assign(date=d))
    return pd.concat(parts, ignore_index=True)[DAILY_COLUMNS]


def shown_columns(contest: ContestConfig) -> list[str]:
    """The standings' columns a reader sees for this contest: each of its parts' figure and points."""
    parts = [p for p in CONTEST_PARTS if p in contest.parts]
    return (["place", "group", "agents"] + [f"value_{p}" for p in parts] + [f"points_{p}" for p in parts]
            + ["score"])


def parts_text(contest: ContestConfig, lang: str = "zh") -> str:
    """The scoring in words: "办理率（对中心同项目） 40 分 · 人均数据量 30 分 …; 满分 100 分"."""
    parts = " · ".join(t("contest.part_weight", lang, part=t(f"contest.part.{p}", lang), w=fmt_value(w))
                       for p, w in contest.parts.items())
    return t("contest.rules", lang, parts=parts, total=fmt_value(sum(contest.parts.values())))


def by_day_table(daily: pd.DataFrame) -> pd.DataFrame:
    """The day-by-day scores as one row per day and one column per group (the export's second sheet)."""
    if daily.empty:
        return pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]")})
    wide = daily.pivot(index="date", columns="group", values="score")
    order = list(dict.fromkeys(daily.sort_values(["date", "place"], kind="mergesort")
                               .groupby("group", sort=False).tail(1).sort_values("place", kind="mergesort")["group"]))
    return wide[order].reset_index()


def contest_sheets(contest: ContestConfig, table: pd.DataFrame, daily: pd.DataFrame,
                   lang: str = "zh") -> list[tuple[str, pd.DataFrame]]:
    """The contest's result as workbook sheets (standings, then scores by day), headers in the language."""
    title = t("contest.sheet.standings", lang)
    return [(title, labelled(table[shown_columns(contest)], lang, "contest")),
            (t("contest.sheet.daily", lang), labelled(by_day_table(daily), lang, "contest"))]
