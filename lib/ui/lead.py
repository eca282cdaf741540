"""The lead workbench's sections (组长工作台): what one group's lead sees, drawn for pages/lead.py."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import clock
from lib.out.charts import comparison_figure
from lib.i18n.columns import column_label
from lib.i18n.formats import count, count_change, fixed, plain, pp, pp_text, rate
from lib.day.birthdays import birthdays_on
from lib.day.goals import target_rates
from lib.day.workbench import (Yesterday, agent_vs_group, group_vs_center, hourly_grid, hourly_marks, movers, wrong_task_list, yesterday)
from lib.floor.roster import duty_leads, group_leads
from lib.floor.metrics import rows_until
from lib.quality.qa import coverage, coverage_figures, lead_calls
from lib.quality.documents import qa_workbook
from lib.quality import lead_book
from lib.quality.lead_book import Workbench, coverage_shown, flags_shown, load_workbench, sheets_workbook
from lib.ui import improved as improved_ui
from lib.ui.context import PageContext
from lib.ui.safe import html_text, literal
from lib.ui.tables import lead_labelled, number_columns, read_day, screen_copy, show_table
from lib.ui.uploads import upload_button

MARK_COLOURS = {"low": "background-color: #ffd7d5", "high": "background-color: #d2f4d3"}


def load(ctx: PageContext, group: str) -> Workbench:
    """Everything the sections show for a group at the context's moment (lib.quality.lead_book)."""
    return load_workbench(ctx.floor, ctx.settings, ctx.day, ctx.at_minute, group, lambda name, d: read_day(ctx, name, d))


def people(ctx: PageContext, rows: pd.DataFrame) -> str:
    """"1301 陶红杰、1304 宋娜巧" ("1301 陶红杰, 1304 宋娜巧" in English; — for nobody)."""
    return ctx.join(f"{a} {n}" for a, n in zip(rows["agent_id"], rows["name"])) or "—"


def morning(ctx: PageContext, w: Workbench) -> None:
    """Today's project and script (noting a script change), who works, who rests, who is on duty, whose
    birthday it is (nothing when nobody's)."""
    a = w.assignment
    if a is None:
        st.warning(ctx.t("lead.no_assignment", group=literal(w.group)))
    else:
        c = st.columns(3)
        c[0].metric(ctx.t("lead.project"), literal(a.project) or "—")
        c[1].metric(ctx.t("lead.script"), literal(a.script) or "—")
        c[2].metric(ctx.t("lead.target_rate"), rate(a.target_rate))
        if a.script_changed:
            st.warning(ctx.t("lead.script_changed", before=literal(a.previous_script) or "—", now=literal(a.script),
                             day=a.previous_date.isoformat()), icon=":material/edit_note:")
        elif a.previous_date is not None:
            st.caption(ctx.t("lead.script_same", day=a.previous_date.isoformat()))
    r = w.roster
    agents = r[r["role"].isin(["agent", ""])]
    leads = r[~r["role"].isin(["agent", ""])]
    duty = duty_leads(ctx.floor.schedule, ctx.day)
    st.markdown(f"**{ctx.t('lead.scheduled', n=int(agents['working'].sum()))}** {literal(people(ctx, agents[agents['working']]))}")
    st.markdown(f"**{ctx.t('lead.resting', n=int((~agents['working']).sum()))}** {literal(people(ctx, agents[~agents['working']]))}")
    on_duty = ctx.join(ctx.paren(n, g) for n, g in zip(duty['name'], duty['group'])) or '—'
    st.markdown(f"**{ctx.t('lead.leads')}** {literal(people(ctx, leads))} · **{ctx.t('lead.duty')}** {literal(on_duty)}")
    born = birthdays_on(ctx.floor.schedule, ctx.day, w.group)
    if len(born):
        st.markdown(ctx.md("birthday.today", names=ctx.join(born["name"])))


def wrong_tasks(ctx: PageContext, w: Workbench) -> None:
    """Agents whose rows show another project than the group's assignment, with the hour it started."""
    start = ctx.settings.day.start_minute
    if ctx.at_minute < start:
        st.info(ctx.t("lead.wrong_before", start=clock.hhmm(start)))
        return
    rows = rows_until(ctx.floor.reports, ctx.day, ctx.at_minute)
    wrong = wrong_task_list(w.flags, rows, w.group)
    if wrong.empty:
        st.success(ctx.t("lead.wrong_none", project=literal(w.assignment.project) if w.assignment else "—"))
        return
    st.warning(ctx.t("lead.wrong_count", n=len(wrong)))
    show_table(lead_labelled(wrong, ctx), "lead_wrong_table")


def _styled(grid: pd.DataFrame, marks: pd.DataFrame, measure: str, ctx: PageContext):
    """The grid with readable headers, figures formatted, and cells coloured by their mark."""
    grid, marks = lead_labelled(grid, ctx), lead_labelled(marks, ctx)
    figures = list(grid.columns[2:])
    fmt = rate if measure == "rate" else lambda v: fixed(v, 0)   # as the broadcast and the CLI print a rate
    styler = grid.style.format({c: fmt for c in figures}, na_rep="—")
    if measure != "rate":   # the group row holds averages per agent
        styler = styler.format(lambda v: fixed(v, 1), subset=pd.IndexSlice[grid.index[-1:], figures], na_rep="—")
    return styler.apply(lambda _: marks.map(lambda m: MARK_COLOURS.get(m, "")), axis=None)


def hourly(ctx: PageContext, w: Workbench) -> None:
    """Agents x hours coloured against the group, one agent's hours chart, the group against the center."""
    if w.hours.empty:
        st.info(ctx.t("lead.no_hours"))
        return
    measure = st.radio(ctx.t("lead.measure"), ["rate", "volume", "handled"], horizontal=True, key="lead_measure",
                       format_func=lambda m: column_label(m, ctx.lang, "lead"))
    grid = hourly_grid(w.hours, measure, ctx.t("lead.group_row"))
    low, high = ctx.settings.lead.colour_low_ratio, ctx.settings.lead.colour_high_ratio
    show_table(_styled(grid, hourly_marks(grid, low, high), measure, ctx), "lead_hourly")
    st.caption(ctx.t("lead.colours", low=rate(low, 0), high=rate(high, 0)))
    ids = grid["agent_id"].iloc[:-1].tolist()
    names = dict(zip(grid["agent_id"], grid["name"]))
    agent = st.selectbox(ctx.t("lead.chart_agent"), ids, key="lead_chart_agent",
                         format_func=lambda a: f"{a} {names.get(a, '')}")
    # the group's target rate that day (the project list's; none: no line)
    target = target_rates(ctx.floor.projects, pd.Series([ctx.day]), pd.Series([w.group])).iloc[0]
    left, right = st.columns(2)
    with left:
        frame = agent_vs_group(w.hours, agent).assign(target=target)
        st.plotly_chart(comparison_figure(
            frame, "label", [("rate", ctx.t("lead.series.agent_rate", agent=html_text(agent))),
                             ("group_rate", ctx.t("lead.series.group_rate"))],
            [("volume", ctx.t("lead.series.agent_volume", agent=html_text(agent))),
             ("group_avg_volume", ctx.t("lead.series.group_volume"))],
            title=ctx.t("lead.chart_agent_title", agent=html_text(f"{agent} {names.get(agent, '')}")),
            rate_title=ctx.t("lead.col.rate"), volume_title=ctx.t("lead.col.volume"),
            target=("target", ctx.t("lead.series.target_rate"))), key="lead_chart_agent_hours")
    with right:
        frame = group_vs_center(ctx.floor.reports, ctx.day, w.group, ctx.at_minute).assign(target=target)
        st.plotly_chart(comparison_figure(
            frame, "label", [("rate", ctx.t("lead.series.group_rate")),
                             ("center_rate", ctx.t("lead.series.center_rate"))],
            [("avg_volume", ctx.t("lead.series.group_volume")),
             ("center_avg_volume", ctx.t("lead.series.center_volume"))],
            title=ctx.t("lead.chart_center_title", group=html_text(w.group)),
            rate_title=ctx.t("lead.col.rate"), volume_title=ctx.t("lead.col.volume"),
            target=("target", ctx.t("lead.series.target_rate"))), key="lead_chart_center")


def _flags_shown(ctx: PageContext, w: Workbench) -> pd.DataFrame:
    """The group's flags as people read them: kind in words, QA due / done ("—" for no_data)."""
    return flags_shown(w, ctx.lang)


def flag_table(ctx: PageContext, w: Workbench) -> None:
    """The group's flags now, each with its reason and whether a QA recording is still due."""
    if w.flags.empty:
        st.success(ctx.t("lead.flags_none"))
        return
    show_table(_flags_shown(ctx, w), "lead_flags")


def lead_ids(ctx: PageContext, group: str) -> list[str]:
    """Whose own calls count: the signed-in lead of this group, else the roster's lead(s) of it."""
    if ctx.user.role in ("lead", "deputy_lead") and ctx.user.group == group:
        return [ctx.user.agent_id]
    return group_leads(ctx.floor.schedule, group, ctx.day)


def coverage_section(ctx: PageContext, w: Workbench) -> pd.DataFrame:
    """Every present agent scored at least [qa] per_agent_per_day times, who is missing, the lead's own calls."""
    cov = coverage(w.present, w.qa_today, ctx.settings.qa.per_agent_per_day)
    fig = coverage_figures(cov)
    ids = lead_ids(ctx, w.group)
    calls = lead_calls(ctx.floor.reports, ids, ctx.day, ctx.at_minute)
    c = st.columns(3)
    c[0].metric(ctx.t("lead.cov.covered"), f"{fig['covered']} / {fig['present']}")
    c[1].metric(ctx.t("lead.cov.share"), rate(fig["share"]))
    c[2].metric(ctx.t("lead.cov.own_calls", lead=literal(ctx.join(ids)) or "—"),
                f"{plain(calls)} / {ctx.settings.qa.lead_own_calls}")
    if fig["missing"]:
        st.warning(ctx.t("lead.cov.missing", n=len(fig["missing"]), names=literal(ctx.join(fig["missing"]))))
    elif fig["present"]:
        st.success(ctx.t("lead.cov.all"))
    show_table(_coverage_shown(ctx, cov), "lead_coverage")
    return cov


def _coverage_shown(ctx: PageContext, cov: pd.DataFrame) -> pd.DataFrame:
    """Coverage as people read it: covered as ✔ / ✘."""
    return coverage_shown(cov, ctx.lang)


def _delta(now: float, before: float | None, kind: str = "count", lang: str = "zh") -> str | None:
    """The change on a tile by the standard: a rate's in points (+1.04pp / +1.04个百分点), a count
    whole (+1, never +1.0), an average score with two decimals."""
    if before is None or pd.isna(now) or pd.isna(before):
        return None
    d = now - before
    return pp_text(d, lang) if kind == "rate" else fixed(d, 2, sign=True) if kind == "points" else count_change(d)


def _movers(ctx: PageContext, df: pd.DataFrame) -> str:
    """"1307 罗鹏阳（+1.96pp）、…" (— for nobody)."""
    return ctx.join(ctx.paren(f"{a} {n}", pp(d)) for a, n, d in zip(df["agent_id"], df["name"], df["change"])) or "—"


def yesterday_section(ctx: PageContext, w: Workbench) -> Yesterday | None:
    """Yesterday's results and QA against the day before, who improved most and who fell."""
    y = yesterday(ctx.floor.reports, w.group, ctx.day, lambda d: read_day(ctx, "qa", d.date()),
                  ctx.settings.min_volume)
    if y is None:
        st.info(ctx.t("lead.y.none"))
        return None
    before = y.before.date().isoformat() if y.before is not None else "—"
    st.markdown(ctx.t("lead.y.days", day=y.day.date().isoformat(), before=before))
    c = st.columns(6)
    for col, (k, fmt) in zip(c, [("agents", count), ("volume", count), ("handled", count), ("rate", rate),
                                 ("qa_count", count), ("qa_avg", fixed)]):
        v, b = y.line[k], (y.line_before or {}).get(k)
        kind = "rate" if k == "rate" else "points" if k == "qa_avg" else "count"
        col.metric(column_label(k, ctx.lang, "lead"), fmt(v), _delta(v, b, kind, ctx.lang))
    # improved most: the most improved rule's day list (lib/month/improved.py), the same answer the duty
    # desk gave at [improved] at; who fell still compares the group's two days (movers)
    best = improved_ui.yesterday_lists(ctx, w.group, y.day.date())
    down = movers(y.changes, ctx.settings.lead.top_movers)[1]
    st.markdown(f"**{ctx.t('lead.y.improved')}** {literal(_movers(ctx, best['day']))}")
    st.markdown(f"**{ctx.t('lead.y.fell')}** {literal(_movers(ctx, down))}")
    show_table(lead_labelled(screen_copy(y.changes, pp=("change",)), ctx), "lead_y_agents",
               column_config=number_columns(ctx, "lead", percent=("rate", "rate_before"), pp=("change",)))
    improved_ui.lead_section(ctx, w.group, y.day.date(), best)   # yesterday's, its week's and its month's, for the morning meeting
    return y


def workbench_sheets(ctx: PageContext, w: Workbench, cov: pd.DataFrame, y: Yesterday | None) -> dict[str, pd.DataFrame]:
    """Every table of the workbench, as the sheets of its Excel download (headers in the session's language)."""
    return lead_book.workbench_sheets(ctx.floor, ctx.day, ctx.at_minute, w, cov, y, ctx.lang)


def export(ctx: PageContext, w: Workbench, cov: pd.DataFrame, y: Yesterday | None) -> None:
    """Everything on the workbench as one Excel workbook (built only when the button is pressed)."""
    def book() -> bytes:
        return sheets_workbook(workbench_sheets(ctx, w, cov, y), ctx.lang)
    st.download_button(ctx.t("lead.export"), data=book,
                       file_name=f"lead_{w.group}_{ctx.day.isoformat()}.xlsx", key="lead_export",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c = st.columns(2)   # kind = "ftp": the same workbook, and the QA sheet, into the group's FTP folder
    with c[0]:
        upload_button(ctx, "results", book, "lead_upload_results", group=w.group)
    with c[1]:
        upload_button(ctx, "qa", lambda: qa_workbook(w.qa_today, w.group), "lead_upload_qa", group=w.group)



def qa_analytics_section(ctx: PageContext, w: Workbench) -> None:
    """质检失分: the group's month so far — the items losing the most points, each agent's points lost
    per item, the red lines hit (lib.quality.qa_analytics)."""
    from lib.quality.qa import scorecard
    from lib.quality.qa_analytics import agent_grid, in_period, points_lost, red_line_counts
    from lib.ui.tables import labelled, read_months
    qa = in_period(read_months(ctx, "qa", [f"{ctx.day:%Y-%m}"]), ctx.day.replace(day=1), ctx.day)
    qa = qa[qa["组别"].astype(str).str.strip() == str(w.group)] if len(qa) else qa
    card = scorecard(ctx.settings)
    st.subheader(ctx.t("qa_an.title"))
    config = number_columns(ctx, "qa_an", percent=["lost_share", "share"], whole=["recordings", "hits"])
    left, right = st.columns([2, 1])
    with left:
        st.markdown(f"**{ctx.t('qa_an.group_items')}**")
        show_table(labelled(points_lost(qa, card), ctx, "qa_an"), "lead_qa_lost", config, empty=ctx.t("qa_an.none"))
    with right:
        st.markdown(f"**{ctx.t('qa_an.red_lines')}**")
        show_table(labelled(red_line_counts(qa, card), ctx, "qa_an"), "lead_qa_red", config, empty=ctx.t("qa_an.none"))
    st.markdown(f"**{ctx.t('qa_an.by_agent')}**")
    show_table(labelled(agent_grid(qa, card), ctx, "qa_an"), "lead_qa_agents", config, empty=ctx.t("qa_an.none"))
