"""组长工作台 Lead workbench: one group's day — morning and attendance, wrong tasks, hours, flags and
monitoring, QA with coverage, yesterday, export. A lead sees their own group; the duty lead and
managers pick any (?group=)."""
import streamlit as st

from lib import clock
from lib.ui import contradictions as ct
from lib.ui import deadlines as dl
from lib.ui import lead as ui
from lib.ui import lead_forms as forms
from lib.ui.followup import workbench_panel
from lib.ui.frame import current_context
from lib.ui.groups import page_group
from lib.ui.safe import literal

ctx = current_context()
st.title(ctx.t("lead.title"))

group, groups = page_group(ctx, "lead_group")

w = ui.load(ctx, group)
st.caption(ctx.t("lead.caption", group=literal(group), day=ctx.day.isoformat(), at=clock.hhmm(min(ctx.at_minute, 1439))))
if not w.writable:
    st.info(ctx.t("lead.read_only"))
dl.red_box(ctx, dl.dues(ctx), group, key="lead_red")   # what of this group is late, who and by how much
workbench_panel(ctx, group)   # pace, open coaching actions, whose turn the weekly meeting is

tabs = st.tabs([ctx.t(f"lead.tab.{k}") for k in ("morning", "wrong", "hourly", "flags", "qa", "yesterday")])
with tabs[0]:
    ui.morning(ctx, w)
    st.subheader(ctx.t("lead.att.title"))
    forms.attendance(ctx, w)
    ct.box(ctx, group, quiet=True)   # what the dialer's rows contradict in the attendance filed
with tabs[1]:
    ui.wrong_tasks(ctx, w)
with tabs[2]:
    ui.hourly(ctx, w)
with tabs[3]:
    ui.flag_table(ctx, w)
    st.subheader(ctx.t("lead.mon.title"))
    forms.monitoring(ctx, w)
with tabs[4]:
    st.subheader(ctx.t("lead.cov.title"))
    cov = ui.coverage_section(ctx, w)
    st.subheader(ctx.t("lead.qa.title"))
    forms.qa_form(ctx, w)
    forms.qa_rows(ctx, w)
    ui.qa_analytics_section(ctx, w)   # the month's points lost per item and per agent, red lines
with tabs[5]:
    y = ui.yesterday_section(ctx, w)

ui.export(ctx, w, cov, y)
