"""AppTest of the lead workbench on the demo center at 2026-11-25 11:05, in a copy of its own per test.

The demo's day (lib.demo.story): 103 calls 新华手机报 and 1310 dials 手机阅读 from 10:00; 101's resting
1102 works for 102; 104's 1404 is weak; 105's 1503 is absent. 102's script went V3.5 -> V3.6.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.day.attendance_report import expected_agents
from lib.config import settings
from lib.day.flags import flags_at
from lib.floor.cache import load_floor
from lib.day.workbench import agent_hours, agent_vs_group, group_vs_center
from lib.quality.qa import present_agents
from lib.store import open_store
from lib.ui.safe import unliteral
from tests.conftest import ROOT, open_page, sign_in_session

DAY = "2026-11-25"


@pytest.fixture
def floor_dir(private_demo):
    return private_demo


def stored(floor, name, history=False):
    return open_store(settings(), floor).read_day(name, DAY, history=history)


def the_floor(floor):
    return load_floor(floor, settings())


def lead_page(**query):
    return open_page("pages/lead.py", **query)


def frame(at, column):
    """The first table on the page with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def errors(at):
    return [unliteral(e.value) for e in at.error]   # what the page shows (values are escaped markdown)


def test_morning_shows_project_script_change_and_roster(floor_dir):
    at = lead_page(group="102")
    metrics = {m.label: unliteral(m.value) for m in at.metric}
    assert metrics["今日项目"] == "新华手机报" and metrics["脚本版本"] == "V3.6"
    assert any("V3.5" in w and "V3.6" in w and "脚本已更新" in w for w in (unliteral(w.value) for w in at.warning))
    text = " ".join(m.value for m in at.markdown)
    assert "今日值班组长：** 尹慧（102）" in text
    assert at.caption[0].value == "102组 · 2026-11-25 · 截至 11:05"


def test_group_picker_and_query(floor_dir):
    at = lead_page()
    pick = at.selectbox(key="lead_group")
    assert pick.options == ["101组", "102组", "103组", "104组", "105组", "106组"] and pick.value == "101"
    pick.set_value("104").run()
    assert at.caption[0].value.startswith("104组")
    assert lead_page(group="105").selectbox(key="lead_group").value == "105"


def fill_attendance(at, absent, swaps=()):
    at.multiselect(key="lead_att_absent").set_value([a for a, *_ in absent]).run()
    for agent, cat, hours, reason in absent:
        at.selectbox(key=f"lead_att_cat_{agent}").set_value(cat)
        at.number_input(key=f"lead_att_hours_{agent}").set_value(hours)
        at.text_input(key=f"lead_att_reason_{agent}").set_value(reason)
    at.number_input(key="lead_att_swaps").set_value(len(swaps)).run()
    for i, (sub, rep) in enumerate(swaps):
        at.text_input(key=f"lead_att_sub_{i}").set_value(sub)
        at.text_input(key=f"lead_att_rep_{i}").set_value(rep)
    return at.button(key="lead_att_submit").click().run()


def test_attendance_writes_the_summary_absences_and_swaps(floor_dir):
    floor = the_floor(floor_dir)
    expected = len(expected_agents(floor.schedule, "102", DAY))
    at = fill_attendance(lead_page(group="102"), [("1203", "病假", 4.0, "发烧")], [("1102", "")])
    assert not at.exception and not errors(at)
    rows = stored(floor_dir, "attendance")
    assert len(rows) == 3
    head, sick, swap = (rows.iloc[i] for i in range(3))
    # 1203 is off sick, 1102 (101, resting) comes to help: present = expected - 1 + 1
    assert (head["组别"], head["项目"], head["应出勤"], head["实到"], head["工号"]) == ("102", "新华手机报", expected, expected, "")
    assert (sick["工号"], sick["类别"], sick["时长(小时)"], sick["原因"], sick["扣分"]) == ("1203", "病假", 4, "发烧", -0.3)
    name = floor.schedule.loc[floor.schedule["agent_id"] == "1102", "name"].iloc[0]
    assert (swap["工号"], swap["类别"], swap["扣分"]) == ("1102", "换班", 0)
    assert swap["替班说明"] == f"101组1102{name}支援102组上班,外呼新华手机报"
    assert at.code[0].value.splitlines()[0] == f"102组 2026-11-25 考勤（新华手机报）：应出勤{expected}人，实到{expected}人。"
    assert "已写入考勤 3 行。" in [s.value for s in at.success]
    assert at.multiselect(key="lead_att_absent").value == ["1203"]   # the form shows what was filed


def test_attendance_again_corrects_the_groups_report(floor_dir):
    at = fill_attendance(lead_page(group="102"), [("1203", "事假", 8.0, "家中有事")])
    at = fill_attendance(at, [])
    rows = stored(floor_dir, "attendance")
    assert len(rows) == 1 and rows["工号"].iloc[0] == ""
    assert len(stored(floor_dir, "attendance", history=True)) == 2 + 1 + 1   # 2 rows, the summary corrected, 1203 withdrawn


@pytest.mark.parametrize("absent, swaps, message", [
    ([("1203", "病假", 4.0, "")], [], "必填"),
    ([("1203", "病假", 0.0, "发烧")], [], "时长应大于 0 且不超过 8 小时"),
    ([], [("9999", "")], "工号 9999 不在今天的名单中"),
    ([], [("1201", "")], "本组人员到外组上班，请填写被替人工号"),
])
def test_attendance_refuses_bad_input_and_writes_nothing(floor_dir, absent, swaps, message):
    at = fill_attendance(lead_page(group="102"), absent, swaps)
    assert message in errors(at) and "请修改标出的项目，未写入任何内容。" in errors(at)
    assert stored(floor_dir, "attendance").empty


def score(at, agent, recording, items=None, red=(), notes="开场白不规范，已辅导"):
    if agent is not None:
        at.selectbox(key="lead_qa_agent").set_value(agent)
    at.text_input(key="lead_qa_recording").set_value(recording)
    for i, v in (items or {}).items():
        at.number_input(key=f"lead_qa_item_{i}").set_value(v)
    for i in red:
        at.checkbox(key=f"lead_qa_red_{i}").check()
    at.text_area(key="lead_qa_notes").set_value(notes)
    return at.run()


def test_qa_writes_one_row_with_items_and_the_computed_total(floor_dir):
    at = score(lead_page(group="103"), "1310", "R-001", {2: 20.0, 4: 12.0})
    assert {m.label: m.value for m in at.metric}["总分（自动计算）"] == "92 / 100"   # 100 - 5 - 3
    at.button(key="lead_qa_submit").click().run()
    rows = stored(floor_dir, "qa")
    assert len(rows) == 1
    r = rows.iloc[0]
    assert (r["工号"], r["姓名"], r["组别"], r["项目"], r["录音编号"]) == ("1310", "胡鹏", "103", "手机阅读", "R-001")
    assert [r[c] for c in ("开场规范", "需求挖掘", "业务讲解", "异议处理", "服务态度", "结束规范")] == [10, 20, 20, 20, 12, 10]
    assert (r["违规承诺"], r["辱骂客户"], r["总分"], r["分析指导"]) == ("否", "否", 92, "开场白不规范，已辅导")
    # the page shows the new row and counts it, without the flag's "QA due" any more
    assert frame(at, "录音编号")["录音编号"].tolist() == ["R-001"]
    assert {m.label: m.value for m in at.metric}["已质检 / 今日在岗"] == "1 / 6"
    flags = frame(at, "质检")
    assert flags.loc[flags["工号"] == "1310", "质检"].tolist() == ["已质检"]


def test_a_red_line_scores_zero(floor_dir):
    at = score(lead_page(group="103"), "1301", "R-9", red=[1])
    assert {m.label: m.value for m in at.metric}["总分（自动计算）"] == "0 / 100"
    at.button(key="lead_qa_submit").click().run()
    r = stored(floor_dir, "qa").iloc[0]
    assert (r["辱骂客户"], r["违规承诺"], r["总分"], r["业务讲解"]) == ("是", "否", 0, 25)


@pytest.mark.parametrize("agent, recording, items, notes, message", [
    ("1310", "R-1", {2: 30.0}, "x", "业务讲解：分数应在 0 到 25 之间"),
    ("1310", "R-1", {0: -1.0}, "x", "开场规范：分数应在 0 到 10 之间"),
    (None, "R-1", {}, "x", "请选择坐席"),
    ("1310", "", {}, "x", "必填"),
    ("1310", "R-1", {}, " ", "必填"),
])
def test_qa_refuses_bad_input_and_writes_nothing(floor_dir, agent, recording, items, notes, message):
    at = score(lead_page(group="103"), agent, recording, items, notes=notes)
    at.button(key="lead_qa_submit").click().run()
    assert message in errors(at) and "请修改标出的项目，未写入任何内容。" in errors(at)
    assert stored(floor_dir, "qa").empty


def test_qa_refuses_a_recording_scored_twice(floor_dir):
    at = score(lead_page(group="103"), "1310", "R-1")
    at.button(key="lead_qa_submit").click().run()
    at = score(at, "1310", "R-1")
    at.button(key="lead_qa_submit").click().run()
    assert "录音 R-1 今天已评分" in errors(at) and len(stored(floor_dir, "qa")) == 1


def test_monitoring_writes_a_note_and_refuses_one_without_action(floor_dir):
    at = lead_page(group="103")
    at.selectbox(key="lead_mon_agent").set_value("1310")
    at.text_area(key="lead_mon_reason").set_value("选了手机阅读，话术也不对")
    at.button(key="lead_mon_submit").click().run()
    assert "必填" in errors(at) and stored(floor_dir, "monitoring").empty
    at.text_area(key="lead_mon_action").set_value("当场提醒切回新华手机报")
    at.text_input(key="lead_mon_result").set_value("10:40 已切换")
    at.button(key="lead_mon_submit").click().run()
    rows = stored(floor_dir, "monitoring")
    assert rows[["日期", "时段", "工号", "组别", "触发原因", "处理措施", "结果"]].astype(str).values.tolist() == [
        [DAY, "11:00-12:00", "1310", "103", "选了手机阅读，话术也不对", "当场提醒切回新华手机报", "10:40 已切换"]]
    assert frame(at, "处理措施")["工号"].tolist() == ["1310"]


def test_wrong_task_list_on_the_demo(floor_dir):
    at = lead_page(group="103")
    wrong = frame(at, "开始时段")
    # 1310 dials 手机阅读 from the 10:00 slot and is still on it in the latest slot
    assert wrong[["工号", "开始时段", "当前项目"]].values.tolist() == [["1310", "10:00", "手机阅读"]]
    assert "应为「新华手机报」" in wrong["说明"].iloc[0]
    assert not any(d.value.columns.tolist()[:3] == ["工号", "姓名", "开始时段"] for d in lead_page(group="104").dataframe)


def test_flags_for_the_group_match_the_foundation(floor_dir):
    floor = the_floor(floor_dir)
    want = flags_at(floor.reports, floor.schedule, floor.projects, DAY, 665, settings())
    for group in ("104", "105"):
        shown = frame(lead_page(group=group), "类型")
        mine = want[want["group"] == group]
        assert shown["工号"].tolist() == mine["agent_id"].tolist() and shown["说明"].tolist() == mine["detail"].tolist()
        due = ["—" if k == "no_data" else "待质检" for k in mine["kind"]]
        assert shown["质检"].tolist() == due
    assert "1404" in want[want["kind"] == "low_rate"]["agent_id"].tolist()   # the demo's weak agent
    assert want[want["kind"] == "no_data"]["agent_id"].tolist() == ["1503"]  # the absent one


def test_coverage_figures(floor_dir):
    floor = the_floor(floor_dir)
    present = present_agents(floor.reports, "103", DAY, 665)
    # 103 works 7 agents today; 1303 is on the afternoon shift and has no rows yet
    assert present["agent_id"].tolist() == ["1301", "1304", "1306", "1307", "1309", "1310"]
    at = lead_page(group="103")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["已质检 / 今日在岗"] == "0 / 6" and metrics["覆盖率"] == "0.00%"   # rates with two decimals (issue 17.1)
    assert metrics["组长本人外呼（1300）"] == "0 / 10"   # the demo's leads make no calls of their own
    assert any(w.value.startswith("还有 6 人未质检：1301 ") for w in at.warning)
    cov = frame(at, "已评录音")
    assert cov["工号"].tolist() == present["agent_id"].tolist() and set(cov["已覆盖"]) == {"✘"}


def chart(at, key):
    c = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key))
    return {t["name"]: t for t in json.loads(c.proto.spec)["data"]}


def test_charts_have_the_series_of_their_frames(floor_dir):
    floor = the_floor(floor_dir)
    at = lead_page(group="103")
    at.selectbox(key="lead_chart_agent").set_value("1310").run()
    traces = chart(at, "lead_chart_agent_hours")
    assert list(traces) == ["1310 数据量", "本组人均数据量", "1310 办理率", "本组办理率", "目标办理率"]
    plan = floor.projects[(floor.projects["date"] == pd.Timestamp(DAY)) & (floor.projects["group"] == "103")]
    assert len(plan) == 1 and traces["目标办理率"]["y"] == pytest.approx([plan["target_rate"].iloc[0]] * 2)
    want = agent_vs_group(agent_hours(floor.reports, DAY, "103", 665), "1310")
    assert traces["1310 办理率"]["x"] == ["09:00", "10:00"]
    assert traces["1310 办理率"]["y"] == pytest.approx(want["rate"].tolist())
    assert traces["本组人均数据量"]["y"] == pytest.approx(want["group_avg_volume"].tolist())
    assert traces["1310 数据量"]["type"] == "bar" and traces["本组办理率"]["type"] == "scatter"
    center = chart(at, "lead_chart_center")
    assert list(center) == ["本组人均数据量", "中心人均数据量", "本组办理率", "中心办理率", "目标办理率"]
    want = group_vs_center(floor.reports, DAY, "103", 665)
    assert center["中心办理率"]["y"] == pytest.approx(want["center_rate"].tolist())


def test_hourly_table_is_agents_by_hour_with_the_group_row(floor_dir):
    at = lead_page(group="103")
    grid = frame(at, "09:00")
    assert grid["工号"].tolist() == ["1301", "1304", "1306", "1307", "1309", "1310", ""]
    at.radio(key="lead_measure").set_value("volume").run()
    grid = frame(at, "09:00")
    assert grid["合计"].iloc[:-1].sum() / 6 == pytest.approx(grid["合计"].iloc[-1])   # the group row: per agent


def test_before_nine_and_a_past_day(floor_dir):
    at = lead_page(group="103", at="08:45")
    infos = [i.value for i in at.info]
    assert "任务检查从 09:00 开始。" in infos and "还没有本组的分时段数据。" in infos
    past = lead_page(group="103", date="2026-11-24")
    assert "这是过去的一天：只能查看，表单不会写入。" in [i.value for i in past.info]
    assert past.button(key="lead_qa_submit").disabled and past.button(key="lead_att_submit").disabled


def test_yesterday_and_export(floor_dir):
    at = lead_page(group="103")
    assert "2026-11-24（对比 2026-11-23）" in [m.value for m in at.markdown]
    changes = frame(at, "办理率变化")
    assert changes["办理率变化"].dropna().is_monotonic_decreasing
    assert at.get("download_button")


def test_english(floor_dir):
    at = lead_page(group="103", lang="en")
    assert at.title[0].value == "Lead workbench" and "Today's project" in [m.label for m in at.metric]


def test_a_lead_sees_only_their_own_group(floor_dir):
    cfg = floor_dir.parent / "config.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("enabled = false", "enabled = true", 1), encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    sign_in_session(at, "1300")   # 103's lead, signed in
    at.query_params["group"] = "104"
    at.run()
    at.switch_page("pages/lead.py").run()
    assert not at.exception and at.caption[0].value.startswith("103组")
    assert "无权查看或填写 104 组。" in [w.value for w in at.warning]
    assert not at.get("selectbox") or all(s.key != "lead_group" for s in at.selectbox)


def test_the_excel_download_holds_every_table(floor_dir):
    import datetime as dt
    import io

    from python_calamine import CalamineWorkbook

    from lib.out.excel import workbook_bytes
    from lib.day.workbench import yesterday
    from lib.quality.qa import coverage
    from lib.ui import lead as ui
    from lib.ui.context import PageContext

    floor = the_floor(floor_dir)
    ctx = PageContext(settings(), floor, False, dt.date(2026, 11, 25), 665, True, "zh")
    w = ui.load(ctx, "103")
    y = yesterday(floor.reports, "103", ctx.day, lambda d: w.qa_today.iloc[0:0], 10)
    sheets = ui.workbench_sheets(ctx, w, coverage(w.present, w.qa_today), y)
    assert list(sheets) == ["考勤", "任务检查", "分时段", "预警与监听", "监听记录", "质检评分", "质检覆盖", "昨日回顾", "昨日坐席"]
    assert sheets["预警与监听"][["工号", "类型", "质检"]].values.tolist() == [["1310", "任务选错", "待质检"]]
    assert len(sheets["分时段"]) == len(agent_hours(floor.reports, DAY, "103", 665)) == 12   # 6 agents x 2 slots
    assert set(sheets["质检覆盖"]["已覆盖"]) == {"✘"}
    book = CalamineWorkbook.from_filelike(io.BytesIO(workbook_bytes(sheets, ["办理率"])))
    assert book.sheet_names == list(sheets)
    assert book.get_sheet_by_name("任务检查").to_python()[1][:3] == ["1310", "胡鹏", "10:00"]
