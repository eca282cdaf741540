"""TeamBoard — the picture frame, run for every page: the page config, the page context (settings,
floor, day and time, language, who is signed in) and the sidebar, written once here; then the
navigation of the person (lib/ui/nav.py, the one list of pages) runs the page asked for.

    streamlit run dashboard.py
"""
import streamlit as st

from lib.ui.context import keep_context, page_context
from lib.ui.menu import sidebar
from lib.ui.nav import pages_for, screen_of

ctx = page_context()   # nobody signed in is PUBLIC: the navigation then holds the wall and the sign-in form
page = st.navigation({ctx.t("app.title"): pages_for(ctx.user, ctx.lang)}, position="sidebar")
screen = screen_of(page)
st.set_page_config(page_title=f"{page.title} · TeamBoard", page_icon=page.icon, layout="wide",
                   initial_sidebar_state="collapsed" if screen.kiosk else "auto")
keep_context(ctx)
sidebar(ctx, kiosk=screen.kiosk)
page.run()
