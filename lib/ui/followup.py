"""Follow-ups (跟进) drawn for pages/followup.py, and the small panels other screens call: the pace of a
group (workbench), open coaching actions, whose turn the weekly meeting is (workbench, duty desk), due
callbacks with their assignment (duty desk), the review's section and an agent's coaching history.

Widget keys start with the prefix of the page that draws them ("followup", "lead", "duty" …).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from lib import clock
from lib.i18n.columns import stored_shown
from lib.people.auth import Refused, require_duty_desk
from lib.quality.callbacks import (agents_at_work, assign_row, due_callbacks, followed, mask_phone, visible_callbacks)
from lib.quality.coaching import agent_history, coaching_by_week, open_actions
from lib.day.goals import CENTER, month_completion, pace_at, pace_label, whole, work_slots
from lib.floor.cache import with_their_groups
from lib.floor.roster import roster_names
from lib.i18n.formats import count, pp
from lib.month.meetings import meeting_plan, next_meeting, rotation_order, turn_on, turn_text
from lib.month.retro import reviews_table
from lib.month.review import rows_as_of
from lib.ui.context import PageContext
from lib.ui.forms import flash as flash_message, save
from lib.ui.safe import literal
from lib.ui.tables import STATE_COLOURS, labelled, number_columns, read_months, show_table

FLASH = "followup_flash"


# ---------------------------------------------------------------- shared

def writable(ctx: PageContext) -> bool:
    """Forms write only for the floor's today (a past day is read only)."""
    return ctx.day == clock.today(ctx.settings)


def names_of(ctx: PageContext) -> dict[str, str]:
    """Every 工号 on the roster with a name, by 工号 (kept per roster: a rerun does not rebuild it)."""
    return roster_names(ctx.floor.schedule)


def now_of(ctx: PageContext) -> dt.datetime:
    """The moment the page looks at, as a naive floor time (due times are written without a zone)."""
    return dt.datetime.combine(ctx.day, dt.time(0)) + dt.timedelta(minutes=int(ctx.at_minute))


def months_back(ctx: PageContext, n: int) -> list[str]:
    """The n months up to the page's day, oldest first ("YYYY-MM")."""
    this = pd.Period(ctx.day, freq="M")
    return [str(this - i) for i in reversed(range(max(1, n)))]


def callback_frame(ctx: PageContext) -> pd.DataFrame:
    """The callbacks still followed on the page's day (the day's own and those still waiting)."""
    days = ctx.settings.callbacks.lookback_days
    start = pd.Timestamp(ctx.day) - pd.Timedelta(days=days)
    months = [str(p) for p in pd.period_range(start, pd.Timestamp(ctx.day), freq="M")]
    return followed(read_months(ctx, "callbacks", months), ctx.day, days)


def coaching_frame(ctx: PageContext) -> pd.DataFrame:
    """The coaching records of the last [coaching] lookback_months months."""
    return read_months(ctx, "coaching", months_back(ctx, ctx.settings.coaching.lookback_months))


def flash() -> None:
    """The message a write of the follow-ups left before the page ran again (above the page's tabs)."""
    flash_message(FLASH)


# ---------------------------------------------------------------- goals and pace

def pace_table(ctx: PageContext, groups: list[str]) -> pd.DataFrame:
    """The groups' pace now: target, where they should be, where they are, ahead/behind, rates."""
    p = pace_at(ctx.floor.reports, ctx.floor.projects, ctx.day, ctx.at_minute, ctx.settings)
    p = p[p["group"].isin(groups)]
    return pd.DataFrame({"group": p["group"], "target_handled": p["target_handled"],
                         "expected": p["expected"].map(lambda x: x if pd.isna(x) else whole(x)),
                         "handled": p["handled"], "pace": p["ahead"].map(lambda a: pace_label(a, ctx.lang)),
                         "rate": p["rate"], "target_rate": p["target_rate"]}).reset_index(drop=True)


def pace_metrics(ctx: PageContext, group: str) -> None:
    """The group's pace as four figures: the day's target, where it should be, where it is, ahead/behind."""
    p = pace_table(ctx, [group])
    if p.empty or pd.isna(p.iloc[0]["target_handled"]):
        st.caption(ctx.t("fu.pace.no_target", group=literal(group)))
        return
    r = p.iloc[0]
    c = st.columns(4)
    c[0].metric(ctx.t("fu.col.target_handled"), count(r["target_handled"]))
    c[1].metric(ctx.t("fu.col.expected"), count(r["expected"]))
    c[2].metric(ctx.t("fu.col.handled"), count(r["handled"]))
    c[3].metric(ctx.t("fu.col.pace"), r["pace"])


def goals_tab(ctx: PageContext, group: str, groups: list[str]) -> None:
    """The day's pace of the group (and of every group one may see), the month's target completion."""
    slots = work_slots(ctx.settings)
    ended = sum(1 for _, e in slots if e <= ctx.at_minute)
    st.caption(ctx.t("fu.pace.how", n=len(slots), ended=ended, at=clock.hhmm(min(ctx.at_minute, 1439))))
    pace_metrics(ctx, group)
    if len(groups) > 1:
        show_table(labelled(pace_table(ctx, groups), ctx, "fu"), "followup_pace", column_config=number_columns(
            ctx, "fu", ("rate", "target_rate"), ("target_handled", "expected", "handled")))
    month = f"{ctx.day:%Y-%m}"
    st.subheader(ctx.t("fu.month.title", month=month))
    m = month_completion(rows_as_of(ctx.floor.reports, ctx.day, ctx.at_minute), ctx.floor.projects, month,
                         ctx.settings)
    keep = set(groups) | ({"中心"} if ctx.user.sees_all_groups else set())
    m = m[m["group"].isin(keep)]
    m = m.assign(source=m["source"].map(lambda s: ctx.t(f"fu.source.{s}") if s else ""),
                 group=m["group"].replace(CENTER, ctx.t("review.center")))   # "Center" in English
    show_table(labelled(m, ctx, "fu"), "followup_month",
               column_config=number_columns(ctx, "fu", ("completion", "target_rate", "rate"), ("target", "handled")))


# ---------------------------------------------------------------- panels for other screens

def meeting_caption(ctx: PageContext) -> None:
    """Whose turn the next weekly meeting is (host and minute-taker)."""
    plan = meeting_plan(ctx.settings)
    order = rotation_order(plan, ctx.floor.schedule)
    turn = turn_on(next_meeting(ctx.day, plan.weekday), order, plan.start, ctx.floor.schedule, plan.weekday)
    st.caption(f":material/event: {literal(turn_text(turn, plan, names_of(ctx), ctx.lang))}")


def actions_table(ctx: PageContext, actions: pd.DataFrame, key: str) -> None:
    """Open coaching actions with their state in words (overdue first, by due date)."""
    names = names_of(ctx)
    shown = pd.DataFrame({"state": actions["state"].map(lambda s: ctx.t(f"fu.state.{s}")),
                          "agent": [f"{a} {names.get(a, '')}" for a in actions["工号"]],
                          "action": actions["行动"], "due": actions["期限"],
                          "days_left": actions["days_left"]})
    show_table(labelled(shown, ctx, "fu"), key)


def workbench_panel(ctx: PageContext, group: str, prefix: str = "lead") -> None:
    """The workbench's follow-up strip: pace, open and overdue coaching actions, whose turn the meeting is."""
    with st.container(border=True):
        pace_metrics(ctx, group)
        coaching = coaching_frame(ctx)
        mine = coaching[coaching["组别"] == group] if len(coaching) else coaching
        acts = open_actions(mine, ctx.day, ctx.settings.coaching.due_soon_days)
        late = int((acts["state"] == "overdue").sum()) if len(acts) else 0
        if len(acts):
            with st.expander(ctx.t("fu.coach.open_n", n=len(acts), late=late), expanded=late > 0):
                actions_table(ctx, acts, f"{prefix}_fu_actions")
        meeting_caption(ctx)


def due_table(ctx: PageContext, due: pd.DataFrame, key: str) -> None:
    """Due callbacks: late or due, time, group, agent and whether they work today, the number as the viewer
    may see it (mask_phone), the reason."""
    names = names_of(ctx)
    working = set(agents_at_work(ctx.floor.schedule, ctx.day)["agent_id"])
    shown = pd.DataFrame({"state": due["state"].map(lambda s: ctx.t(f"fu.cb.state.{s}")), "when": due["回拨时间"],
                          "group": due["组别"], "agent": [f"{a} {names.get(a, '')}" for a in due["工号"]],
                          "at_work": [ctx.t("fu.yes") if a in working else ctx.t("fu.no") for a in due["工号"]],
                          "phone": [mask_phone(p, ctx.user, g) for p, g in zip(due["客户电话"], due["组别"])],
                          "reason": due["原因"]})
    # an overdue callback is red (the word 已超时 says it too), one still due is not
    colours = [STATE_COLOURS["late"] if s == "overdue" else "" for s in due["state"]]
    table = labelled(shown, ctx, "fu")
    show_table(table.style.apply(lambda col: colours, subset=[table.columns[0]]), key)


def due_callbacks_panel(ctx: PageContext, prefix: str) -> None:
    """Every due callback the person may see, numbers masked as their rights say; the duty lead hands
    one to an agent at work (回拨任务)."""
    flash()   # the last assignment's message, here in the tab rather than above the page's tabs
    frame = visible_callbacks(callback_frame(ctx), ctx.user)
    due = due_callbacks(frame, now_of(ctx), ctx.settings.callbacks.due_soon_minutes)
    if due.empty:
        st.info(ctx.t("fu.cb.none_due"))
        return
    names = names_of(ctx)
    at_work = agents_at_work(ctx.floor.schedule, ctx.day)
    due_table(ctx, due, f"{prefix}_fu_due")
    try:
        require_duty_desk(ctx.user)
    except Refused:
        return
    st.markdown(f"**{ctx.t('fu.cb.assign')}**")
    c = st.columns([3, 3, 1])
    ids = due["记录编号"].tolist()
    line = {r: f"{w} · {ctx.t('attendance.group_name', group=g)} {a} · {mask_phone(p, ctx.user, g)}" for r, w, g, a, p in
            zip(ids, due["回拨时间"], due["组别"], due["工号"], due["客户电话"])}
    rec = c[0].selectbox(ctx.t("fu.cb.task"), ids, format_func=line.get, key=f"{prefix}_fu_task")
    people = dict(zip(at_work["agent_id"], at_work["group"]))
    own = due.loc[due["记录编号"] == rec, "组别"].iloc[0]
    order = sorted(people, key=lambda a: people[a] != own)   # the callback's own group first (stable)
    agent = c[1].selectbox(ctx.t("fu.cb.to"), order, index=None, key=f"{prefix}_fu_to",
                           format_func=lambda a: ctx.paren(f"{a} {names.get(a, '')}", people[a]),
                           placeholder=ctx.t("fu.pick_agent"))
    if c[2].button(ctx.t("fu.cb.assign_go"), key=f"{prefix}_fu_assign", disabled=not writable(ctx) or agent is None):
        record = frame[frame["记录编号"] == rec].iloc[0]

        def write() -> None:
            require_duty_desk(ctx.user)
            ctx.store.correct("callbacks", rec, assign_row(record, agent, people[agent]),
                              submitted_by=ctx.user.agent_id)
        save(ctx, write, ctx.t("fu.cb.assigned", agent=literal(f"{agent} {names.get(agent, '')}")), flash=FLASH,
             failed="fu.err.store", refused="duty.refused")


def _with_days_before(ctx: PageContext, data, coaching: pd.DataFrame) -> pd.DataFrame:
    """The month's rows, and for a coaching early in the month the coached agents' rows in the days
    before it began (read from the files when the month's floor does not hold them)."""
    if coaching.empty:
        return data.reports
    days = ctx.settings.coaching.compare_days
    first = pd.Period(data.month, freq="M").start_time.date() - dt.timedelta(days=days)
    agents = frozenset(coaching["工号"].astype(str))
    past = ctx.before(ctx.month_floor(data.month), first, agents)
    if past.reports.empty:
        return data.reports
    return pd.concat([past.reports, with_their_groups(data.reports, agents)], ignore_index=True)


def review_section(ctx: PageContext, data) -> None:
    """The review's follow-ups: target completion per group and center, coaching per coach per week, the 复盘."""
    st.subheader(ctx.t("fu.review.completion"))
    m = month_completion(data.reports, ctx.floor.projects, data.month, ctx.settings)
    m = m.assign(source=m["source"].map(lambda s: ctx.t(f"fu.source.{s}") if s else ""))
    show_table(labelled(m, ctx, "fu"), "review_fu_completion",
               column_config=number_columns(ctx, "fu", ("completion", "target_rate", "rate"), ("target", "handled")))
    st.subheader(ctx.t("fu.review.coaching"))
    coaching = read_months(ctx, "coaching", [data.month])
    end = min(pd.Timestamp(ctx.day), pd.Period(data.month, freq="M").end_time.normalize())
    w = coaching_by_week(coaching, _with_days_before(ctx, data, coaching), end, ctx.settings.coaching.compare_days)
    if w.empty:
        st.info(ctx.t("fu.review.no_coaching"))
    else:
        names = names_of(ctx)
        w = w.assign(coach=[f"{a} {names.get(a, '')}" for a in w["coach"]])
        w = w.assign(change=w["change"].map(pp))
        show_table(labelled(w, ctx, "fu"), "review_fu_coaching",
                   column_config=number_columns(ctx, "fu", ("rate_before", "rate_since")))
    st.subheader(ctx.t("fu.review.month_review"))
    reviews = reviews_table(read_months(ctx, "month_review", [data.month]))
    if reviews.empty:
        st.info(ctx.t("fu.review.no_month_review"))
    else:
        show_table(stored_shown(reviews, ctx.lang), "review_fu_month_review")


def coaching_history(ctx: PageContext, agent: str, prefix: str = "agent") -> None:
    """An agent's coaching records (GROW, due date, status), newest first."""
    st.subheader(ctx.t("fu.coach.history"))
    h = agent_history(coaching_frame(ctx), agent)
    if h.empty:
        st.info(ctx.t("fu.coach.no_history"))
    else:
        show_table(stored_shown(h, ctx.lang), f"{prefix}_fu_coaching")
