"""The wall's praise slides, already decided: the group competitions running, the month's stars as the
manager confirmed them, today's birthdays when `[wall] birthdays = true`. Pure.

They come after the ranking's pages in the wall's rotation (lib/day/wall.py `extra_pages`), one
`[wall] page_seconds` each, the same on every screen. Nothing here is private: group figures, the
names the manager chose to praise, and birthdays only when the center turned them on.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib.config import ContestConfig, Settings
from lib.day.birthdays import birthdays_on
from lib.i18n import t
from lib.month.contest import ContestDays, contest_days, standings
from lib.month.month_stars import confirmed_stars

GROUPS_PER_SLIDE = 12   # a contest of more groups takes more slides: 12 rows stay legible across a floor


@dataclass(frozen=True)
class ContestSlide:
    """One page of a contest's standings."""

    contest: ContestConfig
    days: ContestDays
    table: pd.DataFrame      # STANDING_COLUMNS rows of this page, best first
    page: int                # 0-based page of this contest's standings
    pages: int


@dataclass(frozen=True)
class StarsSlide:
    """The month's stars (服务明星) as confirmed: agent_id, name, group, reason."""

    month: str
    stars: pd.DataFrame


@dataclass(frozen=True)
class BirthdaySlide:
    """Today's birthdays: agent_id, name, group."""

    day: dt.date
    people: pd.DataFrame


Slide = ContestSlide | StarsSlide | BirthdaySlide


def contest_slides(contest: ContestConfig, reports: pd.DataFrame, qa: pd.DataFrame, attendance: pd.DataFrame,
                   settings: Settings, day: dt.date, at_minute: int) -> list[ContestSlide]:
    """A contest's standings on `day` as at `at_minute`, GROUPS_PER_SLIDE groups a slide (none before it starts)."""
    table = standings(contest, reports, qa, attendance, day, at_minute, settings)
    pages = -(-len(table) // GROUPS_PER_SLIDE)
    return [ContestSlide(contest, contest_days(contest, day),
                         table.iloc[p * GROUPS_PER_SLIDE:(p + 1) * GROUPS_PER_SLIDE].reset_index(drop=True), p, pages)
            for p in range(pages)]


def stars_months(day: dt.date) -> list[str]:
    """The months whose confirmed stars may be shown on `day`: this one, else the one before (a month's
    stars are chosen once it is over, and praised through the month after)."""
    this = pd.Period(day, freq="M")
    return [str(this), str(this - 1)]


def stars_title(month: str, lang: str = "zh") -> str:
    """"2026年11月服务明星" / "Stars of 2026-11" for a month "YYYY-MM"."""
    y, m = month.split("-")
    return t("praise.stars_title", lang, year=y, month=int(m))


def latest_stars(rows: pd.DataFrame, day: dt.date) -> StarsSlide | None:
    """The month's stars to show on `day` from the store's 服务明星 rows: this month's once confirmed,
    else last month's; None when neither month has any."""
    for month in stars_months(day):
        stars = confirmed_stars(rows, month)
        if len(stars):
            return StarsSlide(month, stars)
    return None


def birthday_slide(schedule: pd.DataFrame, day: dt.date, settings: Settings) -> BirthdaySlide | None:
    """Today's birthdays on the wall: only with `[wall] birthdays = true`, and only when there are."""
    if not settings.wall.birthdays:
        return None
    people = birthdays_on(schedule, day)
    return BirthdaySlide(day, people) if len(people) else None
