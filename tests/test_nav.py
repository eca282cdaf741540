"""The navigation by role (lib/ui/nav.py): each demo role is routed exactly the pages it may open, a
URL of any other page runs none of that page, and nobody signed in gets the wall and the sign-in form.

On 2026-11-25 in the demo: 0801 manager, 0802 director, 0803 senior lead, 1200 lead of 102 and the
day's duty lead, 1100 lead of 101, 1101 agent of 101.
"""
import pytest
from streamlit.testing.v1 import AppTest

from lib.people import accounts
from lib.ui.nav import SCREENS
from tests.conftest import ROOT, open_url, routes, sign_in_session

EVERY = ["", "wall", "duty_desk", "lead", "followup", "agent", "review", "data_health"]
# URL path -> what the navigation holds for each role, written out by hand (not from may_open).
EXPECTED = {
    "0801": EVERY,
    "0802": EVERY,
    "0803": ["", "wall", "lead", "followup", "agent", "review", "data_health"],
    "1200": EVERY,
    "1100": ["", "wall", "lead", "followup", "agent", "review", "data_health"],
    "1101": ["", "wall", "agent", "review"],
}
SCRIPTS = {"": "pages/home.py", "wall": "pages/wall.py", "duty_desk": "pages/duty_desk.py",
           "lead": "pages/lead.py", "followup": "pages/followup.py", "agent": "pages/agent.py",
           "review": "pages/review.py", "data_health": "pages/data_health.py"}
ROLES = sorted(EXPECTED) + ["anonymous"]


def app(uid=None, **query):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    if uid:
        sign_in_session(at, uid)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at):
    """What a run drew in the main area: headings, subheadings, metrics, tabs, tables, charts."""
    return ([t.value for t in at.title], [s.value for s in at.subheader], [m.label for m in at.metric],
            [t.label for t in at.tabs], len(at.dataframe), len(at.get("plotly_chart")), len(at.get("form")))


@pytest.mark.parametrize("uid", sorted(EXPECTED))
def test_each_role_is_routed_exactly_its_pages(auth_demo, uid):
    at = app(uid)
    # the pages the role may open run their scripts; every other URL holds the refusal (no script)
    assert routes(at) == {path: SCRIPTS[path] if path in EXPECTED[uid] else None for path in EVERY}
    for path, script in SCRIPTS.items():   # AppTest refuses to switch to a page that is not routed
        if path not in EXPECTED[uid]:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(script)


def test_nobody_signed_in_gets_the_wall_and_the_sign_in_form_under_every_other_url(auth_demo):
    at = app()
    assert routes(at) == {path: ("pages/wall.py" if path == "wall" else None) for path in EVERY}
    assert [t.value for t in at.title] == ["登录"] and not at.dataframe and not at.metric
    with pytest.raises(ValueError):
        at.switch_page("pages/lead.py")


@pytest.mark.parametrize("role", ROLES)
def test_a_url_of_a_page_the_role_may_not_open_runs_none_of_it(auth_demo, role):
    uid = None if role == "anonymous" else role
    allowed = ["wall"] if uid is None else EXPECTED[uid]
    at = app(uid)
    default = shown(at)   # home, or the sign-in form for nobody
    assert default[0] == (["登录"] if uid is None else ["今日概况 · 2026-11-25"])
    refused = [p for p in EVERY if p not in allowed]
    assert (role in ("0801", "0802", "1200")) == (not refused)
    for path in refused:
        open_url(at, path).run()
        assert not at.exception, [e.value for e in at.exception]
        if uid is None:   # the sign-in form, nothing of the page asked for
            assert shown(at) == default, (role, path)
            assert not at.dataframe and not at.metric and at.text_input(key="signin_id")
        else:             # the page's title and the refusal: no table, metric, chart, tab or form of it
            title = next(t for t in at.title).value
            assert shown(at) == ([title], [], [], [], 0, 0, 0), (role, path)
            assert [e.value for e in at.error] == [f"你没有打开「{title}」的权限。可以打开的页面在左侧菜单中。"]


def test_the_wall_opens_without_sign_in_and_shows_the_board(auth_demo):
    at = app(group="101")
    open_url(at, "wall").run()
    assert not at.exception and not at.text_input   # no sign-in form
    board = next(h.proto.body for h in at.html if 'class="tbw"' in h.proto.body)
    assert "101组" in board


def test_an_anonymous_request_for_the_workbench_signs_in_and_lands_on_it(auth_demo, tmp_path):
    users = tmp_path / "users.json"
    text = auth_demo.read_text(encoding="utf-8")
    auth_demo.write_text(text.replace('users_file = "~/.teamboard/users.json"', f'users_file = "{users.as_posix()}"'),
                         encoding="utf-8")
    accounts.add_user(users, "1100", "secret-1")
    at = app(group="101")
    open_url(at, "lead").run()   # /lead?group=101, nobody signed in
    assert [t.value for t in at.title] == ["登录"] and not at.dataframe
    at.text_input(key="signin_id").input("1100")
    at.text_input(key="signin_password").input("secret-1")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["组长工作台"]
    assert at.caption[0].value.startswith("101组 · 2026-11-25") and at.query_params.get("group") == "101"


def test_the_registry_is_the_only_list_of_pages():
    scripts = {s.script for s in SCREENS}
    assert scripts == {p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py")}
    assert len({s.url_path for s in SCREENS}) == len(SCREENS) and len({s.key for s in SCREENS}) == len(SCREENS)
    # pages/ beside the frame makes Streamlit route every AppTest run the legacy way (/lead runs
    # pages/lead.py by itself), as a server's first run: the page tests here all pass through
    # lib.ui.frame.current_context's detour into the frame, so they prove it holds.
    assert (ROOT / "pages").is_dir()


def test_the_sidebar_is_drawn_once_by_the_frame(demo_config):
    at = app()
    at.switch_page("pages/lead.py").run()
    assert len(at.sidebar.radio) == 1 and at.sidebar.radio[0].key == "sidebar_lang"


def test_deep_links_carry_across_the_menu_until_back_to_now(auth_demo):
    at = app("1200", date="2026-11-24", at="15:00", group="103")
    open_url(at, "lead").run()   # the menu's link opens /lead with no parameters ...
    assert at.query_params.get("date") == "2026-11-24" and at.query_params.get("group") == "103"
    assert at.caption[0].value.startswith("103组 · 2026-11-24")
    at.query_params.clear()
    open_url(at, "followup").run()   # ... and the page still shows the day, time and group asked for
    assert not at.exception, [e.value for e in at.exception]
    assert (at.query_params.get("date"), at.query_params.get("at"), at.query_params.get("group")) == \
        ("2026-11-24", "15:00", "103")
    at.button(key="sidebar_now").click().run()   # back to now: the day and time go, the group stays
    assert "date" not in at.query_params and "at" not in at.query_params
    assert at.query_params.get("group") == "103"


@pytest.mark.parametrize("bad", ["9999-12-31", "1900-01-01", "2026-13-01"])
def test_a_date_no_floor_has_is_a_warning_and_today(auth_demo, bad):
    at = app("1200", date=bad)
    for path in ("lead", "duty_desk", "review", "followup", "agent", ""):
        open_url(at, path).run()
        assert not at.exception, (path, [e.value for e in at.exception])
        assert any(bad in w.value.replace("\\", "") for w in at.warning), path   # shown as typed (escaped)
