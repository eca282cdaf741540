"""Each role on each page, signed in through the session (the form itself is tested elsewhere)."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

REFUSED = "你没有查看或修改这部分内容的权限。"
# On 2026-11-25 in the demo: 0801 manager, 0802 director, 0803 senior lead, 1200 lead of 102 and the
# day's duty lead, 1100 lead of 101, 1101 agent of 101.
ROLES = ["0801", "0802", "0803", "1200", "1100", "1101"]
OPENS = {
    "pages/duty_desk.py": {"0801", "0802", "1200"},
    "pages/lead.py": {"0801", "0802", "0803", "1200", "1100"},
    "pages/data_health.py": {"0801", "0802", "0803", "1200", "1100"},
    "pages/followup.py": {"0801", "0802", "0803", "1200", "1100"},
    "pages/agent.py": set(ROLES),
    "pages/wall.py": set(ROLES),
}


@pytest.fixture
def signed(demo_config):
    text = demo_config.read_text(encoding="utf-8").replace("enabled = false", "enabled = true", 1)
    demo_config.write_text(text, encoding="utf-8")

    def run(uid, page, **query):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.session_state["auth_user"] = uid
        at.session_state["auth_seen"] = dt.datetime(2026, 11, 25, 11, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        if page != "dashboard.py":
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return run


@pytest.mark.parametrize("page", sorted(OPENS))
@pytest.mark.parametrize("uid", ROLES)
def test_who_may_open_which_page(signed, page, uid):
    if not (ROOT / page).exists():
        pytest.skip(f"{page} not built")
    at = signed(uid, page)
    refused = any(e.value == REFUSED for e in at.error)
    assert refused == (uid not in OPENS[page]), (uid, page)
    if refused:   # a refusal shows nothing of the page: no table, no chart, no form
        assert not at.dataframe and not at.get("plotly_chart") and not at.text_input


def test_a_lead_forging_another_groups_url_sees_nothing_of_it(signed):
    at = signed("1100", "pages/lead.py", group="102")
    frames = [d.value for d in at.dataframe]
    assert all("102" not in set(f.get("组别", [])) for f in frames)
    assert at.error or at.warning


def test_a_lead_cannot_open_an_agent_of_another_group(signed):
    at = signed("1100", "pages/agent.py", agent="1201")
    assert not at.dataframe and (at.error or at.warning)


def test_an_agent_sees_only_the_rating_form_on_the_review(signed):
    at = signed("1101", "pages/review.py")
    assert at.warning                          # the review itself is refused ...
    assert not at.dataframe and not at.get("plotly_chart") and not at.tabs
    assert at.get("form") or at.number_input  # ... and the employee's rating form is offered
