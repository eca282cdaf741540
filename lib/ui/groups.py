"""The one group a page shows (workbench, follow-ups): picked by rights, preset by ?group=."""
from __future__ import annotations

import streamlit as st

from lib.people.auth import Refused, require_group, visible_groups
from lib.floor.roster import groups_on
from lib.ui.context import PageContext
from lib.ui.safe import literal


def page_group(ctx: PageContext, key: str) -> tuple[str, list[str]]:
    """(the group shown, the groups the person may see): a lead's own group, or (duty lead, managers)
    any; a group outside one's rights is refused and the script stops here, so nothing of it is
    read or written."""
    groups = visible_groups(ctx.user, groups_on(ctx.floor.schedule, ctx.floor.projects, ctx.day))
    if not groups:
        st.error(ctx.t("lead.no_group"))
        st.stop()
    wanted = st.query_params.get("group")
    if wanted and wanted not in groups:
        st.warning(ctx.t("lead.refused", group=literal(wanted)))
    default = wanted if wanted in groups else (ctx.user.group if ctx.user.group in groups else groups[0])
    group = groups[0] if len(groups) == 1 else st.selectbox(
        ctx.t("lead.group"), groups, index=groups.index(default), key=key,
        format_func=lambda g: ctx.t("lead.group_name", group=g),
        on_change=lambda: st.query_params.update(group=st.session_state[key]))   # a pick goes in the URL,
    # so a bookmark and the menu keep the group shown
    try:
        require_group(ctx.user, group)
    except Refused:
        st.error(ctx.t("lead.refused", group=literal(group)))
        st.stop()
    return group, groups
