"""The review's downloads: the month as one Excel workbook; the weekly pack as a workbook and a deck.

Workbooks are written by openpyxl in write-only mode (rows streamed, little memory), one sheet per
table, a coloured frozen header with a filter, rates as percentages, counts with thousands; every
text cell goes through the store's `put_value`, so what a user typed never becomes a formula. Sheet
names and formats are lib.export's, so every download of the app names and shows them alike. The
deck (python-pptx) holds native, editable charts: a center summary slide, then one per group.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd

from lib.out.excel import COUNT_FORMAT, PERCENT_FORMAT, PP_FORMAT, workbook_bytes
from lib.i18n import t
from lib.i18n.columns import column_label as _column_label
from lib.i18n.columns import labelled as _labelled
from lib.i18n.formats import count, fixed, missing, pp, rate
from lib.month.contest import days_text, shown_columns
from lib.month.wall_slides import stars_title
from lib.month.review import RATE_COLUMNS, MonthReview
from lib.month.senior_lead import Assessment, breakdown
from lib.month.weekly import WeeklyPack

NUMBER_FORMATS = {**{c: PERCENT_FORMAT for c in RATE_COLUMNS + ("prev_rate", "volume_change",
                                                          "group_rate", "ratio_to_group", "achieved")},
                  **{c: PP_FORMAT for c in ("rate_vs_prev", "rate_vs_center", "rate_change")},   # +1.04pp
                  **{c: COUNT_FORMAT for c in ("volume", "handled", "connected", "sales", "agents", "days",
                                          "prev_volume", "prev_handled", "prev_agents", "qa_scores",
                                          "prev_qa_scores", "absences", "employee_count")},
                  **{c: "0.00" for c in ("qa_avg", "prev_qa_avg", "deductions", "prev_deductions", "points",
                                         "max_points", "acting", "month", "manager", "director", "employees")}}
column_label = partial(_column_label, scope="review")   # the review's own names, then the shared ones


def styled_workbook_bytes(sheets: list[tuple[str, pd.DataFrame]], header: Callable[[str], str] = str,
                          formats: dict[str, str] | None = None) -> bytes:
    """lib.export's workbook with the review's number formats by canonical column name."""
    return workbook_bytes(sheets, header=header, formats=NUMBER_FORMATS if formats is None else formats)


def _with_center(groups: pd.DataFrame, center: dict, label: str) -> pd.DataFrame:
    line = pd.DataFrame([{**{c: center.get(c) for c in groups.columns}, "group": label}])
    return pd.concat([groups, line.astype({c: groups[c].dtype for c in ("group",)})], ignore_index=True)


def review_workbook(review: MonthReview, assessments: list[Assessment], ratings: pd.DataFrame,
                    lang: str = "zh") -> bytes:
    """The whole month as one workbook: groups (with the center), agents and stars, trend by day,
    the senior lead's breakdown, the month's ratings, the schedule rule breaches."""
    center = t("review.center", lang)
    daily = pd.concat([review.daily, review.center_daily.assign(group=center)], ignore_index=True)
    senior = pd.concat([breakdown(a, lang).assign(who=f"{a.senior_id} {a.senior_name}") for a in assessments],
                       ignore_index=True) if assessments else pd.DataFrame(columns=["item"])
    rules = review.violations.assign(rule=review.violations["rule"].map(lambda r: t(f"review.rule.{r}", lang)))
    sheets = [(t("review.sheet.groups", lang), _with_center(review.groups, review.center, center)),
              (t("review.sheet.agents", lang), review.agents),
              (t("review.sheet.daily", lang), daily),
              (t("review.sheet.senior", lang), senior),
              (t("review.sheet.ratings", lang), ratings),
              (t("review.sheet.rules", lang), rules)]
    return styled_workbook_bytes(sheets, lambda c: column_label(c, lang) if c != "who" else t("review.sl.who", lang))


def _named(frame: pd.DataFrame, center: str) -> pd.DataFrame:
    return frame.assign(group=frame["group"].replace("", center))


# the weekly pack's QA sheets: their own headers (lib/i18n/qa_analytics.py) and formats
QA_HEADERS = ("item", "points", "recordings", "lost", "lost_per_recording", "lost_share", "red_line", "hits", "share")
QA_FORMATS = {"lost_share": PERCENT_FORMAT, "share": PERCENT_FORMAT, "points": "0", "recordings": COUNT_FORMAT,
              "hits": COUNT_FORMAT, "lost": "0.00", "lost_per_recording": "0.00"}
QA_COUNTS = ("points", "recordings", "hits")


def _qa_sheet(frame: pd.DataFrame, center: str) -> pd.DataFrame:
    """A QA table of the pack for Excel: the center named, counts as whole numbers."""
    out = _named(frame, center)
    return out.assign(**{c: out[c].round().astype("Int64") for c in QA_COUNTS if c in out.columns})


def weekly_workbook(pack: WeeklyPack, lang: str = "zh") -> bytes:
    """The meeting pack as a workbook: center and groups, most improved, weakest, duty notes, by day, the
    week's QA points lost per item and red lines hit (per group, then the center)."""
    center = t("review.center", lang)
    groups = [None, *pack.groups["group"]]
    improved = pd.concat([pack.improved(g).assign(group=g or center) for g in groups], ignore_index=True)
    weak = pd.concat([pack.weakest(g).assign(group=g or center) for g in groups], ignore_index=True)
    sheets = [(t("review.sheet.center", lang), _named(pd.concat([pack.center, pack.groups], ignore_index=True),
                                                      center)),
              (t("review.sheet.improved", lang), improved), (t("review.sheet.weakest", lang), weak),
              (t("review.sheet.notes", lang), _named(pack.notes, center)),
              (t("review.sheet.daily", lang), _named(pack.daily, center).assign(   # 周: 本周 / 上周, not "this"
                  week=pack.daily["week"].map(lambda w: t(f"review.wk.{w}", lang)))),
              (t("qa_an.sheet", lang), _qa_sheet(pack.qa_lost, center)),
              (t("qa_an.red_lines", lang), _qa_sheet(pack.qa_red, center))]
    sheets += _praise_sheets(pack, lang)
    return styled_workbook_bytes(sheets, lambda c: _column_label(c, lang, "qa_an") if c in QA_HEADERS
                                 else column_label(c, lang), {**NUMBER_FORMATS, **QA_FORMATS})


def _praise_sheets(pack: WeeklyPack, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """Each contest's standings (final once it is over) and the month's confirmed stars, when there are."""
    out = []
    for r in pack.contests:
        table = r.table[shown_columns(r.contest)].assign(contest=r.contest.name)
        out.append((f"{t('contest.sheet.standings', lang)} {r.contest.name}",
                    _labelled(table[["contest", *shown_columns(r.contest)]], lang, "contest")))
    if pack.stars_month:
        out.append((stars_title(pack.stars_month, lang),
                    _labelled(pack.stars[["agent_id", "name", "group", "reason"]].assign(month=pack.stars_month)
                              [["month", "agent_id", "name", "group", "reason"]], lang, "praise")))
    return out


# ------------------------------------------------------------------ the deck

def _fmt(v: Any, kind: str = "") -> str:
    """A figure of the deck: 8.41%, +0.46pp, 57,901, 85.50 (a fraction keeps two decimals)."""
    if kind == "pct":
        return rate(v)
    if kind == "pp":
        return pp(v)
    return count(v) if missing(v) or float(v).is_integer() else fixed(v, thousands=True)


def _kpi_rows(line: pd.Series, lang: str) -> list[list[str]]:
    rows = [("volume", ""), ("handled", ""), ("rate", "pct"), ("qa_avg", ""), ("deductions", "")]
    out = []
    for col, kind in rows:
        this, prev = line[col], line[f"prev_{col}"]
        change = this - prev if col != "rate" else line["rate_vs_prev"]
        out.append([column_label(col, lang), _fmt(this, kind), _fmt(prev, kind),
                    _fmt(change, "pp" if kind == "pct" else "")])
    return out


def _people(frame: pd.DataFrame, change: bool) -> str:
    if frame.empty:
        return ""
    return "、".join(f"{r.name or r.agent_id}（{_fmt(r.rate, 'pct')}"
                    + (f"，{_fmt(r.rate_vs_prev, 'pp')}）" if change else "）") for r in frame.itertuples())


def _qa_matrix(frame: pd.DataFrame, row: str, rows: list[str], value: str, share: str,
               lang: str) -> tuple[list[str], list[list[str]]]:
    """A QA table of the pack as the deck's grid: one line per item (or red line), one column per group
    and the center (group "" last), each cell "points lost (share)"."""
    groups = list(dict.fromkeys(frame["group"]))
    groups = [g for g in groups if g != ""] + [""]
    cells = frame.set_index(["group", row])
    head = [t("review.wk.group_title", lang, group=g) if g else t("review.center", lang) for g in groups]
    body = []
    for r in rows:
        line = [r]
        for g in groups:
            if (g, r) in cells.index:
                c = cells.loc[(g, r)]
                line.append(t("qa_an.cell", lang, lost=_fmt(c[value]), share=rate(c[share])))
            else:
                line.append("—")
        body.append(line)
    return head, body


def _qa_slide(s, pack: WeeklyPack, lang: str) -> None:
    """The week's QA: points lost per scorecard item per group, then the red lines hit, as two tables."""
    from pptx.util import Inches, Pt
    lost, red = pack.qa_lost, pack.qa_red
    if lost.empty:
        box = s.shapes.add_textbox(Inches(0.5), Inches(1.6), Inches(12.3), Inches(0.6)).text_frame
        box.text = t("qa_an.none_week", lang)
        box.paragraphs[0].font.size = Pt(16)
        return
    items = _item_order(lost)
    top = 1.5
    for label, frame, row, names, value, share in (
            (_column_label("item", lang, "qa_an"), lost, "item", items, "lost", "lost_share"),
            (_column_label("red_line", lang, "qa_an"), red, "red_line", list(dict.fromkeys(red["red_line"])), "hits",
             "share")):
        head, body = _qa_matrix(frame, row, names, value, share, lang)
        grid = [[label, *head], *body]
        height = 0.32 * len(grid)
        table = s.shapes.add_table(len(grid), len(grid[0]), Inches(0.4), Inches(top), Inches(12.5),
                                   Inches(height)).table
        for i, line in enumerate(grid):
            for j, text in enumerate(line):
                cell = table.cell(i, j)
                cell.text = text
                cell.text_frame.paragraphs[0].font.size = Pt(11)
        top += height + 0.3


def _praise_grids(pack: WeeklyPack, lang: str) -> list[tuple[str, list[list[str]]]]:
    """The deck's praise slides as (title, table cells): each contest's standings, the month's stars."""
    out = []
    for r in pack.contests:
        cols = shown_columns(r.contest)
        head = [_column_label(c, lang, "contest") for c in cols]
        body = [[str(int(v)) if c == "place" else str(v) if c == "group" else _fmt(v, "pct" if c == "value_rate" else "")
                 for c, v in zip(cols, row)] for row in r.table[cols].itertuples(index=False)]
        out.append((f"{t('contest.title', lang)} {r.contest.name} · {days_text(r.days, lang)}", [head, *body]))
    if pack.stars_month and len(pack.stars):
        head = [_column_label(c, lang, "praise") for c in ("agent_id", "name", "group", "reason")]
        body = [[str(x) for x in row] for row in pack.stars[["agent_id", "name", "group", "reason"]].itertuples(index=False)]
        out.append((stars_title(pack.stars_month, lang),
                    [head, *body]))
    return out


def _grid_slide(s, grid: list[list[str]]) -> None:
    """A table of text cells under a slide's title (at most 16 lines: a deck is read from across a room)."""
    from pptx.util import Inches, Pt
    grid = grid[:17]
    table = s.shapes.add_table(len(grid), len(grid[0]), Inches(0.4), Inches(1.5), Inches(12.5),
                               Inches(0.34 * len(grid))).table
    for i, line in enumerate(grid):
        for j, text in enumerate(line):
            cell = table.cell(i, j)
            cell.text = text
            cell.text_frame.paragraphs[0].font.size = Pt(11)


def _item_order(lost: pd.DataFrame) -> list[str]:
    """The items in the order of the center's lines (most points lost first)."""
    center = lost[lost["group"] == ""]
    return list(dict.fromkeys([*center["item"], *lost["item"]]))


def weekly_deck(pack: WeeklyPack, lang: str = "zh") -> bytes:
    """The meeting pack as PowerPoint: a center summary slide, then one slide per group, charts native."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    center = t("review.center", lang)
    this_name, prev_name = t("review.wk.this", lang), t("review.wk.prev", lang)
    span = t("review.wk.span", lang, start=pack.start, end=pack.end, prev=pack.previous)
    none = t("review.wk.none", lang)

    def slide(title: str):
        s = prs.slides.add_slide(prs.slide_layouts[5])
        s.shapes.title.text = f"{t('review.wk.title', lang, week=pack.week)} · {title}"
        s.shapes.title.left, s.shapes.title.top = Inches(0.4), Inches(0.2)
        s.shapes.title.width, s.shapes.title.height = Inches(12.5), Inches(0.9)
        s.shapes.title.text_frame.paragraphs[0].font.size = Pt(28)
        box = s.shapes.add_textbox(Inches(0.5), Inches(1.05), Inches(12.3), Inches(0.4))
        box.text_frame.text = span
        box.text_frame.paragraphs[0].font.size = Pt(14)
        return s

    def chart(s, title: str, categories: list[str], this: list, prev: list, kind) -> None:
        data = CategoryChartData(number_format="0.0%")
        data.categories = categories
        data.add_series(this_name, [None if pd.isna(v) else float(v) for v in this])
        data.add_series(prev_name, [None if pd.isna(v) else float(v) for v in prev])
        c = s.shapes.add_chart(kind, Inches(0.4), Inches(1.5), Inches(7.4), Inches(5.6), data).chart
        c.has_title = True
        c.chart_title.text_frame.text = title
        c.chart_title.text_frame.paragraphs[0].font.size = Pt(14)
        c.has_legend, c.legend.position, c.legend.include_in_layout = True, XL_LEGEND_POSITION.BOTTOM, False
        c.value_axis.tick_labels.number_format, c.value_axis.tick_labels.number_format_is_linked = "0%", False

    def side(s, line: pd.Series, improved: pd.DataFrame, weak: pd.DataFrame, notes: pd.DataFrame) -> None:
        head = [["", this_name, prev_name, t("review.wk.change", lang)]] + _kpi_rows(line, lang)
        table = s.shapes.add_table(len(head), 4, Inches(8.0), Inches(1.5), Inches(5.0), Inches(2.4)).table
        for i, row in enumerate(head):
            for j, text in enumerate(row):
                cell = table.cell(i, j)
                cell.text = text
                cell.text_frame.paragraphs[0].font.size = Pt(12)
        box = s.shapes.add_textbox(Inches(8.0), Inches(4.1), Inches(5.0), Inches(3.1)).text_frame
        box.word_wrap = True
        note_text = "；".join(f"{d:%m-%d} {n}" for d, n in zip(notes["date"], notes["note"]))
        for k, (label, text) in enumerate([(t("review.wk.improved", lang), _people(improved, True)),
                                           (t("review.wk.weakest", lang), _people(weak, False)),
                                           (t("review.wk.notes", lang), note_text)]):
            p = box.paragraphs[0] if k == 0 else box.add_paragraph()
            p.text = f"{label}：{text or none}"
            p.font.size = Pt(12)

    s = slide(t("review.wk.center_title", lang))
    groups = pack.groups
    chart(s, t("review.wk.rate_by_group", lang), [*groups["group"], center],
          [*groups["rate"], pack.center["rate"].iloc[0]], [*groups["prev_rate"], pack.center["prev_rate"].iloc[0]],
          XL_CHART_TYPE.COLUMN_CLUSTERED)
    side(s, pack.center.iloc[0], pack.improved(), pack.weakest(), pack.notes[pack.notes["group"] == ""])
    days = t("review.wk.days", lang).split()
    for line in groups.itertuples(index=False):
        g = line.group
        s = slide(t("review.wk.group_title", lang, group=g))
        d = pack.daily[pack.daily["group"] == g]
        by = {w: d[d["week"] == w].set_index("weekday")["rate"].reindex(range(7)) for w in ("this", "prev")}
        chart(s, t("review.wk.rate_by_day", lang), days, by["this"].tolist(), by["prev"].tolist(),
              XL_CHART_TYPE.LINE_MARKERS)
        side(s, pd.Series(line._asdict()), pack.improved(g), pack.weakest(g), pack.notes[pack.notes["group"] == g])
    _qa_slide(slide(t("qa_an.week_title", lang)), pack, lang)
    for title, grid in _praise_grids(pack, lang):
        _grid_slide(slide(title), grid)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
