"""月度评估 Monthly review: the month by group and agent, suggested stars, the senior lead's assessment
and its ratings, schedule rules, the weekly meeting pack and the export. Directors and managers see it
all; anyone else signed in may only rate the month's senior lead as an employee."""
import streamlit as st

from lib.people.auth import Refused, require_review
from lib.ui import contest
from lib.ui import review as ui
from lib.ui import review_stars as stars
from lib.ui.frame import current_context
from lib.ui.followup import review_section

ctx = current_context()
st.title(ctx.t("review.title"))
month = ui.month_picker(ctx)

try:
    require_review(ctx.user)
except Refused:
    st.warning(ctx.t("review.refused"))
    ui.employee_rating(ctx, month)   # employees may rate the senior lead, nothing else
    stars.confirmed_section(ctx, month)   # and see the month's confirmed 服务明星
    st.stop()

data = ui.month_data(ctx, month)
sections = [("groups", ui.groups_section), ("agents", ui.agents_section),
            ("mstars.tab", stars.stars_section),   # the month's 服务明星: suggested, confirmed, the form
            ("senior", ui.senior_section),
            ("schedule", ui.rules_section), ("weekly", ui.weekly_section), ("followup", review_section),
            ("qa", ui.qa_section),   # the month's QA points lost per group and item, red lines
            ("contest", lambda c, d: contest.review_section(c, d.month)),   # the month's group competitions
            ("export", ui.export_section)]
for tab, (_, draw) in zip(st.tabs([ctx.t(name if "." in name else f"review.tab.{name}") for name, _ in sections]), sections):
    with tab:
        draw(ctx, data)
