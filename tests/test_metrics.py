"""Hand-computed checks of lib.metrics; every expectation is a literal with its arithmetic."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.floor.metrics import (AVERAGES_COLUMNS, RANKING_COLUMNS, center_totals, daily_by_group, group_averages, group_standings, handle_rate, hourly_by_agent, minute_of, month_by_agent, month_by_group, ranking_at, rows_until)
from lib.floor.schema import conform, empty

DAY = "2026-11-25"


def row(agent, hour, volume, handled, group="101", *, name=None, day=DAY, end=None,
        project="新华手机报", home=None, connected=None, sales=None):
    """One hourly report row; the slot ends an hour after it starts unless `end` says otherwise."""
    return {"date": day, "hour": hour, "end_minute": end if end is not None else hour * 60 + 60,
            "agent_id": agent, "name": f"坐席{agent}" if name is None else name, "group": group,
            "row_group": group, "home_group": home or group, "project": project,
            "volume": volume, "handled": handled, "connected": connected, "sales": sales}


def reports(*rows):
    return conform(pd.DataFrame(list(rows)), "reports")


def test_minute_of():
    assert minute_of("11:00") == 660  # 11*60
    assert minute_of("9:30") == 570   # 9*60+30


def test_handle_rate_scalar_and_series():
    assert handle_rate(3, 30) == pytest.approx(0.1)  # 3/30
    assert math.isnan(handle_rate(5, 0))
    assert math.isnan(handle_rate(0, float("nan")))
    s = handle_rate(pd.Series([1.0, 2.0, 3.0]), pd.Series([10.0, 0.0, float("nan")]))
    assert s.iloc[0] == pytest.approx(0.1)  # 1/10
    assert s.iloc[1:].isna().all()


def test_rate_is_ratio_of_sums_not_mean_of_ratios():
    r = reports(row("1001", 9, 100, 12), row("1001", 10, 50, 3))
    out = ranking_at(r, DAY, 660, 10)
    # (12+3)/(100+50) = 0.1, whereas the mean of ratios (0.12+0.06)/2 = 0.09
    assert out.loc[0, "rate"] == pytest.approx(0.1)
    assert out.loc[0, "volume"] == 150 and out.loc[0, "handled"] == 15


def test_ranking_ties_and_unranked():
    r = reports(
        row("1003", 9, 40, 4),    # 4/40 = 0.1, handled 4
        row("1002", 9, 20, 2),    # 2/20 = 0.1, handled 2
        row("1001", 9, 20, 2),    # 2/20 = 0.1, handled 2 -> before 1002 by id
        row("1004", 9, 10, 5),    # 5/10 = 0.5, volume exactly at the minimum: ranked
        row("1006", 9, 9, 9),     # 9/9 = 1.0 but 9 < 10: unranked
        row("1005", 9, 0, 0),     # no volume: no rate, unranked
        row("999", 9, 5, 1),      # unranked; numeric ids sort by value, 999 before 1005
    )
    out = ranking_at(r, DAY, 660, 10)
    assert list(out.columns[:7]) == RANKING_COLUMNS[:7]
    assert out["agent_id"].tolist() == ["1004", "1003", "1001", "1002", "999", "1005", "1006"]
    assert str(out["rank"].dtype) == "Int64"
    assert out["rank"].iloc[:4].tolist() == [1, 2, 3, 4]
    assert out["rank"].iloc[4:].isna().all()
    assert math.isnan(out.set_index("agent_id").loc["1005", "rate"])


def test_at_time_cut():
    r = reports(
        row("1001", 10, 30, 3),            # 10:00-11:00 ends at 660: counts at 11:00
        row("1001", 10, 40, 4, end=690),   # 10:30-11:30 ends at 690: does not
        row("1001", 11, 50, 5),            # 11:00-12:00: does not
        row("1001", 9, 70, 7, day="2026-11-24"),  # another day
    )
    assert len(rows_until(r, DAY, 660)) == 1
    out = ranking_at(r, pd.Timestamp(DAY).date(), 660, 10)
    assert out.loc[0, "volume"] == 30
    assert ranking_at(r, DAY, 659, 10).empty   # nothing had ended by 10:59
    assert ranking_at(r, DAY, 690, 10).loc[0, "volume"] == 70  # 30+40


def test_group_filter_and_substitute():
    r = reports(
        row("1001", 9, 100, 10, "101"),
        row("1002", 9, 100, 20, "101"),
        row("2001", 9, 100, 30, "102"),
        # 1003 belongs to 101 and worked for 102 from 10:00: their latest group is 102
        row("1003", 9, 50, 5, "101"),
        row("1003", 10, 50, 15, "102", home="101"),
    )
    all_ = ranking_at(r, DAY, 660, 10).set_index("agent_id")
    assert all_.loc["1003", "group"] == "102"
    assert all_.loc["1003", "rate"] == pytest.approx(0.2)  # (5+15)/(50+50)
    g102 = ranking_at(r, DAY, 660, 10, group="102")
    assert g102["agent_id"].tolist() == ["2001", "1003"]  # 30/100 = 0.3 > 0.2
    assert g102["rank"].tolist() == [1, 2]
    g101 = ranking_at(r, DAY, 660, 10, group="101")
    assert g101["agent_id"].tolist() == ["1002", "1001"]
    assert g101["rank"].tolist() == [1, 2]
    # at 10:00 the substitute had only worked for 101
    assert ranking_at(r, DAY, 600, 10).set_index("agent_id").loc["1003", "group"] == "101"

    st = group_standings(r, DAY, 660).set_index("group")
    # figures go to the group each row was worked for
    assert st.loc["101", "volume"] == 250   # 100+100+50
    assert st.loc["101", "rate"] == pytest.approx(0.14)  # (10+20+5)/250
    assert st.loc["102", "volume"] == 150   # 100+50
    assert st.loc["102", "rate"] == pytest.approx(0.3)   # (30+15)/150
    assert st.loc["101", "agents"] == 3 and st.loc["102", "agents"] == 2
    assert group_standings(r, DAY, 660)["group"].tolist() == ["102", "101"]


def test_name_is_first_non_empty():
    r = reports(row("1001", 9, 10, 1, name=""), row("1001", 10, 10, 1, name="张三"))
    assert ranking_at(r, DAY, 660, 10).loc[0, "name"] == "张三"


def test_group_averages_morning_and_day():
    r = reports(
        row("1001", 9, 40, 4, "101"),
        row("1001", 11, 20, 2, "101"),   # ends 12:00: morning
        row("1001", 14, 30, 6, "101"),
        row("1002", 9, 0, 0, "101"),     # rows but no volume: not one of the agents
        row("1003", 13, 10, 1, "101"),   # afternoon only
        row("2001", 9, 50, 10, "102"),
    )
    m = group_averages(r, DAY, "morning", 720)
    assert list(m.columns) == AVERAGES_COLUMNS
    assert m["group"].tolist() == ["101", "102"]
    a = m.set_index("group").loc["101"]
    assert a["agents"] == 1                         # only 1001 had volume by 12:00
    assert a["volume"] == 60 and a["handled"] == 6  # 40+20, 4+2
    assert a["rate"] == pytest.approx(0.1)          # 6/60
    assert a["avg_volume"] == 60 and a["avg_handled"] == 6  # 60/1, 6/1
    d = group_averages(r, DAY, "day", 720).set_index("group").loc["101"]
    assert d["agents"] == 2                         # 1001 and 1003; 1002 had no volume
    assert d["volume"] == 100                       # 40+20+30+10
    assert d["rate"] == pytest.approx(0.13)         # (4+2+6+1)/100
    assert d["avg_volume"] == 50                    # 100/2
    assert d["avg_handled"] == pytest.approx(6.5)   # 13/2
    with pytest.raises(ValueError):
        group_averages(r, DAY, "evening", 720)


def test_center_totals():
    r = reports(row("1001", 9, 40, 4), row("1002", 9, 0, 0), row("2001", 9, 60, 16, "102"))
    c = center_totals(r, DAY, 660)
    assert c["agents"] == 2                    # 1002 had no volume
    assert c["volume"] == 100                  # 40+60
    assert c["rate"] == pytest.approx(0.2)     # (4+16)/100
    assert c["avg_volume"] == 50               # 100/2
    assert math.isnan(center_totals(r, DAY, 500)["rate"])


def _month():
    return reports(
        row("1001", 9, 100, 10, "101", day="2026-11-02", connected=40, sales=200),
        row("1002", 9, 50, 10, "101", day="2026-11-02"),
        row("1001", 9, 100, 5, "101", day="2026-11-03", connected=60, sales=100),
        row("2001", 9, 80, 20, "102", day="2026-11-02"),
        row("1002", 9, 30, 3, "102", day="2026-11-03", home="101"),   # substitute
        row("2001", 9, 999, 999, "102", day="2026-12-01"),           # another month
    )


def test_month_by_group():
    out = month_by_group(_month(), "2026-11")
    assert out["group"].tolist() == ["102", "101"]   # 23/110 = 0.209 > 25/250 = 0.1
    g = out.set_index("group")
    assert g.loc["101", "volume"] == 250             # 100+50+100
    assert g.loc["101", "rate"] == pytest.approx(0.1)  # (10+10+5)/250
    assert g.loc["101", "connected"] == 100          # 40+60
    assert g.loc["101", "connect_rate"] == pytest.approx(0.5)  # 100/(100+100), rows giving connected
    assert g.loc["101", "sales"] == 300              # 200+100
    assert g.loc["101", "agents"] == 2 and g.loc["101", "days"] == 2
    assert g.loc["101", "avg_volume_per_agent_day"] == pytest.approx(83.333333)  # 250/3 agent-days
    assert g.loc["102", "rate"] == pytest.approx(0.2090909)  # (20+3)/(80+30)
    assert math.isnan(g.loc["102", "connect_rate"]) and math.isnan(g.loc["102", "sales"])
    assert g.loc["102", "agents"] == 2               # 2001 and the substitute 1002
    assert g.loc["102", "avg_volume_per_agent_day"] == 55  # 110/2
    assert month_by_group(_month(), "2026-10").empty


def test_month_by_agent():
    out = month_by_agent(_month(), "2026-11")
    # 20/80 = 0.25 ; (10+3)/(50+30) = 0.1625 ; (10+5)/(100+100) = 0.075
    assert out["agent_id"].tolist() == ["2001", "1002", "1001"]
    a = out.set_index("agent_id")
    assert a.loc["1002", "group"] == "101"   # 50 in 101 against 30 in 102
    assert a.loc["1002", "volume"] == 80 and a.loc["1002", "days"] == 2
    assert a.loc["1001", "connect_rate"] == pytest.approx(0.5)  # (40+60)/(100+100)
    assert a.loc["1001", "sales"] == 300
    assert a.loc["2001", "days"] == 1        # the December day is not counted
    assert a.loc["1001", "name"] == "坐席1001"


def test_daily_by_group():
    out = daily_by_group(_month(), "2026-11")
    assert out["group"].tolist() == ["101", "102", "101", "102"]
    assert out["date"].dt.day.tolist() == [2, 2, 3, 3]
    assert out["volume"].tolist() == [150, 80, 100, 30]      # 100+50 ; 80 ; 100 ; 30
    assert out["rate"].tolist() == pytest.approx([20 / 150, 0.25, 0.05, 0.1])  # 20/150, 20/80, 5/100, 3/30


def test_hourly_by_agent():
    r = reports(
        row("1001", 9, 30, 3, project="新华手机报"),
        row("1001", 9, 10, 3, project="移动宽带"),   # two projects in one slot: summed
        row("1001", 10, 20, 1),
        row("1003", 10, 40, 8, "102", home="101"),   # substitute for 102
    )
    out = hourly_by_agent(r, DAY)
    assert out[["agent_id", "hour"]].values.tolist() == [["1001", 9], ["1001", 10], ["1003", 10]]
    assert out.loc[0, "volume"] == 40 and out.loc[0, "rate"] == pytest.approx(0.15)  # 6/40
    g102 = hourly_by_agent(r, DAY, group="102")
    assert g102["agent_id"].tolist() == ["1003"]
    assert g102.loc[0, "rate"] == pytest.approx(0.2)  # 8/40


def test_empty_frames_keep_their_shape():
    r = empty("reports")
    assert list(ranking_at(r, DAY, 660, 10).columns) == RANKING_COLUMNS
    assert list(group_averages(r, DAY, "day", 720).columns) == AVERAGES_COLUMNS
    assert group_standings(r, DAY, 660).empty
    assert month_by_group(r, "2026-11").empty and month_by_agent(r, "2026-11").empty
    assert daily_by_group(r, "2026-11").empty and hourly_by_agent(r, DAY).empty
    assert center_totals(r, DAY)["agents"] == 0
