"""The month's 服务明星 (stars of the month): the suggestion from the month's figures, the list in force
from the store's 服务明星 rows, and what to write when a manager confirms an edited list.

Not the star level (星级, lib/month/review.py `star_suggestion`): that is every agent's 1–5 level;
the stars of the month are a short list praised in front of everyone at the monthly meeting.

The suggestion (config [month_stars]; the rule in docs/DATA.md): an agent of the month is suggested
when their month meets every bar — rate_ratio (handle rate against the center's rate of the projects
they worked, lib/month/review.py) at or above `rate_ratio`, volume at or above `min_volume`, a QA
average at or above `qa_min` (no QA score in the month: not suggested), attendance points lost at most
`max_deduction`, days worked at least `min_days` — best rate_ratio first (ties: volume, then 工号),
at most `most`. The reason names each bar met in words.

The confirmed list is one 服务明星 row per star and month. Confirming an edited list against what is
stored appends the new stars, corrects the rows whose name, group or reason changed and voids the
removed ones (`star_changes`), so confirming the same list again writes nothing and never duplicates.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.config import Settings
from lib.i18n import FieldProblems, formats, t
from lib.floor.metrics import id_sort_key
from lib.month.review import EPS
from lib.store import latest

TABLE = "month_stars"
SUGGESTED_COLUMNS = ["agent_id", "name", "group", "rate_ratio", "volume", "qa_avg", "deductions", "days", "reason"]
CONFIRMED_COLUMNS = ["agent_id", "name", "group", "reason"]
# The stored columns of each confirmed column (lib/store/tables.py month_stars).
STORED = {"agent_id": "工号", "name": "姓名", "group": "组别", "reason": "理由"}
MAX_REASON = 500   # characters: a reason is a line read out at the meeting, not an essay


def _empty(cols: list[str]) -> pd.DataFrame:
    text = {"agent_id", "name", "group", "reason", "record"}
    return pd.DataFrame({c: pd.Series([], dtype="str" if c in text else
                                      "int64" if c == "days" else "float64") for c in cols})


def _num(v) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return float("nan")
    return f


@dataclass(frozen=True)
class Bars:
    """Which bars one agent's month meets (rate, volume, days, qa, attendance)."""

    rate: bool
    volume: bool
    days: bool
    qa: bool
    attendance: bool

    @property
    def all(self) -> bool:
        return self.rate and self.volume and self.days and self.qa and self.attendance


def bars_met(row, settings: Settings) -> Bars:
    """The [month_stars] bars an agent's month row (agent_month's columns) meets, with review's EPS."""
    cfg = settings.month_stars
    ratio, volume, qa = _num(row["rate_ratio"]), _num(row["volume"]), _num(row["qa_avg"])
    lost = -_num(row["deductions"]) if not np.isnan(_num(row["deductions"])) else 0.0
    days = _num(row["days"])
    return Bars(rate=not np.isnan(ratio) and ratio >= cfg.rate_ratio - EPS,
                volume=not np.isnan(volume) and volume >= cfg.min_volume - EPS,
                days=not np.isnan(days) and days >= cfg.min_days,
                qa=not np.isnan(qa) and qa >= cfg.qa_min - EPS,
                attendance=lost <= cfg.max_deduction + EPS)


def star_reason(row, settings: Settings, lang: str = "zh") -> str:
    """The month of an agent in words, each figure against its bar: "办理率为中心同项目的 112%（≥105%）·
    数据量 1,520（≥1,000）· 出勤 20 天（≥15）· 质检均分 91.0（≥85）· 本月无考勤扣分". A bar not met reads
    "<105%" (an agent the manager added by hand)."""
    cfg, met = settings.month_stars, bars_met(row, settings)

    def mark(ok: bool, at_least: str, bar: str) -> str:
        return f"{'≥' if ok else '<'}{bar}" if at_least == "min" else f"{'≤' if ok else '>'}{bar}"

    ratio, qa = _num(row["rate_ratio"]), _num(row["qa_avg"])
    lost = -_num(row["deductions"]) if not np.isnan(_num(row["deductions"])) else 0.0
    parts = [t("mstars.why.rate", lang, ratio=formats.rate(ratio, 0),
               mark=mark(met.rate, "min", formats.rate(cfg.rate_ratio, 0))),
             t("mstars.why.volume", lang, volume=formats.count(_num(row["volume"])),
               mark=mark(met.volume, "min", formats.count(cfg.min_volume))),
             t("mstars.why.days", lang, days=formats.count(_num(row["days"])),
               mark=mark(met.days, "min", formats.count(cfg.min_days)))]
    parts.append(t("mstars.why.no_qa", lang) if np.isnan(qa) else
                 t("mstars.why.qa", lang, avg=f"{qa:.1f}", mark=mark(met.qa, "min", formats.points(cfg.qa_min))))
    parts.append(t("mstars.why.no_deduction", lang) if lost <= EPS else
                 t("mstars.why.deduction", lang, points=formats.points(lost),
                   mark=mark(met.attendance, "max", formats.points(cfg.max_deduction))))
    text = t("mstars.why.sep", lang).join(parts)
    return text.replace("） · ", "）· ")   # a full-width bracket carries its own space


def suggested_stars(agents: pd.DataFrame, settings: Settings, lang: str = "zh") -> pd.DataFrame:
    """The month's suggested 服务明星 (SUGGESTED_COLUMNS) from agent_month's rows: every bar met, best
    rate_ratio first (ties: more volume, then 工号 in id order), at most [month_stars] most."""
    if agents is None or agents.empty:
        return _empty(SUGGESTED_COLUMNS)
    keep = np.array([bars_met(r, settings).all for _, r in agents.iterrows()], dtype=bool)
    out = agents.loc[keep, [c for c in SUGGESTED_COLUMNS if c != "reason"]].copy()
    if out.empty:
        return _empty(SUGGESTED_COLUMNS)
    out["agent_id"] = out["agent_id"].astype(str).str.strip()
    out = out.iloc[id_sort_key(out["agent_id"]).argsort(kind="mergesort")]
    out = out.sort_values(["rate_ratio", "volume"], ascending=False, kind="mergesort")
    out = out.head(max(0, settings.month_stars.most)).reset_index(drop=True)
    out["days"] = out["days"].astype("int64")
    out["reason"] = [star_reason(r, settings, lang) for _, r in out.iterrows()]
    return out[SUGGESTED_COLUMNS]


def _stored(rows: pd.DataFrame | None, month: str) -> pd.DataFrame:
    """The month's latest 服务明星 rows as CONFIRMED_COLUMNS + record (记录编号), in storage order."""
    if rows is None or rows.empty:
        return _empty(CONFIRMED_COLUMNS + ["record"])
    cur = latest(rows)
    cur = cur[cur["月份"].astype(str).str.strip() == month]
    out = pd.DataFrame({c: cur[s].astype(str).str.strip() for c, s in STORED.items()})
    out["record"] = cur["记录编号"].astype(str)
    out = out[out["agent_id"] != ""]
    return out.reset_index(drop=True)


def confirmed_stars(rows: pd.DataFrame | None, month: str) -> pd.DataFrame:
    """The month's 服务明星 in force (CONFIRMED_COLUMNS), in 工号 order, from the store's rows of the
    table (history or latest versions: the last version of each record counts, voided ones are out).
    An agent stored twice (two managers confirming at once) is listed once, with the last row."""
    cur = _stored(rows, month)
    if cur.empty:
        return _empty(CONFIRMED_COLUMNS)
    cur = cur.drop_duplicates("agent_id", keep="last")
    cur = cur.iloc[id_sort_key(cur["agent_id"]).argsort(kind="mergesort")]
    return cur[CONFIRMED_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class StarChanges:
    """What confirming a list writes: rows to append, (记录编号, row) corrections, 记录编号 to void."""

    append: list[dict] = field(default_factory=list)
    correct: list[tuple[str, dict]] = field(default_factory=list)
    void: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.append or self.correct or self.void)


def _wanted(stars: pd.DataFrame) -> pd.DataFrame:
    w = pd.DataFrame({c: stars[c].fillna("").astype(str).str.strip() for c in CONFIRMED_COLUMNS}) \
        if len(stars) else _empty(CONFIRMED_COLUMNS)
    w = w[w["agent_id"] != ""]
    dup = w["agent_id"][w["agent_id"].duplicated()]
    if len(dup):
        raise ValueError(f"工号 listed twice: {', '.join(dup.unique())}")
    return w.reset_index(drop=True)


def star_row(month: str, star) -> dict:
    """One 服务明星 row of a star (agent_id, name, group, reason)."""
    return {"月份": month, **{STORED[c]: str(star[c]).strip() for c in CONFIRMED_COLUMNS}}


def star_changes(stars: pd.DataFrame, rows: pd.DataFrame | None, month: str) -> StarChanges:
    """The writes that make the stored list of `month` the list `stars` (CONFIRMED_COLUMNS, one row per
    agent): a new star appended, a star whose name, group or reason changed corrected, a star no longer
    listed voided (and a second stored row of one agent voided too). Nothing when they already agree."""
    wanted = _wanted(stars)
    cur = _stored(rows, month)
    by_agent = {a: g for a, g in cur.groupby("agent_id", sort=False)}
    out = StarChanges()
    for _, s in wanted.iterrows():
        have = by_agent.pop(s["agent_id"], None)
        if have is None:
            out.append.append(star_row(month, s))
            continue
        last = have.iloc[-1]
        out.void.extend(have["record"].iloc[:-1])   # an agent stored twice keeps one row
        if any(last[c] != s[c] for c in ("name", "group", "reason")):
            out.correct.append((last["record"], star_row(month, s)))
    for have in by_agent.values():   # no longer listed
        out.void.extend(have["record"])
    return out


def save_stars(store, month: str, stars: pd.DataFrame, submitted_by: str) -> StarChanges:
    """Make the stored 服务明星 of `month` the list `stars`: read the month's rows, then append, correct
    and void as star_changes says (read just before writing, so another manager's confirm in between
    is taken into account). The writes are three steps; one that fails leaves the earlier ones, and
    confirming the same list again completes it without duplicating anything."""
    changes = star_changes(stars, store.read_month(TABLE, month, history=True), month)
    if changes.append:
        store.append(TABLE, changes.append, submitted_by=submitted_by)
    for record, row in changes.correct:
        store.correct(TABLE, record, row, submitted_by=submitted_by)
    for record in changes.void:
        store.void(TABLE, record, submitted_by=submitted_by, period=month)
    return changes


def star_problems(stars: pd.DataFrame) -> FieldProblems:
    """What keeps a list from being confirmed, per star (field `reason_<工号>`): no reason, or one too long."""
    out: FieldProblems = {}
    for _, s in stars.iterrows():
        reason = str(s["reason"] if s["reason"] is not None else "").strip()
        if not reason:
            out[f"reason_{s['agent_id']}"] = ("mstars.err.no_reason", {"name": s["name"]})
        elif len(reason) > MAX_REASON:
            out[f"reason_{s['agent_id']}"] = ("mstars.err.too_long", {"name": s["name"], "max": MAX_REASON})
    return out
