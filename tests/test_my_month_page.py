"""AppTest of 我的本月 on the agent page, on a private copy of the demo at 2026-11-25 11:05: an agent
sees their own month; a manager opens the page on the picker, nobody chosen."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.config import settings
from lib.month.my_month import daily_ranks
from lib.store import open_store
from tests.conftest import ROOT, sign_in_session
from tests.test_lead_page import DAY, floor_dir, the_floor  # noqa: F401  (floor_dir is a fixture)

ITEMS = ["开场规范", "需求挖掘", "业务讲解", "异议处理", "服务态度", "结束规范"]


def signed_in(floor_dir, uid: str):
    cfg = floor_dir.parent / "config.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("enabled = false", "enabled = true", 1), encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    sign_in_session(at, uid)
    at.run()
    at.switch_page("pages/agent.py").run()
    assert not at.exception
    return at


def table(at, column):
    """The first table on the page with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_an_agent_sees_their_month(floor_dir):
    store = open_store(settings(), floor_dir)
    store.append("qa", [{"日期": "2026-11-20", "工号": "1310", "组别": "103", "录音编号": "M1",
                         **dict(zip(ITEMS, (10, 12, 25, 14, 15, 10))), "违规承诺": "否", "辱骂客户": "否",
                         "总分": 86, "分析指导": "x"},
                        {"日期": "2026-11-24", "工号": "1310", "组别": "103", "录音编号": "M2",
                         **dict(zip(ITEMS, (10, 16, 20, 20, 15, 10))), "违规承诺": "否", "辱骂客户": "否",
                         "总分": 91, "分析指导": "y"}], submitted_by="t")
    at = signed_in(floor_dir, "1310")
    assert "我的本月（2026-11）" in [s.value for s in at.subheader]
    days = table(at, "中心排名")
    want = daily_ranks(the_floor(floor_dir).reports, "1310", DAY, 665, settings())
    assert len(days) == len(want) > 0
    assert days["办理率"].tolist() == pytest.approx(want["rate"].tolist())
    assert days["中心排名"].astype("float").fillna(-1).tolist() == want["rank_center"].astype("float").fillna(-1).tolist()
    items = table(at, "失分率")
    # lost: 需求挖掘 8 + 4 = 12, 异议处理 6 + 0, 业务讲解 0 + 5
    assert items["评分项"].tolist() == ["需求挖掘", "异议处理", "业务讲解"] and items["失分"].tolist() == [12, 6, 5]
    assert table(at, "质检均分")["质检均分"].tolist() == [86, 91]
    assert "建议星级" in [m.label for m in at.metric]


def test_a_manager_opens_on_the_picker(floor_dir):
    at = signed_in(floor_dir, "0801")
    pick = at.selectbox(key="agent_pick")
    assert pick.value is None and "请选择要查看的坐席。" in [i.value for i in at.info]
    assert not at.get("plotly_chart") and not at.subheader and not at.dataframe   # not the manager's own record
    pick.set_value("1310").run()
    assert any(c.value.startswith("1310 胡鹏") for c in at.caption) and "我的本月（2026-11）" in [s.value for s in at.subheader]
