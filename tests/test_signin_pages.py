"""Sign-in through the pages: the form, wrong passwords, the menu a person gets, sign-out."""
import pytest
from streamlit.testing.v1 import AppTest

from lib.people import accounts
from tests.conftest import ROOT, menu, open_url


@pytest.fixture
def auth_config(demo_config, tmp_path, monkeypatch):
    users = tmp_path / "users.json"
    text = demo_config.read_text(encoding="utf-8").replace("enabled = false", "enabled = true", 1)
    text = text.replace('users_file = "~/.teamboard/users.json"', f'users_file = "{users.as_posix()}"')
    demo_config.write_text(text, encoding="utf-8")
    for uid in ("1100", "0802", "1101"):
        accounts.add_user(users, uid, "secret-1")
    return users


def sign_in(uid, password):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert at.title[0].value == "登录"
    at.text_input(key="signin_id").input(uid)
    at.text_input(key="signin_password").input(password)
    return at.button[0].click().run()


def test_no_page_shows_anything_before_sign_in(auth_config):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert [x.value for x in at.title] == ["登录"] and not at.metric and not at.dataframe
    open_url(at, "data_health").run()   # a URL of a page behind sign-in holds the form
    assert [x.value for x in at.title] == ["登录"] and not at.dataframe


def test_wrong_password_is_refused(auth_config):
    at = sign_in("1100", "nope")
    assert at.error[0].value == "工号或密码不正确。" and not at.metric


def test_a_lead_signs_in_and_gets_the_lead_menu_then_signs_out(auth_config):
    at = sign_in("1100", "secret-1")
    assert not at.exception and at.title[0].value.startswith("今日概况")
    # the review page offers a lead only the senior-lead rating form
    assert menu(at) == ["首页", "大屏排行", "组长工作台", "跟进", "坐席详情", "月度评估", "数据检查"]
    at.button(key="sidebar_sign_out").click().run()
    assert at.title[0].value == "登录"


def test_an_agent_gets_no_data_health(auth_config):
    at = sign_in("1101", "secret-1")
    assert "数据检查" not in menu(at)


def test_an_agent_opening_data_health_by_url_is_refused_with_the_menu_kept(auth_config):
    at = sign_in("1101", "secret-1")
    open_url(at, "data_health").run()   # the URL holds a refusal for an agent: the page never runs
    assert [x.value for x in at.title] == ["数据检查"] and not at.dataframe and not at.metric
    assert [e.value for e in at.error] == ["你没有打开「数据检查」的权限。可以打开的页面在左侧菜单中。"]
    assert "数据检查" not in menu(at) and "首页" in menu(at)


def test_on_the_demo_center_a_newcomer_signs_in_with_one_click(tmp_path, monkeypatch):
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('demo_path = ".teamboard/demo"', f'demo_path = "{(tmp_path / "demo").as_posix()}"', 1)
    (tmp_path / "c.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "c.toml"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert at.title[0].value == "登录"
    at.button(key="signin_demo_duty").click().run()
    assert not at.exception and at.title[0].value.startswith("今日概况")
    assert "值班台" in menu(at)
    # the demo's duty lead on 2026-11-25 is 1200 (lib.demo.story)
    assert any("1200" in c.value for c in at.sidebar.caption)


def test_a_corrupt_users_file_is_one_message_with_a_reference_not_a_traceback(auth_config, caplog):
    auth_config.write_text("{ this is not json", encoding="utf-8")
    at = sign_in("1100", "secret-1")
    assert not at.exception
    [box] = [e.value for e in at.error]
    assert box.startswith("账号文件无法读取（") and "JSONDecodeError" not in box and "Traceback" not in box
    ref = box.split("（")[1].split("）")[0]
    assert any(ref in r.getMessage() for r in caplog.records)


def test_the_same_answer_for_an_unknown_id_a_disabled_account_and_a_wrong_password(auth_config):
    accounts.disable(auth_config, "1101")
    answers = {sign_in(uid, pw).error[0].value for uid, pw in (("9999", "secret-1"), ("1101", "secret-1"),
                                                                ("1100", "wrong-1"))}
    assert answers == {"工号或密码不正确。"}


def test_the_server_path_shows_to_administrators_only(auth_config, demo_config):
    def path_shown(at):
        return any("数据文件夹" in c.value for c in at.sidebar.caption)
    assert not path_shown(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run())   # nobody
    wall = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    open_url(wall, "wall").run()
    assert not path_shown(wall) and str(demo_config.parent) not in str(wall)                    # the public wall
    assert not path_shown(sign_in("0802", "secret-1"))                                         # a director
    text = demo_config.read_text(encoding="utf-8").replace("admins = []", 'admins = ["1100"]', 1)
    demo_config.write_text(text, encoding="utf-8")
    assert path_shown(sign_in("1100", "secret-1"))                                             # an administrator
