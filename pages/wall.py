"""大屏排行 Wall screen: the live ranking and group standings for a TV on the floor. No sign-in, nothing private.

?group=101 pins one group; ?embed=true is the kiosk (no Streamlit chrome); ?at=HH:MM / ?date= rehearse.
"""
import streamlit as st

from lib import clock
from lib.ui.context import page_context
from lib.ui.frame import current_context
from lib.ui.wall import wall_css, wall_html
from lib.day.wall import tick_seconds, wall_view

# Routed for everyone, signed in or not (lib/ui/nav.py); the frame folds the sidebar away for it.
ctx = current_context()
group = st.query_params.get("group") or None
st.html(wall_css())


def view(c):
    return wall_view(c.floor.reports, c.floor.newest_mtime, c.settings, c.day, c.at_minute,
                     clock.now(c.settings), c.live, group, c.floor.projects)


tick = tick_seconds(ctx.settings, view(ctx).pages)


@st.fragment(run_every=tick)
def board() -> None:
    c = page_context(public=True)   # the clock moves on and new files come in; unchanged files are not read again
    v = view(c)
    if tick_seconds(c.settings, v.pages) != tick:
        st.rerun()       # paging started or stopped: start again with the other timer
    st.html(wall_html(v, c.lang, c.settings, demo=c.is_demo))


board()
