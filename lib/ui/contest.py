"""The group competition (班组劳动竞赛) as the duty desk, the review and the agent page show it: the
standings part by part, the day-by-day chart, the result as a workbook. The rules are lib/month/contest.py."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from lib.clock import hhmm
from lib.config import ContestConfig
from lib.i18n.columns import column_label
from lib.month.contest import (ContestDays, ContestResult, contest_days, days_text, contest_sheets, contests_on, contests_within,
                               daily_standings, parts_text, shown_columns, standings)
from lib.month.wall_slides import latest_stars, stars_months, stars_title
from lib.month.weekly import WeeklyPack, read_span
from lib.out import charts
from lib.out.excel import workbook_bytes
from lib.ui.context import PageContext
from lib.ui.safe import html_text, literal
from lib.ui.tables import labelled, number_columns, read_months, read_store, show_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ContestNow:
    """One contest as a screen shows it at a moment: its days, standings and day-by-day scores."""

    contest: ContestConfig
    days: ContestDays
    table: pd.DataFrame
    daily: pd.DataFrame


def contest_now(ctx: PageContext, contest: ContestConfig, day: dt.date, at_minute: int,
                with_daily: bool = True) -> ContestNow:
    """The contest on its days up to `day` as at `at_minute`, read from the floor and the store."""
    when = contest_days(contest, day)
    if when.through is None:
        empty = standings(contest, ctx.floor.reports, pd.DataFrame(), pd.DataFrame(), day, at_minute, ctx.settings)
        return ContestNow(contest, when, empty, empty)   # not started: no standings, nothing by day
    floor = ctx.floor_of(when.first, when.through)   # the page's own floor for a contest of its month
    qa, att = (read_store(ctx, name, lambda name=name: read_span(ctx.store, name, when.first, when.through))
               for name in ("qa", "attendance"))
    table = standings(contest, floor.reports, qa, att, day, at_minute, ctx.settings)
    daily = (daily_standings(contest, floor.reports, qa, att, day, at_minute, ctx.settings) if with_daily
             else table.iloc[:0])
    return ContestNow(contest, when, table, daily)


def _shown(ctx: PageContext, contest: ContestConfig, standings_: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The standings as a screen shows them (the contest's parts only, groups named) and their formats."""
    table = standings_[shown_columns(contest)].copy()
    table["group"] = [ctx.t("attendance.group_name", group=g) for g in table["group"]]
    config = number_columns(ctx, "contest", percent=["value_rate"], whole=["agents", "value_volume", "place"],
                            points=[x for x in table.columns if x.startswith("points_")]
                            + ["value_qa", "value_attendance", "score"])
    return labelled(table, ctx, "contest"), config


def chart(ctx: PageContext, c: ContestNow, key: str) -> None:
    """The standings day by day: each group's place as it stood at each day's end (its score on hover)."""
    if c.daily.empty:
        return
    order = c.table["group"].tolist()
    fig = charts.places_figure(c.daily, order, label=lambda g: html_text(ctx.t("attendance.group_name", group=g)),
                               title=ctx.t("contest.chart"), hover=ctx.t("contest.chart_hover"))
    st.plotly_chart(fig, key=key, width="stretch")


def workbook(c: ContestNow, lang: str) -> bytes:
    """The contest's standings and scores by day as one workbook."""
    return workbook_bytes(contest_sheets(c.contest, c.table, c.daily, lang),
                          percent_columns=[column_label("value_rate", lang, "contest")],
                          formats={column_label(x, lang, "contest"): "0.00"
                                   for x in c.table.columns if x.startswith(("points_", "score", "value_qa", "value_att"))})


def section(ctx: PageContext, contests: list[ContestConfig], day: dt.date, at_minute: int, key: str,
            empty: str, download: bool = True, with_chart: bool = True) -> list[ContestNow]:
    """Each contest's name, days, scoring, standings, chart and download; `empty` when there is none."""
    if not contests:
        st.info(empty)
        return []
    shown = []
    for i, contest in enumerate(contests):
        c = contest_now(ctx, contest, day, at_minute, with_daily=with_chart or download)
        shown.append(c)
        st.subheader(f"{ctx.t('contest.title')} · {literal(contest.name)}")
        time = hhmm(min(at_minute, 24 * 60 - 1))
        st.caption(f"{days_text(c.days, ctx.lang)} · {ctx.t('contest.as_of', day=f'{day:%m-%d}', time=time)}  \n"
                   f"{parts_text(contest, ctx.lang)}")
        if c.days.through is None:
            continue
        table, config = _shown(ctx, c.contest, c.table)
        show_table(table, f"{key}_{i}_table", config)
        if with_chart:
            chart(ctx, c, f"{key}_{i}_chart")
        if download:
            st.download_button(ctx.t("contest.download"), lambda c=c: workbook(c, ctx.lang),
                               file_name=f"劳动竞赛_{contest.first}_{contest.last}.xlsx", mime=XLSX,
                               key=f"{key}_{i}_download")
    return shown


def month_contests(ctx: PageContext, month: str) -> list[ContestConfig]:
    """The contests with a day in the month ("YYYY-MM")."""
    p = pd.Period(month, freq="M")
    return contests_within(ctx.settings, p.start_time.date(), p.end_time.date())


def review_section(ctx: PageContext, month: str) -> None:
    """The review's competitions: each contest with a day in the month, as at the month's end or now."""
    p = pd.Period(month, freq="M")
    end = min(p.end_time.date(), ctx.day)
    at = ctx.at_minute if end == ctx.day else 24 * 60
    section(ctx, month_contests(ctx, month), end, at, "review_contest", ctx.t("contest.none_in"))


def duty_section(ctx: PageContext) -> None:
    """The duty desk's competitions: those running today, as at the page's moment."""
    section(ctx, contests_on(ctx.settings, ctx.day), ctx.day, ctx.at_minute, "duty_contest", ctx.t("contest.none"))



def with_praise(ctx: PageContext, pack: WeeklyPack) -> WeeklyPack:
    """The weekly pack with each contest that has a day in its week, as it stood at the week's end (or
    now), and the month's stars as confirmed at the week's end (its month's, else the month before's)."""
    end = min(pack.end, ctx.day)
    at = ctx.at_minute if end == ctx.day else 24 * 60
    results = tuple(ContestResult(c.contest, c.days, c.table)
                    for c in (contest_now(ctx, x, end, at, with_daily=False)
                              for x in contests_within(ctx.settings, pack.start, pack.end))
                    if c.days.through is not None)
    stars = latest_stars(read_months(ctx, "month_stars", stars_months(end)), end)
    if stars is None:
        return replace(pack, contests=results)
    return replace(pack, contests=results, stars_month=stars.month, stars=stars.stars)


def pack_section(ctx: PageContext, pack: WeeklyPack) -> None:
    """The pack's praise on screen: each contest's standings (final once over), the month's stars."""
    if pack.stars_month:
        st.markdown(f"**{stars_title(pack.stars_month, ctx.lang)}**")
        show_table(labelled(pack.stars, ctx, "praise"), "review_week_stars")
    for i, r in enumerate(pack.contests):
        st.markdown(f"**{ctx.t('contest.title')} · {literal(r.contest.name)}** · "
                    f"{days_text(r.days, ctx.lang)}")
        table, config = _shown(ctx, r.contest, r.table)
        show_table(table, f"review_week_contest_{i}", config)


def agent_section(ctx: PageContext) -> None:
    """What the agent page shows of the floor's praise: the competitions running today (group figures)."""
    running = contests_on(ctx.settings, ctx.day)
    if running:
        section(ctx, running, ctx.day, ctx.at_minute, "agent_contest", "", download=False, with_chart=False)
