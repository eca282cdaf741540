"""The fair ranking bar ([ranking] min_volume_per_hour), by hand on small floors built here.

An agent's bar = max(min_volume, per_hour x hours worked by the time), hours worked = distinct
clock hours with volume (lib.floor.metrics.hours_worked). Ties: rate desc, handled desc, 工号 asc.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from lib.config import ConfigError, settings_from_dict
from lib.day.broadcast import broadcast_text
from lib.day.wall import marked_ranking, ranking_rule, wall_view
from lib.floor.metrics import hours_worked, ranking_at, ranking_bar, rows_until
from lib.floor.schema import conform
from lib.i18n import t
from lib.ui.wall import wall_html
from tests.conftest import make_settings

DAY = "2026-11-25"


def row(agent, hour, volume, handled, group="101"):
    """One hourly report row of DAY, the slot hour:00-hour+1:00."""
    return {"date": DAY, "hour": hour, "end_minute": hour * 60 + 60, "agent_id": agent, "name": f"坐席{agent}",
            "group": group, "row_group": group, "home_group": group, "project": "新华手机报",
            "volume": volume, "handled": handled}


def hours(agent, first, last, volume, handled, group="101"):
    """Rows for the hours first..last, each with the same figures."""
    return [row(agent, h, volume, handled, group) for h in range(first, last + 1)]


# The issue's floor at 17:00 (slots 9..16 ended), bars with min_volume 10 and 10 an hour:
#   1001  8 h x 30 = 240, 3 x 8 = 24   -> 10.00%   bar max(10, 80) = 80: ranked
#   1002  8 h x 30 = 240, 18 (3,3,3,3,2,2,1,1) -> 7.50%, handled 18; bar 80: ranked
#   1005  the same as 1002              -> 7.50%, handled 18: after 1002 by 工号
#   1003  6 h x 10 + 2 h x 8 = 76, 12   -> 15.79%  bar 80 > 76: NOT ranked (first with min_volume alone)
#   1004  from 13:00, 4 h x 30 = 120, 11 -> 9.17%  bar max(10, 40) = 40: ranked on their own hours
#   1006  from 13:00, 4 h x 30 = 120, 9  -> 7.50%, handled 9: after 1002 and 1005 (handled 18)
SPREAD = [3, 3, 3, 3, 2, 2, 1, 1]
ISSUE = conform(pd.DataFrame(
    hours("1001", 9, 16, 30, 3)
    + [row("1002", h, 30, n) for h, n in zip(range(9, 17), SPREAD)]
    + [row("1005", h, 30, n, "102") for h, n in zip(range(9, 17), SPREAD)]
    + hours("1003", 9, 14, 10, 2) + [row("1003", 15, 8, 0), row("1003", 16, 8, 0)]
    + hours("1004", 13, 16, 30, 3)[:3] + [row("1004", 16, 30, 2)]
    + hours("1006", 13, 16, 30, 2)[:3] + [row("1006", 16, 30, 3)]), "reports")


def ranks(frame: pd.DataFrame) -> list[tuple]:
    return [(None if pd.isna(r.rank) else int(r.rank), r.agent_id, int(r.volume), int(r.handled))
            for r in frame.itertuples()]


def test_the_issue_floor_hand_computed():
    fair = ranking_at(ISSUE, DAY, 17 * 60, 10, per_hour=10)
    assert ranks(fair) == [(1, "1001", 240, 24), (2, "1004", 120, 11), (3, "1002", 240, 18),
                           (4, "1005", 240, 18), (5, "1006", 120, 9), (None, "1003", 76, 12)]
    # The rule of today (per_hour 0, the default of the parameter): 76 calls first over 240.
    today = ranking_at(ISSUE, DAY, 17 * 60, 10)
    assert ranks(today)[0] == (1, "1003", 76, 12) and today["rank"].notna().all()
    bars = ranking_bar(ISSUE, DAY, 17 * 60, 10, 10)
    assert bars.to_dict() == {"1001": 80.0, "1002": 80.0, "1005": 80.0, "1003": 80.0, "1004": 40.0, "1006": 40.0}


def test_the_group_ranking_uses_the_same_bar():
    # Group 101 alone: 1005 is 102's; the rest keep their order, ranked 1..n among themselves.
    fair = ranking_at(ISSUE, DAY, 17 * 60, 10, group="101", per_hour=10)
    assert ranks(fair) == [(1, "1001", 240, 24), (2, "1004", 120, 11), (3, "1002", 240, 18),
                           (4, "1006", 120, 9), (None, "1003", 76, 12)]


# A late starter before and after reaching their bar (min_volume 10, 10 an hour):
#   3001 from 10:00: 10-11 8/2, 11-12 25/3.
#     at 11:00: 1 hour, volume 8  < bar max(10, 10) = 10 -> unranked
#     at 12:00: 2 hours, volume 33 >= bar max(10, 20) = 20 -> ranked, 5/33 = 15.15%
#   3002 from 9:00, 3 x 30 = 90, 9 handled: 10.00%; bar at 11:00 max(10, 20) = 20, at 12:00 30: ranked
#   3003 9-10 0/0 (logged in, no calls), 10-11 12/1, 11-12 6/1:
#     at 11:00: hours worked 1 (the hour without volume is not worked), bar 10 <= 12 -> ranked, 8.33%
#     at 12:00: 2 hours, bar 20 > 18 -> unranked
LATE = conform(pd.DataFrame(
    [row("3001", 10, 8, 2), row("3001", 11, 25, 3)] + hours("3002", 9, 11, 30, 3)
    + [row("3003", 9, 0, 0), row("3003", 10, 12, 1), row("3003", 11, 6, 1)]), "reports")


def test_a_late_starter_is_ranked_once_they_reach_the_bar_for_their_hours():
    assert hours_worked(rows_until(LATE, DAY, 11 * 60)).to_dict() == {"3001": 1, "3002": 2, "3003": 1}
    at_11 = ranking_at(LATE, DAY, 11 * 60, 10, per_hour=10)
    assert ranks(at_11) == [(1, "3002", 60, 6), (2, "3003", 12, 1), (None, "3001", 8, 2)]
    at_12 = ranking_at(LATE, DAY, 12 * 60, 10, per_hour=10)
    assert ranks(at_12) == [(1, "3001", 33, 5), (2, "3002", 90, 9), (None, "3003", 18, 2)]
    assert at_12.loc[0, "rate"] == pytest.approx(5 / 33)


def test_the_setting_reaches_the_wall_and_the_broadcast():
    cfg = make_settings(ranking={"min_volume": 10, "min_volume_per_hour": 10})
    assert cfg.ranking.min_volume_per_hour == 10.0
    wall = marked_ranking(ISSUE, DAY, 17 * 60, cfg.min_volume, 0.7, per_hour=cfg.ranking.min_volume_per_hour)
    assert ranks(wall) == ranks(ranking_at(ISSUE, DAY, 17 * 60, 10, per_hour=10))
    key, values = ranking_rule(cfg.min_volume, cfg.ranking.min_volume_per_hour)
    assert t(key, "zh", **values) == "数据量不足10或每工作小时不足10不排名"
    key, values = ranking_rule(10, 0)
    assert t(key, "zh", **values) == "数据量不足10不排名"   # 0: today's words
    now = dt.datetime(2026, 11, 25, 17, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    view = wall_view(ISSUE, None, cfg, now.date(), 17 * 60, now, live=False)
    assert view.rank_rule == ("wall.unranked_hourly", {"min": "10", "per_hour": "10"})
    assert ranks(view.ranking) == ranks(wall)[:cfg.wall.rows_per_page]
    assert "数据量不足10或每工作小时不足10不排名" in wall_html(view, "zh", cfg)   # the legend the wall draws
    text = broadcast_text(ISSUE, DAY, 17 * 60, cfg)
    assert text.splitlines()[-1] == "未排名（数据量需至少10，且每工作1小时至少10）：1003 坐席1003（数据量76/需80）"
    # 0 keeps min_volume alone: 1003 is ranked first and there is no unranked line.
    plain = broadcast_text(ISSUE, DAY, 17 * 60, make_settings(ranking={"min_volume_per_hour": 0}))
    assert "1. 1003 坐席1003 数据量76 办理量12 办理率15.79%" in plain.splitlines() and "未排名" not in plain


def test_a_negative_bar_is_refused():
    with pytest.raises(ConfigError, match="min_volume_per_hour"):
        settings_from_dict({"ranking": {"min_volume_per_hour": -1}}, Path("."))
