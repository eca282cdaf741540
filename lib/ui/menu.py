"""The shared sidebar below the navigation: who is signed in, the language switch, where the data comes from."""
from __future__ import annotations

import streamlit as st

from lib import clock
from lib.i18n import t
from lib.ui.context import CENTER_CHOICE, PageContext, forget_deep_link
from lib.ui.safe import literal
from lib.ui.signin import sign_out


def sidebar(ctx: PageContext, kiosk: bool = False) -> None:
    """Draw the sidebar once per run (the frame does). The pages' menu above it is st.navigation's
    (lib/ui/nav.py); on a kiosk screen (the wall) the demo note goes into the sidebar too, so the
    board keeps the whole screen."""
    with st.sidebar:
        if ctx.settings.auth.enabled and ctx.user.role != "public":
            u = ctx.user
            st.caption(ctx.t("auth.signed_in_as", name=literal(u.name), id=literal(u.agent_id), role=ctx.t(f"role.{u.role}")))
            if st.button(ctx.t("auth.sign_out"), key="sidebar_sign_out"):
                sign_out(ctx.settings, ctx.floor, ctx.is_demo)
                st.rerun()
            st.divider()   # the navigation draws its own line above
        choice = st.radio(t("app.language", ctx.lang), ["中文", "English"], index=1 if ctx.lang == "en" else 0,
                          horizontal=True, key="sidebar_lang")
        lang = "en" if choice == "English" else "zh"
        if lang != ctx.lang:
            st.session_state["lang"] = lang
            if "lang" in st.query_params:
                del st.query_params["lang"]
            st.rerun()
        if ctx.center:
            center_switch(ctx)
        st.caption(f"{ctx.t('app.as_of')}: {ctx.day} {clock.hhmm(min(ctx.at_minute, 24 * 60 - 1))}")
        if not ctx.live and st.button(ctx.t("app.back_to_now"), key="sidebar_now", icon=":material/update:"):
            forget_deep_link("date", "at")
            st.rerun()
        if ctx.user.role == "admin":   # the server's paths are an administrator's business only
            st.caption(f"{ctx.t('app.data_from')}: {literal(ctx.floor.root)}")
    if ctx.is_demo:
        (st.sidebar if kiosk else st).info(ctx.t("app.demo"), icon=":material/info:")


def center_switch(ctx: PageContext) -> None:
    """The center shown: a select for whoever may see several (an administrator), else its name."""
    if len(ctx.centers) < 2 or ctx.user.role == "public":   # the wall's viewer switches by ?center= only
        st.caption(literal(ctx.t("center.current", name=ctx.center_name)))
        return
    names = {c.id: c.name for c in ctx.settings.centers}
    if st.session_state.get(_SELECT) != ctx.center:   # ?center= may have moved it since the last run
        st.session_state[_SELECT] = ctx.center
    st.selectbox(ctx.t("center.label"), list(ctx.centers), format_func=names.get, key=_SELECT, on_change=_switched)


_SELECT = "center_select"   # session-state key of the sidebar's center select


def _switched() -> None:
    """The select's choice is the session's from now on (before the run it starts makes the context)."""
    st.session_state[CENTER_CHOICE] = st.session_state[_SELECT]
    forget_deep_link("center")
