"""The shared sidebar: the menu of pages, the language switch, where the data comes from."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib import clock
from lib.i18n import t
from lib.people.auth import may_open
from lib.ui.context import PageContext
from lib.ui.signin import sign_out

ROOT = Path(__file__).resolve().parents[2]
# Every screen, in menu order; a screen appears once its page file exists.
# Material icons ship with Streamlit's own font, so they show on machines without emoji fonts.
PAGES = [("dashboard.py", "home", ":material/home:"), ("pages/wall.py", "wall", ":material/tv:"),
         ("pages/duty_desk.py", "duty", ":material/assignment_ind:"), ("pages/lead.py", "lead", ":material/groups:"),
         ("pages/followup.py", "followup", ":material/task_alt:"),
         ("pages/agent.py", "agent", ":material/person:"), ("pages/review.py", "review", ":material/insights:"),
         ("pages/data_health.py", "health", ":material/fact_check:")]


def sidebar(ctx: PageContext) -> None:
    """Draw the menu (Streamlit's own page list is hidden in .streamlit/config.toml)."""
    with st.sidebar:
        st.markdown(f"### {ctx.t('app.title')}")
        for path, key, icon in PAGES:
            if (ROOT / path).exists() and may_open(ctx.user, key):
                st.page_link(path, label=ctx.t(f"menu.{key}"), icon=icon)
        if ctx.settings.get("auth.enabled", False) and ctx.user.role != "public":
            u = ctx.user
            st.caption(ctx.t("auth.signed_in_as", name=u.name, id=u.agent_id, role=ctx.t(f"role.{u.role}")))
            if st.button(ctx.t("auth.sign_out"), key="sidebar_sign_out"):
                sign_out()
                st.rerun()
        st.divider()
        choice = st.radio(t("app.language", ctx.lang), ["中文", "English"], index=1 if ctx.lang == "en" else 0,
                          horizontal=True, key="sidebar_lang")
        lang = "en" if choice == "English" else "zh"
        if lang != ctx.lang:
            st.session_state["lang"] = lang
            if "lang" in st.query_params:
                del st.query_params["lang"]
            st.rerun()
        st.caption(f"{ctx.t('app.as_of')}: {ctx.day} {clock.hhmm(min(ctx.at_minute, 24 * 60 - 1))}")
        st.caption(f"{ctx.t('app.data_from')}: {ctx.floor.root}")
    if ctx.is_demo:
        st.info(ctx.t("app.demo"), icon=":material/info:")


def localized(df, ctx: PageContext):
    """A frame with its column names in the session's language."""
    from lib.i18n import TEXTS
    return df.rename(columns={c: ctx.t(f"col.{c}") for c in df.columns if f"col.{c}" in TEXTS})
