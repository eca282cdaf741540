"""A lead typing another group's URL in a real browser is refused and sees nothing of that group."""
from __future__ import annotations

import re

from lib.demo.center import AGENT, build_roster
from tests.e2e.helpers import DAY, LEAD, choose, expect, main_text, open_signed_in, shot

OTHER = "102"
OTHER_AGENT = "1201"
OWN_AGENT = "1104"     # an agent of 101, working on 2026-11-25


def other_agents() -> dict[str, str]:
    """工号 → name of the agents of group 102 on the demo roster."""
    return {p.agent_id: p.name for p in build_roster(DAY.year, DAY.month) if p.group == OTHER and p.role == AGENT}


def page_source_text(page) -> str:
    """All text in the main area, hidden tabs and the tables' cells included."""
    return page.locator('[data-testid="stMain"]').text_content()


def test_a_lead_asking_for_another_groups_workbench_gets_only_their_own(page, app):
    open_signed_in(page, app.url + f"/lead?group={OTHER}", LEAD)
    expect(page.get_by_text(f"无权查看或填写 {OTHER} 组。")).to_be_visible()
    expect(page.get_by_text("101组 · 2026-11-25 · 截至 11:05")).to_be_visible()
    shot(page, "rights-1100-lead-group-102.png")
    text = page_source_text(page)
    # an id as a word of its own (record ids such as 20261125-1210ab9f are not agents)
    seen = [f"{a} {n}" for a, n in other_agents().items()
            if re.search(f"(?<![0-9A-Za-z]){a}(?![0-9A-Za-z])", text) or n in text]
    assert not seen, seen
    assert OTHER_AGENT in other_agents()


def test_a_lead_asking_for_an_agent_of_another_group_is_refused(page, app):
    open_signed_in(page, app.url + f"/agent?agent={OTHER_AGENT}", LEAD)
    expect(page.get_by_text(f"无权查看坐席 {OTHER_AGENT}。")).to_be_visible()
    shot(page, "rights-1100-agent-1201.png")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    expect(main.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)
    expect(main.locator('[data-testid="stMetric"]')).to_have_count(0)
    assert "102组" not in main_text(page)

    # the same lead picking an agent of their own group sees the agent's day
    choose(page, "agent_pick", OWN_AGENT)
    expect(page.get_by_text(re.compile(f"^{OWN_AGENT} .+ · 101组 · 2026-11-25$"))).to_be_visible()
    expect(main.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
    expect(page.get_by_text("无权查看坐席")).to_have_count(0)
    shot(page, f"agent-1100-{OWN_AGENT}.png")
