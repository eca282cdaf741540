"""The monthly review's sections (月度评估), drawn for pages/review.py: groups, agents and stars,
the senior lead's assessment and its rating form, schedule rules, the weekly pack, the export."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.i18n.columns import stored_shown
from lib.i18n.details import reword
from lib.day.goals import month_completion
from lib.floor.memo import kept
from lib.i18n import t
from lib.i18n.formats import count, fixed, plain, pp_text, rate
from lib.out import charts
from lib.month.review import (MonthReview, RATE_COLUMNS, filter_group, groups_of, left_out_rows, month_review,
                               rows_as_of)
from lib.month.export import column_label, review_workbook, weekly_deck, weekly_workbook
from lib.month.senior_lead import (ROLES, Assessment, assess, breakdown, criterion_label, performance_note, rating_problems, role_of, save_rating, senior_leads, standing_text)
from lib.month.weekly import last_full_week, parse_week, read_span, week_of, weekly_pack
from lib.ui import contest
from lib.ui.context import PageContext
from lib.ui.forms import STORE_ERRORS, flash, save
from lib.ui.safe import html_text, literal
from lib.ui.tables import labelled, page_rows, read_months, read_store, show_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
FLASH = "review_flash"


@dataclass(frozen=True)
class MonthData:
    """The month as the sections need it, computed once per run."""

    month: str
    reports: pd.DataFrame      # the floor's rows up to the page's day and time
    review: MonthReview
    assessments: list[Assessment]
    ratings: pd.DataFrame


def month_picker(ctx: PageContext) -> str:
    """The month to review: this one so far by default, or any month the reports cover."""
    current = f"{ctx.day:%Y-%m}"
    months = sorted(set(ctx.floor.report_months) | {current}, reverse=True)   # every month on file, loaded or not
    so_far = ctx.t("review.so_far", day=f"{ctx.day:%m-%d}")
    return st.selectbox(ctx.t("review.month"), months, index=months.index(current), key="review_month",
                        format_func=lambda m: ctx.t("review.paren", a=m, b=so_far) if m == current else m)


def month_data(ctx: PageContext, month: str) -> MonthData:
    """The review of a month from the floor (as of the page's moment) and the store."""
    floor = ctx.month_floor(month)   # the page's own for this month
    reports = rows_as_of(floor.reports, ctx.day, ctx.at_minute)
    qa, att, ratings = (read_months(ctx, name, [month]) for name in ("qa", "attendance", "ratings"))
    review = month_review(reports, floor.schedule, qa, att, month, ctx.settings, ctx.lang, ctx.last_month(month))
    people = senior_leads(floor.schedule, month)
    return MonthData(month, reports, review,
                     [assess(reports, floor.schedule, ratings, month, p, ctx.settings) for p in people], ratings)


PCT = set(RATE_COLUMNS) | {"achieved", "prev_rate", "group_rate", "ratio_to_group", "qa_coverage"}
POINTS = {"rate_vs_center", "rate_change", "rate_vs_prev"}     # differences of rates: percentage points
COUNTS = {"volume", "handled", "connected", "sales", "prev_volume", "prev_handled", "agents", "days",
          "qa_scores", "absences", "employee_count"}


def _cell_format(col: str, lang: str = "zh"):
    """How a column's figures read: 8.41%, +0.46pp (+0.46个百分点), 57,901, 85.00; a missing figure is —."""
    if col in POINTS:
        return lambda v: pp_text(v, lang)
    if col in PCT or col == "volume_change":
        return rate
    if col in COUNTS:
        return count
    return fixed


def _table(ctx: PageContext, df: pd.DataFrame, key: str, height: int | None = None) -> None:
    """A frame with localized headers and formatted figures (rates as percentages, missing as —)."""
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) and c != "stars"]
    # Streamlit draws a missing figure as "None" whatever the style says: such columns become text
    gaps = {c: df[c].map(_cell_format(c, ctx.lang)) for c in numeric if df[c].isna().any()}
    shown = labelled(df.assign(**gaps), ctx, "review")
    styled = shown.style.format({column_label(c, ctx.lang): _cell_format(c, ctx.lang) for c in numeric if c not in gaps})
    st.dataframe(styled, hide_index=True, key=key, width="stretch", **({"height": height} if height else {}))


def _given(df: pd.DataFrame, cols: list[str]) -> list[str]:
    """The columns to show: connect rate and sales only where the reports give them."""
    return [c for c in cols if c not in ("connect_rate", "sales") or df[c].notna().any()]


def trend_figure(ctx: PageContext, data: MonthData, metric: str, highlight: str | None = None) -> go.Figure:
    """Each group's daily figure as a line (six coloured, in ranking order, the highlighted one thick; the
    rest grey), the center's as a black dashed line (its rate; its mean per group otherwise) and, for the
    rate, the highlighted group's target rate of the month as a red dashed line."""
    daily, c = data.review.daily, data.review.center_daily
    center = pd.DataFrame({"date": c["date"], "y": []}) if c.empty else None
    if center is None:
        n = daily.groupby("date")["group"].nunique().reindex(c["date"]).to_numpy()
        center = pd.DataFrame({"date": c["date"], "y": c["rate"] if metric == "rate" else c[metric] / n})
    target = None
    if highlight and metric == "rate":
        goals = month_completion(data.reports, ctx.month_floor(data.month).projects, data.month, ctx.settings)
        target = goals.loc[goals["group"] == highlight, "target_rate"].squeeze() if highlight in set(goals["group"]) else None
    return _trend_chart(data.review, center, metric, highlight, target, ctx.lang)


@kept(size=16)
def _trend_chart(review: MonthReview, center: pd.DataFrame, metric: str, highlight: str | None, target,
                 lang: str) -> go.Figure:
    """The trend chart of a month's review, kept: a rerun draws the same one (a trace per group is 1 s
    at 200 groups). Shared by every session; st.plotly_chart only reads it."""
    order = review.groups["group"].tolist() if len(review.groups) else groups_of(review.daily)
    names = {"center": t("review.center", lang),
             "target": t("review.target_line", lang, group=html_text(highlight or ""))}
    return charts.trend_figure(review.daily, center, metric, order, highlight=highlight, target=target, names=names,
                               label=html_text, title=t("review.trend", lang))


def groups_section(ctx: PageContext, data: MonthData) -> None:
    """The center's month in figures, the group ranking against the center and last month, the trend."""
    c = data.review.center
    figures = [("volume", count), ("handled", count), ("rate", rate), ("connect_rate", rate), ("sales", count),
               ("qa_avg", lambda v: fixed(v, 1)), ("qa_coverage", rate), ("deductions", plain)]
    for row in (figures[:4], figures[4:]):   # two rows of four: each figure reads whole at 1366 px
        for col, (name, fmt) in zip(st.columns(4), row):
            col.metric(column_label(name, ctx.lang), fmt(c[name]))
    left_out(ctx, data)
    g = data.review.groups
    if g.empty:
        st.info(ctx.t("review.no_data", month=data.month))
        return
    st.caption(f"{ctx.t('review.vs_center')} · {ctx.t('review.last_month', month=_prev(data.month))}")
    _table(ctx, g[_given(g, ["group", "volume", "handled", "rate", "connect_rate", "sales", "agents", "days",
                             "qa_avg", "qa_coverage", "deductions", "rate_vs_center", "last_rate",
                             "rate_change"])], "review_groups")
    metric = st.radio(ctx.t("review.trend_metric"), ["rate", "volume", "handled"], horizontal=True,
                      format_func=lambda m: column_label(m, ctx.lang), key="review_trend_metric")
    groups = g["group"].tolist()
    mine = ctx.user.group if ctx.user.group in groups else None
    highlight = st.selectbox(ctx.t("review.trend_group"), [None, *groups], key="review_trend_group",
                             index=[None, *groups].index(mine), format_func=lambda x: ctx.t("review.trend_none") if x is None else x)
    st.plotly_chart(trend_figure(ctx, data, metric, highlight), key="review_trend")


def left_out(ctx: PageContext, data: MonthData) -> None:
    """The rows the month's figures leave out (办理量 or 接通量 above 数据量), per group, each linked to its
    file on the data check, where the correction starts: counted again once the file is corrected."""
    rows = left_out_rows(data.reports, data.month)
    if rows.empty:
        return
    lines = []
    for group, g in rows.groupby("group", sort=False):
        where = ctx.join(f"[{literal(f)} {ctx.t('review.left_out_row', row=int(r))}](data_health?file={quote(f)})"
                         for f, r in zip(g["file"], g["row"]))
        lines.append("- " + ctx.t("review.left_out_group", group=literal(group), n=len(g), handled=count(g["handled"].sum()),
                                  volume=count(g["volume"].sum()), where=where))
    st.warning(f"**{ctx.t('review.left_out', n=len(rows))}**\n\n" + "\n".join(lines), icon=":material/report:")


def _prev(month: str) -> str:
    return str(pd.Period(month, freq="M") - 1)


def agents_section(ctx: PageContext, data: MonthData) -> None:
    """The agent ranking of the month, filterable by group, with the suggested stars and why."""
    a = data.review.agents
    groups = groups_of(a) if len(a) else []
    pick = st.selectbox(ctx.t("review.group_filter"), [""] + groups, key="review_agent_group",
                        format_func=lambda g: g or ctx.t("review.all_groups"))
    st.caption(ctx.t("review.stars_note"))
    shown = filter_group(a, pick)[_given(a, ["agent_id", "name", "group", "volume", "handled", "rate",
                                             "connect_rate", "sales", "days", "qa_avg", "qa_coverage",
                                             "deductions", "absences", "rate_ratio", "stars", "reason"])]
    # a page at a time: 3,000 agents styled cell by cell cost a second on every rerun (the export has all)
    _table(ctx, page_rows(shown, ctx, "review_agents_page"), "review_agents", height=560)


def rating_form(ctx: PageContext, month: str, senior: tuple[str, str], role: str | None) -> None:
    """One rater's scores of the senior lead; a second submission by the same person is a correction."""
    crits = ctx.settings.senior_lead.criteria
    with st.form("review_rating_form", clear_on_submit=False):
        st.markdown(f"**{ctx.t('review.sl.form')}** · {ctx.md('review.paren', a=senior[1], b=senior[0])}")
        side = role or st.selectbox(ctx.t("review.sl.rater_role"), list(ROLES), key="review_rater_role",
                                    format_func=lambda r: ctx.t(f"review.role.{r}"))
        scale = "{}（0–{:g}）" if ctx.lang == "zh" else "{} (0–{:g})"
        values = {name: st.number_input(scale.format(literal(criterion_label(name, ctx.lang)), top), value=None, step=0.5,
                                        key=f"review_rating_{i}") for i, (name, top) in enumerate(crits.items())}
        if not st.form_submit_button(ctx.t("review.sl.submit"), key="review_rating_submit"):
            return
    problems = rating_problems(values, ctx.settings)
    if problems:   # said in the rater's words, nothing written
        words = "；".join(ctx.t(f"review.sl.bad.{k}", criterion=literal(criterion_label(n, ctx.lang)), max=f"{m:g}")
                         for n, k, m in problems)
        st.error(ctx.t("review.sl.not_saved", problems=words))
        return
    save(ctx, lambda: save_rating(ctx.store, month, senior[0], side, values, ctx.user.agent_id, ctx.settings)[1],
         lambda replaced: ctx.md("review.sl.corrected", old=replaced) if replaced else ctx.t("review.sl.saved"),
         flash=FLASH, failed="review.sl.store_error", errors=STORE_ERRORS + (ValueError,))


def senior_section(ctx: PageContext, data: MonthData) -> None:
    """Each senior lead's assessment: acting days, the breakdown, the standing, the ratings and the form."""
    flash(FLASH)   # the outcome of the last rating submitted
    if not data.assessments:
        st.info(ctx.t("review.sl.none"))
        return
    pick = 0 if len(data.assessments) == 1 else st.selectbox(
        ctx.t("review.sl.who"), range(len(data.assessments)), key="review_senior",
        format_func=lambda i: ctx.t("review.paren", a=data.assessments[i].senior_name, b=data.assessments[i].senior_id))
    a = data.assessments[pick]
    st.subheader(f"{ctx.t('review.sl.who')} · {ctx.md('review.paren', a=a.senior_name, b=a.senior_id)}")
    days = ctx.join(f"{d:%m-%d}" for d in a.acting_days) or "—"
    st.caption(ctx.t("review.sl.acting_days", days=days, n=len(a.scored_days)))
    if a.performance is None:
        st.info(performance_note(a, ctx.lang))
    total = "—" if a.total is None else f"{a.total:.2f}"
    st.metric(ctx.t("review.sl.total"), ctx.t("review.sl.total_value", total=total))
    words = literal(standing_text(a, ctx.lang))   # it names the config's criteria
    (st.error if a.below_bar else st.warning if a.missing or a.total is None else st.success)(words)
    cfg = ctx.settings.senior_lead
    rule = "review.sl.bar_rule" if cfg.shortfall == "proportional" else "review.sl.bar_rule_zero"
    st.caption(ctx.t(rule, full=f"{cfg.performance_points / 2:g}", bar=rate(cfg.bar, 0)))
    _table(ctx, breakdown(a, ctx.lang), "review_breakdown")
    mine = data.ratings[data.ratings["被评人"].astype(str).isin([a.senior_id, a.senior_name])] \
        if len(data.ratings) else data.ratings
    if len(mine):
        st.markdown(f"**{ctx.t('review.sl.ratings')}**")
        show_table(stored_shown(mine, ctx.lang), "review_ratings")   # ids hidden, 提交时间 HH:MM
    rating_form(ctx, data.month, (a.senior_id, a.senior_name), role_of(ctx.user.role))


def employee_rating(ctx: PageContext, month: str) -> None:
    """What a person who may not see the review may do: rate the month's senior lead as an employee."""
    flash(FLASH)   # the outcome of the last rating submitted
    people = [p for p in senior_leads(ctx.month_floor(month).schedule, month) if p[0] != ctx.user.agent_id]   # not oneself
    if people:
        rating_form(ctx, month, people[0], ROLES[2])


def rules_section(ctx: PageContext, data: MonthData) -> None:
    """The roster's rule breaches of the month."""
    st.caption(ctx.t("review.rules_help"))
    v = data.review.violations
    if v.empty:
        st.success(ctx.t("review.rules_none"))
        return
    _table(ctx, v.assign(rule=v["rule"].map(lambda r: ctx.t(f"review.rule.{r}")),
                         detail=v["detail"].map(lambda s: reword(s, ctx.lang))), "review_rules")


def weekly_section(ctx: PageContext, data: MonthData) -> None:
    """The Tuesday meeting pack: a week against the one before, on screen and as Excel and PowerPoint."""
    weeks = sorted({week_of(d.date()) for d in ctx.floor.reports["date"].unique()}, reverse=True)
    default = last_full_week(ctx.day)
    weeks = weeks if default in weeks else [default] + weeks
    week = st.selectbox(ctx.t("review.wk.week"), weeks, index=weeks.index(default), key="review_week")
    start, end = parse_week(week)
    before = start - pd.Timedelta(days=7)
    frames = [read_store(ctx, name, lambda name=name, since=since: read_span(ctx.store, name, since, end))
              for name, since in (("qa", before), ("attendance", before), ("duty_log", start))]
    floor = ctx.floor_of(before, end)   # a week early in a past month: its own few days' floor
    reports = data.reports if floor is ctx.month_floor(data.month) else rows_as_of(floor.reports, ctx.day, ctx.at_minute)
    pack = contest.with_praise(ctx, weekly_pack(reports, *frames, week, ctx.settings))   # + contests, stars
    st.caption(ctx.t("review.wk.span", start=pack.start, end=pack.end, prev=pack.previous))
    lines = pd.concat([pack.groups, pack.center.assign(group=ctx.t("review.center"))], ignore_index=True)
    _table(ctx, lines[["group", "volume", "prev_volume", "rate", "prev_rate", "rate_vs_prev", "qa_avg",
                       "prev_qa_avg", "deductions", "prev_deductions"]], "review_week_groups")
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{ctx.t('review.wk.improved')}**")
        _table(ctx, pack.improved()[["group", "agent_id", "name", "prev_rate", "rate", "rate_vs_prev"]],
               "review_week_improved")
    with right:
        st.markdown(f"**{ctx.t('review.wk.weakest')}**")
        _table(ctx, pack.weakest()[["group", "agent_id", "name", "volume", "rate", "ratio_to_group"]],
               "review_week_weakest")
    if len(pack.notes):
        st.markdown(f"**{ctx.t('review.wk.notes')}**")
        _table(ctx, pack.notes, "review_week_notes")
    contest.pack_section(ctx, pack)
    _weekly_qa(ctx, pack)
    c1, c2 = st.columns(2)
    c1.download_button(ctx.t("review.wk.download_xlsx"), lambda: weekly_workbook(pack, ctx.lang),
                       file_name=f"周会材料_{pack.week}.xlsx", mime=XLSX, key="review_week_xlsx")
    c2.download_button(ctx.t("review.wk.download_pptx"), lambda: weekly_deck(pack, ctx.lang),
                       file_name=f"周会材料_{pack.week}.pptx", mime=PPTX, key="review_week_pptx")


def _weekly_qa(ctx: PageContext, pack) -> None:
    """The week's QA: each item's share of points lost (rows in the center's order, most lost first) per
    group and for the center, then the red lines that were hit; the workbook holds every figure."""
    from lib.ui.tables import number_columns, show_table
    center = ctx.t("review.center")
    st.markdown(f"**{ctx.t('qa_an.week_groups')}**")
    lost = pack.qa_lost
    if lost.empty:
        show_table(lost, "review_week_qa_lost", empty=ctx.t("qa_an.none_week"))
        return
    st.caption(ctx.t("qa_an.week_share_help"))
    groups = list(dict.fromkeys(g for g in lost["group"] if g)) + [""]
    items = list(dict.fromkeys(lost.loc[lost["group"] == "", "item"]))
    grid = lost.pivot(index="item", columns="group", values="lost_share").reindex(index=items, columns=groups)
    grid.columns = [g or center for g in grid.columns]
    grid = grid.rename_axis(None).reset_index(names="item")
    show_table(labelled(grid, ctx, "qa_an"), "review_week_qa_lost", number_columns(ctx, percent=list(grid.columns[1:])))
    st.markdown(f"**{ctx.t('qa_an.week_red_lines')}**")
    red = pack.qa_red[pack.qa_red["hits"] > 0]
    show_table(labelled(red.assign(group=red["group"].replace("", center)), ctx, "qa_an"), "review_week_qa_red",
               number_columns(ctx, "qa_an", percent=["share"], whole=["hits", "recordings"]),
               empty=ctx.t("qa_an.no_red_week"))


def export_section(ctx: PageContext, data: MonthData) -> None:
    """The whole review as one workbook."""
    st.caption(ctx.t("review.export.help"))
    st.download_button(ctx.t("review.export.download"),
                       lambda: review_workbook(data.review, data.assessments, data.ratings, ctx.lang),
                       file_name=f"月度评估_{data.month}.xlsx", mime=XLSX, key="review_export")


def qa_section(ctx: PageContext, data: MonthData) -> None:
    """质检失分 of the month per group: each group's scorecard items by points lost, and the red lines hit."""
    from lib.quality.qa import scorecard
    from lib.quality.qa_analytics import in_month, points_lost, red_line_counts
    from lib.ui.tables import number_columns, show_table
    qa = in_month(read_months(ctx, "qa", [data.month]), data.month)
    card = scorecard(ctx.settings)
    config = number_columns(ctx, "qa_an", percent=["lost_share", "share"], whole=["recordings", "hits"])
    st.subheader(ctx.t("qa_an.month_groups"))
    show_table(labelled(points_lost(qa, card, "group"), ctx, "qa_an"), "review_qa_lost", config,
               empty=ctx.t("qa_an.none"))
    st.subheader(ctx.t("qa_an.red_lines"))
    show_table(labelled(red_line_counts(qa, card), ctx, "qa_an"), "review_qa_red", config, empty=ctx.t("qa_an.none"))
