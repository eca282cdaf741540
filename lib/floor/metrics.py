"""Floor metrics over the canonical reports frame (lib.schema.REPORTS): pure, no I/O.

Every rate here is a ratio of sums (Σ handled / Σ volume), never a mean of per-row or per-agent
ratios, and is NaN when there is no volume. Times are minutes after midnight; a slot counts
toward "the results at 11:00" when its `end_minute` is at or before 660.

Views of the floor's own frames (frozen, lib.schema.freeze) are kept per frame and arguments: fifty
wall screens asking for the ranking at 11:00 cost one ranking, and a new floor (a changed file)
brings new frames and so new views. Callers get a copy they may change.
"""
from __future__ import annotations

import functools
import threading
import weakref
from datetime import date, datetime
from typing import Literal, overload

import numpy as np
import pandas as pd

from lib.floor.schema import frozen

RANKING_COLUMNS = ["rank", "agent_id", "name", "group", "volume", "handled", "rate", "connected"]
STANDINGS_COLUMNS = ["group", "agents", "volume", "handled", "rate"]
AVERAGES_COLUMNS = ["group", "agents", "volume", "handled", "rate", "avg_volume", "avg_handled"]
MONTH_GROUP_COLUMNS = ["group", "volume", "handled", "rate", "connected", "connect_rate", "sales",
                       "agents", "days", "avg_volume_per_agent_day"]
MONTH_AGENT_COLUMNS = ["agent_id", "name", "group", "volume", "handled", "rate", "connected",
                       "connect_rate", "sales", "days"]
DAILY_COLUMNS = ["date", "group", "volume", "handled", "rate"]
Day = date | datetime | str | pd.Timestamp   # a calendar day in any form pd.Timestamp reads

HOURLY_COLUMNS = ["date", "agent_id", "name", "group", "hour", "end_minute", "volume", "handled",
                  "rate", "connected"]


_VIEWS: dict[int, dict[tuple, object]] = {}   # id(frozen frame) -> {(function, arguments): result}
_VIEWS_LOCK = threading.Lock()
VIEWS_PER_FRAME = 512    # a day of a wall screen's minutes and a few pages; then start again
VIEW_STATS = {"computed": 0, "kept": 0}   # views of frozen frames computed anew / answered from the cache


def _drop_views(key: int) -> None:
    with _VIEWS_LOCK:
        _VIEWS.pop(key, None)


def _kept(fn):
    """Keep fn's result per (frozen frame, arguments); any other frame is computed every time."""
    @functools.wraps(fn)
    def view(frame, *args, **kwargs):
        if not frozen(frame):
            return fn(frame, *args, **kwargs)
        try:
            key = (fn.__name__, args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:
            return fn(frame, *args, **kwargs)
        with _VIEWS_LOCK:
            views = _VIEWS.get(id(frame))
            hit = views.get(key) if views is not None else None
        if hit is None:
            hit = fn(frame, *args, **kwargs)
            VIEW_STATS["computed"] += 1
            with _VIEWS_LOCK:
                views = _VIEWS.get(id(frame))
                if views is None:
                    views = _VIEWS[id(frame)] = {}
                    weakref.finalize(frame, _drop_views, id(frame))
                if len(views) >= VIEWS_PER_FRAME:
                    views.clear()
                views[key] = hit
        else:
            VIEW_STATS["kept"] += 1
        # A shallow copy: with copy-on-write, whatever the caller changes stays in their copy.
        return hit.copy(deep=False) if isinstance(hit, pd.DataFrame | pd.Series) else \
            dict(hit) if isinstance(hit, dict) else hit
    return view


def minute_of(hhmm: str) -> int:
    """Minutes after midnight of an "HH:MM" clock time: minute_of("11:00") == 660."""
    h, m = str(hhmm).strip().split(":")
    return int(h) * 60 + int(m)


def clock_of(minute: int) -> str:
    """The "HH:MM" clock time of minutes after midnight: clock_of(600) == "10:00"."""
    return f"{int(minute) // 60:02d}:{int(minute) % 60:02d}"


@overload
def handle_rate(handled: float, volume: float) -> float: ...
@overload
def handle_rate(handled: pd.Series, volume: pd.Series) -> pd.Series: ...
def handle_rate(handled, volume):
    """Σ handled / Σ volume for already-summed figures; NaN where the volume is 0 or missing."""
    if isinstance(handled, pd.Series) or isinstance(volume, pd.Series):
        h = handled.astype("float64") if isinstance(handled, pd.Series) else float(handled)
        v = volume.astype("float64") if isinstance(volume, pd.Series) else float(volume)
        v = v.where(v > 0) if isinstance(v, pd.Series) else (v if v > 0 else float("nan"))
        return h / v
    try:
        v, h = float(volume), float(handled)
    except (TypeError, ValueError):
        return float("nan")
    if not np.isfinite(v) or v <= 0 or np.isnan(h):
        return float("nan")
    return h / v


def day_stamp(day: Day) -> pd.Timestamp:
    """The day as a midnight Timestamp, comparable with the frames' `date` column."""
    return pd.Timestamp(day).normalize()


@_kept
def month_rows(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    """Rows of a frame with a `date` column that fall in the "YYYY-MM" month."""
    period = pd.Period(month, freq="M")
    dates = frame["date"]
    if dates.dtype == "datetime64[ns]":   # two comparisons instead of a Period per row
        start = period.start_time
        return frame[(dates >= start) & (dates < start + pd.DateOffset(months=1))]
    return frame[dates.dt.to_period("M") == period]


def rows_between(frame: pd.DataFrame, first, last) -> pd.DataFrame:
    """Rows of a frame with a `date` column from `first` to `last` (inclusive)."""
    dates = frame["date"]
    return frame[(dates >= pd.Timestamp(first)) & (dates <= pd.Timestamp(last))]


def impossible(reports: pd.DataFrame) -> pd.Series:
    """Rows whose figures contradict each other: 办理量 or 接通量 above 数据量 (kept with a warning)."""
    volume = reports["volume"]
    given = volume.notna()
    return given & ((reports["handled"] > volume) | (reports["connected"] > volume))


def month_report_rows(reports: pd.DataFrame, month: str) -> pd.DataFrame:
    """The report rows the month's figures count: the month's, without the impossible ones.

    The rule for rows kept with a warning (docs/DATA.md): a row whose 办理量 or 接通量 exceeds its
    数据量 is shown on the day (the wall, the ranking, the workbench say what the dialer says) but left
    out of every figure of the month until its file is corrected — one 999 typed for 9 would
    otherwise move a group's month by points and draw a spike. The review lists those rows per group.
    Other warnings (an agent not on the roster, a re-download) do not touch the figures and count.
    """
    rows = month_rows(reports, month)
    return rows[~impossible(rows)]


def id_key(v) -> str:
    """id_sort_key of one id, for sorted(): all-digit ids by value, then text."""
    v = str(v).strip()
    return "0" + v.zfill(30) if v.isdigit() and v.isascii() else "1" + v


def id_sort_key(s: pd.Series) -> pd.Series:
    """A sort key for ids and group names: all-digit ones numerically ("999" before "1002"), then text."""
    s = s.astype(str).str.strip()
    digits = s.str.fullmatch(r"\d+").fillna(False).astype(bool)
    # One lexical sort then orders digit ids by value and puts any other id after them.
    return ("0" + s.str.zfill(30)).where(digits, "1" + s)


def _sorted(df: pd.DataFrame, by: list[str], ascending: list[bool]) -> pd.DataFrame:
    """The frame sorted stably, NaN last, ids and groups in `id_sort_key` order."""
    keyed = {"agent_id", "group"}
    return df.sort_values(by, ascending=ascending, kind="mergesort", na_position="last",
                          key=lambda s: id_sort_key(s) if s.name in keyed else s)


@_kept
def rows_until(reports: pd.DataFrame, day: Day, at_minute: int) -> pd.DataFrame:
    """The report rows of that date whose slot ended at or before `at_minute`."""
    d = day_stamp(day)
    return reports[(reports["date"] == d) & (reports["end_minute"] <= int(at_minute))]


def _first_name(rows: pd.DataFrame, by: str | list[str] = "agent_id") -> pd.Series:
    """The first non-empty name per key ("" when every row's name is empty)."""
    names = rows["name"].where(rows["name"].str.strip() != "")
    return rows.assign(name=names).groupby(by, sort=False)["name"].first().fillna("")


def _sum(s: pd.Series) -> float:
    """The sum of a series, NaN when none of it is given."""
    # min_count=1 keeps "not given" (all NaN) apart from a real zero for connected and sales.
    return s.sum(min_count=1)


def _keyed(rows: pd.DataFrame, column: str) -> tuple[np.ndarray, pd.Index]:
    """(integer code per row, the distinct values in order of appearance): text keys read once."""
    codes, uniques = pd.factorize(rows[column])
    return codes, pd.Index(uniques, name=column)


def agent_totals(rows: pd.DataFrame) -> pd.DataFrame:
    """Per agent in `rows`: agent_id, name, group (of the latest slot), volume, handled, rate, connected."""
    cols = ["agent_id", "name", "group", "volume", "handled", "rate", "connected"]
    if rows.empty:
        return _empty(cols)
    rows = rows[rows["agent_id"].notna()]   # as groupby would: a row without an id belongs to no one
    if rows.empty:
        return _empty(cols)
    codes, ids = _keyed(rows, "agent_id")
    g = rows[["volume", "handled", "connected"]].groupby(codes, sort=True)
    out = pd.DataFrame({"volume": g["volume"].sum(), "handled": g["handled"].sum(),
                        "connected": g["connected"].sum(min_count=1)})
    names = rows["name"].where(rows["name"].str.strip() != "")
    out["name"] = names.groupby(codes, sort=True).first().fillna("")
    latest = np.lexsort((rows["end_minute"].to_numpy(), rows["date"].to_numpy()))
    out["group"] = rows["group"].iloc[latest].groupby(codes[latest], sort=True).last()
    out["rate"] = handle_rate(out["handled"], out["volume"])
    out.index = ids
    return out.reset_index()[cols]


def _empty(columns: list[str]) -> pd.DataFrame:
    """An empty result frame with the columns' usual dtypes."""
    str_cols = {"agent_id", "name", "group", "detail", "kind", "rule"}
    data = {}
    for c in columns:
        if c in str_cols:
            data[c] = pd.Series([], dtype="str")
        elif c == "date":
            data[c] = pd.Series([], dtype="datetime64[ns]")
        elif c == "rank":
            data[c] = pd.Series([], dtype="Int64")
        elif c in {"agents", "days", "hour", "end_minute"}:
            data[c] = pd.Series([], dtype="int64")
        else:
            data[c] = pd.Series([], dtype="float64")
    return pd.DataFrame(data)


def hours_worked(rows: pd.DataFrame) -> pd.Series:
    """Per agent_id: the distinct clock hours (`hour`, the hour a slot starts in) with volume in `rows`.

    The same count as the low_volume flag's slots worked: two half-hour slots of one hour are one
    hour, an hour with report rows but no volume is not worked, and a row spanning two hours (a
    missed running-total download, 10:00-12:00) counts as the hour it starts in.
    """
    worked = rows[rows["agent_id"].notna() & (rows["volume"] > 0)]
    return worked.groupby("agent_id", sort=False)["hour"].nunique().astype("int64")


@_kept
def ranking_at(reports: pd.DataFrame, day: Day, at_minute: int, min_volume: float,
               group: str | None = None, per_hour: float = 0.0) -> pd.DataFrame:
    """The broadcast ranking at a time: ranked agents by rate, then the unranked by agent_id.

    Agents with report rows by `at_minute` are listed. An agent's bar is
    max(min_volume, per_hour x hours worked by at_minute) (hours_worked: distinct clock hours with
    volume), so the bar grows with the day and an agent who started late is ranked once they reach
    the bar for their own hours; per_hour 0 leaves min_volume alone. Those with volume >= their bar
    (and some volume at all, so a rate exists) are ranked by rate desc, handled desc, agent_id asc;
    rank is 1..n (Int64). The rest follow by agent_id with rank <NA>. An agent's group is the group
    of their latest slot; with `group`, only that group's agents are kept and ranked 1..n among
    themselves (their hours count every row of theirs, whichever group it was worked for).
    """
    totals = agent_totals(rows_until(reports, day, at_minute))
    if group is not None:
        totals = totals[totals["group"] == str(group)]
    if totals.empty:
        return _empty(RANKING_COLUMNS)
    bar = totals["agent_id"].map(ranking_bar(reports, day, at_minute, min_volume, per_hour)).astype("float64")
    eligible = (totals["volume"] >= bar) & (totals["volume"] > 0)
    ranked = _sorted(totals[eligible], ["rate", "handled", "agent_id"], [False, False, True])
    ranked = ranked.assign(rank=pd.array(range(1, len(ranked) + 1), dtype="Int64"))
    rest = _sorted(totals[~eligible], ["agent_id"], [True])
    rest = rest.assign(rank=pd.array([pd.NA] * len(rest), dtype="Int64"))
    out = pd.concat([ranked, rest], ignore_index=True)
    out["rank"] = out["rank"].astype("Int64")
    return out[RANKING_COLUMNS]


def ranking_bar(reports: pd.DataFrame, day: Day, at_minute: int, min_volume: float,
                per_hour: float = 0.0) -> pd.Series:
    """Per agent_id with report rows by `at_minute`: the volume ranking_at asks of them to be ranked,
    max(min_volume, per_hour x hours_worked)."""
    rows = rows_until(reports, day, at_minute)
    ids = pd.Index(rows["agent_id"].dropna().unique(), name="agent_id")
    hours = hours_worked(rows).reindex(ids).fillna(0).astype("float64")
    return (float(per_hour) * hours).clip(lower=float(min_volume)) if per_hour > 0 else \
        pd.Series(float(min_volume), index=ids, dtype="float64")


def _group_sums(rows: pd.DataFrame) -> pd.DataFrame:
    """Per row group: agents with any volume, volume, handled, rate."""
    if rows.empty:
        return _empty(STANDINGS_COLUMNS)
    per_agent = rows.groupby(["group", "agent_id"], sort=False)["volume"].sum()
    active = (per_agent > 0).groupby(level="group", sort=False).sum()
    g = rows.groupby("group", sort=False)
    out = pd.DataFrame({"volume": g["volume"].sum(), "handled": g["handled"].sum()})
    out["agents"] = active.reindex(out.index).fillna(0).astype("int64")
    out["rate"] = handle_rate(out["handled"], out["volume"])
    return out.reset_index()[STANDINGS_COLUMNS]


@_kept
def group_standings(reports: pd.DataFrame, day: Day, at_minute: int) -> pd.DataFrame:
    """Each group's totals at a time (group, agents, volume, handled, rate), best rate first.

    Figures go to the group each row was worked for, so a substitute's hours count for the
    group they helped. `agents` counts the group's agents with any volume.
    """
    out = _group_sums(rows_until(reports, day, at_minute))
    return _sorted(out, ["rate", "group"], [False, True]).reset_index(drop=True)


@_kept
def group_averages(reports: pd.DataFrame, day: Day, period: Literal["morning", "day"],
                   morning_end_minute: int) -> pd.DataFrame:
    """The duty-log line per group: sums, rate, and sums per agent with any volume, by group.

    morning = slots ending at or before `morning_end_minute`; day = every slot of the day.
    avg_volume / avg_handled are the group's sums divided by `agents` (NaN when no one had volume).
    """
    if period not in ("morning", "day"):
        raise ValueError(f"period must be 'morning' or 'day', not {period!r}")
    cut = morning_end_minute if period == "morning" else 24 * 60
    out = _group_sums(rows_until(reports, day, cut))
    if out.empty:
        return _empty(AVERAGES_COLUMNS)
    n = out["agents"].where(out["agents"] > 0).astype("float64")
    out["avg_volume"] = out["volume"] / n
    out["avg_handled"] = out["handled"] / n
    return _sorted(out, ["group"], [True]).reset_index(drop=True)[AVERAGES_COLUMNS]


@_kept
def center_totals(reports: pd.DataFrame, day: Day, at_minute: int = 24 * 60) -> dict[str, float]:
    """The whole center's line at a time: volume, handled, rate, connected, agents, avg_volume, avg_handled.

    `agents` counts agents with any volume; the averages are the sums divided by it.
    """
    rows = rows_until(reports, day, at_minute)
    per_agent = rows.groupby("agent_id")["volume"].sum()
    agents = int((per_agent > 0).sum())
    volume, handled = float(rows["volume"].sum()), float(rows["handled"].sum())
    return {
        "agents": agents, "volume": volume, "handled": handled,
        "rate": handle_rate(handled, volume),
        "connected": float(_sum(rows["connected"])) if not rows.empty else float("nan"),
        "avg_volume": volume / agents if agents else float("nan"),
        "avg_handled": handled / agents if agents else float("nan"),
    }


def _connect_rate(rows: pd.DataFrame, by: str) -> pd.Series:
    """Σ connected / Σ volume over the rows where connected is given, per key."""
    given = rows[rows["connected"].notna()]
    g = given.groupby(by, sort=False)
    return handle_rate(g["connected"].sum(), g["volume"].sum())


def _count_keys(*codes: np.ndarray, by: int, size: int) -> np.ndarray:
    """How many distinct key tuples (codes ≥ 0) each value of the `by`-th key has, as counts 0..size-1."""
    keep = np.logical_and.reduce([c >= 0 for c in codes])
    flat = np.zeros(int(keep.sum()), dtype=np.int64)
    for c in codes:   # one integer per tuple: the codes as digits of a mixed-radix number
        flat = flat * (int(c.max(initial=-1)) + 1) + c[keep]
    tuples = pd.unique(flat)
    radix = [int(c.max(initial=-1)) + 1 for c in codes]
    below = int(np.prod(radix[by + 1:], dtype=np.int64))
    return np.bincount((tuples // below) % radix[by], minlength=size)


def _active(rows: pd.DataFrame) -> np.ndarray | None:
    """Rows with volume, standing for "the key's volume sums to more than 0" (None if a volume is negative)."""
    volume = rows["volume"].to_numpy(dtype="float64", na_value=np.nan)
    if (volume < 0).any():   # never in a floor's frame; a sum could then cancel out
        return None
    return volume > 0


@_kept
def month_by_group(reports: pd.DataFrame, month: str) -> pd.DataFrame:
    """The month per group, best rate first.

    connect_rate uses only rows that give connected (NaN when none do); agents = distinct agents
    with volume; days = distinct dates with rows; avg_volume_per_agent_day = volume / the number of
    (agent, date) pairs with volume.
    """
    rows = month_report_rows(reports, month)
    rows = rows[rows["group"].notna()]   # as groupby would: a row without a group counts for none
    active = _active(rows)
    if rows.empty or active is None:
        return _month_by_group(rows)
    # Each text key is read once; the rest is integer arithmetic on the codes.
    gc, groups = _keyed(rows, "group")
    ac, _ = pd.factorize(rows["agent_id"])
    dc, _ = pd.factorize(rows["date"])
    ng = len(groups)
    g = rows[["volume", "handled", "connected", "sales"]].groupby(gc, sort=True)
    out = pd.DataFrame({
        "volume": g["volume"].sum(), "handled": g["handled"].sum(),
        "connected": g["connected"].sum(min_count=1), "sales": g["sales"].sum(min_count=1),
        "days": _count_keys(gc, dc, by=0, size=ng).astype("int64"),
    })
    out["rate"] = handle_rate(out["handled"], out["volume"])
    given = rows["connected"].notna().to_numpy()
    gg = rows.loc[given, ["connected", "volume"]].groupby(gc[given], sort=True)
    out["connect_rate"] = handle_rate(gg["connected"].sum(), gg["volume"].sum()).reindex(out.index)
    out["agents"] = _count_keys(gc[active], ac[active], by=0, size=ng).astype("int64")
    n_ad = pd.Series(_count_keys(gc[active], ac[active], dc[active], by=0, size=ng), dtype="float64")
    out["avg_volume_per_agent_day"] = out["volume"] / n_ad.where(n_ad > 0)
    out.index = groups
    out = out.reset_index()
    return _sorted(out, ["rate", "group"], [False, True]).reset_index(drop=True)[MONTH_GROUP_COLUMNS]


def _month_by_group(rows: pd.DataFrame) -> pd.DataFrame:
    """month_by_group of a month's rows by plain groupby (an empty month, or negative volumes)."""
    if rows.empty:
        return _empty(MONTH_GROUP_COLUMNS)
    g = rows.groupby("group", sort=False)
    out = pd.DataFrame({
        "volume": g["volume"].sum(), "handled": g["handled"].sum(),
        "connected": g["connected"].sum(min_count=1), "sales": g["sales"].sum(min_count=1),
        "days": g["date"].nunique().astype("int64"),
    })
    out["rate"] = handle_rate(out["handled"], out["volume"])
    out["connect_rate"] = _connect_rate(rows, "group").reindex(out.index)
    agent_vol = rows.groupby(["group", "agent_id"])["volume"].sum()
    out["agents"] = (agent_vol > 0).groupby(level="group").sum().reindex(out.index).astype("int64")
    agent_days = rows.groupby(["group", "agent_id", "date"])["volume"].sum()
    n_ad = (agent_days > 0).groupby(level="group").sum().reindex(out.index).astype("float64")
    out["avg_volume_per_agent_day"] = out["volume"] / n_ad.where(n_ad > 0)
    out = out.reset_index()
    return _sorted(out, ["rate", "group"], [False, True]).reset_index(drop=True)[MONTH_GROUP_COLUMNS]


@_kept
def month_by_agent(reports: pd.DataFrame, month: str) -> pd.DataFrame:
    """The month per agent, by rate desc, handled desc, agent_id; group = where most of their volume went.

    A tie in volume between groups goes to the group named first by `id_sort_key`. days = distinct
    dates with report rows.
    """
    rows = month_report_rows(reports, month)
    rows = rows[rows["agent_id"].notna()]   # as groupby would: a row without an id belongs to no one
    if rows.empty:
        return _empty(MONTH_AGENT_COLUMNS)
    ac, ids = _keyed(rows, "agent_id")
    dc, _ = pd.factorize(rows["date"])
    g = rows[["volume", "handled", "connected", "sales"]].groupby(ac, sort=True)
    out = pd.DataFrame({
        "volume": g["volume"].sum(), "handled": g["handled"].sum(),
        "connected": g["connected"].sum(min_count=1), "sales": g["sales"].sum(min_count=1),
        "days": _count_keys(ac, dc, by=0, size=len(ids)).astype("int64"),
    })
    names = rows["name"].where(rows["name"].str.strip() != "")
    out["name"] = names.groupby(ac, sort=True).first().fillna("")
    gc, groups = _keyed(rows, "group")
    known = gc >= 0
    pair = ac[known].astype(np.int64) * (len(groups) + 1) + gc[known]
    by_group = pd.Series(rows["volume"].to_numpy()[known]).groupby(pair, sort=False).sum()
    by_group = pd.DataFrame({"agent": by_group.index // (len(groups) + 1), "volume": by_group.to_numpy(),
                             "group": groups.take(by_group.index % (len(groups) + 1)).to_numpy()})
    by_group["agent_id"] = ids.take(by_group["agent"]).to_numpy()
    by_group = _sorted(by_group, ["agent_id", "volume", "group"], [True, False, True])
    out["group"] = by_group.groupby("agent", sort=False)["group"].first()
    out["rate"] = handle_rate(out["handled"], out["volume"])
    given = rows["connected"].notna().to_numpy()
    gg = rows.loc[given, ["connected", "volume"]].groupby(ac[given], sort=True)
    out["connect_rate"] = handle_rate(gg["connected"].sum(), gg["volume"].sum()).reindex(out.index)
    out.index = ids
    out = out.reset_index()
    out = _sorted(out, ["rate", "handled", "agent_id"], [False, False, True])
    return out.reset_index(drop=True)[MONTH_AGENT_COLUMNS]


@_kept
def daily_by_group(reports: pd.DataFrame, month: str) -> pd.DataFrame:
    """Per date and group of the month: volume, handled, rate (for trend charts), by date then group."""
    rows = month_report_rows(reports, month)
    if rows.empty:
        return _empty(DAILY_COLUMNS)
    out = rows.groupby(["date", "group"])[["volume", "handled"]].sum().reset_index()
    out["rate"] = handle_rate(out["handled"], out["volume"])
    return _sorted(out, ["date", "group"], [True, True]).reset_index(drop=True)[DAILY_COLUMNS]


@_kept
def hourly_by_agent(reports: pd.DataFrame, day: Day, group: str | None = None) -> pd.DataFrame:
    """Per agent and hour slot of a day (projects summed), by agent_id then hour.

    `group` keeps the slots worked for that group, so a substitute shows in the group they helped.
    """
    d = day_stamp(day)
    rows = reports[(reports["date"] == d) & (reports["end_minute"] <= 24 * 60)]   # day totals have no hour
    if group is not None:
        rows = rows[rows["group"] == str(group)]
    if rows.empty:
        return _empty(HOURLY_COLUMNS)
    keys = ["date", "agent_id", "hour"]
    g = rows.groupby(keys, sort=False)
    out = pd.DataFrame({
        "end_minute": g["end_minute"].max(), "volume": g["volume"].sum(),
        "handled": g["handled"].sum(), "connected": g["connected"].sum(min_count=1),
        "group": g["group"].last(),
    })
    names = _first_name(rows)
    out = out.reset_index()
    out["name"] = out["agent_id"].map(names).fillna("")
    out["rate"] = handle_rate(out["handled"], out["volume"])
    return _sorted(out, ["agent_id", "hour"], [True, True]).reset_index(drop=True)[HOURLY_COLUMNS]
