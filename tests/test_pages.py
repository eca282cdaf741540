"""AppTest: every page runs without an exception on the demo center at a fixed time."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = ["pages/data_health.py"]


def app(demo_config, **query):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def test_home_summarises_the_floor(demo_config):
    at = app(demo_config).run()
    assert not at.exception
    assert at.title[0].value.startswith("今日概况 · 2026-11-25")
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["排班上岗"]) > 40 and metrics["办理率"].endswith("%")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(demo_config, page):
    at = app(demo_config).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]


def test_data_health_lists_every_file_and_no_problem_on_the_demo(demo_config):
    at = app(demo_config).run()
    at.switch_page("pages/data_health.py").run()
    files = at.dataframe[0].value
    assert len(files) == 27   # roster, project list, 25 daily reports (1..25 November)
    assert at.success and not at.exception


def test_english_on_request(demo_config):
    at = app(demo_config, lang="en").run()
    assert at.title[0].value.startswith("Today on the floor")


def test_past_day_by_query(demo_config):
    at = app(demo_config, date="2026-11-20").run()
    assert at.title[0].value.endswith("2026-11-20")
