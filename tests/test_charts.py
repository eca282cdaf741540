"""The charts' rules (issue 17, part 3): round ticks shared by both axes, target and center lines,
at most six coloured series with the selected one highlighted — on the figures the screens draw."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.day.goals import target_rates
from lib.out.charts import (GREY, SERIES_PALETTE, TARGET_COLOUR, comparison_figure, nice_step, rate_tickformat,
                            series_colours, shared_ticks, trend_figure)


@pytest.mark.parametrize("top, step", [(46.8, 10), (0.0773, 0.02), (100, 20), (101, 50), (7, 2), (0.5, 0.1), (0, 1)])
def test_a_step_is_one_two_or_five_and_reaches_the_top_in_five(top, step):
    assert nice_step(top) == pytest.approx(step)


def test_two_axes_share_their_grid_lines():
    # rate top 7.73% -> step 2% (4 intervals); volume 46.8 -> step 10 (5 intervals): both take 5
    (rs, rt), (vs, vt) = shared_ticks([0.0773, 46.8])
    assert (rs, vs) == (pytest.approx(0.02), 10) and rt == pytest.approx(0.10) and vt == 50


def test_percent_ticks_carry_the_decimals_their_step_needs():
    assert [rate_tickformat(s) for s in (0.1, 0.02, 0.005, 0.001)] == [".0%", ".0%", ".1%", ".1%"]


def test_the_workbench_chart_ticks_round_and_draws_the_target():
    frame = pd.DataFrame({"label": ["09:00", "10:00", "11:00"], "rate": [0.05, 0.0773, None],
                          "group_rate": [0.06, 0.07, 0.065], "volume": [31.2, 46.8, 15.6],
                          "group_avg_volume": [30.0, 40.0, 20.0], "target": 0.08})
    fig = comparison_figure(frame, "label", [("rate", "agent"), ("group_rate", "group")],
                            [("volume", "v"), ("group_avg_volume", "gv")], target=("target", "Target rate"))
    target = next(t for t in fig.data if t.name == "Target rate")
    assert list(target.y) == [0.08] * 3 and target.line.dash == "dash" and target.line.color == TARGET_COLOUR
    assert fig.layout.yaxis2.dtick == 10 and tuple(fig.layout.yaxis2.range) == (0, 50)   # 0 10 20 … 50, never 15.6
    assert fig.layout.yaxis.dtick == pytest.approx(0.02) and fig.layout.yaxis.range[1] == pytest.approx(0.10)
    assert fig.layout.yaxis.tickformat == ".0%"
    assert next(t for t in fig.data if t.name == "agent").y[2] is None       # a missing rate is a gap


def test_no_target_line_without_a_target():
    frame = pd.DataFrame({"label": ["09:00"], "rate": [0.1], "target": [float("nan")]})
    fig = comparison_figure(frame, "label", [("rate", "agent")], target=("target", "Target rate"))
    assert [t.name for t in fig.data] == ["agent"]


def test_six_series_coloured_the_selected_first_the_rest_grey():
    groups = [f"10{i}" for i in range(1, 9)]          # 101 … 108 in ranking order
    colours = series_colours(groups, highlight="107")
    assert colours["107"] == SERIES_PALETTE[0]
    assert [colours[g] for g in ["101", "102", "103", "104", "105"]] == SERIES_PALETTE[1:]
    assert colours["106"] == colours["108"] == GREY
    assert series_colours(groups[:3]) == dict(zip(groups[:3], SERIES_PALETTE[:3]))


def test_the_month_trend_greys_the_seventh_group_and_draws_center_and_target():
    days = pd.to_datetime(["2026-11-02", "2026-11-03"])
    daily = pd.DataFrame([{"date": d, "group": f"10{i}", "rate": 0.05 + i / 100} for i in range(1, 8) for d in days])
    center = pd.DataFrame({"date": days, "y": [0.09, 0.095]})
    fig = trend_figure(daily, center, "rate", [f"10{i}" for i in range(7, 0, -1)], highlight="101", target=0.12,
                       names={"center": "Center", "target": "101 target rate"})
    by = {t.name: t for t in fig.data}
    assert by["101"].line.width == 4 and by["101"].line.color == SERIES_PALETTE[0]
    coloured = [n for n, t in by.items() if n.startswith("10") and t.line.color != GREY and "target" not in n]
    assert len(coloured) == 6 and by["102"].line.color == GREY          # 101 + 107…103; 102 is the seventh
    assert list(by["Center"].y) == [0.09, 0.095] and by["Center"].line.dash == "dash"
    assert list(by["101 target rate"].y) == [0.12, 0.12]
    # the axis reaches the target: top 0.12 -> step 0.05, range 0–0.15
    assert fig.layout.yaxis.dtick == pytest.approx(0.05) and fig.layout.yaxis.range[1] == pytest.approx(0.15)
    assert [t.name for t in fig.data].index("102") < [t.name for t in fig.data].index("101")  # grey drawn under
    assert fig.layout.xaxis.tickformat == "%m-%d"             # 11-02, not "Nov 2" in a Chinese page


def test_target_rates_per_day_and_group_from_the_project_list():
    projects = pd.DataFrame({"date": pd.to_datetime(["2026-11-24", "2026-11-24", "2026-11-25"]),
                             "group": ["101", "101", "102"], "project": ["A", "B", "A"], "script": "",
                             "target_rate": [0.10, 0.20, 0.15], "target_handled": [10.0, 10.0, float("nan")]})
    days = pd.Series([dt.date(2026, 11, 24), dt.date(2026, 11, 25), dt.date(2026, 11, 25)])
    got = target_rates(projects, days, pd.Series(["101", "102", "101"]))
    # 101 on the 24th: 20 handled over 10/0.1 + 10/0.2 = 150 implied volume -> 13.33%; 102 the 25th: its mean
    assert got.iloc[0] == pytest.approx(20 / 150) and got.iloc[1] == pytest.approx(0.15) and pd.isna(got.iloc[2])
