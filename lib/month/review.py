"""The manager's month: group and agent tables with QA and attendance, suggested star levels.

Pure functions over the canonical reports frame and the store's QA (质检评分) and attendance (考勤)
frames. Attendance points are the one rule of lib/day/attendance.py (config [attendance] points for
the record's category), as on the duty desk; a typed 扣分 is not read (the data check lists those
that differ). Rates are ratios of sums. An agent's handle rate is judged against the center's rate of the
projects they worked (`rate_ratio`), so an agent on a hard project is not punished for it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.config import Settings
from lib.i18n import formats, t
from lib.floor.memo import kept
from lib.floor.metrics import (MONTH_AGENT_COLUMNS, MONTH_GROUP_COLUMNS, daily_by_group, handle_rate, id_sort_key, month_by_agent, month_by_group, month_report_rows, month_rows, impossible)
from lib.day.attendance import ABSENCE, deductions
from lib.month.roster_rules import schedule_violations

QA_COLUMNS = ["qa_avg", "qa_scores", "qa_coverage"]
GROUP_COLUMNS = MONTH_GROUP_COLUMNS[:-1] + QA_COLUMNS + ["deductions", "rate_vs_center", "last_rate",
                                                         "rate_change"]
STAR_COLUMNS = ["stars", "reason", "rate_ratio", "project_rate"]
AGENT_COLUMNS = MONTH_AGENT_COLUMNS + QA_COLUMNS + ["deductions", "absences"] + STAR_COLUMNS
CENTER_DAILY_COLUMNS = ["date", "volume", "handled", "rate"]
# The rates a reader sees as percentages (text tables, workbook formats).
RATE_COLUMNS = ("rate", "connect_rate", "qa_coverage", "rate_vs_center", "last_rate", "rate_change",
                "rate_ratio", "project_rate")
EPS = 1e-9   # a ratio computed as 0.9499999999 from figures that make 95% meets a 95% bar


def previous_month(month: str) -> str:
    """The "YYYY-MM" before a month: previous_month("2026-01") == "2025-12"."""
    return str(pd.Period(month, freq="M") - 1)


def rows_as_of(reports: pd.DataFrame, day, at_minute: int) -> pd.DataFrame:
    """Report rows before that day, and that day's slots ended by `at_minute` (the month so far)."""
    d = pd.Timestamp(day).normalize()
    dates = reports["date"]
    on_day = dates == d
    late = (dates > d) | (on_day & (reports["end_minute"] > at_minute))
    if not late.any():
        return reports   # nothing to cut: the floor's own frame, whose kept views every page shares
    # Cut at the last slot ended by then, not at the minute: the same rows all hour are one kept frame.
    ended = reports.loc[on_day & ~late, "end_minute"]
    return _cut(reports, d, int(ended.max()) if len(ended) else -1)


@kept(size=2)
def _cut(reports: pd.DataFrame, d: pd.Timestamp, last_end: int) -> pd.DataFrame:
    """rows_as_of with the day cut after the slot ending at `last_end` (kept: frozen, shared)."""
    return reports[(reports["date"] < d) | ((reports["date"] == d) & (reports["end_minute"] <= last_end))]


def qa_scores(qa: pd.DataFrame) -> pd.DataFrame:
    """The store's QA rows as date, agent_id, group, score (rows without a 总分 left out)."""
    cols = ["date", "agent_id", "group", "score"]
    if qa is None or qa.empty:
        return pd.DataFrame({c: pd.Series([], dtype="datetime64[ns]" if c == "date" else
                                          "float64" if c == "score" else "str") for c in cols})
    out = pd.DataFrame({"date": qa["日期"], "agent_id": qa["工号"].astype(str).str.strip(),
                        "group": qa["组别"].astype(str).str.strip(),
                        "score": pd.to_numeric(qa["总分"], errors="coerce")})
    return out[out["score"].notna()].reset_index(drop=True)[cols]


def attendance_records(attendance: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The store's attendance rows as date, agent_id, group, category, deduction (≤ 0).

    deduction is the rule's for the category (attendance.deductions), whatever 扣分 was typed.
    """
    cols = ["date", "agent_id", "group", "category", "deduction"]
    if attendance is None or attendance.empty:
        return pd.DataFrame({c: pd.Series([], dtype="datetime64[ns]" if c == "date" else
                                          "float64" if c == "deduction" else "str") for c in cols})
    category = attendance["类别"].astype(str).str.strip()
    out = pd.DataFrame({"date": attendance["日期"], "agent_id": attendance["工号"].astype(str).str.strip(),
                        "group": attendance["组别"].astype(str).str.strip(), "category": category,
                        "deduction": deductions(category, settings)})
    return out.reset_index(drop=True)[cols]


def _worked_pairs(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """(key, agent_id, date) with volume: the agent-days that should carry a QA score."""
    keys = ["agent_id", "date"] if by == "agent_id" else [by, "agent_id", "date"]
    per = rows.groupby(keys, sort=False)["volume"].sum()
    return per[per > 0].reset_index()


def _scored(pairs: pd.DataFrame, qa: pd.DataFrame) -> np.ndarray:
    """Per (agent_id, date) pair: whether the QA rows score that agent on that day."""
    # One vectorised lookup: a month of a large center is tens of thousands of agent-days.
    have = pd.MultiIndex.from_arrays([qa["agent_id"], qa["date"]])
    return pd.MultiIndex.from_arrays([pairs["agent_id"], pairs["date"]]).isin(have)


def _qa_by(rows: pd.DataFrame, qa: pd.DataFrame, by: str, home: pd.Series,
           pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per key (group or agent_id): QA average, number of scores, coverage of worked agent-days."""
    scores = qa.copy()
    if by == "group":   # a score without 组别 counts for the agent's group of the month
        scores["group"] = scores["group"].where(scores["group"] != "", scores["agent_id"].map(home).fillna(""))
    g = scores.groupby(by, sort=False)["score"]
    out = pd.DataFrame({"qa_avg": g.mean(), "qa_scores": g.size().astype("float64")})
    pairs = _worked_pairs(rows, by) if pairs is None else pairs
    pairs = pairs.assign(scored=_scored(pairs, qa))   # a copy: the pairs may be the center's too
    cov = pairs.groupby(by, sort=False)["scored"].agg(["sum", "size"])
    out = out.join((cov["sum"] / cov["size"]).rename("qa_coverage"), how="outer")
    return out


def _deductions_by(att: pd.DataFrame, by: str) -> pd.DataFrame:
    g = att.groupby(by, sort=False)
    return pd.DataFrame({"deductions": g["deduction"].sum().astype("float64"),
                         "absences": (att["category"] == ABSENCE).groupby(att[by], sort=False).sum()
                         .astype("float64")})


@dataclass(frozen=True)
class _Slice:
    """A month's inputs sliced once: the report rows its figures count, its QA scores and attendance."""

    rows: pd.DataFrame
    scores: pd.DataFrame
    att: pd.DataFrame


def _slice(reports: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame, month: str,
           settings: Settings) -> _Slice:
    return _Slice(month_report_rows(reports, month), month_rows(qa_scores(qa), month),
                  month_rows(attendance_records(attendance, settings), month))


def center_month(reports: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame, month: str,
                 settings: Settings) -> dict[str, float]:
    """The whole center's month: volume, handled, rate, connect_rate, sales, agents, QA, deductions."""
    return _center(_slice(reports, qa, attendance, month, settings))


def _center(m: _Slice, pairs: pd.DataFrame | None = None) -> dict[str, float]:
    rows, scores, att = m.rows, m.scores, m.att
    given = rows[rows["connected"].notna()]
    pairs = _worked_pairs(rows, "agent_id") if pairs is None else pairs
    covered = int(_scored(pairs, scores).sum())
    volume, handled = float(rows["volume"].sum()), float(rows["handled"].sum())
    per_agent = rows.groupby("agent_id")["volume"].sum()
    return {
        "volume": volume, "handled": handled, "rate": handle_rate(handled, volume),
        "connected": float(rows["connected"].sum(min_count=1)) if len(rows) else float("nan"),
        "connect_rate": handle_rate(float(given["connected"].sum()), float(given["volume"].sum())),
        "sales": float(rows["sales"].sum(min_count=1)) if len(rows) else float("nan"),
        "agents": int((per_agent > 0).sum()), "days": int(rows["date"].nunique()),
        "qa_avg": float(scores["score"].mean()) if len(scores) else float("nan"),
        "qa_scores": float(len(scores)),
        "qa_coverage": covered / len(pairs) if len(pairs) else float("nan"),
        "deductions": float(att["deduction"].sum()), "absences": float((att["category"] == ABSENCE).sum()),
    }


def group_month(reports: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame, month: str,
                settings: Settings) -> pd.DataFrame:
    """Each group's month (GROUP_COLUMNS), best rate first, against the center and last month.

    qa_avg: mean 总分 of the group's scores (a score without 组别 counts for the agent's group);
    qa_coverage: share of the group's worked agent-days with a score; deductions: Σ of its
    attendance records (≤ 0); rate_vs_center: rate − the center's rate; rate_change: rate − last_rate.
    """
    m = _slice(reports, qa, attendance, month, settings)
    return _groups(reports, m, month, _center(m))


def _groups(reports: pd.DataFrame, m: _Slice, month: str, center: dict[str, float],
            last_month: pd.DataFrame | None = None) -> pd.DataFrame:
    base = month_by_group(reports, month).drop(columns="avg_volume_per_agent_day")
    home = month_by_agent(reports, month).set_index("agent_id")["group"]
    qa_part = _qa_by(m.rows, m.scores, "group", home)
    att = _deductions_by(m.att, "group")
    out = base.set_index("group").join(qa_part, how="left").join(att[["deductions"]], how="left")
    out["deductions"] = out["deductions"].fillna(0.0)
    out["qa_scores"] = out["qa_scores"].fillna(0.0)
    out["rate_vs_center"] = out["rate"] - center["rate"]
    # Last month's rates: from the reports when they hold it (the CLI's floor), else as the caller
    # read them (a page's floor holds its month and two weeks: lib.floor.cache.month_group_rates).
    last = (month_by_group(reports, previous_month(month)) if last_month is None else last_month).set_index("group")["rate"]
    out["last_rate"] = last.reindex(out.index)
    out["rate_change"] = out["rate"] - out["last_rate"]
    return out.reset_index()[GROUP_COLUMNS]


def project_expected(rows: pd.DataFrame, by: str = "agent_id") -> pd.Series:
    """Per agent (or per `by`, e.g. group): the handled they would have at the center's rate of each
    project they worked."""
    proj = rows.groupby("project")[["handled", "volume"]].sum()
    rate = handle_rate(proj["handled"], proj["volume"]).fillna(0.0)
    codes, projects = pd.factorize(rows["project"])   # each project's rate looked up once, not per row
    per_row = np.append(rate.reindex(projects).to_numpy(dtype="float64"), np.nan)[codes]
    expected = rows["volume"] * pd.Series(per_row, index=rows.index)
    return expected.groupby(rows[by]).sum()


def agent_month(reports: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame, month: str,
                settings: Settings, lang: str = "zh") -> pd.DataFrame:
    """Each agent's month (AGENT_COLUMNS) by rate, with the suggested star level and its reason.

    rate_ratio = Σ handled / Σ (volume × the center's rate of that project): 1.0 is the center's
    level on the agent's own projects; project_rate = that expected handled / volume.
    """
    return _agents(reports, _slice(reports, qa, attendance, month, settings), month, settings, lang)


def _agents(reports: pd.DataFrame, m: _Slice, month: str, settings: Settings, lang: str,
            pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    base = month_by_agent(reports, month)
    if base.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c in ("agent_id", "name", "group", "reason")
                                          else "float64") for c in AGENT_COLUMNS})
    rows = m.rows
    home = base.set_index("agent_id")["group"]
    qa_part = _qa_by(rows, m.scores, "agent_id", home, pairs)
    att = _deductions_by(m.att, "agent_id")
    out = base.set_index("agent_id").join(qa_part, how="left").join(att, how="left")
    out[["deductions", "absences", "qa_scores"]] = out[["deductions", "absences", "qa_scores"]].fillna(0.0)
    expected = project_expected(rows).reindex(out.index)
    out["rate_ratio"] = handle_rate(out["handled"], expected)
    out["project_rate"] = handle_rate(expected, out["volume"])
    # days worked = days with volume (a day of only zero rows is not a day's work)
    per_day = rows.groupby(["agent_id", "date"])["volume"].sum()
    worked = (per_day > 0).groupby(level="agent_id").sum()
    out["days"] = worked.reindex(out.index).fillna(0).astype("int64")
    levels = [star_suggestion(r, q, int(a), int(d), settings)
              for r, q, a, d in zip(out["rate_ratio"], out["qa_avg"], out["absences"], out["days"])]
    out["stars"] = pd.array([s.level for s in levels], dtype="Int64")
    out["reason"] = [star_reason(s, lang) for s in levels]
    return out.reset_index()[AGENT_COLUMNS]


@dataclass(frozen=True)
class Stars:
    """A suggested star level and what decided it (level None: too few days to judge)."""

    level: int | None
    days: int
    min_days: int
    rate_ratio: float
    rate_level: int
    qa_avg: float
    qa_level: int | None   # None: no QA score, not considered
    absences: int
    cap: int | None        # the cap an absence sets, when it lowered the level


def _level(value: float, bars: tuple[float, ...]) -> int:
    """The highest level 1..5 whose bar the value meets (at or above); 0 when none."""
    if value is None or np.isnan(value):
        return 0
    return max([k for k, bar in enumerate(bars, start=1) if value >= bar - EPS], default=0)


def star_suggestion(rate_ratio: float, qa_avg: float, absences: int, days: int, settings: Settings) -> Stars:
    """The level the month suggests: the lower of the rate and QA levels, capped by an absence.

    The bars are `[stars]` of config.toml (checked at load: five each, for 1..5 stars)."""
    cfg = settings.stars
    rate_level = _level(rate_ratio, cfg.rate_ratio)
    has_qa = qa_avg is not None and not np.isnan(qa_avg)
    qa_level = _level(qa_avg, cfg.qa_min) if has_qa else (1 if cfg.without_qa == "lowest" else None)
    if days < cfg.min_days:
        return Stars(None, days, cfg.min_days, rate_ratio, rate_level, qa_avg, qa_level, absences, None)
    level = max(1, min(rate_level, qa_level if qa_level is not None else 5))   # 1 star: passed probation
    cap = cfg.absence_cap if absences > 0 and level > cfg.absence_cap else None
    return Stars(min(level, cap) if cap else level, days, cfg.min_days, rate_ratio, rate_level, qa_avg,
                 qa_level, absences, cap)


def star_reason(s: Stars, lang: str = "zh") -> str:
    """The suggestion in words: each criterion's level and which one decided."""
    if s.level is None:
        return t("review.star.too_few", lang, days=s.days, min=s.min_days)
    parts = [t("review.star.rate", lang, ratio=formats.rate(s.rate_ratio, 0), level=s.rate_level)]
    if s.qa_level is None:
        parts.append(t("review.star.no_qa", lang))
    elif np.isnan(s.qa_avg):
        parts.append(t("review.star.no_qa_lowest", lang))
    else:
        parts.append(t("review.star.qa", lang, avg=f"{s.qa_avg:.1f}", level=s.qa_level))
    if s.cap:
        parts.append(t("review.star.absence", lang, n=s.absences, cap=s.cap))
    return t("review.star.sep", lang).join(parts) + f" → {s.level}★"


def center_daily(reports: pd.DataFrame, month: str) -> pd.DataFrame:
    """The center's volume, handled and rate per date of the month (the trend's reference line)."""
    return _center_daily(month_report_rows(reports, month))


def _center_daily(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.groupby("date")[["volume", "handled"]].sum().reset_index()
    out["rate"] = handle_rate(out["handled"], out["volume"])
    return out[CENTER_DAILY_COLUMNS]


@dataclass(frozen=True)
class MonthReview:
    """Everything the review shows for a month (the senior lead's score lives in lib.senior_lead)."""

    month: str
    groups: pd.DataFrame
    center: dict
    agents: pd.DataFrame
    daily: pd.DataFrame
    center_daily: pd.DataFrame
    violations: pd.DataFrame


@kept(size=4)
def month_review(reports: pd.DataFrame, schedule: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame,
                 month: str, settings: Settings, lang: str = "zh",
                 last_month: pd.DataFrame | None = None) -> MonthReview:
    """The month's tables: groups, center, agents with stars, daily trend, schedule rule breaches.

    last_month: the month before's rate per group (columns group, rate) when `reports` do not hold
    that whole month; None: computed from `reports`.

    Kept per (floor's frames, the store's frames by content, month, settings, language): a rerun of
    the review asks it again of the same data. The month is sliced once for every table."""
    m = _slice(reports, qa, attendance, month, settings)
    pairs = _worked_pairs(m.rows, "agent_id")   # the center's agent-days are the agents' too
    center = _center(m, pairs)
    return MonthReview(month, _groups(reports, m, month, center, last_month), center,
                       _agents(reports, m, month, settings, lang, pairs),
                       daily_by_group(reports, month), _center_daily(m.rows),
                       schedule_violations(schedule, month))


def months_with_data(reports: pd.DataFrame, current: str) -> list[str]:
    """The months the reports cover and the current one, newest first (for the month picker)."""
    months = {str(p) for p in reports["date"].dt.to_period("M").unique()} | {current}
    return sorted(months, reverse=True)


def filter_group(agents: pd.DataFrame, group: str | None) -> pd.DataFrame:
    """The agent table of one group (all when None), in its order."""
    return agents if not group else agents[agents["group"] == group].reset_index(drop=True)


def groups_of(frame: pd.DataFrame) -> list[str]:
    """The groups of a frame in id order."""
    g = pd.Series(frame["group"].unique(), dtype="str")
    return g.iloc[id_sort_key(g).argsort(kind="mergesort")].tolist()


@kept(size=4)
def left_out_rows(reports: pd.DataFrame, month: str) -> pd.DataFrame:
    """The month's rows its figures leave out (lib.floor.metrics.month_report_rows: 办理量 or 接通量 above
    数据量), by group then file and row: group, date, agent_id, name, volume, handled, connected, file, sheet, row."""
    cols = ["group", "date", "agent_id", "name", "volume", "handled", "connected", "file", "sheet", "row"]
    rows = month_rows(reports, month)
    rows = rows[impossible(rows)]
    if rows.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in cols})
    rows = rows.sort_values(["group", "file", "row"], key=lambda c: id_sort_key(c) if c.name == "group" else c,
                            kind="mergesort")
    return rows[cols].reset_index(drop=True)
