"""Plotly figures for the screens: pure builders over small frames, no Streamlit, no I/O."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# One colour per role in a comparison, so "the agent" or "the group" looks the same on every chart.
PALETTE = ["#1f6feb", "#8b949e", "#d29922", "#2da44e"]


def _values(s: pd.Series) -> list:
    """Plotly-ready values: None where a figure is missing (a gap, not a zero)."""
    return [None if pd.isna(v) else float(v) for v in s]


def comparison_figure(frame: pd.DataFrame, x: str, lines: list[tuple[str, str]],
                      bars: list[tuple[str, str]] = (), *, title: str = "", x_title: str = "",
                      rate_title: str = "", volume_title: str = "") -> go.Figure:
    """Rates as lines (left axis, %) and volumes as grouped bars (right axis), one trace per series.

    lines / bars: (column of `frame`, legend name) pairs, in legend order; a missing rate is a gap.
    """
    fig = go.Figure()
    xs = [str(v) for v in frame[x]]
    for i, (col, name) in enumerate(bars):
        fig.add_trace(go.Bar(x=xs, y=_values(frame[col]), name=name, yaxis="y2", opacity=0.35,
                             marker_color=PALETTE[i % len(PALETTE)], hovertemplate="%{y:.1f}"))
    for i, (col, name) in enumerate(lines):
        fig.add_trace(go.Scatter(x=xs, y=_values(frame[col]), name=name, mode="lines+markers",
                                 line={"color": PALETTE[i % len(PALETTE)], "width": 3 if i == 0 else 2},
                                 connectgaps=False, hovertemplate="%{y:.2%}"))
    fig.update_layout(
        title=title, barmode="group", hovermode="x unified", height=360,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        xaxis={"title": x_title, "type": "category"},
        yaxis={"title": rate_title, "tickformat": ".0%", "rangemode": "tozero"},
        yaxis2={"title": volume_title, "overlaying": "y", "side": "right", "showgrid": False,
                "rangemode": "tozero"},
    )
    return fig
