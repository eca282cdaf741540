"""AppTest of the agent page (坐席详情) on a private copy of the demo at 2026-11-25 11:05."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.day.agent import agent_days, agent_today
from lib.config import settings
from lib.store import open_store
from tests.conftest import ROOT, open_page, sign_in_session
from tests.test_lead_page import DAY, floor_dir, frame, the_floor  # noqa: F401  (floor_dir is a fixture)


def agent_page(**query):
    return open_page("pages/agent.py", **query)


def traces(at, key):
    c = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key))
    return {t["name"]: t for t in json.loads(c.proto.spec)["data"]}


def test_today_and_days_against_the_group(floor_dir):
    floor = the_floor(floor_dir)
    at = agent_page(agent="1310")
    assert at.selectbox(key="agent_pick").value == "1310"
    assert at.caption[0].value == "1310 胡鹏 · 103组 · 2026-11-25"
    assert any("任务选错" in w.value for w in at.warning)
    today = agent_today(floor.reports, "1310", DAY, 665)
    shown = frame(at, "本组人均数据量")
    assert shown["数据量"].tolist() == today["volume"].tolist()
    t = traces(at, "agent_chart_today")
    assert list(t) == ["1310 数据量", "本组人均数据量", "1310 办理率", "本组办理率", "目标办理率"]
    plan = floor.projects[(floor.projects["date"] == pd.Timestamp(DAY)) & (floor.projects["group"] == "103")]
    assert t["目标办理率"]["y"] == pytest.approx([plan["target_rate"].iloc[0]] * len(today))   # 103's target that day
    assert t["本组办理率"]["y"] == pytest.approx(today["group_rate"].tolist())
    days = agent_days(floor.reports, "1310", DAY, 30)
    d = traces(at, "agent_chart_days")
    assert len(d["目标办理率"]["y"]) == len(days)
    assert d["1310 办理率"]["x"] == days["label"].tolist() and d["1310 办理率"]["y"] == pytest.approx(days["rate"].tolist())
    assert [i.value for i in at.info] == ["没有记录。"] * 3 + ["还没有辅导记录。"]   # no QA, attendance, monitoring, coaching yet


def test_records_of_the_agent(floor_dir):
    store = open_store(settings(), floor_dir)
    store.append("qa", [{"日期": DAY, "工号": "1310", "组别": "103", "录音编号": "R1", "开场规范": 8, "总分": 88,
                         "分析指导": "需求挖掘不足"},
                        {"日期": "2026-11-20", "工号": "1310", "组别": "103", "录音编号": "R0", "总分": 70,
                         "分析指导": "早"},
                        {"日期": DAY, "工号": "1301", "组别": "103", "录音编号": "R2", "总分": 60}], submitted_by="t")
    store.append("attendance", [{"日期": "2026-11-24", "组别": "103", "工号": "1310", "类别": "事假", "时长(小时)": 4,
                                 "原因": "家事", "扣分": -0.5}], submitted_by="t")
    store.append("monitoring", [{"日期": DAY, "时段": "10:00-11:00", "工号": "1310", "组别": "103",
                                 "触发原因": "选错任务", "处理措施": "提醒"}], submitted_by="t")
    at = agent_page(agent="1310")
    qa = frame(at, "录音编号")
    assert qa["录音编号"].tolist() == ["R1", "R0"] and qa["开场规范"].iloc[0] == 8
    assert {m.label: m.value for m in at.metric}["质检均分（2 条）"] == "79.0"   # (88 + 70) / 2
    assert frame(at, "类别")["原因"].tolist() == ["家事"]
    assert frame(at, "处理措施")["触发原因"].tolist() == ["选错任务"]


def test_unknown_agent_and_the_picker(floor_dir):
    at = agent_page(agent="9999")
    assert "工号 9999 不在名单或报表中。" in [e.value for e in at.error]
    at.selectbox(key="agent_pick").set_value("1404").run()
    assert at.caption[0].value.startswith("1404 ")


def test_an_agent_sees_their_own_record_only(floor_dir):
    cfg = floor_dir.parent / "config.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("enabled = false", "enabled = true", 1), encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    sign_in_session(at, "1310")
    at.run()
    at.switch_page("pages/agent.py").run()
    assert not at.exception and at.selectbox(key="agent_pick").options == ["1310 胡鹏"]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    sign_in_session(at, "1310")
    at.query_params["agent"] = "1301"
    at.run()
    at.switch_page("pages/agent.py").run()
    assert "无权查看坐席 1301。" in [e.value for e in at.error] and not at.get("plotly_chart")
