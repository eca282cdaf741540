"""数据检查 Data health: every file read, its rows and dates, every problem with file, sheet, row, column."""
import streamlit as st

from lib.day.summary import data_problems, files_overview
from lib.ui.frame import current_context
from lib.ui.tables import labelled as localized

ctx = current_context()
st.title(ctx.t("health.title"))

p = data_problems(ctx.floor, lambda: ctx.store, ctx.day, ctx.settings)   # files, then 考勤 扣分 typed off the rule
files = files_overview(ctx.floor)
c = st.columns(4)
c[0].metric(ctx.t("health.files"), len(files))
c[1].metric(ctx.t("health.rows"), int(files["rows"].sum()) if len(files) else 0)
c[2].metric(ctx.t("health.errors"), int((p["severity"] == "error").sum()))
c[3].metric(ctx.t("health.warnings"), int((p["severity"] == "warning").sum()))

st.subheader(ctx.t("health.problems"))
if p.empty:
    st.success(ctx.t("health.none"))
else:
    st.caption(ctx.t("health.help"))
    levels = st.multiselect(ctx.t("health.severity"), ["error", "warning"], default=["error", "warning"],
                            format_func=lambda s: ctx.t(f"severity.{s}"), key="health_levels")
    shown = p[p["severity"].isin(levels)].copy()
    if ctx.lang == "en":
        shown["message"] = shown["message_en"]
    shown["severity"] = shown["severity"].map(lambda s: ctx.t(f"severity.{s}"))
    st.dataframe(localized(shown[["file", "sheet", "row", "column", "severity", "message"]], ctx),
                 hide_index=True, key="health_problems", width="stretch")

st.subheader(ctx.t("health.files"))
files["table"] = files["table"].map(lambda x: ctx.t(f"table.{x}"))
files["status"] = files["status"].map(lambda x: ctx.t(f"health.status_{x}"))
st.dataframe(localized(files, ctx), hide_index=True, key="health_files", width="stretch")
