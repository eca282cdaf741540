"""Sessions in a real browser: sign in, F5, still in; sign out or `users disable`, out at once.
And a configured data folder that is not there: every page says so, no demo, no sign-in."""
from __future__ import annotations

import os
import subprocess
import sys

from lib.people.accounts import add_user, users_path
from tests.conftest import ROOT
from tests.e2e.conftest import _free_port, _wait_up
from tests.e2e.helpers import LEAD, PASSWORD, app_settings, expect, key, open_signed_in, rerun, settled

COOKIE = "teamboard_session"


def _cookie(page):
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def test_a_refresh_keeps_the_session_and_sign_out_ends_it(page, app):
    open_signed_in(page, app.url + "/lead?group=101", LEAD)
    expect(page.get_by_role("heading", name="组长工作台")).to_be_visible()
    c = _cookie(page)
    assert c and c["sameSite"] == "Strict" and c["path"] == "/" and LEAD not in c["value"] and len(c["value"]) >= 40
    page.reload()   # F5: a new Streamlit session, the same browser
    settled(page)
    expect(page.get_by_role("heading", name="组长工作台")).to_be_visible()
    expect(page.locator(key("sidebar_sign_out"))).to_be_visible()
    page.goto(app.url + "/followup")   # a bookmark, typed in: still signed in
    settled(page)
    expect(page.locator(key("sidebar_sign_out"))).to_be_visible()
    with rerun(page):
        page.locator(key("sidebar_sign_out") + " button").click()
    expect(page.locator(key("signin_id"))).to_be_visible()
    page.reload()
    settled(page)
    expect(page.locator(key("signin_id"))).to_be_visible()   # the old cookie opens nothing any more
    assert _cookie(page) is None or _cookie(page)["value"] != c["value"]


def test_users_disable_ends_an_open_session_at_its_next_rerun(page, app):
    users = users_path(app_settings(app))
    try:
        add_user(users, "1101", PASSWORD)
    except Exception:   # a rerun of this test in the same session: the account exists already
        pass
    open_signed_in(page, app.url + "/", "1101")
    p = subprocess.run([sys.executable, "-m", "lib.cli", "users", "disable", "1101"], cwd=ROOT, env=app.env,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    with rerun(page):   # any click reruns the page: the session is checked again and ends
        page.locator(key("sidebar_lang")).get_by_text("English").click()
    expect(page.locator(key("signin_id"))).to_be_visible()
    expect(page.locator(key("sidebar_sign_out"))).to_have_count(0)


def test_a_missing_data_folder_is_one_clear_error_on_every_page(browser, tmp_path):
    config = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    missing = tmp_path / "share-not-mounted"
    text = text.replace('path = ""', f'path = "{missing.as_posix()}"', 1)
    text = text.replace('demo_path = ".teamboard/demo"', f'demo_path = "{(tmp_path / "demo").as_posix()}"', 1)
    config.write_text(text, encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DASHBOARD_CONFIG=str(config))
    with open(tmp_path / "streamlit.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                                 "--server.port", str(port), "--server.headless", "true",
                                 "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_up(url, proc)
            context = browser.new_context(locale="zh-CN")
            page = context.new_page()
            for path in ("/lead?group=101", "/", "/duty_desk", "/wall?embed=true"):
                page.goto(url + path)
                alert = page.locator('[data-testid="stAlert"]').first
                expect(alert).to_be_visible()
                if path.startswith("/wall"):
                    expect(alert).to_contain_text("数据暂时无法读取")
                    assert str(missing) not in page.content()   # no server path on the public wall
                else:
                    expect(alert).to_contain_text(missing.as_posix())
                expect(page.locator(key("signin_id"))).to_have_count(0)   # no sign-in, no demo buttons
                expect(page.get_by_text("演示中心")).to_have_count(0)
            context.close()
            assert not (tmp_path / "demo").exists()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
