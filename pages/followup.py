"""跟进 Follow-ups: what a lead does with the numbers — the day's pace and the month's target, coaching in
GROW form with its due actions, customer callbacks (联络单), the weekly meeting in turn with its minutes,
and the month-end 复盘. A lead sees their own group; the duty lead and managers pick any (?group=)."""
import streamlit as st

from lib import clock
from lib.ui import followup as ui
from lib.ui import followup_forms as forms
from lib.ui.frame import current_context
from lib.ui.groups import page_group
from lib.ui.safe import literal

ctx = current_context()
st.title(ctx.t("fu.title"))

group, groups = page_group(ctx, "followup_group")
st.caption(ctx.t("fu.caption", group=literal(group), day=ctx.day.isoformat(), at=clock.hhmm(min(ctx.at_minute, 1439))))
if not ui.writable(ctx):
    st.info(ctx.t("fu.read_only"))
ui.flash()

# keyed, so the open tab stays open when a write's message appears above it and the page runs again
tabs = st.tabs([ctx.t(f"fu.tab.{k}") for k in ("goals", "coaching", "callbacks", "meeting", "month_review")],
               key="followup_tabs")
with tabs[0]:
    ui.goals_tab(ctx, group, groups)
with tabs[1]:
    forms.coaching_tab(ctx, group)
with tabs[2]:
    forms.callbacks_tab(ctx, group)
with tabs[3]:
    forms.meeting_tab(ctx, group)
with tabs[4]:
    forms.month_review_tab(ctx, group)
