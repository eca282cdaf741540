"""Rights on every screen (issue 14.1): every page a demo role is routed, rendered as that role, shows
no agent the role may not see, anywhere in what the run drew.

Who may see whom is worked out here from the demo roster with the group rule
(lib.people.auth.visible_groups), not from the pages' own filter: an agent is hidden from a role when
their group is not one of the role's visible groups, and an agent role (no visible group) sees no
other agent at all: not their flags, QA, attendance, monitoring, coaching or figures. Their own
record is theirs. The one public list of agents is the wall's ranking: the wall is drawn for nobody
signed in whoever looks at it, so for the wall the test asks that a role sees exactly what nobody
signed in sees there, and no more (its ranking names every agent, as it always has).

(The pages' rule, visible_agents, counts a row for the group it was worked for, so a lead also sees
an agent of another group who worked for theirs; on the demo's day the one such agent, 1102 of 101,
worked for 102, whose lead is the duty lead and sees every group, so the roster's groups are exact.)

Each page is opened from the menu, and by those who do not see the whole floor also with a forged
URL (?group= of another group, ?agent= of another agent); the agent page's refusal repeats the 工号
typed into the URL, and that one sentence is all the scan forgives. The data-health page's problem
list, empty on the demo, is tested on a floor with a problem naming an agent of 102.

"Drew" is everything in the run's element tree, main area and sidebar: each element's message as
text (titles, markdown, captions, alerts, metrics, tabs and expanders, every widget's label and
options, json, code, html, chart specs, download and link labels), plus every table's and data
editor's cells. Element ids (hashes and widget keys, never shown) are left out. The floor is the
demo with records (fixture with_records): QA, attendance, monitoring, coaching and callbacks of
agents of 101 and 102, so the lists of records have rows to leak.

On 2026-11-25 in the demo: 0801 manager, 0802 director, 0803 senior lead, 1200 lead of 102 and the
day's duty lead, 1100 lead of 101, 1101 agent of 101 (no figures by 11:05), 1105 agent of 101 at work.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from google.protobuf import text_format

from lib.demo.center import AGENT, build_roster
from lib.i18n import t
from lib.people.auth import person_on, visible_agents, visible_groups
from lib.ui.nav import screens_for
from tests.conftest import make_settings, open_page

DAY = dt.date(2026, 11, 25)
ROLES = {"0801": "manager", "0802": "director", "0803": "senior lead", "1200": "duty lead (lead of 102)",
         "1100": "lead of 101", "1101": "agent of 101", "1105": "agent of 101 at work"}
ROSTER = [p for p in build_roster(2026, 11) if p.role == AGENT]


@pytest.fixture(scope="module")
def schedule(demo_dir):
    from lib.floor.cache import load_floor
    return load_floor(demo_dir, make_settings()).schedule


@pytest.fixture(scope="module")
def with_records(demo_dir, tmp_path_factory):
    """A copy of the demo with records: the leads' past write-back as the generated demo seeds it (考勤,
    质检, 值班日志, ratings) and, for the day, QA, monitoring, coaching with open actions and callbacks
    due of agents of 101 (1105, 1102) and of 102 (1201), so every list of agents has rows of both."""
    import shutil
    from lib.demo.records import seed_demo_records
    from lib.floor.cache import load_floor
    from lib.quality.callbacks import callback_row
    from lib.quality.coaching import coaching_row
    from lib.quality.monitoring import monitoring_row
    from lib.quality.qa import qa_row, scorecard
    from lib.store import open_store
    out = tmp_path_factory.mktemp("records") / "floor"
    shutil.copytree(demo_dir, out, ignore=shutil.ignore_patterns("records"))
    cfg = make_settings()
    floor = load_floor(out, cfg)
    seed_demo_records(out, floor, cfg, DAY, 11 * 60 + 5)
    store, card, names = open_store(cfg, out), scorecard(cfg), {a.agent_id: a.name for a in ROSTER}
    people = [("1105", "101"), ("1102", "101"), ("1201", "102")]
    due = dt.datetime.combine(DAY, dt.time(11, 30))
    store.append("qa", [qa_row(card, DAY, a, names[a], g, "P", f"R{a}", {n: top for n, top in card.items}, [],
                               "语速偏快") for a, g in people], submitted_by="1100")
    store.append("monitoring", [monitoring_row(DAY, "10:00-11:00", a, g, "办理率低", "现场辅导", "已改善")
                                for a, g in people], submitted_by="1100")
    store.append("coaching", [coaching_row(DAY - dt.timedelta(days=3), a, g, {"goal": "办理率到 8%", "reality": "4%",
                                                                              "options": "话术", "action": "每天复盘"},
                                           DAY) for a, g in people], submitted_by="1100")
    store.append("callbacks", [callback_row(DAY, a, g, "13800138000", "忙，稍后再打", due) for a, g in people],
                 submitted_by="1100")
    return out


@pytest.fixture
def signed_floor(with_records, tmp_path, monkeypatch):
    """The floor with records in force, sign-in on, accounts in tmp_path."""
    from tests.conftest import ROOT
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = re.sub(r'^path = "[^"]*"', f'path = "{with_records.as_posix()}"', text, count=1, flags=re.M)   # [source]
    text = text.replace('users_file = "~/.teamboard/users.json"',
                        f'users_file = "{(tmp_path / "users.json").as_posix()}"', 1)
    assert "enabled = true" in text
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    return with_records


def person(schedule, uid):
    return person_on(schedule, uid, DAY)


def hidden_from(p) -> dict[str, str]:
    """工号 → name of the demo's agents the person may not see: outside their visible groups, and for
    an agent (who has no visible group) everyone but themself."""
    groups = set(visible_groups(p, sorted({a.group for a in ROSTER})))
    return {a.agent_id: a.name for a in ROSTER if a.group not in groups and a.agent_id != p.agent_id}


_ID_FIELDS = re.compile(r'^\s*(id|form_id|element_id|widget_id|key|query_param_key|fragment_id|'
                        r'data|arrow_data|styler|uuid)[ :].*$', re.M)
_UNICODE = re.compile(r"\\u([0-9a-fA-F]{4})")


def everything(at) -> str:
    """All a run drew, as text: each element's message (ids and arrow bytes left out), each table's
    cells, each chart's and json's strings with their \\u escapes read."""
    parts = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        parts.append(_ID_FIELDS.sub("", text_format.MessageToString(proto, as_utf8=True)))
    for d in at.dataframe:
        frame = d.value
        parts.append(" ".join(map(str, frame.columns)) + "\n" + frame.to_string())
    for chart in at.get("plotly_chart"):
        parts.append(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False))
    return _UNICODE.sub(lambda m: chr(int(m.group(1), 16)), "\n".join(parts))


def found(text: str, agents: dict[str, str]) -> list[str]:
    """The agents of `agents` in the text: a 工号 as a word of its own, or a name as one."""
    return [f"{a} {n}" for a, n in agents.items()
            if re.search(f"(?<![0-9A-Za-z]){a}(?![0-9A-Za-z])", text)
            or re.search(f"(?<![\u4e00-\u9fff]){re.escape(n)}(?![\u4e00-\u9fff])", text)]


# What a role who does not see the whole floor may type into a URL to ask for more: another group,
# another agent (tests/test_rights_pages.py checks the refusals; here only that nothing leaks).
FORGED = {"1100": {"group": "102", "agent": "1201"}, "1101": {"group": "102", "agent": "1102"},
          "1105": {"group": "101", "agent": "1101"}}


def cases():
    """(uid, script, query) for every page each role is routed (lib.ui.nav.screens_for), the wall apart:
    as opened from the menu, and for those who do not see the whole floor with FORGED query params,
    and the lead on the agent page of one of their agents at work (so its charts and tables draw)."""
    from lib.people.auth import Person
    out = []
    # roles as the demo's roster has them on DAY (checked against the roster in test_the_roles_are_the_demos)
    people = {"0801": Person("0801", "", "manager", "中心"), "0802": Person("0802", "", "director", "中心"),
              "0803": Person("0803", "", "senior_lead", "中心"), "1200": Person("1200", "", "lead", "102", True),
              "1100": Person("1100", "", "lead", "101"), "1101": Person("1101", "", "agent", "101"),
              "1105": Person("1105", "", "agent", "101")}
    for uid, p in people.items():
        for s in screens_for(p):
            if s.key == "wall":
                continue
            out.append(pytest.param(uid, s.script, {}, id=f"{uid}-{s.url_path or 'home'}"))
            if uid in FORGED:
                out.append(pytest.param(uid, s.script, FORGED[uid], id=f"{uid}-{s.url_path or 'home'}-forged"))
    out.append(pytest.param("1100", "pages/agent.py", {"agent": "1105"}, id="1100-agent-1105"))
    return out, people


CASES, PEOPLE = cases()


def test_the_roles_are_the_demos(schedule):
    for uid, p in PEOPLE.items():
        q = person(schedule, uid)
        assert (q.role, q.group, q.duty_today) == (p.role, p.group, p.duty_today), uid


def test_the_rule_hides_whom_the_roster_says(schedule):
    """visible_agents (the pages' filter) keeps exactly the agents the group rule leaves visible."""
    import pandas as pd
    frame = pd.DataFrame({"agent_id": [a.agent_id for a in ROSTER], "group": [a.group for a in ROSTER]})
    for uid in PEOPLE:
        p = person(schedule, uid)
        kept = set(visible_agents(p, frame)["agent_id"])
        assert kept == set(frame["agent_id"]) - set(hidden_from(p)), uid
    assert hidden_from(person(schedule, "0801")) == {} and len(hidden_from(person(schedule, "1101"))) == len(ROSTER) - 1


@pytest.mark.parametrize("uid, page, query", CASES)
def test_no_page_shows_an_agent_the_role_may_not_see(signed_floor, schedule, uid, page, query):
    at = open_page(page, user=uid, **query)
    text = everything(at)
    if "agent" in query:   # the refusal repeats the 工号 typed into the URL, and only that: not a leak
        text = text.replace(t("agent.refused", "zh", agent=query["agent"]), "")
    assert len(text) > 200, (uid, page)   # the page drew something
    assert found(text, hidden_from(person(schedule, uid))) == [], (ROLES[uid], page, query)


def test_the_scan_sees_what_is_drawn(signed_floor, schedule):
    """The scan is not blind: the lead's workbench shows their own agents, the records of 102 reach the
    duty lead's pages, the manager's home every group's flagged agents, an agent's home their own line."""
    lead = everything(open_page("pages/lead.py", user="1100"))
    assert found(lead, {a.agent_id: a.name for a in ROSTER if a.group == "101"})
    assert "1201" in everything(open_page("pages/lead.py", user="1200", group="102"))   # its QA, monitoring
    assert "1201" in everything(open_page("pages/followup.py", user="1200", group="102"))   # coaching, callback
    home = found(everything(open_page("dashboard.py", user="0801")), {a.agent_id: a.name for a in ROSTER})
    assert len({s[:2] for s in home}) > 1, home   # flagged agents of more than one group
    mine = open_page("dashboard.py", user="1105")
    assert ["我今天的数据"] == [s.value for s in mine.subheader if s.value == "我今天的数据"]
    assert {m.label for m in mine.metric} >= {"我的排名"} and "1105" in everything(mine)


@pytest.mark.parametrize("uid", list(PEOPLE))
def test_the_wall_shows_a_role_what_it_shows_nobody(signed_floor, uid):
    """The wall is public: signed in or not, it names the same agents (its public ranking)."""
    from streamlit.testing.v1 import AppTest
    from tests.conftest import ROOT, open_url
    anon = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    anon.run()
    open_url(anon, "wall").run()
    others = {a.agent_id: a.name for a in ROSTER if a.agent_id != uid}   # the sidebar names who is signed in
    public = found(everything(anon), others)
    assert public   # the ranking names agents
    assert found(everything(open_page("pages/wall.py", user=uid)), others) == public


@pytest.fixture
def problem_of_102(private_demo, tmp_path):
    """A private demo, sign-in on (accounts in tmp_path), with a stored 考勤 record of 1201 (group 102)
    whose typed 扣分 is off the rule: the data check's list names 102组 and 1201 with their name."""
    from lib.config import settings
    from lib.store import open_store
    path = tmp_path / "config.toml"
    text = path.read_text(encoding="utf-8").replace("enabled = false", "enabled = true", 1)
    text = text.replace('users_file = "~/.teamboard/users.json"',
                        f'users_file = "{(tmp_path / "users.json").as_posix()}"', 1)
    path.write_text(text, encoding="utf-8")
    agent = next(a for a in ROSTER if a.agent_id == "1201")
    open_store(settings(), private_demo).append("attendance", [
        {"日期": DAY.isoformat(), "组别": "102", "项目": "P", "工号": "1201", "姓名": agent.name, "类别": "病假",
         "时长(小时)": 8, "原因": "发烧", "扣分": -1}], submitted_by="1200")
    return {"1201": agent.name}


def test_data_health_lists_problems_to_whoever_sees_every_group_only(problem_of_102):
    """The list quotes rows of any group: the manager and the duty lead get it, the lead of 101 gets the
    counts and the files, and nothing of 1201 of 102."""
    for uid in ("0801", "1200"):
        at = open_page("pages/data_health.py", user=uid)
        kinds = ["问题" in d.value.columns or "表" in d.value.columns for d in at.dataframe]
        assert found(everything(at), problem_of_102) and sum(kinds) == 2, uid   # problems, files (and the mapping screen)
    lead = open_page("pages/data_health.py", user="1100")
    assert found(everything(lead), problem_of_102) == []
    assert {m.label: m.value for m in lead.metric}["警告"] == "1"     # the count is there ...
    assert len(lead.dataframe) == 1 and "表" in lead.dataframe[0].value.columns and lead.info   # the files only
