"""首页 Home: a summary of today's floor — who is on, the totals, the group standings and the flags.

Everyone signed in sees the center's figures and the standings by group (no agent named in them), and
their own line of today's ranking when they have figures; the flags are those of the agents the viewer
may see (lib.people.auth.visible_agents): the whole floor for a manager, director, senior lead or the
day's duty lead, a lead's own group, an agent's own."""
import streamlit as st

from lib.i18n.details import reword
from lib.day.summary import day_summary
from lib.i18n.formats import count, fmt_value, screen_format
from lib.people.auth import agent_scope
from lib.ui.frame import current_context
from lib.ui.tables import labelled as localized
from lib.ui.nav import may_route
from lib.ui.safe import literal

ctx = current_context()
s = day_summary(ctx.floor, ctx.day, ctx.at_minute, ctx.settings, ctx.user)   # flags as ctx.user may see them
scope = agent_scope(ctx.user)
st.title(f"{ctx.t('home.today')} · {ctx.day}")
c = st.columns(6)
c[0].metric(ctx.t("home.scheduled"), count(s.scheduled))
c[1].metric(ctx.t("home.resting"), count(s.resting))
c[2].metric(ctx.t("home.working"), count(s.totals["agents"]))
c[3].metric(ctx.t("home.volume"), count(s.totals["volume"]))
c[4].metric(ctx.t("home.handled"), count(s.totals["handled"]))
c[5].metric(ctx.t("home.rate"), fmt_value(s.totals["rate"], "rate"))
leads = ctx.t("broadcast.sep").join(ctx.t("review.paren", a=name, b=group) for name, group in s.duty_leads)
st.caption(f"{ctx.t('home.duty')}: {literal(leads) or '—'}")
if s.errors or s.warnings:
    problems = f"{ctx.t('home.problems')}: {ctx.t('health.errors')} {s.errors} · {ctx.t('health.warnings')} {s.warnings}"
    if may_route(ctx.user, "health"):
        st.page_link("pages/data_health.py", icon=":material/warning:", label=problems)
    else:   # the data health page is not routed for this person: no link to it
        st.caption(f":material/warning: {problems}")
if s.own is not None:   # one's own line of today's ranking
    st.subheader(ctx.t("home.mine"))
    m = st.columns(4)
    m[0].metric(ctx.t("home.volume"), count(s.own["volume"]))
    m[1].metric(ctx.t("home.handled"), count(s.own["handled"]))
    m[2].metric(ctx.t("home.rate"), fmt_value(s.own["rate"], "rate"))
    m[3].metric(ctx.t("home.my_rank"), ctx.t("home.unranked") if s.own["rank"] is None else
                ctx.t("home.rank_of", rank=s.own["rank"], ranked=s.own["ranked"]))

# One above the other: the flags' detail column needs the page's width to read whole at 1366 px.
with st.container():
    st.subheader(ctx.t("home.standings"))
    if s.standings.empty:
        st.info(ctx.t("home.no_data"))
    else:
        st.dataframe(localized(s.standings, ctx), hide_index=True, key="home_standings",
                     column_config={ctx.t("col.rate"): st.column_config.NumberColumn(**screen_format("rate"))})
with st.container():
    st.subheader(ctx.t({"floor": "home.flags", "group": "home.flags_group"}.get(scope, "home.flags_own"),
                       group=literal(ctx.user.group)))
    if s.flags.empty:
        st.info(ctx.t("home.no_flags" if scope in ("floor", "group") else "home.no_own_flags"))
    else:
        flags = s.flags.assign(kind=s.flags["kind"].map(lambda k: ctx.t(f"flag.{k}")),
                               detail=s.flags["detail"].map(lambda d: reword(d, ctx.lang)))
        st.dataframe(localized(flags[["agent_id", "name", "group", "kind", "detail"]], ctx), hide_index=True,
                     key="home_flags")
