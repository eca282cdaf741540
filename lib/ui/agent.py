"""The agent page's own month (我的本月), drawn for pages/agent.py: rate and rank by day, the QA items
to work on with the QA trend, the month's attendance, the suggested star level and the next level."""
from __future__ import annotations

import streamlit as st

from lib.i18n.columns import stored_shown
from lib.i18n.formats import plain
from lib.month.my_month import my_month
from lib.quality.qa_analytics import red_line_counts, top_items
from lib.quality.qa import scorecard
from lib.ui import contest
from lib.ui.context import PageContext
from lib.ui.tables import labelled, number_columns, read_months, show_table

TOP_ITEMS = 3


def pick_default(ctx: PageContext, ids: list[str], wanted: str | None) -> str | None:
    """Whom the page opens on: the agent asked for (?agent=), else one's own record; someone who
    sees every group (a manager, the duty lead) opens on the picker with nobody chosen."""
    if wanted in ids:
        return wanted
    if ctx.user.sees_all_groups:
        return None
    return ctx.user.agent_id if ctx.user.agent_id in ids else (ids[0] if ids else None)


def my_month_section(ctx: PageContext, agent: str) -> None:
    """我的本月: the agent's month so far, from the floor and the month's QA and attendance records, then the
    group competitions running (their standings)."""
    month = f"{ctx.day:%Y-%m}"
    qa, att = (read_months(ctx, name, [month]) for name in ("qa", "attendance"))
    m = my_month(ctx.floor.reports, qa, att, agent, ctx.day, ctx.at_minute, ctx.settings, ctx.lang)
    st.subheader(ctx.t("mine.title", month=m.month))
    stars_box(ctx, m)
    st.markdown(f"**{ctx.t('mine.days')}**")
    show_table(labelled(m.days, ctx, "mine"), "mine_days", empty=ctx.t("mine.no_days"),
               column_config=number_columns(ctx, "mine", percent=["rate"],
                                            whole=["volume", "handled", "ranked_group", "ranked_center"]))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{ctx.t('mine.qa_items')}**")
        show_table(qa_shown(ctx, top_items(m.qa_items, TOP_ITEMS)), "mine_qa_items", empty=ctx.t("qa_an.none"),
                   column_config=number_columns(ctx, "qa_an", percent=["lost_share"], whole=["recordings"]))
    with right:
        st.markdown(f"**{ctx.t('mine.qa_trend')}**")
        show_table(labelled(m.qa_trend, ctx, "qa_an"), "mine_qa_trend", empty=ctx.t("qa_an.none"),
                   column_config=number_columns(ctx, "qa_an", whole=["recordings"]))
    st.markdown(f"**{ctx.t('mine.attendance')}**")
    if len(m.attendance):
        st.caption(f"{ctx.t('mine.deductions')}：{plain(m.attendance['deduction'].sum())}")
    show_table(stored_shown(m.attendance, ctx.lang, "mine"),
               "mine_attendance", empty=ctx.t("mine.no_attendance"))
    contest.agent_section(ctx)   # the group competitions running: group figures, which everyone may see


def stars_box(ctx: PageContext, m) -> None:
    """The suggested level, the review's reason for it, and what the next level needs."""
    if m.stars is None:
        st.info(ctx.t("mine.no_stars"))
        return
    level = f"{m.stars.level}★" if m.stars.level else "—"
    st.metric(ctx.t("mine.stars"), level)
    st.caption(m.reason)
    if m.next_level:
        st.markdown(f"**{ctx.t('mine.next')}**\n" + "\n".join(f"- {n}" for n in m.next_level))


def qa_shown(ctx: PageContext, lost):
    """A points_lost frame as read on screen: the item and its figures, headers in the language."""
    cols = [c for c in ("group", "agent_id", "name", "item", "points", "recordings", "lost", "lost_per_recording",
                        "lost_share") if c in lost.columns]
    return labelled(lost[cols], ctx, "qa_an")


def red_lines_shown(ctx: PageContext, qa):
    """The red-line counts of a QA frame, headers in the language."""
    return labelled(red_line_counts(qa, scorecard(ctx.settings)), ctx, "qa_an")
