"""The wall screen's picture of the floor at a moment: pure, no Streamlit, no I/O.

What it shows: the ranking with the top three and the agents below their group's floor marked,
the group standings, the next notice, and how old the newest report is. Before the working day
starts it shows the last day's final standings instead. Pages change with the clock, so every
screen on the floor shows the same page at the same time without talking to the others.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from lib.config import Settings
from lib.day.goals import pace_at
from lib.floor.metrics import center_totals, day_stamp, group_standings, ranking_at
from lib.day.notices import Notice, next_notice
from lib.i18n.formats import fmt_value

TOP = 3
_EPS = 1e-9
MIN_SLOTS = 5   # a ranking of fewer rows draws them this tall at most (2 agents are not half the screen each)


@dataclass(frozen=True)
class WallView:
    """Everything the wall screen draws, already decided."""

    day: dt.date                 # the day whose figures are shown
    final: bool                  # a finished day's standings (before today's start, or a past day after its end)
    past: bool                   # a day before today as at a moment of it (?date=<past day>&at=HH:MM)
    closed: bool                 # today after [day] end: today's final standings
    yesterday: bool              # final standings of the last day before today, shown before the start
    data_until: int | None       # the latest slot end in the figures (minutes), None without figures
    ranking: pd.DataFrame        # one page of rank, agent_id, name, group, volume, handled, rate, mark
    standings: pd.DataFrame      # one page of group, agents, volume, handled, rate, place (1 = best rate), pace
    totals: dict[str, float]     # the center's line
    page: int                    # 0-based page shown
    pages: int                   # the ranking's pages, then one per extra slide (praise: lib/month/wall_slides.py)
    group: str | None            # the pinned group (?group=)
    rows: int                    # ranking rows in all pages
    slots: int                   # rows a page's height is shared among: a short ranking (a pinned group) fills the screen
    notice: Notice | None        # the next notice of today, None after the last
    notice_in: int | None        # minutes until it
    clock: dt.datetime           # the time the screen shows
    age_minutes: float | None    # minutes since the newest report was written (None: not shown)
    updated: dt.datetime | None  # when it was written (floor time)
    stale: bool
    # The legend's words for who is not ranked: a lib/i18n/wall.py key and its values (ranking_rule).
    rank_rule: tuple[str, dict[str, str]]
    slide: int | None = None     # the page shown is the extra slide of this index, not the ranking


def ranking_rule(min_volume: float, per_hour: float) -> tuple[str, dict[str, str]]:
    """The ranking's bar as legend words: (catalogue key, values) of lib/i18n/wall.py.

    With a per-hour bar ([ranking] min_volume_per_hour > 0) the legend names both numbers, since an
    agent with more than min_volume may still be unranked; else min_volume alone, as before."""
    if per_hour > 0:
        return "wall.unranked_hourly", {"min": fmt_value(float(min_volume)), "per_hour": fmt_value(float(per_hour))}
    return "wall.unranked", {"min": fmt_value(float(min_volume))}


def marked_ranking(reports: pd.DataFrame, day, at_minute: int, min_volume: float, floor_ratio: float,
                   group: str | None = None, per_hour: float = 0.0) -> pd.DataFrame:
    """ranking_at with a `mark` column: "top" for ranks 1..3, "below" under floor_ratio x the group's rate.

    The floor is relative to the agent's own group (the group of their latest slot) at the same
    moment; an agent exactly at the floor is not below it; unranked agents are never marked.
    """
    r = ranking_at(reports, day, at_minute, min_volume, group, per_hour=per_hour)
    groups = group_standings(reports, day, at_minute).set_index("group")["rate"]
    floor = r["group"].map(groups).astype("float64") * float(floor_ratio)
    below = r["rank"].notna() & floor.notna() & (r["rate"] < floor - _EPS)
    top = r["rank"].notna() & (r["rank"].fillna(0) <= TOP)
    mark = pd.Series("", index=r.index, dtype="str")
    mark[below.to_numpy(dtype=bool)] = "below"
    mark[top.to_numpy(dtype=bool)] = "top"
    return r.assign(mark=mark)


def shown_day(reports: pd.DataFrame, day: dt.date, at_minute: int, today: dt.date,
              start_minute: int, end_minute: int = 24 * 60) -> tuple[dt.date, int, bool, bool]:
    """(day, minute, final, yesterday) the wall shows.

    Today before the day's start: the last earlier day with report rows, whole (yesterday's final
    standings). A past day as at `at_minute` (the page context gives 24:00 without ?at=): final
    from the day's end on. Otherwise the day as at `at_minute`.
    """
    if day < today:
        return day, at_minute, at_minute >= end_minute, False
    if day == today and at_minute < start_minute:
        earlier = reports.loc[reports["date"] < day_stamp(day), "date"]
        if len(earlier):
            return earlier.max().date(), 24 * 60, True, True
    return day, at_minute, False, False


def page_count(rows: int, per_page: int) -> int:
    """How many pages `rows` rows take at `per_page` a page (at least one)."""
    return max(1, math.ceil(rows / max(1, per_page)))


def page_at(now: dt.datetime, page_seconds: int, pages: int) -> int:
    """The page every screen shows at this moment: the floor's seconds since midnight decide it."""
    if pages <= 1:
        return 0
    seconds = now.hour * 3600 + now.minute * 60 + now.second
    return (seconds // max(1, int(page_seconds))) % pages


def _windows(settings: Settings) -> list[tuple[int, int]]:
    """The day's working windows in minutes: morning (start to morning_end), afternoon (to end)."""
    d = settings.day
    return [(d.start_minute, d.morning_end_minute), (d.afternoon_start_minute, d.end_minute)]


def working_minutes(since: dt.datetime, until: dt.datetime, settings: Settings) -> float:
    """Minutes of working hours between two moments of the floor (0 when `until` is not later).

    The dialer exports only while people dial; the lunch break and the night are not a delay.
    """
    if until <= since:
        return 0.0
    total = 0.0
    day = since.date()
    for _ in range(8):   # a week and a day: beyond that the data is stale whatever we count
        base = dt.datetime.combine(day, dt.time(0), since.tzinfo)
        for a, b in _windows(settings):
            lo = max(since, base + dt.timedelta(minutes=a))
            hi = min(until, base + dt.timedelta(minutes=b))
            if hi > lo:
                total += (hi - lo).total_seconds() / 60
        if day >= until.date():
            return total
        day += dt.timedelta(days=1)
    return math.inf


def data_age(newest_mtime: float | None, now: dt.datetime, settings: Settings) -> tuple[float | None, bool]:
    """(minutes since the newest report file was written, stale?) at the floor's `now`.

    Stale when more than `[wall] stale_minutes` of working time passed since: the dialer export
    has stopped. A file written after `now` means the clock is a rehearsal's: no age, (None, False).
    """
    if newest_mtime is None:
        return None, False
    written = dt.datetime.fromtimestamp(newest_mtime, now.tzinfo)
    age = (now - written).total_seconds() / 60
    if age < -1:
        return None, False
    age = max(0.0, age)
    return age, working_minutes(written, now, settings) > settings.wall.stale_minutes


def _page(df: pd.DataFrame, page: int, per_page: int) -> pd.DataFrame:
    pages = page_count(len(df), per_page)
    p = page % pages
    return df.iloc[p * per_page:(p + 1) * per_page].reset_index(drop=True)


def wall_view(reports: pd.DataFrame, newest_mtime: float | None, settings: Settings, day: dt.date,
              at_minute: int, now: dt.datetime, live: bool, group: str | None = None,
              projects: pd.DataFrame | None = None, page_now: dt.datetime | None = None,
              extra_pages: int = 0, only_slides: bool = False) -> WallView:
    """The wall at a moment: `day`/`at_minute` is what is shown, `now` the floor's clock (paging, age).

    `page_now` (default `now`) is the moment whose page is shown: the shared board is drawn at the
    minute's start (one age, one clock for the whole minute) with the page of the moment it was asked.

    With the project list, each group's standing carries `pace`: handled against the day's target
    so far (lib/goals.pace_at; NaN without a target).

    `live` is False when rehearsing (?at=) or looking at a past day: the files' age then says
    nothing about that moment and is not shown.

    `extra_pages` slides follow the ranking's pages in the rotation; on one of them `slide` is its
    index (and the ranking and standings are their first page's, not drawn). `only_slides` (a screen
    pinned to the slides, ?show=): the rotation is the slides alone.
    """
    wall = settings.wall
    shown, minute, final, yesterday = shown_day(reports, day, at_minute, now.date(), settings.day.start_minute,
                                                settings.day.end_minute)
    per_hour = settings.ranking.min_volume_per_hour
    full = marked_ranking(reports, shown, minute, settings.min_volume, wall.floor_ratio, group, per_hour=per_hour)
    standings = group_standings(reports, shown, minute)
    ahead = (pace_at(reports, projects, shown, minute, settings).set_index("group")["ahead"] if projects is not None
             else pd.Series(dtype="float64"))
    standings = standings.assign(place=range(1, len(standings) + 1),
                                 pace=standings["group"].map(ahead).astype("float64"))
    rows_pp, groups_pp = wall.rows_per_page, wall.groups_per_page
    extra = max(0, int(extra_pages))
    ranking_pages = 0 if only_slides and extra else max(page_count(len(full), rows_pp), page_count(len(standings), groups_pp))
    pages = ranking_pages + extra
    page = page_at(page_now or now, wall.page_seconds, pages)
    slide = page - ranking_pages if page >= ranking_pages else None
    ends = reports.loc[(reports["date"] == day_stamp(shown)) & (reports["end_minute"] <= minute), "end_minute"]
    notice, notice_in = next_notice(settings, at_minute) if day == now.date() else (None, None)
    age, stale = data_age(newest_mtime, now, settings) if live else (None, False)
    clock = now if live else dt.datetime.combine(day, dt.time(0), now.tzinfo) + dt.timedelta(minutes=min(at_minute, 1439))
    return WallView(
        day=shown, final=final, yesterday=yesterday, past=not final and shown < now.date(),
        closed=not final and at_minute >= settings.day.end_minute, data_until=int(ends.max()) if len(ends) else None,
        ranking=_page(full, page if slide is None else 0, rows_pp),
        standings=_page(standings, page if slide is None else 0, groups_pp),
        totals=center_totals(reports, shown, minute), page=page, pages=pages,
        group=group, rows=len(full), slots=min(rows_pp, max(len(full), MIN_SLOTS)),
        notice=notice, notice_in=notice_in, clock=clock,
        age_minutes=age, stale=stale and not final,
        updated=dt.datetime.fromtimestamp(newest_mtime, now.tzinfo) if age is not None else None,
        rank_rule=ranking_rule(settings.min_volume, per_hour), slide=slide,
    )


def tick_seconds(settings: Settings, pages: int) -> int:
    """How often the wall redraws itself: every page change when it pages, else every refresh."""
    refresh = settings.wall.refresh_seconds
    return min(refresh, settings.wall.page_seconds) if pages > 1 else refresh
