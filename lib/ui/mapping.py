"""The mapping screen of the data-health page: which column of a report holds which field.

A report file (those that could not be read first) shows its first rows; the person picks the header
row, the column of each field, where the slot comes from and whether figures are running totals,
sees the first agents' ranking figures read with that mapping (nothing saved), and saves it into
config.toml's [aliases] / [reports] cumulative (lib.config.save_mapping: comments kept, validated,
atomic), after which the floor is read again. Every value of the file is shown literally."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from lib.config import ConfigError, config_path, save_mapping
from lib.floor import cache
from lib.floor.load.headers import DEFAULT_ALIASES, REQUIRED, alias_map, field_label, field_of
from lib.floor.load.mapping import guess_fields, header_candidates, new_aliases, read_top
from lib.floor.load.problems import Problems
from lib.floor.load.reports import parse_reports
from lib.floor.load.values import title_slot
from lib.floor.schema import DAY_TOTAL_START
from lib.i18n.columns import column_label
from lib.i18n.formats import screen_format
from lib.floor.sources import RawSheet, SourceError
from lib.ui.context import PageContext
from lib.ui.safe import literal

PREVIEW_ROWS = 400   # rows read for the preview
SHOWN_ROWS = 15      # rows shown of the file


def mapping_screen(ctx: PageContext) -> None:
    """Draw the mapping screen (the page decides who sees it)."""
    st.subheader(ctx.t("map.title"))
    st.caption(ctx.t("map.help"))
    files = ctx.floor.files
    reports = files[files["table"] == "reports"]
    if reports.empty:
        st.info(ctx.t("map.no_files"))
        return
    unread = set(reports.loc[reports["status"] == "error", "file"])
    names = sorted(set(reports["file"]), key=lambda f: (f not in unread, f))
    rel = st.selectbox(ctx.t("map.file"), names, key="health_map_file",
                       format_func=lambda f: ctx.t("map.unread", file=f) if f in unread else f)
    try:
        top = read_top(ctx.floor.root / rel, None, ctx.settings.header_scan_rows + PREVIEW_ROWS)
    except (OSError, SourceError) as e:
        st.error(ctx.t("map.failed", why=literal(getattr(e, "zh" if ctx.lang == "zh" else "en", e))))
        return
    top = RawSheet(rel, top.sheet, top.rows, top.row0, top.col0, top.merged)
    width = max((len(r) for r in top.rows[:SHOWN_ROWS]), default=0)
    shown = pd.DataFrame([[("" if c is None else str(c)) for c in r] + [""] * (width - len(r))
                          for r in top.rows[:SHOWN_ROWS]],
                         index=[top.row0 + i + 1 for i in range(min(SHOWN_ROWS, len(top.rows)))])
    shown.columns = [chr(65 + j) if j < 26 else str(j + 1) for j in range(width)]
    st.dataframe(shown, key="health_map_rows", width="stretch")

    aliases = alias_map("reports", ctx.settings.aliases)
    found = header_candidates(top, ctx.settings.header_scan_rows, aliases)
    if not found:
        st.warning(ctx.t("map.nothing", why="—"))
        return
    rows = {c.index: c for c in found}
    order = sorted(rows)
    index = st.selectbox(ctx.t("map.header"), order, index=order.index(found[0].index), key="health_map_header",
                         format_func=lambda i: ctx.t("map.row", row=top.row0 + i + 1,
                                                     labels=ctx.join(rows[i].labels.values())))
    labels = rows[index].labels
    guessed = guess_fields(labels, aliases)
    columns = list(dict.fromkeys(labels.values()))
    none = ctx.t("map.none")
    slot = st.radio(ctx.t("map.slot"), ["column", "title", "file"], key="health_map_slot", horizontal=True,
                    index=0 if "hour" in guessed else 1, format_func=lambda s: ctx.t(f"map.slot_{s}"))
    cumulative = st.checkbox(ctx.t("map.cumulative"), value=ctx.settings.cumulative, key="health_map_cumulative")
    choices: dict[str, str | None] = {}
    cols = st.columns(4)
    fields = [f for f in DEFAULT_ALIASES["reports"] if not (f == "hour" and slot != "column")]
    for n, f in enumerate(fields):
        options = [""] + columns
        pick = cols[n % 4].selectbox(
            _field(ctx, f) + (" *" if f in REQUIRED["reports"] else ""), options,
            index=options.index(guessed[f]) if guessed.get(f) in options else 0, key=f"health_map_{f}",
            format_func=lambda c: c or none)
        choices[f] = pick or None
    twice = {c: [f for f, v in choices.items() if v == c] for c in set(choices.values()) if c}
    twice = {c: fs for c, fs in twice.items() if len(fs) > 1}
    if twice:   # one column read as two fields: the loader would keep one of them
        for c, fs in twice.items():
            st.warning(ctx.t("map.twice", column=literal(c), fields=ctx.join(_field(ctx, f) for f in fs)))
        return
    add = new_aliases(choices, aliases)
    merged = dict(ctx.settings.aliases)
    for f, names in add.items():
        merged[f] = tuple(dict.fromkeys([*merged.get(f, ()), *names]))
    trial = replace(ctx.settings, aliases=merged)

    st.caption(ctx.t("map.preview"))
    problems = Problems()
    df = parse_reports(top, trial, 0.0, problems)
    if df is None or df.empty:
        why = next((p["message" if ctx.lang == "zh" else "message_en"] for p in problems.rows
                    if p["severity"] == "error"), "—")
        st.warning(ctx.t("map.nothing", why=literal(why)))
    else:
        st.caption(ctx.t("map.preview_slot", slot=_slots(df, ctx), where=ctx.t(f"map.where_{_slot_source(top, labels, index, alias_map('reports', merged), df)}")))
        if cumulative:
            st.caption(ctx.t("map.preview_running"))
        g = df.groupby("agent_id", sort=False).agg(name=("name", "first"), volume=("volume", "sum"),
                                                   handled=("handled", "sum")).reset_index()
        g["rate"] = g["handled"] / g["volume"].where(g["volume"] > 0)
        g = g.sort_values(["handled", "rate"], ascending=False).head(10)
        rate_label = column_label("rate", ctx.lang)
        st.dataframe(g.rename(columns={c: field_label(c, ctx.lang) if c != "rate" else rate_label for c in g.columns}),
                     hide_index=True, key="health_map_preview", width="stretch",
                     column_config={rate_label: st.column_config.NumberColumn(**screen_format("rate"))})

    if st.button(ctx.t("map.save"), key="health_map_save", type="primary"):
        try:
            save_mapping(config_path(), {f: list(v) for f, v in add.items()},
                         cumulative if cumulative != ctx.settings.cumulative else None)
        except (ConfigError, OSError) as e:
            st.error(ctx.t("map.failed", why=literal(e)))
            return
        cache.clear_cache()
        st.session_state["health_map_saved"] = sum(len(v) for v in add.values())
        st.rerun()
    if (n := st.session_state.pop("health_map_saved", None)) is not None:
        st.success(ctx.t("map.saved", n=n))


def _field(ctx: PageContext, f: str) -> str:
    """A report field as the reader names it: 工号 / Agent ID, 通话时长 / Talk seconds."""
    if ctx.lang == "zh":
        return field_label(f, "zh")
    named = column_label(f, "en")
    return named if named != f else f.replace("_", " ").capitalize()


def _slots(df: pd.DataFrame, ctx: PageContext) -> str:
    """The slots a preview holds, as 09:00–10:00 (the first three, then how many more)."""
    pairs = sorted(set(zip(df["start_minute"], df["end_minute"])))
    if pairs and pairs[0][0] >= DAY_TOTAL_START:
        return "—"
    shown = [f"{a // 60:02d}:{a % 60:02d}–{b // 60:02d}:{b % 60:02d}" for a, b in pairs[:3]]
    return ctx.join(shown) + (f" …(+{len(pairs) - 3})" if len(pairs) > 3 else "")



def _slot_source(top: RawSheet, labels: dict[int, str], header_row: int, aliases: dict[str, str],
                 df: pd.DataFrame) -> str:
    """Where the preview's slot came from, in the loader's order (lib/floor/load/reports.py): an hour
    column, a title line above the header, the file name, else none (a day total)."""
    if df["start_minute"].min() >= DAY_TOTAL_START:
        return "none"
    if any(field_of(label, aliases) == "hour" for label in labels.values()):
        return "column"
    titles = [c for r in top.rows[:header_row] for c in r if isinstance(c, str) and c]
    return "title" if title_slot(titles) is not None else "file"
