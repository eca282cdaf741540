"""The duty desk: the chat texts character for character, deductions, QA collection, flags with leads,
and the duty-log write landing in the store once (a second write only as a confirmed correction).

The floor is tests/test_wall.py's tiny floor (its docstring has the figures at 11:00).
"""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from lib.day.attendance_summary import attendance_summary, attendance_text
from lib.day.attendance_report import SwapLine
from lib.day.broadcast import broadcast_minute, broadcast_text
from lib.day.duty import duty_lead, duty_log_rows, flags_with_leads, lead_names, qa_collection
from lib.floor.cache import load_floor
from lib.day.notices import notices_table
from lib.store import open_store
from tests.conftest import ROOT, make_settings, open_url, sign_in_session
from tests.test_wall import config_for, write_tiny_floor

DAY = dt.date(2026, 11, 25)
SWAP = "101组1002李四替102组2003吴三上班,外呼新华手机报"
BLANK = {"日期": "2026-11-25", "项目": "", "应出勤": None, "实到": None, "工号": "", "姓名": "", "类别": "",
         "时长(小时)": None, "原因": "", "扣分": None, "替班说明": ""}
# Rows as the lead workbench writes them (lib/attendance_form.py): a summary row, absences, swaps.
ATT_101 = [BLANK | {"组别": "101", "项目": "流量包升级", "应出勤": 4, "实到": 3},
           BLANK | {"组别": "101", "项目": "流量包升级", "工号": "1004", "姓名": "孙六", "类别": "病假", "时长(小时)": 8,
                    "原因": "发烧", "扣分": -0.3},
           BLANK | {"组别": "101", "项目": "新华手机报", "工号": "1002", "姓名": "李四", "类别": "换班", "扣分": 0,
                    "替班说明": SWAP}]
ATT_102 = [BLANK | {"组别": "102", "项目": "新华手机报", "应出勤": 3, "实到": 2},
           BLANK | {"组别": "102", "项目": "新华手机报", "工号": "2003", "姓名": "吴三", "类别": "事假", "时长(小时)": 4,
                    "原因": "家中有事", "扣分": -0.5},
           BLANK | {"组别": "102", "项目": "新华手机报", "工号": "2002", "姓名": "周二", "类别": "旷工", "时长(小时)": 8,
                    "原因": "未请假", "扣分": -2},
           BLANK | {"组别": "102", "项目": "新华手机报", "工号": "1002", "姓名": "李四", "类别": "换班", "扣分": 0,
                    "替班说明": SWAP}]   # both leads reported the swap: listed once

ATTENDANCE_ZH = """【考勤汇总】2026-11-25 值班组长：赵组长
101组 流量包升级：应到4人，实到3人
  病假：1004孙六 8小时，发烧，扣分-0.3
102组 新华手机报：应到3人，实到2人
  事假：2003吴三 4小时，家中有事，扣分-0.5
  旷工：2002周二 8小时，未请假，扣分-2
换班：
101组1002李四替102组2003吴三上班,外呼新华手机报
请假/缺勤3人次，扣分合计-2.8
各组均已上报"""   # -0.3 - 0.5 - 2 = -2.8

ATTENDANCE_EN = """[Attendance] 2026-11-25 duty lead: 赵组长
Group 101 流量包升级: expected 4, present 3
  sick leave: 1004孙六 8 h, 发烧, deduction -0.3
Leave/absence: 1, deductions -0.3
Not reported: group 102"""
SWAP_EN = "the swap of group 101: 1002李四 covers 2003吴三 of group 102, calling 新华手机报"

# Center at 11:00: volume 80+100+60+80+8+90 = 418, handled 8+9+2+12+1+8 = 40, 40/418 = 9.57%;
# groups 102 = 21/178, 101 = 19/240 (tests/test_wall.py). Five ranked: all listed (top 10, last 5).
# 2002 worked 2 hours: bar max(10, 5 x 2) = 10 > 8.
BROADCAST_11 = """【11:00 排名播报】2026-11-25
全中心 数据量418 办理量40 办理率9.57%
【各组排名】
1. 102组 办理率11.80% 办理量21 数据量178
2. 101组 办理率7.92% 办理量19 数据量240
【坐席排名】5人排名
1. 2001 陈一 数据量80 办理量12 办理率15.00%
2. 1001 张三 数据量80 办理量8 办理率10.00%
3. 1002 李四 数据量100 办理量9 办理率9.00%
4. 2003 吴三 数据量90 办理量8 办理率8.89%
5. 1003 王五 数据量60 办理量2 办理率3.33%
数据量不足10未排名：2002 周二（数据量8）"""   # [ranking] min_volume_per_hour = 0: the contract's bar alone


@pytest.fixture
def root(tmp_path):
    return write_tiny_floor(tmp_path / "floor")


@pytest.fixture
def floor(root, cfg):
    return load_floor(root, cfg)


@pytest.fixture
def store(root, cfg):
    return open_store(cfg, root)


# ---------------------------------------------------------------- pure texts and tables

def test_attendance_text_character_for_character(floor, store, cfg):
    store.append("attendance", ATT_101, submitted_by="1000")
    store.append("attendance", ATT_102, submitted_by="2000")
    a = attendance_summary(store.read_day("attendance", DAY), floor.schedule, DAY, duty_lead(floor.schedule, DAY), cfg)
    assert attendance_text(a) == ATTENDANCE_ZH
    assert a.total_points == -2.8 and [lv.points for lv in a.leaves] == [-0.3, -0.5, -2.0]
    assert a.missing == []


def test_attendance_text_in_english_names_the_groups_not_reported(floor, store, cfg):
    store.append("attendance", ATT_101, submitted_by="1000")
    a = attendance_summary(store.read_day("attendance", DAY), floor.schedule, DAY, "赵组长", cfg)
    # the swap line was written under 101 too, so it shows; English retells the workbench's line
    assert attendance_text(a, "en") == ATTENDANCE_EN.replace("Leave/absence", f"Swaps:\n{SWAP_EN}\nLeave/absence")
    assert a.missing == ["102"]


def test_deductions_come_from_config_not_the_typed_column(floor, store):
    cfg = make_settings(attendance={"sick": -1.0})
    store.append("attendance", ATT_101, submitted_by="1000")   # typed 扣分 -0.3
    a = attendance_summary(store.read_day("attendance", DAY), floor.schedule, DAY, "", cfg)
    assert a.total_points == -1.0


def test_no_report_yet(floor, cfg):
    empty = open_store(cfg, floor.root).read_day("attendance", DAY)
    a = attendance_summary(empty, floor.schedule, DAY, "赵组长", cfg)
    assert attendance_text(a).splitlines()[-2:] == ["请假/缺勤0人次，扣分合计0", "未报：101组、102组"]


def test_the_swap_line_is_the_lead_forms_own():
    line = SwapLine("1234", "张三", "101", "4321", "李四", "102", "102", "新华手机报").text
    assert line == "101组1234张三替102组4321李四上班,外呼新华手机报"


def test_broadcast_text_character_for_character(floor, cfg):
    assert broadcast_text(floor.reports, DAY, 11 * 60, cfg) == BROADCAST_11
    assert broadcast_text(floor.reports, DAY, 9 * 60, cfg) == "【09:00 排名播报】2026-11-25\n截至09:00暂无报表数据"
    assert broadcast_minute(cfg, 10 * 60) == 660 and broadcast_minute(cfg, 16 * 60) == 900


def test_notices_with_the_next_one(floor, cfg):
    t = notices_table(cfg, floor.projects, DAY, 11 * 60 + 5)
    assert list(t["time"]) == ["09:00", "12:00", "13:30", "18:00"] and list(t["next"]) == [False, True, False, False]
    assert t["text"][0] == ("【开呼通知】09:00 请各位同事准时开呼，认真执行话术。\n"
                            "今日项目：101组 流量包升级（V2.1）；102组 新华手机报（V3.0）")
    assert t["text"][1] == "【下班通知】12:00 请停止外呼，保存数据、整理工位。13:30 准时开呼。"
    assert t["text"][3] == "【下班通知】18:00 今日外呼结束，请保存数据、整理工位，辛苦了！"


def test_duty_log_rows_morning(floor, cfg):
    rows = duty_log_rows(floor.reports, DAY, "morning", "赵组长", cfg, {"101": "1003 午前补量"})
    # morning = slots ending by 12:00, so 1003's 11-12 slot counts: 101 = 80+100+60+40 = 280 volume,
    # 8+9+2+20 = 39 handled, 3 agents -> 39/280 = 0.1393, 93.33 and 13.0 per agent
    assert rows[0] == {"日期": "2026-11-25", "值班组长": "赵组长", "时段": "上午", "组别": "101", "人数": 3,
                       "数据量": 280.0, "办理量": 39.0, "办理率": 0.1393, "人均数据量": 93.33, "人均办理量": 13.0,
                       "备注": "1003 午前补量"}
    assert rows[1]["组别"] == "102" and rows[1]["办理率"] == 0.118   # 21/178 = 0.11798


def test_qa_collection_per_lead(floor, store):
    store.append("qa", [{"日期": "2026-11-25", "工号": "1001", "录音编号": "R1", "总分": 90},
                        {"日期": "2026-11-25", "工号": "2001", "录音编号": "R2", "总分": 85}], submitted_by="1000")
    t = qa_collection(floor.reports, floor.schedule, store.read_day("qa", DAY), DAY, 11 * 60 + 5)
    assert t.to_dict("records") == [
        {"group": "101", "lead": "赵组长", "agents": 3, "scored": 1, "missing": "1002李四、1003王五"},
        {"group": "102", "lead": "钱组长", "agents": 3, "scored": 1, "missing": "2002周二、2003吴三"}]


def test_flags_with_leads_wrong_tasks_first(floor, cfg):
    f = flags_with_leads(floor.reports, floor.schedule, floor.projects, DAY, 11 * 60 + 5, cfg)
    # 2003 dialled 手机阅读 from 10:00; 1003 3.33% < 0.7 x 7.92%; 1004 scheduled, no rows; 2002 4 a slot
    # against 102's 178/6 = 29.7 a slot
    assert list(zip(f["agent_id"], f["kind"], f["lead"])) == [
        ("2003", "wrong_task", "钱组长"), ("1003", "low_rate", "赵组长"), ("1004", "no_data", "赵组长"),
        ("2002", "low_volume", "钱组长")]
    assert lead_names(floor.schedule, DAY) == {"101": "赵组长", "102": "钱组长"}


# ---------------------------------------------------------------- the page

def desk(monkeypatch, now: str = "2026-11-25 11:05", user: str | None = None, **query) -> AppTest:
    monkeypatch.setenv("TEAMBOARD_NOW", now)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    if user:
        sign_in_session(at, user)   # signed in (with [auth] enabled)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    open_url(at, "duty_desk").run()   # by its URL: a person it is not routed for gets the home page
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_shows_the_texts(root, store, tmp_path, monkeypatch):
    store.append("attendance", ATT_101, submitted_by="1000")
    store.append("attendance", ATT_102, submitted_by="2000")
    config_for(root, tmp_path, monkeypatch)
    at = desk(monkeypatch)
    codes = [c.value for c in at.code]
    assert ATTENDANCE_ZH in codes and BROADCAST_11 in codes
    assert "【下班通知】12:00 请停止外呼，保存数据、整理工位。13:30 准时开呼。" in codes
    assert "下一条：12:00 下班" in [i.value for i in at.info]
    assert at.caption[0].value.startswith("值班组长: 赵组长 · 2026-11-25 11:05")


def test_page_names_groups_not_reported(root, store, tmp_path, monkeypatch):
    store.append("attendance", ATT_101, submitted_by="1000")
    config_for(root, tmp_path, monkeypatch)
    early = desk(monkeypatch, now="2026-11-25 08:40")   # not due yet: neutral
    assert "尚未上报：102组" in [i.value for i in early.info]
    at = desk(monkeypatch)   # 11:05, past 08:50: red, with the lead and how late (lib/day/deadlines.py)
    said = [e.value.replace("\\", "") for e in at.error]
    assert "- 102组（钱组长）未报考勤，应于 08:50 前报，已晚 2 小时 15 分钟" in said
    [groups] = [d.value for d in at.dataframe if "请假/缺勤" in d.value.columns and "已上报" in d.value.columns]
    assert groups[["状态", "组别", "请假/缺勤", "扣分"]].values.tolist() == [["已完成", "101", "1", "-0.3"],
                                                                        ["逾期", "102", "—", "—"]]


def test_duty_log_is_written_once_then_only_as_a_confirmed_correction(root, store, tmp_path, monkeypatch):
    config_for(root, tmp_path, monkeypatch)
    at = desk(monkeypatch, now="2026-11-25 12:30")
    assert at.radio(key="duty_log_period").value == "morning"
    at.button(key="duty_log_write").click().run()
    assert not at.exception
    assert "已写入值班日志 2 行。" in [s.value for s in at.success]
    first = store.read_day("duty_log", DAY, history=True)
    assert len(first) == 2 and list(first["组别"]) == ["101", "102"] and set(first["时段"]) == {"上午"}
    assert list(first["办理率"]) == [0.1393, 0.118] and list(first["值班组长"]) == ["赵组长", "赵组长"]

    at.button(key="duty_log_write").click().run()          # again, without confirming: nothing written
    assert "该时段已写入过：请先勾选确认更正。未写入任何内容。" in [e.value for e in at.error]
    assert len(store.read_day("duty_log", DAY, history=True)) == 2

    at.checkbox(key="duty_log_confirm").check().run()
    at.button(key="duty_log_write").click().run()
    history = store.read_day("duty_log", DAY, history=True)
    assert len(history) == 4 and list(history["更正记录"][2:]) == list(first["记录编号"])
    assert len(store.read_day("duty_log", DAY)) == 2


def test_duty_log_waits_for_the_end_of_the_period(root, tmp_path, monkeypatch):
    config_for(root, tmp_path, monkeypatch)
    at = desk(monkeypatch)   # 11:05: the morning is not over
    assert at.button(key="duty_log_write").disabled
    assert "12:00 以后才能写入该时段的值班日志（现在显示截至目前的数据）。" in [i.value for i in at.info]


def test_broadcast_before_its_time_warns(root, tmp_path, monkeypatch):
    config_for(root, tmp_path, monkeypatch)
    at = desk(monkeypatch, now="2026-11-25 10:30")
    assert at.radio(key="duty_broadcast_at").value == "11:00"
    assert any("还未到 11:00" in w.value for w in at.warning)
    text = next(c.value for c in at.code if "排名播报" in c.value)
    assert text.startswith("【10:30 排名播报】")   # only the slots ended by now


def test_signed_in_duty_lead_writes_and_an_agent_is_refused(root, store, tmp_path, monkeypatch):
    config_for(root, tmp_path, monkeypatch, auth=True)
    at = desk(monkeypatch, now="2026-11-25 12:30", user="1001")   # an agent of 101
    assert [e.value for e in at.error] == ["你没有打开「值班台」的权限。可以打开的页面在左侧菜单中。"]
    assert not at.dataframe and not at.tabs and not at.code   # the desk is not routed: nothing of it runs
    assert not at.get("button") or all(b.key != "duty_log_write" for b in at.button)
    at = desk(monkeypatch, now="2026-11-25 12:30", user="1000")   # 赵组长, on duty today (值)
    at.button(key="duty_log_write").click().run()
    log = store.read_day("duty_log", DAY, history=True)
    assert len(log) == 2 and set(log["提交人"]) == {"1000"}


def test_page_on_the_demo_in_english(demo_dir, tmp_path, monkeypatch):
    config_for(demo_dir, tmp_path, monkeypatch)
    at = desk(monkeypatch, lang="en")
    assert at.title[0].value == "Duty desk" and any(c.value.startswith("[11:00 ranking]") for c in at.code)
    flags = next(d.value for d in at.dataframe if {"Kind", "Lead"} <= set(d.value.columns))   # tabs after it have tables
    assert "wrong task" in set(flags["Kind"]) and flags["Lead"].str.len().gt(0).all()
