"""The monthly review's 服务明星 (stars of the month), drawn for pages/review.py: the suggested list with
its reasons, the form in which a director or manager confirms it as is or edited (remove, add another
agent of the month, change a reason), written to the store's 服务明星, and the confirmed list read back.

Who may confirm is lib.people.auth.require_review's (director, manager, administrator), checked again
inside the write; anyone else who opens the review sees the confirmed list only (`confirmed_section`).
Names and reasons are shown as typed: tables and inputs take them literally, labels through `literal`.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.i18n.formats import count, points, rate
from lib.month.month_stars import (CONFIRMED_COLUMNS, StarChanges, confirmed_stars, save_stars, star_problems,
                                   star_reason, suggested_stars)
from lib.people.auth import Refused, require_review
from lib.ui.context import PageContext
from lib.ui.forms import Form
from lib.ui.tables import labelled, number_columns, read_months, show_table

FORM = Form("review", "stars", "mstars")
LIST_KEY = "review_stars_list"     # the working list: [{agent_id, name, group, reason}] in session state
ADD_KEY = "review_stars_add"


def may_confirm(ctx: PageContext) -> bool:
    """Whether the signed-in person may confirm the month's list (the review's writers)."""
    try:
        require_review(ctx.user)
    except Refused:
        return False
    return True


def _show_confirmed(ctx: PageContext, confirmed: pd.DataFrame) -> None:
    st.markdown(f"**{ctx.t('mstars.confirmed')}**")
    show_table(labelled(confirmed, ctx, "mstars"), "review_stars_confirmed", empty=ctx.t("mstars.confirmed_none"))


def confirmed_section(ctx: PageContext, month: str) -> None:
    """The month's confirmed 服务明星, read-only (for whoever may not confirm the list)."""
    st.subheader(ctx.t("mstars.title"))
    _show_confirmed(ctx, confirmed_stars(read_months(ctx, "month_stars", [month]), month))


def stars_section(ctx: PageContext, data) -> None:
    """The review's tab: the rule, the suggested list, the confirmed list, and the form to confirm it."""
    st.subheader(ctx.t("mstars.title"))
    cfg = ctx.settings.month_stars
    st.caption(ctx.t("mstars.rule", ratio=rate(cfg.rate_ratio, 0), volume=count(cfg.min_volume),
                     qa=points(cfg.qa_min), lost=points(cfg.max_deduction), days=cfg.min_days, most=cfg.most))
    agents = data.review.agents
    suggested = suggested_stars(agents, ctx.settings, ctx.lang)
    st.markdown(f"**{ctx.t('mstars.suggested')}**")
    show_table(labelled(suggested, ctx, "mstars"), "review_stars_suggested",
               number_columns(ctx, "mstars", percent=["rate_ratio"], whole=["volume", "days"],
                              points=["qa_avg", "deductions"]),
               empty=ctx.t("mstars.suggested_none"))
    rows = read_months(ctx, "month_stars", [data.month])
    confirmed = confirmed_stars(rows, data.month)
    _show_confirmed(ctx, confirmed)
    if not may_confirm(ctx):
        st.caption(ctx.t("mstars.read_only"))
        return
    _form(ctx, data.month, agents, suggested, confirmed)


def _basis(month: str, confirmed: pd.DataFrame) -> str:
    """What the form starts from: the month and the confirmed list (another manager's confirm resets it)."""
    return repr((month, confirmed[CONFIRMED_COLUMNS].to_records(index=False).tolist()))


def _add(ctx: PageContext, agents: pd.DataFrame) -> None:
    """The add button's callback: the agent picked joins the working list, with their month as reason."""
    pick = st.session_state.get(ADD_KEY)
    work = st.session_state.get(LIST_KEY, [])
    if pick is None or any(s["agent_id"] == pick for s in work):
        return
    row = agents[agents["agent_id"].astype(str) == pick]
    if row.empty:
        return
    r = row.iloc[0]
    st.session_state[LIST_KEY] = [*work, {"agent_id": pick, "name": str(r["name"]), "group": str(r["group"]),
                                          "reason": star_reason(r, ctx.settings, ctx.lang)}]
    st.session_state[ADD_KEY] = None


def _form(ctx: PageContext, month: str, agents: pd.DataFrame, suggested: pd.DataFrame,
          confirmed: pd.DataFrame) -> None:
    """The working list (the confirmed one, else the suggestion): a tick and a reason per agent, an agent
    to add, and the confirm button, which writes what changed (month_stars.save_stars)."""
    FORM.start(_basis(month, confirmed))
    start = confirmed if len(confirmed) else suggested
    FORM.field(LIST_KEY, [{c: str(r[c]) for c in CONFIRMED_COLUMNS} for _, r in start.iterrows()])
    work: list[dict] = st.session_state[LIST_KEY]
    st.markdown(f"**{ctx.t('mstars.edit')}**")
    st.caption(ctx.t("mstars.public"))
    st.caption(ctx.t("mstars.edit_help"))
    slots, keep, reasons = {}, {}, {}
    for s in work:
        a = s["agent_id"]
        keep[a] = st.checkbox(ctx.md("mstars.keep", name=s["name"], agent=a, group=s["group"]),
                              key=FORM.field(f"review_stars_keep_{a}", True))
        reasons[a] = st.text_input(ctx.t("mstars.reason"), key=FORM.field(f"review_stars_reason_{a}", s["reason"]),
                                   disabled=not keep[a])
        slots[f"reason_{a}"] = st.empty()
    listed = {s["agent_id"] for s in work}
    others = [str(a) for a in agents["agent_id"] if str(a) not in listed] if len(agents) else []
    names = {str(r["agent_id"]): r for _, r in agents.iterrows()} if others else {}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(ctx.t("mstars.add"), others, index=None, key=ADD_KEY, placeholder=ctx.t("mstars.add_placeholder"),
                   format_func=lambda a: ctx.t("mstars.add_option", name=names[a]["name"], agent=a,
                                               group=names[a]["group"]))
    right.button(ctx.t("mstars.add_button"), key="review_stars_add_button", on_click=_add, args=(ctx, agents),
                 disabled=not others)
    if not st.button(ctx.t("mstars.confirm"), key="review_stars_confirm", type="primary"):
        return
    stars = pd.DataFrame([{**s, "reason": str(reasons[s["agent_id"]] or "").strip()} for s in work if keep[s["agent_id"]]],
                         columns=CONFIRMED_COLUMNS)
    problems = star_problems(stars)
    if problems:
        FORM.problems(ctx, slots, problems)
        return

    def write() -> StarChanges:
        require_review(ctx.user)   # the check every write passes, whatever drew the button
        return save_stars(ctx.store, month, stars, ctx.user.agent_id)

    def message(c: StarChanges) -> str:
        if c.empty:
            return ctx.t("mstars.unchanged")
        return ctx.t("mstars.saved", n=len(stars), added=len(c.append), corrected=len(c.correct), removed=len(c.void))

    FORM.save(ctx, write, message, failed="mstars.err.store", refused="mstars.refused")
