"""Plotly figures for the screens: pure builders over small frames, no Streamlit, no I/O.

What every chart here keeps to (issue 17, part 3):
- a rate axis and a volume axis tick at round steps (1, 2 or 5 × a power of ten) and share their
  grid lines, so the right axis never reads 15.6 / 31.2 / 46.8;
- a target is a red dashed line and the center a black dashed line, each named in the legend;
- at most MOST_COLOURED series have a colour: the selected one (drawn thick) and the first others
  in the order given (the ranking); the rest are thin grey lines, still named on hover and in the legend.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

# One colour per role in a comparison, so "the agent" or "the group" looks the same on every chart.
PALETTE = ["#1f6feb", "#8b949e", "#d29922", "#2da44e"]
# The coloured series of a chart of many (groups in a month): distinct for readers with weak colour sight.
SERIES_PALETTE = ["#1f6feb", "#d29922", "#2da44e", "#a371f7", "#e16f24", "#1b7c83"]
GREY = "#c9ced6"
TARGET_COLOUR, CENTER_COLOUR = "#cf222e", "#24292f"
MOST_COLOURED = len(SERIES_PALETTE)
MOST_INTERVALS = 5


def _values(s: pd.Series) -> list:
    """Plotly-ready values: None where a figure is missing (a gap, not a zero)."""
    return [None if pd.isna(v) else float(v) for v in s]


def nice_step(top: float, intervals: int = MOST_INTERVALS) -> float:
    """The smallest step of 1, 2 or 5 × 10^k that reaches `top` in at most `intervals` steps (1 for no top)."""
    if not top or not math.isfinite(top) or top <= 0:
        return 1.0
    raw = top / intervals
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        step = m * power
        if math.ceil(top / step - 1e-9) <= intervals:
            return float(step)
    return float(10 * power)   # not reached: 10 × power always fits


def shared_ticks(tops: list[float], intervals: int = MOST_INTERVALS) -> list[tuple[float, float]]:
    """For axes drawn over one another: each axis's (step, top) at round steps, with one count of
    intervals for all, so their grid lines coincide."""
    steps = [nice_step(t, intervals) for t in tops]
    n = max([math.ceil((t or 0) / s - 1e-9) if t and math.isfinite(t) else 1 for t, s in zip(tops, steps)] + [1])
    return [(s, s * n) for s in steps]


def rate_tickformat(step: float) -> str:
    """Percent ticks with as few decimals as their step needs: 0.02 -> ".0%", 0.005 -> ".1%"."""
    return f".{max(0, -math.floor(math.log10(step * 100) + 1e-9))}%"


def series_colours(names: list[str], highlight: str | None = None, most: int = MOST_COLOURED) -> dict[str, str]:
    """Each series' colour: the highlighted one first, then the others in the given order, up to `most`
    coloured; every further series grey."""
    order = ([highlight] if highlight in names else []) + [n for n in names if n != highlight]
    return {n: SERIES_PALETTE[i] if i < most else GREY for i, n in enumerate(order)}


def _top(frame: pd.DataFrame, cols: list[str]) -> float:
    vals = [v for c in cols for v in _values(frame[c]) if v is not None]
    return max(vals) if vals else 0.0


def comparison_figure(frame: pd.DataFrame, x: str, lines: list[tuple[str, str]],
                      bars: list[tuple[str, str]] = (), *, title: str = "", x_title: str = "",
                      rate_title: str = "", volume_title: str = "",
                      target: tuple[str, str] | None = None) -> go.Figure:
    """Rates as lines (left axis, %) and volumes as grouped bars (right axis), one trace per series.

    lines / bars: (column of `frame`, legend name) pairs, in legend order; a missing rate is a gap.
    target: (column, legend name) of a target rate, drawn as a red dashed line (a gap where none).
    """
    fig = go.Figure()
    xs = [str(v) for v in frame[x]]
    for i, (col, name) in enumerate(bars):
        fig.add_trace(go.Bar(x=xs, y=_values(frame[col]), name=name, yaxis="y2", opacity=0.35,
                             marker_color=PALETTE[i % len(PALETTE)], hovertemplate="%{y:,.1f}"))
    for i, (col, name) in enumerate(lines):
        fig.add_trace(go.Scatter(x=xs, y=_values(frame[col]), name=name, mode="lines+markers",
                                 line={"color": PALETTE[i % len(PALETTE)], "width": 3 if i == 0 else 2},
                                 connectgaps=False, hovertemplate="%{y:.2%}"))
    rate_cols = [c for c, _ in lines]
    if target and frame[target[0]].notna().any():
        fig.add_trace(go.Scatter(x=xs, y=_values(frame[target[0]]), name=target[1], mode="lines",
                                 line={"color": TARGET_COLOUR, "dash": "dash", "width": 2}, hovertemplate="%{y:.2%}"))
        rate_cols.append(target[0])
    (r_step, r_top), (v_step, v_top) = shared_ticks([_top(frame, rate_cols), _top(frame, [c for c, _ in bars])])
    fig.update_layout(
        title=title, barmode="group", hovermode="x unified", height=360,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        xaxis={"title": x_title, "type": "category"},
        yaxis={"title": rate_title, "tickformat": rate_tickformat(r_step), "range": [0, r_top], "dtick": r_step,
               "tick0": 0},
        yaxis2={"title": volume_title, "overlaying": "y", "side": "right", "showgrid": False,
                "range": [0, v_top], "dtick": v_step, "tick0": 0, "tickformat": ",d" if v_step >= 1 else ",.1f"},
    )
    return fig


def trend_figure(daily: pd.DataFrame, center: pd.DataFrame, metric: str, order: list[str], *,
                 highlight: str | None = None, target: float | None = None, names: dict[str, str] | None = None,
                 label: Callable[[str], str] = str, title: str = "") -> go.Figure:
    """Each group's daily `metric` as a line (`daily`: date, group, metric), the center's as a black dashed
    line (`center`: date, y), the highlighted group's target rate as a red dashed line.

    order: the groups in the order they earn a colour (the ranking); see series_colours.
    names: legend names of "center" and "target" in the reader's language; label: a group's legend name
    (plotly reads a little HTML in names: the screen passes its escaping function)."""
    names = names or {}
    colours = series_colours(order + [g for g in dict.fromkeys(daily["group"]) if g not in order], highlight)
    fig = go.Figure()
    rate = metric == "rate"
    fmt = "%{y:.2%}" if rate else "%{y:,.0f}"
    grey = [g for g, c in colours.items() if c == GREY]
    for g in grey + [g for g in colours if g not in grey]:   # coloured lines drawn last, over the grey
        d = daily[daily["group"] == g]
        if d.empty:
            continue
        lit = colours[g] != GREY
        fig.add_trace(go.Scatter(x=d["date"], y=_values(d[metric]), name=label(g),
                                 mode="lines+markers" if lit else "lines", hovertemplate=fmt,
                                 line={"color": colours[g], "width": 4 if g == highlight else 2 if lit else 1}))
    tops = [_top(daily, [metric])]
    if len(center):
        fig.add_trace(go.Scatter(x=center["date"], y=_values(center["y"]), name=names.get("center", "center"),
                                 mode="lines", hovertemplate=fmt, line={"dash": "dash", "color": CENTER_COLOUR, "width": 3}))
        tops.append(_top(center, ["y"]))
    if rate and target is not None and not pd.isna(target) and len(daily):
        days = sorted(daily["date"].unique())
        fig.add_trace(go.Scatter(x=[days[0], days[-1]], y=[float(target)] * 2, name=names.get("target", "target"),
                                 mode="lines", hovertemplate=fmt, line={"dash": "dash", "color": TARGET_COLOUR, "width": 2}))
        tops.append(float(target))
    step, top = shared_ticks([max(tops)])[0]
    fig.update_layout(title=title, height=380, margin={"t": 40, "b": 10, "l": 10, "r": 10}, legend={"orientation": "h"},
                      xaxis={"tickformat": "%m-%d", "hoverformat": "%Y-%m-%d"},   # no month names: the same in both languages
                      yaxis={"tickformat": rate_tickformat(step) if rate else ",d", "range": [0, top], "dtick": step,
                             "tick0": 0})
    return fig


def places_figure(daily: pd.DataFrame, order: list[str], *, label: Callable[[str], str] = str, title: str = "",
                  hover: str = "%{y} · %{customdata:.2f}") -> go.Figure:
    """Each group's place day by day (`daily`: date, group, place, score) as a line, 1st at the top, one
    tick per place; the score on hover (`hover`, a plotly template: %{y} the place, %{customdata} the score).

    order: the groups in the order they earn a colour (the latest standings); see series_colours."""
    colours = series_colours(order + [g for g in dict.fromkeys(daily["group"]) if g not in order])
    fig = go.Figure()
    grey = [g for g, c in colours.items() if c == GREY]
    for g in grey + [g for g in colours if g not in grey]:   # coloured lines drawn last, over the grey
        d = daily[daily["group"] == g]
        if d.empty:
            continue
        fig.add_trace(go.Scatter(x=d["date"], y=_values(d["place"]), customdata=_values(d["score"]), name=label(g),
                                 mode="lines+markers", hovertemplate=hover,
                                 line={"color": colours[g], "width": 3 if colours[g] != GREY else 1}))
    most = int(daily["place"].max()) if len(daily) else 1
    fig.update_layout(title=title, height=380, margin={"t": 40, "b": 10, "l": 10, "r": 10}, legend={"orientation": "h"},
                      xaxis={"tickformat": "%m-%d", "hoverformat": "%Y-%m-%d"},
                      yaxis={"autorange": False, "range": [most + 0.5, 0.5], "dtick": 1, "tick0": 1})
    return fig
