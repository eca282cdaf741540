"""AppTest of the monthly review page on a copy of the demo center (its records/ are the test's own)."""
from __future__ import annotations

import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from lib.people import accounts
from lib.config import settings
from lib.store import open_store
from lib.ui.safe import unliteral
from tests.conftest import ROOT

SCORES = [12, 8, 9, 6, 6]   # 0.4 × (12 + 8 + 9 + 6 + 6) = 16.4 from the department manager


@pytest.fixture
def floor_dir(demo_dir, tmp_path, monkeypatch):
    """A private copy of the demo center with a config pointing at it."""
    data = tmp_path / "floor"
    shutil.copytree(demo_dir, data, ignore=shutil.ignore_patterns("records"))
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace('path = ""', f'path = "{data.as_posix()}"', 1)
    text = re.sub(r"(?m)^enabled = \w+", "enabled = false", text, count=1)   # the local administrator
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    return data


def review(**query):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page("pages/review.py").run()


def ratings(data, history=True):
    return open_store(settings(), data).read_month("ratings", "2026-11", history=history)


def rate(at, scores, role="部门经理"):
    if role:
        at.selectbox(key="review_rater_role").set_value(role)
    for i, v in enumerate(scores):
        at.number_input(key=f"review_rating_{i}").set_value(v)
    return at.button(key="review_rating_submit").click().run()


def total(at):
    return {m.label: m.value for m in at.metric}["总分"]


def test_the_review_opens_on_this_month_so_far(floor_dir):
    at = review()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "月度评估"
    assert at.selectbox(key="review_month").value == "2026-11"
    assert [t.label for t in at.tabs] == ["组别排名", "坐席排名与星级", "服务明星", "资深组长考核", "排班规则", "周会材料", "目标与跟进", "质检失分",
                                          "劳动竞赛", "导出"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["办理率"].endswith("%") and metrics["质检均分"] == "—"
    # the demo's acting days are met on both indicators: 50 of performance, no rating yet
    assert total(at) == "50.00 / 100"
    assert "缺：部门经理未评分；中心主任未评分；员工未评分" in at.warning[0].value
    assert at.selectbox(key="review_week").value == "2026-W47"
    rules = [df.value for df in at.dataframe if "规则" in df.value.columns]
    assert rules and rules[0]["规则"].tolist() == ["中心主任与资深组长同日休息"]


def test_agents_filter_by_group(floor_dir):
    at = review()
    at.selectbox(key="review_agent_group").set_value("104").run()
    agents = next(df.value for df in at.dataframe if "建议星级" in df.value.columns)
    assert set(agents["组别"]) == {"104"} and len(agents) >= 10


def test_a_rating_writes_one_row(floor_dir):
    at = rate(review(), SCORES)
    assert not at.exception and [s.value for s in at.success] == ["评分已保存。"]
    rows = ratings(floor_dir)
    assert len(rows) == 1
    r = rows.iloc[0]
    assert (r["月份"], r["被评人"], r["评分人角色"], r["提交人"]) == ("2026-11", "0803", "部门经理", "admin")
    assert [r[c] for c in ("销售管理", "日常事务", "态度与协调", "表率与影响力", "满意度")] == SCORES
    assert total(at) == "66.40 / 100"    # 50 + 16.4


def test_a_second_rating_by_the_same_rater_is_a_correction(floor_dir):
    at = rate(review(), SCORES)
    first = ratings(floor_dir)["记录编号"].iloc[0]
    at = rate(at, [14, 8, 9, 6, 6])
    assert unliteral(at.success[0].value) == f"已更正您本月之前的评分（原记录 {first} 保留）。"
    history = ratings(floor_dir)
    assert len(history) == 2 and history["更正记录"].tolist() == ["", first]
    assert ratings(floor_dir, history=False)["销售管理"].tolist() == [14]
    assert total(at) == "67.20 / 100"    # 50 + 0.4 × 43


def test_a_rating_above_a_criterion_max_writes_nothing(floor_dir):
    at = rate(review(), [16, 8, 9, 6, 6])
    assert [e.value for e in at.error] == ["评分未保存：「销售管理」最高 15 分"]
    assert not at.success and ratings(floor_dir).empty
    at = rate(at, [15, 8, 9, 6, None])
    assert at.error[0].value == "评分未保存：「满意度」未填写" and ratings(floor_dir).empty


def test_english(floor_dir):
    at = review(lang="en")
    assert at.title[0].value == "Monthly review" and not at.exception
    assert "Senior lead" in [t.label for t in at.tabs]


def test_an_employee_may_only_rate_the_senior_lead(floor_dir, tmp_path):
    users = tmp_path / "users.json"
    cfg = tmp_path / "config.toml"
    text = re.sub(r"(?m)^enabled = \w+", "enabled = true", cfg.read_text(encoding="utf-8"), count=1)
    text = text.replace('users_file = "~/.teamboard/users.json"', f'users_file = "{users.as_posix()}"')
    cfg.write_text(text, encoding="utf-8")
    accounts.add_user(users, "1101", "secret-1")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.text_input(key="signin_id").input("1101")
    at.text_input(key="signin_password").input("secret-1")
    at.button[0].click().run()
    at.switch_page("pages/review.py").run()
    assert at.warning[0].value == "月度评估仅限中心主任和部门经理查看。"
    assert not at.dataframe and not at.metric and not at.tabs
    at = rate(at, SCORES, role=None)   # no role to choose: an agent rates as an employee
    assert at.success[0].value == "评分已保存。"
    r = ratings(floor_dir).iloc[0]
    assert (r["评分人角色"], r["提交人"]) == ("员工", "1101")


def test_the_trend_highlights_a_chosen_group_with_its_target_and_the_center(floor_dir):
    import json
    from lib.config import settings as config
    from lib.day.goals import month_completion
    from lib.floor.cache import load_floor
    from lib.out.charts import GREY, SERIES_PALETTE
    at = review()
    assert at.selectbox(key="review_trend_group").value is None          # the administrator has no group
    at.selectbox(key="review_trend_group").set_value("103").run()
    spec = json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith("review_trend")).proto.spec)
    by = {t["name"]: t for t in spec["data"]}
    assert by["103"]["line"]["color"] == SERIES_PALETTE[0] and by["103"]["line"]["width"] == 4
    groups = [n for n in by if re.fullmatch(r"\d+", n)]
    coloured = [n for n in groups if by[n]["line"]["color"] != GREY]
    assert len(coloured) == min(6, len(groups)) and by["中心"]["line"]["dash"] == "dash"
    floor = load_floor(floor_dir, config())
    goals = month_completion(floor.reports[floor.reports["date"] <= "2026-11-25"], floor.projects, "2026-11", config())
    want = goals.loc[goals["group"] == "103", "target_rate"].iloc[0]
    assert by["103 目标办理率"]["y"] == pytest.approx([want, want])
