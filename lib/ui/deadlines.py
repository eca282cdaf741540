"""The day's deadlines on screen: the red count and its items (duty desk, workbench), the menu's badge,
and the colour of a state in a table. What is due and its state is decided in lib/day/deadlines.py."""
from __future__ import annotations

import threading

import pandas as pd
import streamlit as st

from lib.day.deadlines import Due, day_dues, describe, red_count, state_mark
from lib.people.auth import Person, may_open
from lib.quality.callbacks import due_callbacks, visible_callbacks
from lib.store.base import WRITES
from lib.ui.context import PageContext
from lib.ui.safe import literal
from lib.ui.tables import STATE_COLOURS, read_day

COLOURS = STATE_COLOURS
ALARM = ":material/alarm:"   # the icon of a box of late items (a failure's box has another)


_kept: dict[tuple, list[Due]] = {}   # the items of a moment, for every session looking at it
_lock = threading.Lock()


def dues(ctx: PageContext) -> list[Due]:
    """Everything due on the page's day at the page's moment, as the person may see it.

    Kept per (floor, day, minute, person) until this process writes to the store: the menu's count
    is on every page of every signed-in session, and most runs of a minute ask the same. A write by
    another process (the CLI, a second server) shows at the next minute."""
    f = ctx.floor
    u = ctx.user
    key = (str(f.root), f.signature, ctx.day, ctx.at_minute, u.agent_id, u.role, u.group, u.duty_today,
           WRITES["count"])
    with _lock:
        hit = _kept.get(key)
    if hit is not None:
        return hit
    from lib.ui.followup import callback_frame, names_of, now_of
    frame = visible_callbacks(callback_frame(ctx), u)
    due = due_callbacks(frame, now_of(ctx), ctx.settings.callbacks.due_soon_minutes)
    items = day_dues(f.reports, f.schedule, f.projects, read_day(ctx, "attendance", ctx.day),
                     read_day(ctx, "qa", ctx.day), read_day(ctx, "duty_log", ctx.day), due, ctx.day,
                     ctx.at_minute, ctx.settings, names_of(ctx))
    with _lock:
        if len(_kept) > 64:   # moments gone by
            _kept.clear()
        _kept[key] = items
    return items


def red_box(ctx: PageContext, items: list[Due], group: str | None = None, key: str = "dl") -> None:
    """The red count and each late item (who, how late); green when nothing is late."""
    late = [i for i in items if i.red and (group is None or i.group == group)]
    if not late:
        st.success(ctx.t("dl.none_red"), icon=":material/check_circle:")
        return
    lines = "\n".join(f"- {literal(describe(i, ctx.lang))}" for i in late)
    st.error(f"**{ctx.t('dl.red_head', n=len(late))}**\n\n{lines}", icon=ALARM)
    st.caption(ctx.t("dl.red_caption"))


def states_table(ctx: PageContext, items: list[Due], kind: str, key: str) -> None:
    """One kind's items (a row a group) with their state coloured."""
    rows = [i for i in items if i.kind == kind]
    if not rows:
        return
    frame = pd.DataFrame({ctx.t("dl.col.state"): [state_mark(i.state, ctx.lang) for i in rows],
                          ctx.t("dl.col.what"): [describe(i, ctx.lang) for i in rows]})
    states = [i.state for i in rows]
    styled = frame.style.apply(lambda col: [COLOURS[s] for s in states], subset=[ctx.t("dl.col.state")])
    st.dataframe(styled, hide_index=True, key=key, width="stretch")


def badges(ctx: PageContext) -> dict[str, int]:
    """The menu entries' red counts: the duty desk's for who may open it, the workbench's for a lead's group."""
    person: Person = ctx.user
    if person.role == "public":
        return {}
    duty, lead = may_open(person, "duty"), may_open(person, "lead") and bool(person.group)
    if not (duty or lead):
        return {}
    try:
        items = dues(ctx)
    except Exception:   # a badge must never keep the menu from drawing; the page itself says what failed
        return {}
    out = {"duty": red_count(items) if duty else 0, "lead": red_count(items, person.group) if lead else 0}
    return {k: v for k, v in out.items() if v}
