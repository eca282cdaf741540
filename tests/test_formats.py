"""The one set of number formats (lib/i18n/formats.py) and the one column-name lookup (lib/i18n/columns.py)."""
import math

import numpy as np
import pandas as pd
import pytest

from lib.i18n.columns import column_label, labelled
from lib.i18n.formats import count, fixed, fmt_value, hours, missing, plain, points, pp, rate


@pytest.mark.parametrize("v", [None, float("nan"), np.nan, pd.NA, np.float64("nan")])
def test_a_missing_figure_reads_as_a_dash_in_every_format(v):
    assert missing(v)
    assert {rate(v), pp(v), count(v), fixed(v), points(v), hours(v), plain(v), fmt_value(v), fmt_value(v, "rate")} \
        == {"—"}


def test_not_missing():
    assert not any(missing(v) for v in (0, 0.0, "", "x", pd.Timestamp("2026-11-25"), True))


def test_rate_two_decimals_by_default_and_the_digits_a_text_has_always_used():
    assert rate(0.0841) == "8.41%" and rate(np.float64(0.0841)) == "8.41%"
    assert (rate(0.085, 1), rate(0.7, 0), rate(1)) == ("8.5%", "70%", "100.00%")


def test_points_of_a_rate_change_are_signed():
    assert (pp(0.0046), pp(-0.0002), pp(0)) == ("+0.46pp", "-0.02pp", "+0.00pp")


def test_count_is_whole_with_a_thousands_separator():
    assert (count(57901.0), count(57901), count(np.int64(1234)), count(12.5), count(0)) == \
        ("57,901", "57,901", "1,234", "12", "0")


def test_fixed_keeps_its_decimals():
    assert (fixed(85), fixed(74.75, 1), fixed(3, 0), fixed(1.5, 1, sign=True), fixed(1234.5, thousands=True)) == \
        ("85.00", "74.8", "3", "+1.5", "1,234.50")


def test_points_and_hours_in_their_shortest_form():
    assert (points(8.0), points(-0.3), points(74.754), points(-2), points(10)) == ("8", "-0.3", "74.75", "-2", "10")
    assert (hours(3.5), hours(8), hours(0.333)) == ("3.5", "8", "0.33")
    assert (plain(0.333), plain(12.0), plain(np.int64(7)), plain(-0.3)) == ("0.333", "12", "7", "-0.3")
    assert (points(74.75, 1), points(100, 0), points(49.0, 1)) == ("74.8", "100", "49")


def test_fmt_value_as_the_command_line_prints():
    assert (fmt_value(57901.0), fmt_value(7.5), fmt_value(12), fmt_value(0.0841, "rate")) == \
        ("57901", "7.50", "12", "8.41%")
    assert fmt_value(pd.Timestamp("2026-11-25")) == "2026-11-25" and fmt_value("101") == "101"


def test_rate_is_the_percent_format_figure_for_figure():
    for x in np.linspace(-1, 1, 2001):
        assert rate(x) == f"{x:.2%}" and rate(x, 1) == f"{x:.1%}"
        assert points(x * 100, 1) == f"{x * 100:.1f}".rstrip("0").rstrip(".")


def test_column_label_scope_then_shared_then_the_name():
    assert column_label("rate", "zh") == "办理率" and column_label("rate", "en") == "Handle rate"
    assert column_label("group_rate", "zh", "lead") == "本组办理率"
    assert column_label("group_rate", "zh", "review") == "组办理率"
    assert column_label("agents", "zh", "fu") == "辅导坐席数" and column_label("agents", "zh") == "人数"
    assert column_label("agent_id", "en", "duty") == "Agent ID"   # the desk has no name of its own for it
    assert column_label("未知列", "en", "lead") == "未知列"   # a name the catalogue does not know stays
    assert column_label(9, "zh") == 9


def test_labelled_renames_the_known_columns_only():
    df = pd.DataFrame({"agent_id": ["1101"], "group_rate": [0.1], "extra": [1]})
    assert list(labelled(df, "zh", "lead").columns) == ["工号", "本组办理率", "extra"]
    assert list(labelled(df, "en").columns) == ["Agent ID", "group_rate", "extra"]
    assert list(df.columns) == ["agent_id", "group_rate", "extra"]   # the frame itself is left as it was
    assert math.isclose(labelled(df, "zh", "lead")["本组办理率"].iloc[0], 0.1)


def test_the_standard_s_other_kinds():
    from lib.i18n.formats import STANDARD, clock, count_change, day, duration, excel_format, money, pp_text
    assert (money(1234.5), money(-3), money(0)) == ("¥1,234.50", "-¥3.00", "¥0.00")
    assert (pp_text(0.0104, "en"), pp_text(0.0104, "zh"), pp_text(-0.0002, "en")) == ("+1.04pp", "+1.04个百分点", "-0.02pp")
    assert (count_change(1.0), count_change(-1234), count_change(0.2), count_change(2)) == ("+1", "-1,234", "0", "+2")
    # a time of day in its own (the floor's) zone, never the ISO text
    assert clock(pd.Timestamp("2026-11-25T18:30:00+08:00")) == "18:30" and clock("2026-11-25T09:05:00") == "09:05"
    assert (day("2026-11-08 00:00:00"), day(pd.Timestamp("2026-11-25T18:30:00+08:00"))) == ("2026-11-08", "2026-11-25")
    assert (duration(3723), duration(59.6), duration(0), duration(36000)) == ("1:02:03", "0:01:00", "0:00:00", "10:00:00")
    assert {money(None), pp_text(None), count_change(None), clock(pd.NaT), day(None), duration(None)} == {"—"}
    assert set(STANDARD) == {"rate", "pp", "count", "money", "points", "time", "date", "datetime", "duration"}
    assert (excel_format("rate"), excel_format("count"), excel_format("money")) == ("0.00%", "#,##0", '"¥"#,##0.00')
