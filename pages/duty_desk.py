"""值班台 Duty desk: the duty lead's day — attendance from every group, notices, the 11/15/17 ranking
broadcasts, the duty log written back, QA collection and the flags of every group, the group
competitions and the most improved (进步之星) for the end-of-day meeting. The day's duty lead, the
director and the manager only."""
import streamlit as st

from lib import clock
from lib.people.auth import Refused, require_duty_desk
from lib.day.duty import duty_lead
from lib.ui import contest
from lib.ui import deadlines as dl
from lib.ui import duty as ui
from lib.ui import followup as fu
from lib.ui import improved as improved_ui
from lib.ui.frame import current_context
from lib.ui.safe import literal

ctx = current_context()   # routed for the day's duty lead, directors and managers only (lib/ui/nav.py)
st.title(ctx.t("duty.title"))
try:
    require_duty_desk(ctx.user)
except Refused:
    st.error(ctx.t("duty.refused"))
    st.stop()

duty = duty_lead(ctx.floor.schedule, ctx.day) or ctx.user.name
st.caption(f"{ctx.t('duty.on_duty')}: {literal(duty)} · {ctx.day} {clock.hhmm(min(ctx.at_minute, 24 * 60 - 1))}")
fu.meeting_caption(ctx)   # whose turn the weekly meeting is
ui.flash()
dl.red_box(ctx, dl.dues(ctx), key="duty_red")   # what is late across the floor, who and by how much

keys = ("attendance", "notices", "broadcast", "log", "qa", "flags", "callbacks", "contest")
tabs = st.tabs([ctx.t(f"duty.tab.{k}") for k in keys] + [ctx.t("improved.tab")], key="duty_tabs")   # keyed: a write's message above keeps the open tab
with tabs[0]:
    ui.attendance(ctx, duty)
with tabs[1]:
    ui.notices(ctx)
with tabs[2]:
    ui.broadcast(ctx)
with tabs[3]:
    ui.duty_log(ctx, duty)
with tabs[4]:
    ui.qa(ctx)
with tabs[5]:
    ui.flags(ctx)
with tabs[6]:
    fu.due_callbacks_panel(ctx, "duty")   # every due callback, handed to an agent at work (回拨任务)
    ui.contact_sheet_upload(ctx)   # kind = "ftp": the day's contact sheet into L联络单/
with tabs[7]:
    contest.duty_section(ctx)   # the group competitions running today, as at the desk's moment
with tabs[len(keys)]:
    improved_ui.duty_section(ctx)   # 进步之星: the day from [improved] at, the week, the month; text to copy
