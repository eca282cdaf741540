"""The most improved (进步之星) on the screens: the duty desk's section (the day from `[improved] at`,
the week and the month, for the center or a group, with the chat text to copy) and the lead's
yesterday lists for the morning meeting. The rule is lib/month/improved.py's; the month before (and
"yesterday's" month on the 1st) is read from the files (lib/floor/spans.py), no second floor built.
Every list passes `visible_agents`: a person sees the agents they may see, nobody else's figures."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from lib.floor.metrics import id_sort_key
from lib.floor.roster import groups_on
from lib.floor.spans import month_agent_sums
from lib.month.improved import PERIODS, bounds, cut, improved_lists, improved_text, month_of, ready
from lib.people.auth import visible_agents, visible_groups
from lib.ui.context import PageContext
from lib.ui.tables import labelled, number_columns, screen_copy, show_table

DAY_END = 24 * 60   # a past day: all of it (the rule still counts it as at [improved] at)


def lists(ctx: PageContext, day: dt.date, at_minute: int, group: str | None = None) -> dict[str, pd.DataFrame]:
    """The three lists of `day` at a moment (the center when `group` is None), as the person may see them:
    the month before read from the files, the day's month from the page's floor when it holds its 1st."""
    f, cfg = ctx.floor, ctx.settings
    first = bounds("month", day)[0][0]
    holds = f.period is None or f.period[0] <= first
    current = None if holds else month_agent_sums(f.root, cfg, month_of(day), (day, cut(at_minute, cfg), ready(at_minute, cfg)))
    previous = None if f.period is None else month_agent_sums(f.root, cfg, month_of(day, 1))
    out = improved_lists(f.reports, day, at_minute, cfg, group, current, previous)
    return {k: visible_agents(ctx.user, v) for k, v in out.items()}


def _table(ctx: PageContext, frame: pd.DataFrame, key: str) -> None:
    shown = labelled(screen_copy(frame, pp=("change",)), ctx, "improved")
    show_table(shown, key, number_columns(ctx, "improved", percent=("prev_rate", "rate"),
                                          whole=("prev_volume", "volume"), pp=("change",)),
               empty=ctx.t("improved.none"))


def _heading(ctx: PageContext, period: str, day: dt.date, past: bool) -> str:
    (first, last), _ = bounds(period, day)
    if past:
        key = {"day": "improved.period.yday", "week": "improved.period.yweek", "month": "improved.period.ymonth"}
        return ctx.t(key[period], day=day.isoformat(), first=first.isoformat(), last=last.isoformat())
    return ctx.t(f"improved.period.{period}", at=ctx.settings.improved.at, first=first.isoformat(),
                 last=last.isoformat())


def _show(ctx: PageContext, got: dict[str, pd.DataFrame], day: dt.date, at_minute: int, key: str,
          past: bool) -> None:
    for period in PERIODS:
        st.markdown(f"**{_heading(ctx, period, day, past)}**")
        if period == "day" and not ready(at_minute, ctx.settings):
            st.info(ctx.t("improved.not_ready", at=ctx.settings.improved.at))
            continue
        _table(ctx, got[period], f"{key}_{period}")


def duty_section(ctx: PageContext) -> None:
    """The duty desk's 进步之星: the center's or a group's lists of today and the text to copy (not
    posted: the broadcast log's 类别 holds rankings and notices only)."""
    cfg = ctx.settings.improved
    st.caption(ctx.t("improved.caption", top=cfg.top))
    groups = sorted(visible_groups(ctx.user, groups_on(ctx.floor.schedule, ctx.floor.projects, ctx.day)),
                    key=lambda g: id_sort_key(pd.Series([g])).iloc[0])
    scope = st.selectbox(ctx.t("improved.scope"), [""] + groups, key="duty_improved_scope",
                         format_func=lambda g: ctx.t("improved.scope.center") if g == "" else
                         ctx.t("improved.text.group", group=g))
    group = scope or None
    got = lists(ctx, ctx.day, ctx.at_minute, group)
    _show(ctx, got, ctx.day, ctx.at_minute, "duty_improved", past=False)
    st.caption(ctx.t("improved.copy"))
    st.code(improved_text(got, ctx.day, ctx.at_minute, ctx.settings, ctx.lang, group), language=None,
            wrap_lines=True)
    st.caption(ctx.t("improved.no_post"))


def yesterday_lists(ctx: PageContext, group: str, day: dt.date) -> dict[str, pd.DataFrame]:
    """The group's lists of a past day (the lead's "yesterday"): that day as at `[improved] at`."""
    return lists(ctx, day, DAY_END, group)


def lead_section(ctx: PageContext, group: str, day: dt.date, got: dict[str, pd.DataFrame] | None = None) -> None:
    """The lead's yesterday tab: the group's most improved of `day`, its week and its month, and the
    text for the morning meeting."""
    got = got if got is not None else yesterday_lists(ctx, group, day)
    st.markdown(f"**{ctx.t('improved.lead_title')}**")
    _show(ctx, got, day, DAY_END, "lead_improved", past=True)
    st.code(improved_text(got, day, DAY_END, ctx.settings, ctx.lang, group), language=None, wrap_lines=True)
