"""坐席详情 Agent: one agent (?agent=1234) — today by hour and the last days by day against the group,
QA history, attendance, monitoring notes, flags."""
import streamlit as st

from lib.i18n.columns import stored_shown
from lib.i18n.details import reword
from lib.i18n.formats import screen_format
from lib.day.agent import agent_choices, agent_days, agent_home, agent_records, agent_today, window_months
from lib.people.auth import Refused, require_agent, visible_groups
from lib.out.charts import comparison_figure
from lib.day.flags import flags_at
from lib.day.goals import with_target_rate
from lib.floor.roster import groups_on
from lib.quality.qa import agent_qa_history, scorecard
from lib.ui import agent as mine
from lib.ui.frame import current_context
from lib.ui.safe import html_text, literal
from lib.ui.followup import coaching_history
from lib.ui.tables import lead_labelled as label_columns, read_months, show_table

ctx = current_context()
st.title(ctx.t("agent.title"))
f = ctx.floor

groups = visible_groups(ctx.user, groups_on(f.schedule, f.projects, ctx.day))
choices = agent_choices(f.schedule, f.reports, groups, ctx.day)
ids = choices["agent_id"].tolist()
wanted = st.query_params.get("agent")
names = dict(zip(choices["agent_id"], choices["name"]))


def may_see(agent_id: str, group: str) -> bool:
    try:
        require_agent(ctx.user, agent_id, group)
        return True
    except Refused:
        return False


refused = False   # ?agent= names someone outside the person's rights: not even their name is offered
for extra in dict.fromkeys(a for a in (wanted, ctx.user.agent_id) if a and a not in ids):
    home = agent_home(f.schedule, f.reports, extra, ctx.day)   # off the roster today, or one's own record
    if home and may_see(extra, home[1]):
        ids.append(extra)
        names[extra] = home[0]
    elif home:
        refused = True
if wanted and wanted not in ids:
    st.error(ctx.t("agent.refused" if refused else "agent.unknown", agent=literal(wanted)))
if not ids:
    st.stop()
default = mine.pick_default(ctx, ids, wanted)   # a manager opens on the picker, nobody chosen
# after a refusal nothing is shown until the person picks someone they may see
agent = st.selectbox(ctx.t("agent.pick"), ids, index=None if refused or default is None else ids.index(default),
                     key="agent_pick",
                     placeholder=ctx.t("agent.pick"), format_func=lambda a: f"{a} {names.get(a, '')}",
                     on_change=lambda: st.query_params.update(agent=st.session_state["agent_pick"] or ""))
# a pick puts the agent in the URL (a bookmark and the menu keep it; the refusal of the one asked before goes)
if agent is None:
    if not refused:
        st.info(ctx.t("mine.pick_prompt"))
    st.stop()
name, group = agent_home(f.schedule, f.reports, agent, ctx.day)
if not may_see(agent, group):   # the picker offers only those one may see; this is the page's own check
    st.error(ctx.t("agent.refused", agent=literal(agent)))
    st.stop()
st.caption(ctx.t("agent.caption", agent=literal(agent), name=literal(name), group=literal(group), day=ctx.day.isoformat()))

rate_title, volume_title = ctx.t("lead.col.rate"), ctx.t("lead.col.volume")
shown = html_text(agent)   # the charts' titles and legends read a little HTML
lines = [("rate", ctx.t("lead.series.agent_rate", agent=shown)), ("group_rate", ctx.t("lead.series.group_rate"))]
bars = [("volume", ctx.t("lead.series.agent_volume", agent=shown)),
        ("group_avg_volume", ctx.t("lead.series.group_volume"))]
target = ("target", ctx.t("lead.series.target_rate"))   # the day's target rate of the group, from the project list
rates = {ctx.t(f"lead.col.{c}"): st.column_config.NumberColumn(**screen_format("rate")) for c in ("rate", "group_rate")}
rates[ctx.t("lead.col.group_avg_volume")] = st.column_config.NumberColumn(format="%.1f")

st.subheader(ctx.t("agent.today"))
today = agent_today(f.reports, agent, ctx.day, ctx.at_minute)
if today.empty:
    st.info(ctx.t("agent.no_today"))
else:
    st.plotly_chart(comparison_figure(with_target_rate(today, f.projects, ctx.day), "label", lines, bars, title=ctx.t("agent.today_title", agent=shown),
                                      rate_title=rate_title, volume_title=volume_title, target=target),
                    key="agent_chart_today")
    show_table(label_columns(today, ctx), "agent_today", column_config=rates)

flags = flags_at(f.reports, f.schedule, f.projects, ctx.day, ctx.at_minute, ctx.settings)
flags = flags[flags["agent_id"] == agent]
for kind, detail in zip(flags["kind"], flags["detail"]):
    st.warning(ctx.t("review.paren", a=ctx.t(f"flag.{kind}"), b=literal(reword(detail, ctx.lang))), icon=":material/flag:")

n_days = ctx.settings.lead.agent_days
st.subheader(ctx.t("agent.days", n=n_days))
days = agent_days((past := ctx.history(agent, n_days)).reports, agent, ctx.day, n_days)   # read when not in the page's
if days.empty:
    st.info(ctx.t("agent.no_days"))
else:
    title = ctx.t("agent.days_title", agent=shown, n=n_days)
    st.plotly_chart(comparison_figure(with_target_rate(days, past.projects), "label", lines, bars, title=title,
                                      rate_title=rate_title, volume_title=volume_title, target=target), key="agent_chart_days")
    show_table(label_columns(days.drop(columns=["label"]), ctx), "agent_days", column_config=rates)

months = window_months(ctx.day, n_days)
st.subheader(ctx.t("agent.qa"))
qa = agent_qa_history(agent_records(read_months(ctx, "qa", months), agent, ctx.day, n_days), agent, scorecard(ctx.settings))
if qa.empty:
    st.info(ctx.t("agent.none"))
else:
    st.metric(ctx.t("agent.qa_avg", n=len(qa)), f"{qa['总分'].mean():.1f}")
    show_table(stored_shown(qa, ctx.lang), "agent_qa")
for table, key in (("attendance", "agent.attendance"), ("monitoring", "agent.monitoring")):
    st.subheader(ctx.t(key))
    rows = agent_records(read_months(ctx, table, months), agent, ctx.day, n_days)
    if rows.empty:
        st.info(ctx.t("agent.none"))
    else:
        show_table(stored_shown(rows, ctx.lang), f"agent_{table}")   # show_table leaves out the record columns
coaching_history(ctx, agent)   # GROW records and their actions, newest first
mine.my_month_section(ctx, agent)   # 我的本月: rate and rank by day, QA items, attendance, stars, contests
