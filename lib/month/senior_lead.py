"""The senior lead's (资深组长) monthly assessment, 100 points: performance 50, work rating 50.

Performance: on the acting days (lib.rules.acting_days: the director rests, the senior lead works)
(a) sales per head per day and (b) sales per line, each against the whole month's figure; each
indicator is worth half of `[senior_lead] performance_points`, full at `bar` (85%) of the month's
figure, and below it scored as `shortfall` says. Work rating: the criteria of
`[senior_lead.criteria]`, each rated in points by the department manager, the center director and
employees (their mean), weighted by `rater_weights`. Ratings live in the store's 考核评分 table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from lib.config import RATER_ROLES, SeniorLeadConfig, Settings
from lib.floor.memo import kept
from lib.floor.metrics import month_report_rows, month_rows
from lib.month.roster_rules import SENIOR, acting_days

# The assessment's numbers are settings.senior_lead (lib.config: its defaults, checked at load).
MANAGER, DIRECTOR, EMPLOYEE = ROLES = RATER_ROLES    # 部门经理, 中心主任, 员工
RATINGS, MONTH, RATED, RATER_ROLE, SUBMITTED_BY = "ratings", "月份", "被评人", "评分人角色", "提交人"
INDICATORS = ("sales_per_head_day", "sales_per_line")


@kept(size=8)
def senior_leads(schedule: pd.DataFrame, month: str) -> list[tuple[str, str]]:
    """(agent_id, name) of the month's senior leads in id order."""
    rows = month_rows(schedule, month)
    rows = rows[rows["role"] == SENIOR].drop_duplicates("agent_id").sort_values("agent_id")
    return list(zip(rows["agent_id"], rows["name"]))


def indicator_points(achieved: float, cfg: SeniorLeadConfig) -> float:
    """One indicator's points: full at or above the bar; below it by the shortfall rule (25 × a / 0.85)."""
    full = cfg.performance_points / 2
    if achieved >= cfg.bar - 1e-12:
        return full
    return full * max(achieved, 0.0) / cfg.bar if cfg.shortfall == "proportional" else 0.0


def sales_per_head_day(rows: pd.DataFrame) -> float:
    """Σ sales / the number of (agent, day) pairs with volume; NaN without sales figures or heads."""
    heads = int((rows.groupby(["agent_id", "date"])["volume"].sum() > 0).sum())
    sales = rows["sales"].sum(min_count=1)
    return float(sales) / heads if heads and not pd.isna(sales) else float("nan")


def sales_per_line(rows: pd.DataFrame, per: str = "connected") -> float:
    """Σ sales / Σ connected (or Σ volume) over rows that give both; NaN when none do."""
    given = rows[rows["sales"].notna() & rows[per].notna()]
    lines = float(given[per].sum())
    return float(given["sales"].sum()) / lines if lines > 0 else float("nan")


@dataclass(frozen=True)
class Indicator:
    """One performance indicator: the acting days' figure against the month's."""

    key: str
    acting: float
    month: float
    achieved: float    # acting / month (NaN when either is missing)
    points: float | None
    max_points: float


def performance(reports: pd.DataFrame, days: list[date], month: str, cfg: SeniorLeadConfig) -> list[Indicator]:
    """The two indicators over the acting days (points None when a figure is missing)."""
    rows = month_report_rows(reports, month)
    acting = rows[rows["date"].isin(pd.to_datetime(pd.Series(days, dtype="object")))]
    pairs = [(INDICATORS[0], sales_per_head_day(acting), sales_per_head_day(rows)),
             (INDICATORS[1], sales_per_line(acting, cfg.sales_per_line), sales_per_line(rows, cfg.sales_per_line))]
    out = []
    for key, a, m in pairs:
        achieved = a / m if m and not (np.isnan(a) or np.isnan(m)) else float("nan")
        out.append(Indicator(key, a, m, achieved, None if np.isnan(achieved) else indicator_points(achieved, cfg),
                             cfg.performance_points / 2))
    return out


@dataclass(frozen=True)
class Criterion:
    """One work-rating criterion: each rater side's score and the weighted points."""

    name: str
    max_points: float
    manager: float | None
    director: float | None
    employees: float | None    # the mean of the employees' ratings
    employee_count: int
    points: float              # weighted sum of the sides present (a missing side adds 0)


def ratings_for(ratings: pd.DataFrame, month: str, senior: tuple[str, str]) -> pd.DataFrame:
    """The month's latest ratings of the senior lead (被评人 holds their 工号 or name)."""
    if ratings is None or ratings.empty:
        return pd.DataFrame(columns=[MONTH, RATED, RATER_ROLE, SUBMITTED_BY])
    rated = ratings[RATED].astype(str).str.strip()
    return ratings[(ratings[MONTH] == month) & rated.isin([senior[0], senior[1]])].reset_index(drop=True)


def work_rating(rows: pd.DataFrame, cfg: SeniorLeadConfig) -> tuple[list[Criterion], list[tuple[str, str | None]]]:
    """Criteria scores and what is missing: (role, None) for a side with no rating, (role, criterion)
    for a blank cell. The manager's and the director's latest rating counts (one row each is expected)."""
    crits, missing = [], []
    side_rows = {r: rows[rows[RATER_ROLE] == r] if len(rows) else rows for r in ROLES}
    for role in ROLES:
        if side_rows[role].empty:
            missing.append((role, None))
    for name, max_points in cfg.criteria.items():
        side: dict[str, float | None] = {}
        count = 0
        for role in ROLES:
            got = side_rows[role]
            vals = pd.to_numeric(got[name], errors="coerce").dropna() if name in got.columns else pd.Series([])
            if role == EMPLOYEE:
                count = len(vals)
            elif len(vals) > 1:
                vals = vals.iloc[-1:]
            side[role] = float(vals.mean()) if len(vals) else None
            if side[role] is None and not got.empty:
                missing.append((role, name))
        points = sum(cfg.rater_weights[r] * v for r, v in side.items() if v is not None)
        crits.append(Criterion(name, max_points, side[MANAGER], side[DIRECTOR], side[EMPLOYEE], count, points))
    return crits, missing


@dataclass(frozen=True)
class Assessment:
    """The senior lead's month: acting days, the breakdown, the total and its standing."""

    month: str
    senior_id: str
    senior_name: str
    acting_days: list[date]            # the roster's, the whole month
    scored_days: list[date]            # of those, the days with report rows (so far)
    indicators: list[Indicator]
    performance: float | None          # None: no acting days with data, or no sales figures
    criteria: list[Criterion]
    rating: float
    missing: list[tuple[str, str | None]] = field(default_factory=list)
    title_bar: float = 70.0
    headroom: float = 0.0              # the most the missing ratings could still add

    @property
    def complete(self) -> bool:
        """Both parts can be scored and every rating is in."""
        return self.performance is not None and not self.missing

    @property
    def total(self) -> float | None:
        """Performance + work rating (None when performance cannot be scored)."""
        return None if self.performance is None else self.performance + self.rating

    @property
    def below_bar(self) -> bool:
        """Under the title bar even if every missing rating came in at full marks."""
        return self.total is not None and self.total + self.headroom < self.title_bar - 1e-9

    @property
    def undecided(self) -> bool:
        """Under the bar so far, but the missing ratings could still lift it over."""
        return self.total is not None and not self.below_bar and self.total < self.title_bar - 1e-9


@kept(size=8)
def assess(reports: pd.DataFrame, schedule: pd.DataFrame, ratings: pd.DataFrame, month: str,
           senior: tuple[str, str], settings: Settings) -> Assessment:
    """The assessment of one senior lead for a month from the floor and the ratings table."""
    cfg = settings.senior_lead
    days = acting_days(schedule, month)
    have = set(month_rows(reports, month)["date"].dt.date)
    scored = [d for d in days if d in have]
    indicators = performance(reports, scored, month, cfg) if scored else []
    perf = None if not indicators or any(i.points is None for i in indicators) else \
        sum(i.points for i in indicators)
    crits, missing = work_rating(ratings_for(ratings, month, senior), cfg)
    headroom = sum(cfg.rater_weights[role] * c.max_points for c in crits
                   for role, v in ((MANAGER, c.manager), (DIRECTOR, c.director), (EMPLOYEE, c.employees))
                   if v is None)
    return Assessment(month, senior[0], senior[1], days, scored, indicators, perf, crits,
                      sum(c.points for c in crits), missing, cfg.title_bar, headroom)


def rating_problems(values: dict[str, float | None], settings: Settings) -> list[tuple[str, str, float]]:
    """What is wrong with one rater's scores: (criterion, "missing" | "negative" | "above_max", max)."""
    out = []
    for name, max_points in settings.senior_lead.criteria.items():
        v = values.get(name)
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append((name, "missing", max_points))
        elif v < 0:
            out.append((name, "negative", max_points))
        elif v > max_points + 1e-9:
            out.append((name, "above_max", max_points))
    return out


def save_rating(store, month: str, senior_id: str, role: str, values: dict[str, float], submitted_by: str,
                settings: Settings) -> tuple[str, str | None]:
    """Store one rater's scores: (the new record id, the id it corrected, or None for a first rating).

    One rater, one month, one row: a second rating by the same 提交人 is a correction naming the
    first. ValueError when a score is missing, negative or above its criterion's points.
    """
    if role not in ROLES:
        raise ValueError(f"rater role must be one of {'/'.join(ROLES)}")
    problems = rating_problems(values, settings)
    if problems:
        raise ValueError("; ".join(f"{n}: {k} (0–{m:g})" for n, k, m in problems))
    row = {MONTH: month, RATED: senior_id, RATER_ROLE: role,
           **{n: values[n] for n in settings.senior_lead.criteria}}
    current = store.read_month(RATINGS, month)
    mine = current[(current[RATED].astype(str) == str(senior_id)) &
                   (current[SUBMITTED_BY].astype(str) == str(submitted_by))] if len(current) else current
    if len(mine):
        old = str(mine["记录编号"].iloc[-1])
        return store.correct(RATINGS, old, row, submitted_by=submitted_by), old
    return store.append(RATINGS, [row], submitted_by=submitted_by)[0], None


def role_of(person_role: str) -> str | None:
    """The rater side a signed-in role rates as (None: the administrator chooses)."""
    return {"manager": MANAGER, "director": DIRECTOR, "admin": None}.get(person_role, EMPLOYEE)


BREAKDOWN_COLUMNS = ["item", "acting", "month", "achieved", "manager", "director", "employees",
                     "employee_count", "points", "max_points", "note"]


def criterion_label(name: str, lang: str) -> str:
    """A criterion's name in the language (config may name criteria the catalogue does not know)."""
    from lib.i18n import TEXTS, t
    return t(f"review.crit.{name}", lang) if f"review.crit.{name}" in TEXTS else name


def missing_text(a: Assessment, lang: str = "zh") -> str:
    """What is missing from the ratings, in words ("" when nothing is)."""
    from lib.i18n import t
    parts = [t("review.sl.missing_side", lang, role=t(f"review.role.{role}", lang)) if crit is None else
             t("review.sl.missing_cell", lang, role=t(f"review.role.{role}", lang),
               criterion=criterion_label(crit, lang)) for role, crit in a.missing]
    return t("review.star.sep", lang).join(parts)


def performance_note(a: Assessment, lang: str = "zh") -> str:
    """Why performance is not scored ("" when it is)."""
    from lib.i18n import t
    if not a.acting_days:
        return t("review.sl.no_acting", lang)
    if not a.scored_days:
        return t("review.sl.no_acting_data", lang)
    return t("review.sl.no_sales", lang) if a.performance is None else ""


def standing_text(a: Assessment, lang: str = "zh") -> str:
    """The total's standing: below the title bar (title to be reviewed), at or above it, or incomplete."""
    from lib.i18n import t
    if a.total is None:
        return performance_note(a, lang)
    bar = f"{a.title_bar:g}"
    if a.undecided:
        return t("review.sl.pending", lang, total=f"{a.total:.2f}", bar=bar, missing=missing_text(a, lang))
    words = t("review.sl.below" if a.below_bar else "review.sl.ok", lang, bar=bar)
    return words if not a.missing else f"{words}{t('review.star.sep', lang)}" \
        f"{t('review.sl.incomplete', lang, missing=missing_text(a, lang))}"


def breakdown(a: Assessment, lang: str = "zh") -> pd.DataFrame:
    """The assessment as a table: indicators, performance, criteria, work rating, total (BREAKDOWN_COLUMNS)."""
    from lib.i18n import t
    nan = float("nan")
    rows: list[dict] = []
    for i in a.indicators:
        rows.append({"item": t(f"review.sl.ind.{i.key}", lang), "acting": i.acting, "month": i.month,
                     "achieved": i.achieved, "points": i.points, "max_points": i.max_points,
                     "note": "" if i.points is not None else t("review.sl.no_sales", lang)})
    perf_max = sum(i.max_points for i in a.indicators) if a.indicators else nan
    rows.append({"item": t("review.sl.performance", lang, points=f"{perf_max:g}" if a.indicators else "50"),
                 "points": a.performance, "max_points": perf_max, "note": performance_note(a, lang)})
    for c in a.criteria:
        rows.append({"item": criterion_label(c.name, lang), "manager": c.manager, "director": c.director,
                     "employees": c.employees, "employee_count": c.employee_count, "points": c.points,
                     "max_points": c.max_points})
    crit_max = sum(c.max_points for c in a.criteria)
    rows.append({"item": t("review.sl.rating", lang, points=f"{crit_max:g}"), "points": a.rating,
                 "max_points": crit_max, "note": missing_text(a, lang)})
    rows.append({"item": t("review.sl.total", lang), "points": a.total, "max_points": 100.0,
                 "note": standing_text(a, lang)})
    out = pd.DataFrame(rows, columns=BREAKDOWN_COLUMNS)
    for col in BREAKDOWN_COLUMNS[1:-1]:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    out["item"] = out["item"].astype("str")
    out["note"] = out["note"].fillna("").astype("str")
    return out
