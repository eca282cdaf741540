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


def test_a_failing_page_shows_an_error_box_with_a_reference_and_logs_it(demo_config, monkeypatch, caplog):
    """No traceback for users: the frame's own box, the same reference in the server's log."""
    import lib.ui.lead as lead_ui
    monkeypatch.delenv("TEAMBOARD_DEBUG")
    monkeypatch.setattr(lead_ui, "morning", lambda *a, **k: 1 / 0)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/lead.py").run()
    assert not at.exception
    [box] = [e.value for e in at.error if "编号 " in e.value]   # (the day's red items above are boxes too)
    ref = box.split("编号 ")[1].split("）")[0]
    assert len(ref) == 8 and "ZeroDivisionError" not in box
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_a_configured_folder_that_cannot_be_read_is_an_error_never_the_demo(tmp_path, monkeypatch, state):
    """An unmounted share on a Monday: every page says so, naming the folder; no demo, no demo sign-in."""
    import subprocess
    import sys
    folder = tmp_path / "share"
    if state == "empty":
        folder.mkdir()
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace('path = ""', f'path = "{folder.as_posix()}"', 1)
    text = text.replace('demo_path = ".teamboard/demo"', f'demo_path = "{(tmp_path / "demo").as_posix()}"', 1)
    (tmp_path / "c.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "c.toml"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    [box] = [e.value for e in at.error]
    assert folder.as_posix() in box.replace("\\", "")   # the folder named, as typed (escaped markdown)
    assert not at.button and not at.text_input and not at.dataframe   # no sign-in, no demo buttons, nothing
    assert not (tmp_path / "demo").exists()                           # and no demo written
    p = subprocess.run([sys.executable, "-m", "lib.cli", "ranking", "--date", "2026-11-25", "--at", "11:00"],
                       cwd=ROOT, capture_output=True, text=True, env={**__import__("os").environ})
    assert p.returncode == 2 and folder.as_posix() in p.stderr and not p.stdout
