"""Tables every screen shares: column names in the session's language, read-only tables, number columns,
a long table a page at a time (page_rows), and the store's tables read with a warning (not an error)
when they cannot be read."""
from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import streamlit as st

from lib.i18n import columns, formats
from lib.store import StoreError, table, to_frame
from lib.ui.context import PageContext
from lib.ui.safe import literal


def labelled(df: pd.DataFrame, ctx: PageContext, scope: str = "") -> pd.DataFrame:
    """The frame with its columns named in the session's language (lib.i18n.columns.labelled)."""
    return columns.labelled(df, ctx.lang, scope)


def lead_labelled(df: pd.DataFrame, ctx: PageContext) -> pd.DataFrame:
    """Columns named as the lead workbench names them (lead.col), which the agent page shares."""
    return labelled(df, ctx, "lead")


def number_columns(ctx: PageContext, scope: str = "", percent: Iterable[str] = (),
                   whole: Iterable[str] = (), pp: Iterable[str] = (), money: Iterable[str] = (),
                   points: Iterable[str] = ()) -> dict:
    """column_config for a labelled frame, by the standard (lib.i18n.formats.STANDARD): rates with
    two decimals and % (8.41%, never 7.5% beside 7.73%), changes of a rate in percentage points
    (+1.04pp / +1.04个百分点: the frame's pp columns must be its screen copy, `screen_copy`), counts
    whole with separators (57,901), money ¥1,234.50, points up to two decimals. Columns stay numeric."""
    def named(cols: Iterable[str], kind: str) -> dict:
        spec = formats.screen_format(kind, ctx.lang)
        return {columns.column_label(c, ctx.lang, scope): st.column_config.NumberColumn(**spec) for c in cols}
    return (named(percent, "rate") | named(whole, "count") | named(pp, "pp") | named(money, "money")
            | named(points, "points"))


def screen_copy(df: pd.DataFrame, pp: Iterable[str] = (), times: Iterable[str] = (),
                hide: Iterable[str] = formats.RECORD_IDS) -> pd.DataFrame:
    """The frame as a screen shows it (before `labelled`): pp columns ×100 (number_columns' pp shows
    them +1.04pp), `times` as HH:MM texts in their own (the floor's) zone, the record's ids dropped."""
    out = df.drop(columns=[c for c in hide if c in df.columns])
    for c in pp:
        if c in out.columns:
            out[c] = pd.to_numeric(out[c], errors="coerce") * formats.SCREEN_SCALE["pp"]
    for c in times:
        if c in out.columns:
            out[c] = [formats.clock(v) for v in out[c]]
    return out


def show_table(df, key: str, column_config: dict | None = None, empty: str | None = None) -> None:
    """A read-only table without the index, days as YYYY-MM-DD, "—" where a figure is missing.

    A table without rows is one sentence (`empty`, else the catalogue's table.empty), not a grid of
    headers over blank rows; the sentence's element carries the key `<key>_empty`."""
    data = df.data if hasattr(df, "data") else df   # a Styler shows its frame
    if data.empty:
        from lib.i18n import t
        from lib.ui.context import language
        with st.container(key=f"{key}_empty"):
            st.caption(empty if empty is not None else t("table.empty", language()))
        return
    if not hasattr(df, "data"):
        df = data = shown_times(data.drop(columns=[c for c in data.columns if str(c) in _HIDDEN]))
    days = {c: st.column_config.DateColumn(format="YYYY-MM-DD") for c in data.columns
            if pd.api.types.is_datetime64_any_dtype(data[c].dtype)}
    st.dataframe(df, hide_index=True, placeholder="—", key=key, column_config=days | (column_config or {}))


# the store's bookkeeping columns, by their stored and their catalogue names: never on screen
_HIDDEN = set(formats.RECORD_IDS) | {columns.column_label(c, lang) for c in formats.RECORD_IDS
                                     for lang in ("zh", "en")}


def shown_times(df: pd.DataFrame) -> pd.DataFrame:
    """Times as a screen shows them: a datetime column with a time of day (or ISO texts such as
    2026-11-25T18:30:00+08:00) as "YYYY-MM-DD HH:MM" texts in their own (the floor's) zone; a column
    of midnights (2026-11-08 00:00:00) as days, which show_table draws YYYY-MM-DD."""
    out = df.copy()
    for c in df.columns:
        col = df[c]
        if pd.api.types.is_object_dtype(col.dtype) or pd.api.types.is_string_dtype(col.dtype):
            text = col.dropna().astype(str)
            if not len(text) or not text.str.match(_ISO).all():
                continue
            out[c] = [formats.MISSING if formats.missing(v) or v == "" else _when(pd.Timestamp(v)) for v in col]
        elif pd.api.types.is_datetime64_any_dtype(col.dtype):
            if isinstance(col.dtype, pd.DatetimeTZDtype) or (col.dropna() != col.dropna().dt.normalize()).any():
                out[c] = [formats.MISSING if v is pd.NaT else _when(v) for v in col]
    return out


_ISO = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"


def _when(v: pd.Timestamp) -> str:
    return formats.day(v) if v == v.normalize() else v.strftime("%Y-%m-%d %H:%M")


def read_store(ctx: PageContext, name: str, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """What `read` returns of a store table; an empty frame of the table, with a warning, when it cannot be read."""
    try:
        return read()
    except (StoreError, OSError) as e:
        st.warning(ctx.t("store.unreadable", table=table(name).sheet, error=literal(e)))
        return to_frame(table(name), [])


def read_day(ctx: PageContext, name: str, day) -> pd.DataFrame:
    """A day of a store table (latest versions); empty, with a warning, when it cannot be read."""
    return read_store(ctx, name, lambda: ctx.store.read_day(name, day))


def read_months(ctx: PageContext, name: str, months: list[str]) -> pd.DataFrame:
    """Some months of a store table (latest versions) as one frame; empty, with a warning, when unreadable."""
    def read() -> pd.DataFrame:
        parts = [p for p in (ctx.store.read_month(name, m) for m in months) if len(p)]
        return pd.concat(parts, ignore_index=True) if parts else to_frame(table(name), [])
    return read_store(ctx, name, read)


# A state's colour in a table (lib/day/deadlines.py STATES; the word says it too: never the colour alone).
STATE_COLOURS = {"late": "background-color: #fde2e1; color: #a50e0e; font-weight: 600",
                 "done": "background-color: #e6f4ea; color: #137333",
                 "waiting": "", "none": "color: #5f6368"}

PAGE_ROWS = 200   # a table drawn a page at a time (page_rows) shows at most this many rows


def page_rows(df: pd.DataFrame, ctx: PageContext, key: str, size: int = PAGE_ROWS) -> pd.DataFrame:
    """The rows of the page the session is on, `size` a page, with a page picker (state `key`) when
    they fill more than one page and a line saying which rows of how many they are. Draw only what
    this returns: a table of thousands of rows is never sent to the browser whole."""
    n = len(df)
    pages = max(1, -(-n // size))
    if st.session_state.get(key, 1) not in range(1, pages + 1):
        st.session_state[key] = 1   # fewer pages than the session was on (a filter changed): the first
    page = 1
    if pages > 1:
        page = st.selectbox(ctx.t("paging.page"), range(1, pages + 1), key=key,
                            format_func=lambda i: ctx.t("paging.page_of", page=i, pages=pages))
    start = (page - 1) * size
    if n:
        st.caption(ctx.t("paging.rows", first=f"{start + 1:,}", last=f"{min(n, start + size):,}", total=f"{n:,}"))
    return df.iloc[start:start + size]
