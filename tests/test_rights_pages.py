"""Each page's own rights check, signed in through the session (the form itself is tested elsewhere).

Which pages a role is routed at all is tests/test_nav.py. Here a person is on a page they may open
and asks, by URL or by picking, for more than they may see: the test looks at everything the run drew
(texts, tables' cells, metrics, choices, charts, html) and asserts that nothing of the others' agents
is there (no 工号, no name), not merely that a refusal shows. Take a page's check away (page_group in
the workbench, require_agent on the agent page, require_review on the review) and these fail.

On 2026-11-25 in the demo: 0801 manager, 0802 director, 0803 senior lead, 1200 lead of 102 and the
day's duty lead, 1100 lead of 101, 1101 agent of 101.
"""
import re

import pytest

from lib.demo.center import AGENT, build_roster
from tests.conftest import failures, open_page

ROSTER = [p for p in build_roster(2026, 11) if p.role == AGENT]


def agents(keep=lambda p: False) -> dict[str, str]:
    """工号 → name of the demo's agents, but those `keep` says the person may see."""
    return {p.agent_id: p.name for p in ROSTER if not keep(p)}


def drawn(at) -> str:
    """Everything a run drew but its refusals (which name what was asked for)."""
    parts = [str(x.value) for kind in ("title", "header", "subheader", "caption", "markdown", "info", "success",
                                       "code", "text") for x in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [d.value.to_string() for d in at.dataframe] + [str(x.value) for x in at.get("table")]
    for kind in ("selectbox", "multiselect", "radio"):
        parts += [str(o) for box in at.get(kind) for o in box.options]
    parts += [h.proto.body for h in at.get("html")] + [c.proto.spec for c in at.get("plotly_chart")]
    return "\n".join(parts)


def seen(at, others: dict[str, str]) -> list[str]:
    """The agents of `others` the run shows: a 工号 as a word of its own, or a name as one."""
    text = drawn(at)
    return [f"{a} {n}" for a, n in others.items()
            if re.search(f"(?<![0-9A-Za-z]){a}(?![0-9A-Za-z])", text)
            or re.search(f"(?<![\u4e00-\u9fff]){re.escape(n)}(?![\u4e00-\u9fff])", text)]


@pytest.fixture
def signed(auth_demo):
    def run(uid, page, **query):
        return open_page(page, user=uid, **query)
    return run


def not_101(p):
    return p.group == "101"


@pytest.mark.parametrize("page, query", [
    ("pages/lead.py", {}),
    ("pages/lead.py", {"group": "102"}),         # another group's URL
    ("pages/followup.py", {}),
    ("pages/followup.py", {"group": "102"}),
    ("pages/agent.py", {}),
    ("pages/agent.py", {"agent": "1201"}),       # an agent of 102
])
def test_a_lead_sees_no_agent_of_another_group(signed, page, query):
    at = signed("1100", page, **query)
    assert drawn(at)                                       # the page drew something of its own ...
    assert not seen(at, agents(keep=not_101)), (page, query)   # ... and nothing of 102..106's agents
    if query:
        assert at.error or at.warning                     # and said no to what was asked


def test_a_lead_forging_another_groups_url_gets_their_own_group(signed):
    at = signed("1100", "pages/lead.py", group="102")
    assert at.caption[0].value.startswith("101组")
    assert seen(at, agents(keep=lambda p: p.group != "101"))   # their own agents are there


@pytest.mark.parametrize("query", [{}, {"agent": "1102"}, {"agent": "1201"}])
def test_an_agent_sees_only_their_own_record(signed, query):
    at = signed("1101", "pages/agent.py", **query)
    assert seen(at, agents(keep=lambda p: p.agent_id != "1101")) == ["1101 " + agents()["1101"]]
    assert not seen(at, agents(keep=lambda p: p.agent_id == "1101")), query


def test_an_agent_sees_only_the_rating_form_on_the_review(signed):
    at = signed("1101", "pages/review.py")
    assert not seen(at, agents(keep=lambda p: p.agent_id == "1101")), "the month's figures of agents"
    assert not at.dataframe and not at.get("plotly_chart") and not at.tabs
    assert at.get("form") or at.number_input              # the employee's rating of the senior lead


@pytest.mark.parametrize("uid", ["0801", "0802", "0803", "1200"])
def test_those_who_see_every_group_see_another_groups_workbench(signed, uid):
    at = signed(uid, "pages/lead.py", group="102")
    assert at.caption[0].value.startswith("102组") and not failures(at)   # (102's late items are not a failure)
    assert seen(at, agents(keep=lambda p: p.group != "102"))


def test_the_duty_desk_shows_the_duty_lead_every_group(signed):
    at = signed("1200", "pages/duty_desk.py")
    assert {a[:3] for a in (s.split()[0] for s in seen(at, agents()))} >= {"110", "120", "130"}
