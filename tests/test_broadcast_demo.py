"""The 11:00 broadcast of the demo center: group standings first, the top and the last agents, and
every part within the robot's limit ([broadcast] max_message_bytes), split between lines in order."""
from __future__ import annotations

import datetime as dt

import pytest

from lib.day.broadcast import broadcast_text, listed_ranks
from lib.floor.cache import load_floor
from lib.floor.metrics import group_standings, ranking_at
from lib.i18n.formats import fmt_value
from lib.out.webhook import text_parts
from tests.conftest import make_settings

DAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo(demo_dir):
    cfg = make_settings()
    return cfg, load_floor(demo_dir, cfg)


def test_listed_ranks():
    assert listed_ranks(48, 10, 5) == (10, 5)    # ranks 1-10 and 44-48
    assert listed_ranks(15, 10, 5) == (15, 0)    # 10 + 5 cover all 15: everyone, no gap
    assert listed_ranks(48, 0, 5) == (48, 0)     # top_n 0: everyone
    assert listed_ranks(48, 10, 0) == (10, 0)    # the top 10 alone
    assert listed_ranks(0, 10, 5) == (0, 0)


def test_the_demo_1100_broadcast_fits_one_message_with_the_groups_first(demo):
    cfg, floor = demo
    text = broadcast_text(floor.reports, DAY, 11 * 60, cfg)
    lines = text.split("\n")
    limit = cfg.broadcast.max_message_bytes
    assert limit == 2048 and (cfg.broadcast.top_n, cfg.broadcast.bottom_n) == (10, 5)
    parts = text_parts(text, limit)
    assert parts == [text] and len(text.encode("utf-8")) <= limit   # was 3,130 bytes in 50 lines
    assert lines[:3] == ["【11:00 排名播报】2026-11-25", lines[1], "【各组排名】"] and lines[1].startswith("全中心 ")
    standings = group_standings(floor.reports, DAY, 11 * 60)
    assert len(standings) == 6
    groups = lines[3:3 + len(standings)]
    assert groups == [f"{i}. {g.group}组 办理率{fmt_value(g.rate, 'rate')} 办理量{fmt_value(g.handled)} 数据量{fmt_value(g.volume)}"
                      for i, g in enumerate(standings.itertuples(), start=1)]
    assert groups[0] == "1. 103组 办理率8.73% 办理量46 数据量527"   # 46/527 = 8.73%, the best group
    ranked = ranking_at(floor.reports, DAY, 11 * 60, cfg.min_volume, per_hour=cfg.ranking.min_volume_per_hour)
    n = int(ranked["rank"].notna().sum())
    assert n == 48
    rest = lines[3 + len(standings):]
    assert rest[0] == "【坐席排名】48人排名，列出前10名和后5名"
    shown = [int(x.split(".")[0]) for x in rest[1:] if x[0].isdigit()]
    assert shown == list(range(1, 11)) + list(range(44, 49))   # the best 10, then 44..48
    assert rest[11] == "……第11至43名（33人）略"
    first = ranked.iloc[0]
    assert rest[1] == (f"1. {first.agent_id} {first['name']} 数据量{fmt_value(first.volume)} "
                       f"办理量{fmt_value(first.handled)} 办理率{fmt_value(first.rate, 'rate')}")
    assert rest[1] == "1. 1309 邹艳华 数据量62 办理量7 办理率11.29%"   # 7/62 = 11.29%
    assert len(rest) == 1 + 10 + 1 + 5   # no one unranked at 11:00: every demo agent has 54+ calls in 2 hours


def test_everyone_in_parts_in_order_within_a_small_limit(demo):
    cfg, floor = demo
    small = make_settings(broadcast={"top_n": 0, "max_message_bytes": 512})
    text = broadcast_text(floor.reports, DAY, 11 * 60, small)
    lines = text.split("\n")
    assert len([x for x in lines if x[:1].isdigit()]) == 6 + 48   # every group, every agent
    parts = text_parts(text, 512)
    assert len(parts) >= 5 and all(len(p.encode("utf-8")) <= 512 for p in parts)
    assert [x for p in parts for x in p.split("\n")] == lines   # in order, no line cut
    assert parts[0].split("\n")[2] == "【各组排名】"


def test_the_top_alone(demo):
    cfg, floor = demo
    text = broadcast_text(floor.reports, DAY, 11 * 60, make_settings(broadcast={"top_n": 3, "bottom_n": 0}))
    agents = text.split("\n")[9:]   # head, center, 【各组排名】 and 6 groups before
    assert agents[0] == "【坐席排名】48人排名，列出前3名" and agents[4] == "……第4至48名（45人）略" and len(agents) == 5


def test_a_long_unranked_list_goes_on_in_lines_that_each_fit(demo):
    cfg, floor = demo
    # A bar no one reaches: all 48 are unranked, the list is longer than one 512-byte message.
    high = make_settings(ranking={"min_volume": 1000, "min_volume_per_hour": 5}, broadcast={"max_message_bytes": 512})
    text = broadcast_text(floor.reports, DAY, 11 * 60, high)
    lines = text.split("\n")
    unranked = lines[lines.index("6. 101组 办理率5.21% 办理量34 数据量652") + 1:]
    assert unranked[0].startswith("未排名（数据量需至少1000，且每工作1小时至少5）：")
    assert len(unranked) > 1 and all(len(x.encode("utf-8")) <= 512 for x in unranked)
    items = "、".join(unranked).split("：", 1)[1].split("、")
    assert len(items) == 48 and items[0] == "1102 张雪（数据量72/需1000）"   # 工号 order, the bar of 1000 (above 5 x 2 hours)
    parts = text_parts(text, 512)
    assert [x for p in parts for x in p.split("\n")] == lines and all(len(p.encode("utf-8")) <= 512 for p in parts)


def test_the_robot_never_gets_a_whole_number(monkeypatch):
    # Whatever a caller passes, the one door to the chat masks it (lib/out/webhook.post_text).
    import lib.out.webhook as webhook
    sent: list[str] = []
    monkeypatch.setattr(webhook, "_post_once", lambda url, content, timeout, *robot: sent.append(content) or ("", ""))
    r = webhook.post_text("http://robot.invalid", "回拨 13812345678\n1309 邹艳华 2026-11-25 11:00", sleep=lambda s: None)
    assert r.ok and sent == ["回拨 138****5678\n1309 邹艳华 2026-11-25 11:00"]
