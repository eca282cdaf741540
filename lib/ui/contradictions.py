"""Attendance against the dialer on screen (the workbench, the duty desk, the data check): each
contradiction with the rows that prove it. The rules are lib/day/contradictions.py's."""
from __future__ import annotations

import streamlit as st

from lib.day.contradictions import Contradiction, contradictions, describe, names_filled
from lib.ui.context import PageContext
from lib.ui.safe import literal
from lib.ui.tables import read_day


def found(ctx: PageContext) -> list[Contradiction]:
    """The page's day's contradictions at the page's moment."""
    f = ctx.floor
    items = contradictions(f.reports, read_day(ctx, "attendance", ctx.day), f.schedule, ctx.day, ctx.at_minute,
                           ctx.settings)
    return names_filled(items, f.schedule, ctx.day)


def box(ctx: PageContext, group: str | None = None, quiet: bool = False) -> None:
    """One warning listing the contradictions (of one group when given); `quiet`: nothing when none."""
    items = [c for c in found(ctx) if group is None or c.group == group]
    if not items:
        if not quiet:
            st.caption(ctx.t("ct.none"))
        return
    lines = "\n".join(f"- {literal(describe(c, ctx.lang))}" for c in items)
    st.warning(f"**{ctx.t('ct.title')}**\n\n{lines}", icon=":material/rule:")
    st.caption(ctx.t("ct.caption"))
