"""The agent page's day-by-day history covers the days it names (`[lead] agent_days`), also before the
page's own period (its month and the 14 days before the month began): PageContext.history_floor loads them."""
from __future__ import annotations

import datetime as dt

import pytest

from bench.center import write_center
from lib.config import settings
from lib.day.agent import agent_days
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
    assert day_period(TODAY)[0] == dt.date(2026, 10, 18)   # the page's own floor starts here
    agent = str(load_floor(small_center, cfg, day_period(TODAY)).reports["agent_id"].iloc[0])
    whole = agent_days(load_floor(small_center, cfg).reports, agent, TODAY, cfg.lead.agent_days)
    assert whole["date"].min().date() < dt.date(2026, 10, 18) and len(whole) > 18
    at = open_page("pages/agent.py", agent=agent)
    assert not at.exception, [e.value for e in at.exception]
    shown = next(df.value for df in at.dataframe if "本组人均数据量" in df.value.columns and "日期" in df.value.columns)
    assert shown["日期"].astype(str).str[:10].tolist() == [d.date().isoformat() for d in whole["date"]]
