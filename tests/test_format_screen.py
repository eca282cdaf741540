"""The format standard on screen (issue 17.1): the review's QA tables give every rate column Streamlit's
"percent" with a step of 0.0001 (exactly two decimals: 7.50%, never 7.5% beside 7.73%), counts
"localized" with a step of 1 (57,901), and changes of a rate +1.04pp / +1.04个百分点."""
from __future__ import annotations

import json

import pandas as pd

from lib.i18n.formats import screen_format
from tests.conftest import open_page
from tests.test_lead_page import floor_dir  # noqa: F401  (a fixture)
from tests.test_qa_analytics_pages import with_rows


def test_the_standard_s_screen_formats():
    assert screen_format("rate") == {"format": "percent", "step": 0.0001}
    assert screen_format("count") == {"format": "localized", "step": 1}
    assert screen_format("pp", "en") == {"format": "%+.2fpp"} and screen_format("pp", "zh") == {"format": "%+.2f个百分点"}


def test_screen_copy_hides_ids_and_scales_points():
    from lib.ui.tables import screen_copy, shown_times
    df = pd.DataFrame({"记录编号": ["x"], "change": [0.0104], "at": [pd.Timestamp("2026-11-25T18:30:00+08:00")]})
    out = screen_copy(df, pp=["change"], times=["at"])
    assert list(out.columns) == ["change", "at"] and out["change"].iloc[0] == 1.04 and out["at"].iloc[0] == "18:30"
    shown = shown_times(pd.DataFrame({"提交时间": ["2026-11-25T18:30:00+08:00"], "日期": [pd.Timestamp("2026-11-08")]}))
    assert shown["提交时间"].iloc[0] == "2026-11-25 18:30"            # not the ISO text
    assert pd.api.types.is_datetime64_any_dtype(shown["日期"])        # a day: DateColumn YYYY-MM-DD


def configs(el) -> dict:
    return json.loads(el.proto.columns or "{}")


def test_the_review_s_rate_columns_show_two_decimals(floor_dir):
    with_rows(floor_dir)
    at = open_page("pages/review.py")
    assert not at.exception
    lost = next(d for d in at.dataframe if {"组别", "评分项", "失分率"} <= set(d.value.columns))
    cfg = configs(lost)
    rate = cfg["失分率"]["type_config"]
    assert (rate["type"], rate["format"], rate["step"]) == ("number", "percent", 0.0001)
    assert pd.api.types.is_float_dtype(lost.value["失分率"])    # numeric: sorts by value
    count = cfg["录音数"]["type_config"]
    assert (count["format"], count["step"]) == ("localized", 1)
    # no rate column anywhere on the page keeps the bare preset (0–2 decimals)
    for d in at.dataframe:
        for name, c in configs(d).items():
            t = c.get("type_config", {})
            if t.get("format") == "percent":
                assert t.get("step") == 0.0001, name


def test_the_workbench_tiles_changes():
    from lib.ui.lead import _delta
    # head counts: 7 agents after 6 is +1, never +1.0; a rate 7.73% after 6.69% is +1.04 points
    assert (_delta(7, 6), _delta(57901.0, 56000.0), _delta(5, 5)) == ("+1", "+1,901", "0")
    assert _delta(0.0773, 0.0669, "rate", "zh") == "+1.04个百分点" and _delta(0.0773, 0.0669, "rate", "en") == "+1.04pp"
    assert _delta(85.5, 84.25, "points") == "+1.25" and _delta(1, None) is None


def test_the_review_s_tables_write_changes_in_the_reader_s_points():
    from lib.ui.review import _cell_format
    assert _cell_format("rate_change", "zh")(0.0104) == "+1.04个百分点"
    assert _cell_format("rate_vs_center", "en")(-0.0046) == "-0.46pp"
    assert (_cell_format("rate")(0.075), _cell_format("volume")(57901.0)) == ("7.50%", "57,901")
