"""The duty desk's sections: attendance, notices, broadcasts, the duty log write-back, QA collection, flags."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.i18n.columns import value_label
from lib.i18n.details import reword
from lib.day.attendance_summary import (attendance_summary, attendance_table, attendance_text, leaves_table, roster_expected)
from lib.people.auth import require_duty_desk, visible_agents
from lib.day.broadcast import broadcast_minute, broadcast_ranking, broadcast_text
from lib.day.duty import (duty_log_ready, duty_log_rows, flags_with_leads, qa_collection, write_duty_log, written_duty_log)
from lib.floor.metrics import clock_of, minute_of
from lib.day.notices import notices_table
from lib.out.robots import credentials
from lib.out.webhook import PostResult
from lib.ui import autopost
from lib.quality.documents import contact_sheet_workbook, duty_log_workbook
from lib.day.deadlines import describe, state_mark
from lib.ui import contradictions as ct
from lib.ui import deadlines as dl
from lib.ui.context import PageContext
from lib.ui.forms import Form, flash as flash_message
from lib.ui.safe import literal
from lib.ui.tables import labelled as _labelled, number_columns, read_day
from lib.ui.uploads import upload_button

LOG_COLUMNS = {"组别": "group", "人数": "agents", "数据量": "volume", "办理量": "handled", "办理率": "rate",
               "人均数据量": "avg_volume", "人均办理量": "avg_handled", "备注": "note"}


FLASH = "duty_flash"
LOG = Form("duty", "log")


def labelled(df: pd.DataFrame, ctx: PageContext) -> pd.DataFrame:
    """A frame with its columns named in the session's language (the desk's names, then the shared ones)."""
    return _labelled(df, ctx, "duty")


def _rates(ctx: PageContext) -> dict:
    return number_columns(ctx, "duty", percent=("rate",))


def flash() -> None:
    """The message a write of the desk left before the page ran again (above the desk's tabs)."""
    flash_message(FLASH)


def attendance(ctx: PageContext, duty: str) -> None:
    """Every group's report, the groups not reported yet, and the whole as chat text."""
    a = attendance_summary(read_day(ctx, "attendance", ctx.day), ctx.floor.schedule, ctx.day, duty, ctx.settings)
    st.caption(ctx.t("duty.reported", n=len(a.groups), m=len(a.missing), points=f"{a.total_points:g}",
                     time=ctx.settings.duty.attendance_due))
    items = dl.dues(ctx)
    late = [i for i in items if i.kind == "attendance" and i.red]
    if late:   # past the deadline: red, with each group's lead and how late
        st.error("\n".join(f"- {literal(describe(i, ctx.lang))}" for i in late), icon=dl.ALARM)
    elif a.missing:   # not due yet: neutral
        sep = ctx.t("attendance.group_sep")
        st.info(ctx.t("duty.missing", groups=sep.join(ctx.t("attendance.group_name", group=literal(g)) for g in a.missing)))
    elif a.groups:
        st.success(ctx.t("duty.att_all_in"))
    table = attendance_table(a, roster_expected(ctx.floor.schedule, ctx.day))
    state = {i.group: i.state for i in items if i.kind == "attendance"}
    table.insert(0, "state", [state_mark(state.get(g, "none"), ctx.lang) for g in table["group"]])
    colours = [dl.COLOURS[state.get(g, "none")] for g in table["group"]]
    shown = labelled(table, ctx)
    st.dataframe(shown.style.apply(lambda col: colours, subset=[shown.columns[0]]), hide_index=True,
                 key="duty_att_groups")
    if a.leaves:
        leaves = leaves_table(a)
        leaves["category"] = leaves["category"].map(lambda c: value_label(c, ctx.lang))   # 病假: sick leave
        st.dataframe(labelled(leaves, ctx), hide_index=True, key="duty_att_leaves")
    ct.box(ctx)   # every group's reports against the dialer's rows and the roster
    st.caption(ctx.t("duty.copy"))
    st.code(attendance_text(a, ctx.lang), language=None, wrap_lines=True)


def notices(ctx: PageContext) -> None:
    """The day's notices with their text; the next one first and highlighted."""
    table = notices_table(ctx.settings, ctx.floor.projects, ctx.day, ctx.at_minute, ctx.lang)
    upcoming = table[table["next"]]
    if len(upcoming):
        n = upcoming.iloc[0]
        st.info(ctx.t("duty.next_notice", time=n["time"], kind=n["kind"]))
        st.code(n["text"], language=None, wrap_lines=True)
        if has_robot(ctx) and st.button(ctx.t("duty.post_notice"), key="duty_post_notice"):
            show_post(ctx, autopost.post_by_hand(ctx, "notice", minute_of(n["time"]), n["text"]))
    else:
        st.success(ctx.t("duty.no_notice"))
    st.dataframe(labelled(table, ctx), hide_index=True, key="duty_notices", width="stretch")
    autopost.log_panel(ctx, "notice")   # what went out today, by the scheduler or by hand


def broadcast(ctx: PageContext) -> None:
    """The ranking of a broadcast time as a table and as chat text; posted to the robot on request."""
    times = ctx.settings.broadcast_times
    default = clock_of(broadcast_minute(ctx.settings, ctx.at_minute))
    when = st.radio(ctx.t("duty.broadcast_at"), times, index=times.index(default) if default in times else 0,
                    horizontal=True, key="duty_broadcast_at")
    minute = minute_of(when)
    if minute > ctx.at_minute:   # slots that end later have not happened yet at this moment
        st.warning(ctx.t("duty.broadcast_early", time=when))
        minute = ctx.at_minute
    f = ctx.floor
    st.dataframe(labelled(broadcast_ranking(f.reports, ctx.day, minute, ctx.settings), ctx), hide_index=True,
                 key="duty_broadcast_table", column_config=_rates(ctx), height=320)
    text = broadcast_text(f.reports, ctx.day, minute, ctx.settings, ctx.lang)
    st.code(text, language=None, wrap_lines=True)
    if not has_robot(ctx):
        st.caption(ctx.t("duty.no_webhook"))
    elif st.button(ctx.t("duty.post"), key="duty_post"):
        with st.spinner(ctx.t("duty.post")):
            r = autopost.post_by_hand(ctx, "ranking", minute_of(when), text)   # recorded: the scheduler skips it
        show_post(ctx, r)
    autopost.log_panel(ctx, "ranking")   # what went out today, by the scheduler or by hand


def has_robot(ctx: PageContext) -> bool:
    """A chat robot is configured: its webhook in config.toml, Streamlit secrets or the environment."""
    return bool(credentials(ctx.settings.broadcast)[0])


def show_post(ctx: PageContext, r: PostResult) -> None:
    """A post's outcome for the duty lead: sent, or why the robot refused it in the product's words
    (the robot's own answer after them)."""
    if r.ok:
        st.success(ctx.t("duty.posted", parts=r.parts, attempts=r.attempts))
    elif r.reason:
        st.error(ctx.t("duty.post_refused", reason=ctx.t(f"robot.error.{r.reason}"), attempts=r.attempts, sent=r.sent,
                       parts=r.parts, error=literal(r.error)))
    else:
        st.error(ctx.t("duty.post_failed", attempts=r.attempts, sent=r.sent, parts=r.parts, error=literal(r.error)))


def duty_log(ctx: PageContext, duty: str) -> None:
    """The period's averages per group, annotated, written back once (a second write asks, then corrects)."""
    LOG.start()   # after a write the confirmation is unticked again; the message shows above the tabs
    upload_button(ctx, "duty_log", lambda: duty_log_workbook(ctx.floor.reports, ctx.day, duty, ctx.settings,
                                                             read_day(ctx, "duty_log", ctx.day)), "duty_upload_log")
    periods = ["morning", "day"]
    default = 1 if duty_log_ready(ctx.settings, "day", ctx.at_minute) else 0
    period = st.radio(ctx.t("duty.period"), periods, index=default, horizontal=True, key="duty_log_period",
                      format_func=lambda p: ctx.t(f"duty.period.{p}"))
    ready = duty_log_ready(ctx.settings, period, ctx.at_minute)
    if not ready:
        d = ctx.settings.day
        st.info(ctx.t("duty.log_wait", time=d.morning_end if period == "morning" else d.end))
    rows = duty_log_rows(ctx.floor.reports, ctx.day, period, duty, ctx.settings)
    if not rows:
        st.info(ctx.t("duty.log_empty"))
        return
    shown = pd.DataFrame(rows)[list(LOG_COLUMNS)].rename(columns=LOG_COLUMNS)
    edited = st.data_editor(labelled(shown, ctx), hide_index=True, key=f"duty_log_edit_{period}",
                            disabled=[c for c in labelled(shown, ctx).columns if c != ctx.t("duty.col.note")],
                            column_config=_rates(ctx))
    notes = dict(zip(shown["group"], edited[ctx.t("duty.col.note")].fillna("").astype(str)))
    written = written_duty_log(read_day(ctx, "duty_log", ctx.day), period)
    confirm = False
    if len(written):
        last = written.iloc[-1]
        st.warning(ctx.t("duty.log_written", at=literal(str(last["提交时间"])[:16].replace("T", " ")), by=literal(last["提交人"]),
                         n=len(written)))
        confirm = st.checkbox(ctx.t("duty.log_confirm"), key=LOG.field("duty_log_confirm", False))
    if st.button(ctx.t("duty.log_write"), key="duty_log_write", type="primary", disabled=not ready):
        if len(written) and not confirm:
            st.error(ctx.t("duty.log_need_confirm"))
            return

        def write() -> list[str]:
            require_duty_desk(ctx.user)
            return write_duty_log(ctx.store, duty_log_rows(ctx.floor.reports, ctx.day, period, duty, ctx.settings,
                                                           notes), written, ctx.user.agent_id)
        LOG.save(ctx, write, lambda ids: ctx.t("duty.log_done", n=len(ids)), flash=FLASH, failed="duty.log_failed",
                 refused="duty.refused")


def contact_sheet_upload(ctx: PageContext) -> None:
    """The day's contact sheet, as the person at the desk may see it, onto the FTP server (kind = "ftp")."""
    from lib.ui.followup import callback_frame, names_of
    upload_button(ctx, "contact_sheet", lambda: contact_sheet_workbook(callback_frame(ctx), ctx.day, ctx.user,
                                                                       names_of(ctx), ctx.lang), "duty_upload_contact")


def qa(ctx: PageContext) -> None:
    """Per lead: agents at work, how many have a QA score today, who is missing."""
    per_agent = ctx.settings.qa.per_agent_per_day
    st.caption(ctx.t("duty.qa_due", time=ctx.settings.duty.qa_due, n=per_agent))
    table = qa_collection(ctx.floor.reports, ctx.floor.schedule, read_day(ctx, "qa", ctx.day), ctx.day,
                          ctx.at_minute, per_agent)
    table["lead"] = table["lead"].map(lambda s: reword(s, ctx.lang))   # 彭晨（休）: 彭晨 (resting)
    items = [i for i in dl.dues(ctx) if i.kind == "qa"]
    late = [i for i in items if i.red]
    if late:   # past [duty] qa_due with agents unscored: red, each group's lead and how late
        st.error("\n".join(f"- {literal(describe(i, ctx.lang))}" for i in late), icon=dl.ALARM)
    elif len(table) and (table["scored"] == table["agents"]).all():
        st.success(ctx.t("duty.qa_all_done"))
    state = {i.group: i.state for i in items}
    table.insert(0, "state", [state_mark(state.get(g, "none"), ctx.lang) for g in table["group"]])
    colours = [dl.COLOURS[state.get(g, "none")] for g in table["group"]]
    shown = labelled(table, ctx)
    st.dataframe(shown.style.apply(lambda col: colours, subset=[shown.columns[0]]), hide_index=True, key="duty_qa",
                 width="stretch")


def flags(ctx: PageContext) -> None:
    """Wrong tasks and flags across all groups, with the lead responsible (every group is the desk's:
    whoever may open it sees the whole floor; the flags still pass visible_agents like every list)."""
    f = ctx.floor
    table = visible_agents(ctx.user, flags_with_leads(f.reports, f.schedule, f.projects, ctx.day, ctx.at_minute,
                                                      ctx.settings))
    if table.empty:
        st.success(ctx.t("duty.no_flags"))
        return
    table = table.assign(kind=table["kind"].map(lambda k: ctx.t(f"flag.{k}")),
                         lead=table["lead"].map(lambda s: reword(s, ctx.lang)),
                         detail=table["detail"].map(lambda s: reword(s, ctx.lang)))
    st.dataframe(labelled(table, ctx), hide_index=True, key="duty_flags", width="stretch")

