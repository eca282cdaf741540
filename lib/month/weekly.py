"""The weekly meeting pack (周会材料): an ISO week (Monday..Sunday) against the week before.

Per group and for the center: volume, handled, handle rate, QA average, attendance deductions (the
one rule of lib/day/attendance.py, via review.attendance_records: the config's points for each
record's category, never a typed 扣分); the most improved and the weakest agents; the duty log's
notes (备注); the week's QA points lost per scorecard item and red lines hit, per group and for the
center (lib.quality.qa_analytics). Pure over the reports frame and the store's QA, attendance and
duty-log frames; `read_span` fetches those for the two weeks.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from lib.config import Settings
from lib.floor.memo import kept
from lib.floor.metrics import handle_rate, id_sort_key, rows_between
from lib.month.review import attendance_records, qa_scores
from lib.quality.qa import Scorecard, scorecard
from lib.quality.qa_analytics import LOST_COLUMNS, RED_COLUMNS, in_period, points_lost, red_line_counts

WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
FIGURES = ["volume", "handled", "rate", "agents", "qa_avg", "qa_scores", "deductions"]
GROUP_COLUMNS = (["group"] + FIGURES + [f"prev_{c}" for c in FIGURES] + ["rate_vs_prev", "volume_change"])
AGENT_COLUMNS = ["group", "agent_id", "name", "volume", "handled", "rate", "prev_volume", "prev_rate",
                 "rate_vs_prev", "group_rate", "ratio_to_group"]
NOTE_COLUMNS = ["date", "group", "duty_lead", "period", "note"]
DAILY_COLUMNS = ["date", "group", "week", "weekday", "volume", "handled", "rate"]
QA_LOST_COLUMNS = ["group"] + LOST_COLUMNS
QA_RED_COLUMNS = ["group"] + RED_COLUMNS


def parse_week(text: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week "YYYY-Www"; ValueError naming the expected form."""
    m = WEEK_RE.match(str(text).strip())
    try:
        if not m:
            raise ValueError
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise ValueError(f"not a week: {text!r} (use YYYY-Www, e.g. 2026-W47)") from None
    return monday, monday + dt.timedelta(days=6)


def week_of(day: dt.date) -> str:
    """The ISO week "YYYY-Www" a day falls in."""
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def last_full_week(day: dt.date) -> str:
    """The week before the one `day` is in: on Tuesday's meeting, last week."""
    return week_of(day - dt.timedelta(days=7))


def read_span(store, table: str, start: dt.date, end: dt.date):
    """A 日期 table's latest rows from start to end (inclusive), reading each month they touch once."""
    months = sorted({str(pd.Period(d, freq="M")) for d in pd.date_range(start, end)})
    parts = [store.read_month(table, m) for m in months]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if frame.empty:
        return frame
    keep = (frame["日期"] >= pd.Timestamp(start)) & (frame["日期"] <= pd.Timestamp(end))
    return frame[keep].reset_index(drop=True)


def _main_group(rows: pd.DataFrame) -> pd.Series:
    """Each agent's group of the week: where most of their volume went (ties by group order)."""
    by = rows.groupby(["agent_id", "group"], sort=False)["volume"].sum().reset_index()
    by = by.sort_values(["agent_id", "volume", "group"], ascending=[True, False, True], kind="mergesort",
                        key=lambda s: id_sort_key(s) if s.name == "group" else s)
    return by.groupby("agent_id", sort=False)["group"].first()


def _figures(rows: pd.DataFrame, qa: pd.DataFrame, att: pd.DataFrame, by_group: bool) -> pd.DataFrame:
    """FIGURES per group (or one center line with index "") for one week's rows."""
    key = rows["group"] if by_group else pd.Series("", index=rows.index)
    g = rows.groupby(key, sort=False)
    out = pd.DataFrame({"volume": g["volume"].sum(), "handled": g["handled"].sum()})
    per_agent = rows.groupby([key, rows["agent_id"]])["volume"].sum()
    out["agents"] = (per_agent > 0).groupby(level=0).sum().reindex(out.index).fillna(0)
    out["rate"] = handle_rate(out["handled"], out["volume"])
    home = _main_group(rows) if len(rows) else pd.Series(dtype="str")
    qa = qa.assign(group=qa["group"].where(qa["group"] != "", qa["agent_id"].map(home).fillna("")))
    qkey = qa["group"] if by_group else pd.Series("", index=qa.index)
    qg = qa.groupby(qkey, sort=False)["score"]
    akey = att["group"] if by_group else pd.Series("", index=att.index)
    out = out.join(pd.DataFrame({"qa_avg": qg.mean(), "qa_scores": qg.size().astype("float64")}), how="outer")
    out = out.join(att.groupby(akey, sort=False)["deduction"].sum().rename("deductions"), how="outer")
    if not by_group:   # the center has its line even in a week without data
        out = out.reindex([""])
    out[["volume", "handled", "agents", "qa_scores", "deductions"]] = \
        out[["volume", "handled", "agents", "qa_scores", "deductions"]].fillna(0.0)
    return out[FIGURES]


def _compare(this: pd.DataFrame, prev: pd.DataFrame) -> pd.DataFrame:
    out = this.join(prev.add_prefix("prev_"), how="outer")
    out["rate_vs_prev"] = out["rate"] - out["prev_rate"]
    out["volume_change"] = out["volume"] / out["prev_volume"].where(out["prev_volume"] > 0) - 1
    out.index.name = "group"
    out = out.reset_index()
    out = out.sort_values("group", key=id_sort_key, kind="mergesort").reset_index(drop=True)
    return out[GROUP_COLUMNS]


def agent_changes(this_rows: pd.DataFrame, prev_rows: pd.DataFrame) -> pd.DataFrame:
    """Per agent of the week: figures, last week's volume and rate, and the rate against their group's."""
    def totals(rows):
        g = rows.groupby("agent_id", sort=False)
        t = pd.DataFrame({"volume": g["volume"].sum(), "handled": g["handled"].sum()})
        t["name"] = rows.groupby("agent_id", sort=False)["name"].agg(lambda s: next((x for x in s if x), ""))
        t["rate"] = handle_rate(t["handled"], t["volume"])
        return t
    if this_rows.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c in ("group", "agent_id", "name") else "float64")
                             for c in AGENT_COLUMNS})
    out = totals(this_rows)
    out["group"] = _main_group(this_rows)
    prev = totals(prev_rows) if len(prev_rows) else pd.DataFrame(columns=["volume", "rate"])
    out["prev_volume"] = prev["volume"].reindex(out.index).fillna(0.0).astype("float64")
    out["prev_rate"] = prev["rate"].reindex(out.index).astype("float64")
    out["rate_vs_prev"] = out["rate"] - out["prev_rate"]
    gsum = this_rows.groupby("group")[["handled", "volume"]].sum()
    out["group_rate"] = out["group"].map(handle_rate(gsum["handled"], gsum["volume"]))
    out["ratio_to_group"] = out["rate"] / out["group_rate"].where(out["group_rate"] > 0)
    out = out.reset_index()
    return out.sort_values(["group", "agent_id"], key=id_sort_key, kind="mergesort").reset_index(drop=True)[
        AGENT_COLUMNS]


def most_improved(agents: pd.DataFrame, n: int, min_volume: float, group: str | None = None) -> pd.DataFrame:
    """Agents whose rate rose most since last week (volume ≥ min in both weeks, a rise only), top n.

    Per group when `group` is given; for the center, across groups."""
    a = agents if group is None else agents[agents["group"] == group]
    a = a[(a["volume"] >= min_volume) & (a["prev_volume"] >= min_volume) & (a["rate_vs_prev"] > 0)]
    return a.sort_values(["rate_vs_prev", "agent_id"], ascending=[False, True], kind="mergesort").head(n) \
        .reset_index(drop=True)


def weakest(agents: pd.DataFrame, n: int, min_volume: float, group: str | None = None) -> pd.DataFrame:
    """Agents below their group's rate this week (volume ≥ min), furthest below first, n of them."""
    a = agents if group is None else agents[agents["group"] == group]
    a = a[(a["volume"] >= min_volume) & (a["ratio_to_group"] < 1)]
    return a.sort_values(["ratio_to_group", "agent_id"], kind="mergesort").head(n).reset_index(drop=True)


def duty_notes(duty_log: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The duty log's non-empty 备注 of the week: date, group, duty lead, period, note (by date)."""
    if duty_log is None or duty_log.empty:
        return pd.DataFrame({c: pd.Series([], dtype="datetime64[ns]" if c == "date" else "str")
                             for c in NOTE_COLUMNS})
    d = duty_log.rename(columns={"日期": "date", "组别": "group", "值班组长": "duty_lead", "时段": "period",
                                 "备注": "note"})
    d = rows_between(d, start, end)
    d = d[d["note"].astype(str).str.strip() != ""]
    return d.sort_values(["date", "group"], kind="mergesort").reset_index(drop=True)[NOTE_COLUMNS]


def _qa_of_week(qa: pd.DataFrame, rows: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The week's 质检评分 rows, a row without 组别 given the agent's group of the week (as _figures does)."""
    if qa is None or qa.empty or "日期" not in qa.columns:
        return pd.DataFrame()
    week = in_period(qa, start, end)
    if week.empty:
        return week
    given = week["组别"].fillna("").astype(str).str.strip() if "组别" in week.columns else pd.Series("", index=week.index)
    home = _main_group(rows) if len(rows) else pd.Series(dtype="str")
    ids = week["工号"].fillna("").astype(str).str.strip()
    return week.assign(组别=given.where(given != "", ids.map(home)).fillna(""))


def qa_lost(week_qa: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """QA_LOST_COLUMNS: points lost per scorecard item per group (groups in id order, within a group the
    item losing most first), then the center's lines (group ""). A row whose group is unknown counts
    for the center only."""
    groups = points_lost(week_qa, card, "group")
    groups = groups[groups["group"] != ""]
    groups = groups.sort_values("group", key=id_sort_key, kind="mergesort")
    center = points_lost(week_qa, card).assign(group="")
    return pd.concat([groups, center[QA_LOST_COLUMNS]], ignore_index=True)[QA_LOST_COLUMNS]


def qa_red_lines(week_qa: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """QA_RED_COLUMNS: each red line's hits per group with QA rows (groups in id order), then the center's
    (group "", every row of the week)."""
    names = week_qa["组别"] if len(week_qa) else pd.Series([], dtype="str")
    groups = pd.Series(names.unique(), dtype="str")
    groups = groups[groups != ""].sort_values(key=id_sort_key, kind="mergesort")
    parts = [red_line_counts(week_qa[names == g], card).assign(group=g) for g in groups]
    parts.append(red_line_counts(week_qa if len(week_qa) else None, card).assign(group=""))
    return pd.concat(parts, ignore_index=True)[QA_RED_COLUMNS]


def _daily(rows: pd.DataFrame, start: dt.date, week: str, by_group: bool) -> pd.DataFrame:
    key = [rows["date"], rows["group"]] if by_group else [rows["date"]]
    out = rows.groupby(key)[["volume", "handled"]].sum().reset_index()
    if not by_group:
        out["group"] = ""
    out["rate"] = handle_rate(out["handled"], out["volume"])
    out["week"] = week
    out["weekday"] = (out["date"] - pd.Timestamp(start)).dt.days.astype("int64")
    return out[DAILY_COLUMNS]


@dataclass(frozen=True)
class WeeklyPack:
    """The meeting pack of a week: tables for the workbook and the deck."""

    week: str
    previous: str
    start: dt.date
    end: dt.date
    prev_start: dt.date
    groups: pd.DataFrame        # GROUP_COLUMNS, by group
    center: pd.DataFrame        # one line, group ""
    agents: pd.DataFrame        # AGENT_COLUMNS
    notes: pd.DataFrame         # NOTE_COLUMNS
    daily: pd.DataFrame         # DAILY_COLUMNS, groups and the center (group "")
    top_agents: int
    min_volume: float
    qa_lost: pd.DataFrame       # QA_LOST_COLUMNS, the week's points lost per item: groups, then the center ("")
    qa_red: pd.DataFrame        # QA_RED_COLUMNS, the week's red lines hit: groups, then the center ("")
    # Praise, added by the screen from what the pack's frames do not hold (dataclasses.replace):
    contests: tuple = ()        # lib.month.contest.ContestResult of each contest with a day in the week
    stars_month: str = ""       # the month of the confirmed stars shown ("": none confirmed)
    stars: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["agent_id", "name", "group", "reason"]))

    def improved(self, group: str | None = None) -> pd.DataFrame:
        """The most improved agents of a group (None: the center)."""
        return most_improved(self.agents, self.top_agents, self.min_volume, group)

    def weakest(self, group: str | None = None) -> pd.DataFrame:
        """The weakest agents of a group (None: the center)."""
        return weakest(self.agents, self.top_agents, self.min_volume, group)


@kept(size=4)
def weekly_pack(reports: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame, duty_log: pd.DataFrame,
                week: str, settings: Settings) -> WeeklyPack:
    """The pack of `week` ("YYYY-Www") against the week before, from the floor and the store's frames."""
    start, end = parse_week(week)
    prev_start, prev_end = start - dt.timedelta(days=7), start - dt.timedelta(days=1)
    scores, att = qa_scores(qa), attendance_records(attendance, settings)
    this_rows, prev_rows = rows_between(reports, start, end), rows_between(reports, prev_start, prev_end)
    parts = {}
    for by_group in (True, False):
        this = _figures(this_rows, rows_between(scores, start, end), rows_between(att, start, end), by_group)
        prev = _figures(prev_rows, rows_between(scores, prev_start, prev_end), rows_between(att, prev_start, prev_end),
                        by_group)
        parts[by_group] = _compare(this, prev)
    daily_parts = [_daily(r, s, w, g) for r, s, w in ((this_rows, start, "this"), (prev_rows, prev_start, "prev"))
                   if len(r) for g in (True, False)]
    daily = pd.concat(daily_parts, ignore_index=True) if daily_parts else \
        pd.DataFrame({c: pd.Series([], dtype="float64") for c in DAILY_COLUMNS})
    cfg, card = settings.weekly, scorecard(settings)
    week_qa = _qa_of_week(qa, this_rows, start, end)
    return WeeklyPack(week_of(start), week_of(prev_start), start, end, prev_start, parts[True], parts[False],
                      agent_changes(this_rows, prev_rows), duty_notes(duty_log, start, end), daily,
                      cfg.top_agents, cfg.min_volume, qa_lost(week_qa, card), qa_red_lines(week_qa, card))
