"""The follow-up forms of pages/followup.py: coaching (GROW), callbacks (联络单), the meeting's minutes, the 复盘.

Each form checks its input before writing; a problem shows under its field, with one line saying
nothing was written. Field values live in st.session_state (set before the widget is drawn), so a
form empties after a successful write and keeps what was typed after a refused one (lib.ui.forms);
the write's message shows above the page's tabs (lib.ui.followup.flash).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from lib.i18n.columns import stored_shown
from lib.day.agent import agent_choices
from lib.people.auth import Refused, require_duty_desk
from lib.quality.callbacks import (PENDING, STATUSES, callback_key, callback_row, check_callback, contact_sheet, contact_sheet_text, due_callbacks, duplicate_callbacks, mask_phone, sheet_for_people, status_row, visible_callbacks)
from lib.quality.coaching import (FIELDS as GROW_FIELDS, agent_history, check_coaching, coaching_key, coaching_row, done_row, duplicate_coaching, link_options, open_actions)
from lib.day.flags import flags_at
from lib.day.goals import month_completion
from lib.month.meetings import (check_minutes, email_text, last_meeting, mailto_link, meeting_plan, minutes_email, minutes_row, next_meeting, rotation_order, turn_on, turn_text)
from lib.month.retro import (FIELDS as MR_FIELDS, check_review, current_record, goal_text, result_text, review_row)
from lib.month.review import rows_as_of
from lib.out.excel import workbook_bytes
from lib.ui.context import PageContext
from lib.ui.followup import (FLASH, actions_table, callback_frame, coaching_frame, due_callbacks_panel, due_table, months_back, names_of, now_of, writable)
from lib.ui.forms import Form
from lib.ui.safe import literal
from lib.ui.tables import read_months, show_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MANAGEMENT = ("lead", "deputy_lead", "senior_lead", "director", "manager", "supervisor")


COACH, DONE, CB, CB_STATUS, MINUTES = (Form("followup", n, "fu") for n in ("coach", "done", "cb", "cbs", "min"))


def _write(ctx: PageContext, group: str, form: Form, table: str, rows: list[dict], message: str,
           correct: str | None = None) -> None:
    """Append the rows (or correct one record), then run the page again with the message above the tabs."""
    form.write_rows(ctx, group, table, rows, message, correct=correct, flash=FLASH)


def _question(ctx: PageContext, key: str, repeats: pd.DataFrame, agent: str) -> str | None:
    """The question before a repeat (None without one): the latest stored record it repeats, by its
    time and who filed it (工号 and name), never its record id."""
    if repeats.empty:
        return None
    last = repeats.iloc[-1]
    by = str(last["提交人"])
    return ctx.md(key, agent=agent, at=str(last["提交时间"])[11:16], by=f"{by} {names_of(ctx).get(by, '')}".strip())


def _agents(ctx: PageContext, group: str) -> dict[str, str]:
    a = agent_choices(ctx.floor.schedule, ctx.floor.reports, [group], ctx.day)
    return dict(zip(a["agent_id"], a["name"]))


# ---------------------------------------------------------------- coaching

def coaching_tab(ctx: PageContext, group: str) -> None:
    """Open actions (mark one done), a new GROW record, and an agent's history."""
    COACH.start()
    coaching = coaching_frame(ctx)
    mine = coaching[coaching["组别"] == group].reset_index(drop=True) if len(coaching) else coaching
    st.subheader(ctx.t("fu.coach.open"))
    acts = open_actions(mine, ctx.day, ctx.settings.coaching.due_soon_days)
    if acts.empty:
        st.info(ctx.t("fu.coach.none_open"))
    else:
        actions_table(ctx, acts, "followup_coach_actions")
        c = st.columns([4, 1])
        text = dict(zip(acts["记录编号"], [f"{a} · {x} · {d}" for a, x, d in zip(acts["工号"], acts["行动"], acts["期限"])]))
        rid = c[0].selectbox(ctx.t("fu.coach.which"), list(text), format_func=text.get, key="followup_coach_done_pick")
        if c[1].button(ctx.t("fu.coach.done"), key="followup_coach_done", disabled=not writable(ctx)):
            record = mine[mine["记录编号"] == rid].iloc[0]
            _write(ctx, group, DONE, "coaching", [done_row(record)], ctx.t("fu.coach.closed"), correct=rid)
    st.subheader(ctx.t("fu.coach.new"))
    names = _agents(ctx, group)
    slots: dict = {}
    agent = st.selectbox(ctx.t("fu.agent"), list(names), format_func=lambda a: f"{a} {names[a]}",
                         key=COACH.field("followup_coach_agent", None), placeholder=ctx.t("fu.pick_agent"))
    slots["agent"] = st.empty()
    values = {}
    cols = st.columns(2)
    for i, key in enumerate(GROW_FIELDS):
        values[key] = cols[i % 2].text_area(ctx.t(f"fu.coach.{key}"), height=90,
                                            key=COACH.field(f"followup_coach_{key}", ""))
        slots[key] = cols[i % 2].empty()
    c = st.columns(2)
    week = ctx.day + dt.timedelta(days=7)
    due = c[0].date_input(ctx.t("fu.coach.due"), key=COACH.field("followup_coach_due", week))
    slots["due"] = c[0].empty()
    qa = read_months(ctx, "qa", months_back(ctx, 1)) if agent else pd.DataFrame()
    flags = flags_at(ctx.floor.reports, ctx.floor.schedule, ctx.floor.projects, ctx.day, ctx.at_minute,
                     ctx.settings) if agent else pd.DataFrame()
    links = {"": ctx.t("fu.coach.no_link")} | (link_options(qa, flags, agent, ctx.day, ctx.lang) if agent else {})
    link = c[1].selectbox(ctx.t("fu.coach.link"), list(links), format_func=links.get,
                          key=COACH.field("followup_coach_link", ""))
    clicked = st.button(ctx.t("fu.coach.submit"), key="followup_coach_submit", type="primary", disabled=not writable(ctx))
    entry = coaching_key(ctx.day, agent, values)
    repeats = duplicate_coaching(coaching, ctx.day, agent, values) if agent else coaching.iloc[0:0]
    anyway = COACH.asked(ctx, entry, _question(ctx, "fu.coach.duplicate", repeats, f"{agent} {names.get(agent, '')}"),
                         "followup_coach_anyway")
    if clicked or anyway:
        problems = check_coaching(agent, list(names), values, due, ctx.day)
        if problems:
            COACH.problems(ctx, slots, problems)
        elif len(repeats) and not anyway:
            COACH.ask(entry)   # the first click on a repeat asks (DATA.md: 辅导记录)
        else:
            row = coaching_row(ctx.day, agent, group, values, due, link or "")
            _write(ctx, group, COACH, "coaching", [row], ctx.t("fu.coach.saved", agent=literal(f"{agent} {names[agent]}")))
    st.subheader(ctx.t("fu.coach.history"))
    who = st.selectbox(ctx.t("fu.agent"), list(names), format_func=lambda a: f"{a} {names[a]}", index=None,
                       key="followup_coach_history", placeholder=ctx.t("fu.coach.all"))
    shown = agent_history(mine, who) if who else mine.drop(columns=["更正记录", "作废"], errors="ignore")
    show_table(stored_shown(shown, ctx.lang), "followup_coach_rows")


# ---------------------------------------------------------------- callbacks

def callbacks_tab(ctx: PageContext, group: str) -> None:
    """A new callback, the group's due ones, a status change, the day's contact sheet; the duty lead's tasks."""
    CB.start()
    CB_STATUS.start()
    names = _agents(ctx, group)
    frame = callback_frame(ctx)
    mine = visible_callbacks(frame, ctx.user)
    mine = mine[mine["组别"] == group].reset_index(drop=True) if len(mine) else mine
    st.subheader(ctx.t("fu.cb.new"))
    slots: dict = {}
    c = st.columns(2)
    agent = c[0].selectbox(ctx.t("fu.agent"), list(names), format_func=lambda a: f"{a} {names[a]}",
                           key=CB.field("followup_cb_agent", None), placeholder=ctx.t("fu.pick_agent"))
    slots["agent"] = c[0].empty()
    phone = c[1].text_input(ctx.t("fu.cb.phone"), key=CB.field("followup_cb_phone", ""))
    slots["phone"] = c[1].empty()
    reason = st.text_input(ctx.t("fu.cb.reason"), key=CB.field("followup_cb_reason", ""))
    slots["reason"] = st.empty()
    c = st.columns(2)
    soon = (now_of(ctx) + dt.timedelta(hours=1)).replace(minute=0)
    day = c[0].date_input(ctx.t("fu.cb.due_day"), key=CB.field("followup_cb_day", ctx.day))
    at = c[1].time_input(ctx.t("fu.cb.due_time"), key=CB.field("followup_cb_time", soon.time()), step=900)
    slots["due"] = st.empty()
    clicked = st.button(ctx.t("fu.cb.submit"), key="followup_cb_submit", type="primary", disabled=not writable(ctx))
    entry = callback_key(ctx.day, agent, phone, reason)
    seen = visible_callbacks(frame, ctx.user)
    repeats = duplicate_callbacks(seen, ctx.day, agent, phone, reason) if agent and len(seen) else seen.iloc[0:0]
    anyway = CB.asked(ctx, entry, _question(ctx, "fu.cb.duplicate", repeats, f"{agent} {names.get(agent, '')}"),
                      "followup_cb_anyway")   # the question never repeats the number
    if clicked or anyway:
        due = dt.datetime.combine(day, at) if isinstance(day, dt.date) and at is not None else None
        problems = check_callback(agent, list(names), phone, reason, due, ctx.day)
        if problems:
            CB.problems(ctx, slots, problems)   # the messages never repeat the number
        elif len(repeats) and not anyway:
            CB.ask(entry)   # the first click on a repeat asks (DATA.md: 联络单)
        else:
            row = callback_row(ctx.day, agent, group, phone, reason, due)
            _write(ctx, group, CB, "callbacks", [row], ctx.t("fu.cb.saved", agent=literal(f"{agent} {names[agent]}")))
    st.subheader(ctx.t("fu.cb.due_title"))
    due = due_callbacks(mine, now_of(ctx), ctx.settings.callbacks.due_soon_minutes)
    st.caption(ctx.t("fu.cb.due_n", n=len(due)))
    if len(due):
        due_table(ctx, due, "followup_cb_due")
    waiting = mine[mine["状态"] == PENDING] if len(mine) else mine
    if len(waiting):
        line = {r: f"{w} · {a} · {mask_phone(p, ctx.user, g)} · {x}" for r, w, a, p, g, x in
                zip(waiting["记录编号"], waiting["回拨时间"], waiting["工号"], waiting["客户电话"], waiting["组别"],
                    waiting["原因"])}
        c = st.columns([4, 2, 1])
        rid = c[0].selectbox(ctx.t("fu.cb.which"), list(line), format_func=line.get, key="followup_cbs_pick")
        status = c[1].selectbox(ctx.t("fu.cb.status"), STATUSES[1:], key="followup_cbs_status",
                                format_func=lambda s: ctx.t(f"cb.status.{s}"))
        if c[2].button(ctx.t("fu.cb.set"), key="followup_cbs_submit", disabled=not writable(ctx)):
            record = mine[mine["记录编号"] == rid].iloc[0]
            _write(ctx, group, CB_STATUS, "callbacks", [status_row(record, status)],
                   ctx.t("fu.cb.status_saved", status=ctx.t(f"cb.status.{status}")), correct=rid)
    st.subheader(ctx.t("fu.cb.sheet", day=ctx.day.isoformat()))
    sheet = contact_sheet(mine, ctx.day, ctx.user, names_of(ctx))
    people = sheet_for_people(sheet, ctx.lang)
    show_table(people, "followup_cb_sheet")
    st.code(contact_sheet_text(sheet, ctx.day, ctx.lang), language=None)
    # the times as Excel datetimes, the phone numbers text (issue 17.1)
    st.download_button(ctx.t("fu.cb.download"), lambda: workbook_bytes({ctx.t("fu.cb.sheet_name"): people}),
                       file_name=f"callbacks_{group}_{ctx.day.isoformat()}.xlsx", mime=XLSX, key="followup_cb_download")
    try:
        require_duty_desk(ctx.user)
    except Refused:
        return
    st.subheader(ctx.t("fu.cb.tasks"))
    due_callbacks_panel(ctx, "followup")


# ---------------------------------------------------------------- the weekly meeting

def meeting_tab(ctx: PageContext, group: str) -> None:
    """Whose turn it is over the coming weeks, the minutes form, and a stored minutes' e-mail."""
    MINUTES.start()
    plan = meeting_plan(ctx.settings)
    s = ctx.floor.schedule
    order, names = rotation_order(plan, s), names_of(ctx)
    first = next_meeting(ctx.day, plan.weekday)
    for i in range(4):
        turn = turn_on(first + dt.timedelta(weeks=i), order, plan.start, s, plan.weekday)
        (st.info if i == 0 else st.caption)(literal(turn_text(turn, plan, names, ctx.lang)))
    st.subheader(ctx.t("fu.min.title"))
    held = last_meeting(ctx.day, plan.weekday)
    turn = turn_on(held, order, plan.start, s, plan.weekday)
    people = list(dict.fromkeys(s.loc[s["role"].isin(MANAGEMENT), "name"]))
    slots: dict = {}
    c = st.columns(3)
    day = c[0].date_input(ctx.t("fu.min.day"), key=MINUTES.field("followup_min_day", held))
    slots["day"] = c[0].empty()
    host = c[1].selectbox(ctx.t("fu.min.host"), people, key=MINUTES.field("followup_min_host", names.get(turn.host)))
    slots["host"] = c[1].empty()
    taker = c[2].selectbox(ctx.t("fu.min.taker"), people,
                           key=MINUTES.field("followup_min_taker", names.get(turn.taker)))
    slots["taker"] = c[2].empty()
    attend = st.multiselect(ctx.t("fu.min.attendees"), people, key=MINUTES.field("followup_min_attendees", []),
                            placeholder=ctx.t("fu.min.attendees_pick"))
    slots["attendees"] = st.empty()
    content = st.text_area(ctx.t("fu.min.content"), key=MINUTES.field("followup_min_content", ""))
    slots["content"] = st.empty()
    decisions = st.text_area(ctx.t("fu.min.decisions"), key=MINUTES.field("followup_min_decisions", ""))
    if st.button(ctx.t("fu.min.submit"), key="followup_min_submit", type="primary", disabled=not writable(ctx)):
        problems = check_minutes(day, host, taker, attend, content)
        if problems:
            MINUTES.problems(ctx, slots, problems)
        else:
            row = minutes_row(day, host, taker, attend, content, decisions)
            _write(ctx, group, MINUTES, "minutes", [row], ctx.t("fu.min.saved"))
    minutes = read_months(ctx, "minutes", months_back(ctx, 2))
    if minutes.empty:
        return
    st.subheader(ctx.t("fu.min.mail"))
    minutes = minutes.sort_values(["日期", "提交时间"], ascending=False, kind="mergesort").reset_index(drop=True)
    pick = st.selectbox(ctx.t("fu.min.which"), range(len(minutes)), key="followup_min_pick",
                        format_func=lambda i: f"{minutes['日期'][i]:%Y-%m-%d} · {minutes['主持人'][i]}")
    row = minutes.iloc[pick].to_dict() | {"日期": f"{minutes['日期'][pick]:%Y-%m-%d}"}
    mail = minutes_email(row, plan, ctx.lang)
    if not plan.supervisor_email:
        st.caption(ctx.t("fu.min.no_address"))
    st.link_button(ctx.t("fu.min.send"), mailto_link(mail), icon=":material/mail:")
    st.code(email_text(mail, ctx.lang), language=None)


# ---------------------------------------------------------------- month-end 复盘

def month_review_tab(ctx: PageContext, group: str) -> None:
    """The group's 复盘 of this month or the last: the result from the data, the rest written by the lead."""
    month = st.selectbox(ctx.t("fu.mr.month"), list(reversed(months_back(ctx, 2))), key="followup_mr_month")
    completion = month_completion(rows_as_of(ctx.floor.reports, ctx.day, ctx.at_minute), ctx.floor.projects, month,
                                  ctx.settings)
    line = completion[completion["group"] == group]
    line = line.iloc[0].to_dict() if len(line) else None
    result = result_text(line, ctx.lang)
    st.info(f"{ctx.t('fu.mr.result')}：{result}")
    reviews = read_months(ctx, "month_review", [month])
    old = current_record(reviews, group)
    form = Form("followup", f"mr_{group}_{month}", "fu")
    form.start()
    slots: dict = {}
    values = {}
    for key, col in MR_FIELDS.items():
        default = old[col] if old is not None else goal_text(line, ctx.lang) if key == "goal" else ""
        values[key] = st.text_area(ctx.t(f"fu.mr.{key}"), height=80,
                                   key=form.field(f"followup_mr_{key}_{group}_{month}", default))
        slots[key] = st.empty()
    if old is not None:
        st.caption(ctx.md("fu.mr.replaces", by=old["提交人"], at=old["提交时间"][:16].replace("T", " ")))
    if st.button(ctx.t("fu.mr.submit"), key="followup_mr_submit", type="primary", disabled=not writable(ctx)):
        problems = check_review(values)
        if problems:
            form.problems(ctx, slots, problems)
        else:
            row = review_row(month, group, values, result)
            _write(ctx, group, form, "month_review", [row], ctx.t("fu.mr.saved", month=month),
                   correct=old["记录编号"] if old is not None else None)
