"""The picture frame, run for every page: the page config, the page context (settings, floor, day and
time, language, who is signed in) and the sidebar, written once; then the person's navigation
(lib/ui/nav.py, the one list of pages) runs the page asked for."""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

import streamlit as st

from lib.ui.context import PageContext, framed, page_context, running_context
from lib.ui.menu import sidebar
from lib.ui.deadlines import badges
from lib.ui.nav import pages_for, screen_of
from lib.ui.signin import keep_cookie

log = logging.getLogger("teamboard")
# The tab's icon is a file of ours: a :material/…: page icon makes the browser fetch it from
# fonts.gstatic.com, which a closed floor network does not reach.
FAVICON = Path(__file__).parent / "assets" / "favicon.png"


def run_frame() -> None:
    """Route this run to the person's page inside the frame."""
    ctx = page_context()   # nobody signed in is PUBLIC: the navigation then holds the wall and the sign-in form
    st.set_page_config(page_icon=str(FAVICON), layout="wide")   # before the navigation, whose page icons it would use
    page = st.navigation({ctx.t("app.title"): pages_for(ctx.user, ctx.lang, badges(ctx))}, position="sidebar")
    screen = screen_of(page)
    st.set_page_config(page_title=f"{page.title} · TeamBoard", page_icon=str(FAVICON), layout="wide",
                       initial_sidebar_state="collapsed" if screen.kiosk else "auto")
    sidebar(ctx, kiosk=screen.kiosk)
    if ctx.settings.auth.enabled:
        keep_cookie(ctx.settings)
    with framed(ctx):
        try:
            page.run()
        except Exception:   # st.stop and st.rerun are not Exceptions: they pass
            if os.environ.get("TEAMBOARD_DEBUG"):
                raise   # tests and developers see the exception itself
            ref = secrets.token_hex(4)
            log.exception("page %s failed [ref %s]", screen.key, ref)
            st.error(ctx.t("app.failed", ref=ref), icon=":material/error:")


def current_context() -> PageContext:
    """The context the frame made for this run: what a page script starts from.

    With a pages/ folder beside dashboard.py, Streamlit routes a process's first run (and every
    AppTest run) the legacy way: /lead runs pages/lead.py by itself, without the frame. Such a
    bare run finds no context here; it then runs the frame, which routes by the person's rights as
    always, and ends itself, so nothing of a page runs outside the frame.
    """
    ctx = running_context()
    if ctx is None:
        run_frame()
        st.stop()
    return ctx
