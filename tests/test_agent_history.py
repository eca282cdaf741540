"""The agent page's day-by-day history covers the days it names (`[lead] agent_days`), also before the
page's own period (its month and the 14 days before the day): PageContext.history reads the agent's and
their group's rows from the files (lib.floor.cache.span_rows), without a floor of those days."""
from __future__ import annotations

import datetime as dt

import pytest

from bench.center import write_center
from lib.config import settings
from lib.day.agent import agent_days
from lib.floor import cache as floor_mod
from lib.floor.cache import day_period, load_floor
from tests.conftest import ROOT, open_page

TODAY = dt.date(2026, 11, 5)


@pytest.fixture
def small_center(tmp_path, monkeypatch):
    """30 agents, 40 days up to 2026-11-05 (this month's roster only), sign-in off."""
    root = write_center(tmp_path / "floor", TODAY, 40, 8, 8, workers=1, n_agents=30)
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('path = ""', f'path = "{root.as_posix()}"', 1).replace("enabled = true", "enabled = false", 1)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("TEAMBOARD_NOW", "2026-11-05 18:05")
    return root


def test_the_history_reaches_before_the_page_period(small_center):
    cfg = settings()
    assert day_period(TODAY)[0] == dt.date(2026, 10, 22)   # the page's own floor starts here
    agent = str(load_floor(small_center, cfg, day_period(TODAY)).reports["agent_id"].iloc[0])
    whole = agent_days(load_floor(small_center, cfg).reports, agent, TODAY, cfg.lead.agent_days)
    assert whole["date"].min().date() < dt.date(2026, 10, 22) and len(whole) > 15
    at = open_page("pages/agent.py", agent=agent)
    assert not at.exception, [e.value for e in at.exception]
    shown = next(df.value for df in at.dataframe if "本组人均数据量" in df.value.columns and "日期" in df.value.columns)
    assert shown["日期"].astype(str).str[:10].tolist() == [d.date().isoformat() for d in whole["date"]]
    assert shown["本组人均数据量"].astype(float).round(6).tolist() == \
        whole["group_avg_volume"].astype(float).round(6).tolist()   # the group's figures too, before the floor as in it
    assert not [k for k in floor_mod._floors if k[-1] is not None and k[-1][0] < dt.date(2026, 10, 22)]


def test_a_coaching_early_in_a_month_compares_with_the_days_before_it(small_center):
    """The review of October (its own floor: October only) compares an agent coached on 10-02 with
    their rate in the 7 days before (09-25 to 10-01, the center's files start 09-27): the September
    days are read from the files for that agent (lib.floor.cache.span_rows), as a floor of every
    day gives them."""
    from lib.store import open_store
    from streamlit.testing.v1 import AppTest
    cfg = settings()
    whole = load_floor(small_center, cfg).reports
    agent = str(whole["agent_id"].iloc[0])
    group = str(whole.loc[whole["agent_id"] == agent, "group"].iloc[-1])
    mine = whole[whole["agent_id"] == agent]
    before = mine[(mine["date"] >= "2026-09-25") & (mine["date"] <= "2026-10-01")]
    assert sorted(before["date"].dt.day.unique()) == [1, 27, 28, 29, 30]   # four days before October
    open_store(cfg, small_center).append("coaching", [{"日期": "2026-10-02", "工号": agent, "组别": group, "目标": "g",
                                                       "现状": "r", "方案": "o", "行动": "a", "期限": "2026-10-06",
                                                       "状态": "已完成", "关联记录": ""}], submitted_by="9999")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/review.py").run()
    at.selectbox(key="review_month").set_value("2026-10").run()
    assert not at.exception, [e.value for e in at.exception]
    coaching = next(d.value for d in at.dataframe if "辅导次数" in d.value.columns)
    assert float(coaching["辅导前办理率"].iloc[0]) == pytest.approx(before["handled"].sum() / before["volume"].sum())
    assert not [k for k in floor_mod._floors if k[-1] is not None and k[-1][0] < dt.date(2026, 10, 1)]
