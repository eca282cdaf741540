"""数据检查 Data health: every file read, its rows and dates, every problem with file, sheet, row, column.

The problems: how many of each severity were found, then the table filtered by severity and file,
drawn a page (lib.ui.tables.PAGE_ROWS rows) at a time with a page picker. The list quotes rows of
every group, so only whoever sees every group gets it (lib.people.auth.may_list_problems); a lead
sees the counts and the files."""
import streamlit as st

from lib.day.summary import data_problems, files_overview
from lib.floor.load.problems import SEVERITY_ORDER, severity_counts
from lib.people.auth import may_list_problems
from lib.ui import contradictions as ct
from lib.ui.frame import current_context
from lib.ui.mapping import mapping_screen
from lib.ui.tables import labelled as localized
from lib.i18n.formats import count
from lib.ui.tables import page_rows

ctx = current_context()
st.title(ctx.t("health.title"))

p = data_problems(ctx.floor, lambda: ctx.store, ctx.day, ctx.settings)   # files, then 考勤 扣分 typed off the rule
files = files_overview(ctx.floor)
counts = severity_counts(p)   # every problem found, those a file's "more" line counts included
c = st.columns(5)
c[0].metric(ctx.t("health.files"), len(files))
c[1].metric(ctx.t("health.rows"), count(int(files["rows"].sum()) if len(files) else 0))
c[2].metric(ctx.t("health.errors"), counts["error"])
c[3].metric(ctx.t("health.warnings"), counts["warning"])
c[4].metric(ctx.t("health.info"), counts["info"])

st.subheader(ctx.t("health.problems"))
if p.empty:
    st.success(ctx.t("health.none"))
elif not may_list_problems(ctx.user):   # each problem quotes a row of some group: the counts and the files only
    st.info(ctx.t("health.list_hidden"))
else:
    st.caption(ctx.t("health.help"))
    left, right = st.columns(2)
    levels = left.multiselect(ctx.t("health.severity"), list(SEVERITY_ORDER), default=list(SEVERITY_ORDER),
                              placeholder=ctx.t("health.severity_pick"),
                              format_func=lambda s: ctx.t(f"severity.{s}"), key="health_levels")
    files_listed = ["", *sorted(set(p["file"]))]
    asked = st.query_params.get("file", "")   # a link from the review's left-out rows names the file
    file = right.selectbox(ctx.t("health.file"), files_listed, key="health_file",
                           index=files_listed.index(asked) if asked in files_listed else 0,
                           format_func=lambda f: f or ctx.t("health.all_files"))
    chosen = p[p["severity"].isin(levels) & ((p["file"] == file) if file else True)]
    shown = page_rows(chosen, ctx, "health_page").copy()   # one page of rows at most is drawn
    if ctx.lang == "en":
        shown["message"] = shown["message_en"]
    shown["severity"] = shown["severity"].map(lambda s: ctx.t(f"severity.{s}"))
    st.dataframe(localized(shown[["file", "sheet", "row", "column", "severity", "message"]], ctx),
                 hide_index=True, key="health_problems", width="stretch")

if may_list_problems(ctx.user):   # the day's attendance against the dialer, every group's (lib/day/contradictions.py)
    st.subheader(ctx.t("ct.title"))
    ct.box(ctx)

st.subheader(ctx.t("health.files"))
files["table"] = files["table"].map(lambda x: ctx.t(f"table.{x}"))
files["status"] = files["status"].map(lambda x: ctx.t(f"health.status_{x}"))
st.dataframe(localized(files, ctx), hide_index=True, key="health_files", width="stretch")

if may_list_problems(ctx.user) or ctx.user.role == "admin":   # the file's rows quote agents of every group
    mapping_screen(ctx)
