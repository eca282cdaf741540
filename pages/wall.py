"""大屏排行 Wall screen: the live ranking and group standings for a TV on the floor. No sign-in, nothing private.

?group=101 pins one group; ?embed=true is the kiosk (no Streamlit chrome); ?at=HH:MM / ?date= rehearse;
?show=contest (stars, birthdays) shows the praise slides alone, which otherwise follow the ranking's pages.
Every screen showing the same board at a tick gets the one board computed for all (lib/ui/wall.py).
"""
import streamlit as st

from lib import clock
from lib.ui.context import PageContext, page_context
from lib.ui.frame import current_context
from lib.ui.wall import Board, praise_slides, shared_board, wall_css

# Routed for everyone, signed in or not (lib/ui/nav.py); the frame folds the sidebar away for it.
ctx = current_context()
group = st.query_params.get("group") or None
show = st.query_params.get("show") or None   # contest, stars, birthdays: a screen of those slides alone
st.html(wall_css())


def board_of(c: PageContext) -> Board:
    """The shared board this session shows now."""
    return shared_board(c.floor, c.settings, c.day, c.at_minute, c.live, group, c.lang, c.is_demo,
                        clock.now(c.settings), lambda minute: praise_slides(c, c.day, minute), show)


tick = board_of(ctx).tick


@st.fragment(run_every=tick)
def board() -> None:
    # A tick: the clock moves on and new files come in (unchanged files are not read again). Public
    # whoever is signed in: the board is the same for everyone.
    c = page_context(public=True)
    b = board_of(c)
    if b.tick != tick:
        st.rerun()       # paging started or stopped: start again with the other timer
    st.html(b.html)


board()
