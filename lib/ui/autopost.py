"""The duty desk's view of the posts that go out by themselves: whether the scheduler is on, what went
out today (by it or by hand), what was missed or failed; and a post by hand, recorded like the others."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.clock import hhmm
from lib.day import autopost as ap
from lib.out.webhook import PostResult, post_broadcast
from lib.store import StoreError
from lib.ui.context import PageContext
from lib.ui.safe import literal
from lib.ui.tables import read_day, show_table

COLUMNS = {"时间点": "time", "类别": "kind", "方式": "way", "发出时间": "sent_at", "结果": "result", "说明": "note"}


def _shown(ctx: PageContext, rows: pd.DataFrame) -> pd.DataFrame:
    """The log as people read it: the columns and the closed values in the reader's language."""
    out = rows[list(COLUMNS)].copy()
    for col, name in (("类别", "kind"), ("方式", "way"), ("结果", "result")):
        out[col] = [ctx.t(f"autopost.{name}.{v}") if v else "" for v in out[col]]
    return out.rename(columns={c: ctx.t(f"autopost.col.{k}") for c, k in COLUMNS.items()})


def log_panel(ctx: PageContext, kind: str) -> None:
    """Today's posts of one kind ("ranking" or "notice"): the scheduler's state, missed and failed ones
    named, the log as a table."""
    b = ctx.settings.broadcast
    if b.auto:
        st.caption(ctx.t("autopost.on", rankings=" ".join(b.times), notices=" ".join(ctx.settings.notices.times)))
    else:
        st.caption(ctx.t("autopost.off"))
    log = read_day(ctx, "broadcast_log", ctx.day)
    mine = log[log["类别"] == ap.KINDS[kind]].sort_values(["时间点", "提交时间"], kind="mergesort")
    done = set(mine.loc[mine["结果"].isin([ap.SENT, ap.LATE]), "时间点"])
    for result, key in ((ap.MISSED, "autopost.missed_warning"), (ap.FAILED, "autopost.failed_warning")):
        open_ = sorted(set(mine.loc[mine["结果"] == result, "时间点"]) - done)
        if open_:
            st.warning(ctx.t(key, n=len(open_), items=literal(ctx.join(open_))))
    st.markdown(f"**{ctx.t('autopost.title')}**")
    show_table(_shown(ctx, mine), f"duty_autopost_{kind}", empty=ctx.t("autopost.none"))


def post_by_hand(ctx: PageContext, kind: str, minute: int, text: str) -> PostResult:
    """Post a text to the chat now and record it in 播报记录 as 手动 (sent or failed): the scheduler then
    does not send that time again. Not posted when the record cannot be written (a records folder
    refused, a sheet unreachable): a post nobody recorded would be sent again by the scheduler."""
    try:
        store = ctx.store
    except StoreError as e:
        return PostResult(False, 0, error=str(e))
    r = post_broadcast(ctx.settings, text)
    at = hhmm(ctx.at_minute)
    row = ap.log_row(ctx.day, ap.Slot(kind, minute), ap.BY_HAND, at, ap.SENT if r.ok else ap.FAILED,
                     "" if r.ok else r.error[:200])
    store.append("broadcast_log", [row], submitted_by=ctx.user.agent_id)
    return r
