"""AppTest of 跟进 (pages/followup.py) on the demo center at 2026-11-25 11:05, in a private copy per test.

The demo's day (lib.demo.story): 1200 (102) is the duty lead; 101's lead 1100 and agent 1101 rest;
104's 1404 is weak (flagged low_rate). Every form: the happy path writes exactly the rows expected,
bad input shows its message and writes nothing. Signed in as each demo role, nobody but the owning
group's lead and the duty lead sees a customer's whole number.
"""
from __future__ import annotations

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook
from streamlit.testing.v1 import AppTest

from lib.quality.callbacks import callback_row
from lib.config import settings
from lib.floor.cache import load_floor
from lib.day.goals import pace_at, pace_label
from lib.store import open_store
from lib.ui.safe import unliteral
from tests.conftest import ROOT, open_url, sign_in_session

DAY = "2026-11-25"
NUMBER, MASKED = "13812345678", "138****5678"


@pytest.fixture
def floor_dir(private_demo, tmp_path):
    cfg = tmp_path / "config.toml"
    text = cfg.read_text(encoding="utf-8")
    text = text.replace('supervisor_email = ""', 'supervisor_email = "zhuguan@example.com"', 1)
    cfg.write_text(text.replace('manager_email = ""', 'manager_email = "jingli@example.com"', 1), encoding="utf-8")
    return private_demo


def store(floor):
    return open_store(settings(), floor)


def rows(floor, table, history=False):
    """The stored rows of a table without the record columns' values that change per run."""
    s = store(floor)
    df = s.read_month(table, "2026-11", history=history)
    return df


def page(path="pages/followup.py", user=None, **query):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    if user:
        sign_in_session(at, user)
    at.run()
    open_url(at, path).run()   # by its URL: a person it is not routed for gets the home page
    assert not at.exception, [e.value for e in at.exception]
    return at


def errors(at):
    return [unliteral(e.value) for e in at.error]   # what the page shows (values are escaped markdown)


def successes(at):
    return [s.value for s in at.success]


def everything(at) -> str:
    """Every text the page shows: titles, captions, markdown, alerts, metrics, tables, code, choices."""
    parts = [x.value for kind in ("title", "subheader", "caption", "markdown", "info", "warning", "error",
                                  "success", "code") for x in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [d.value.to_string() for d in at.dataframe]
    for box in list(at.selectbox) + list(at.multiselect):
        parts += [str(o) for o in box.options]
    parts += [str(x.value) for x in at.text_input]
    return "\n".join(parts)


# ---------------------------------------------------------------- goals and pace

def test_pace_and_month_completion_for_a_group(floor_dir):
    at = page(group="104")
    assert at.title[0].value == "跟进" and at.caption[0].value == "104组 · 2026-11-25 · 截至 11:05"
    f = load_floor(floor_dir, settings())
    p = pace_at(f.reports, f.projects, DAY, 665, settings()).set_index("group").loc["104"]
    # the demo's target for 104 is 230: at 11:05 two of 8 slots ended -> 230 x 2/8 = 57.5, shown 58
    assert p["target_handled"] == 230 and p["expected"] == 57.5
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"目标办理量": "230", "此时应达": "58", "办理量": f"{p['handled']:,.0f}",
                       "进度": pace_label(p["ahead"])}
    pace = next(d.value for d in at.dataframe if "进度" in d.value.columns)
    assert pace["组别"].tolist() == ["101", "102", "103", "104", "105", "106"]
    month = next(d.value for d in at.dataframe if "目标完成率" in d.value.columns)
    assert month["组别"].tolist()[-1] == "中心"


# ---------------------------------------------------------------- coaching

GROW = {"goal": "办理率回到 8%", "reality": "开场白太长", "options": "缩短开场", "action": "每天听 3 通优秀录音"}


def fill_coaching(at, agent, values, due=None, link=None):
    if agent:
        at.selectbox(key="followup_coach_agent").set_value(agent).run()
    for k, v in values.items():
        at.text_area(key=f"followup_coach_{k}").set_value(v)
    if due:
        at.date_input(key="followup_coach_due").set_value(due)
    if link is not None:
        at.selectbox(key="followup_coach_link").set_value(link)
    return at.button(key="followup_coach_submit").click().run()


def test_a_coaching_record_is_written_once_and_its_action_closed(floor_dir):
    at = page(group="104")
    assert at.selectbox(key="followup_coach_link").options == ["无"]     # no agent picked yet
    at.selectbox(key="followup_coach_agent").set_value("1404").run()
    assert at.selectbox(key="followup_coach_link").options == ["无", "预警 11-25 办理率低"]
    at = fill_coaching(at, None, GROW, dt.date(2026, 11, 27), "预警 low_rate 2026-11-25")
    assert not errors(at) and successes(at)[0].startswith("已保存 1404")
    got = rows(floor_dir, "coaching")
    assert len(got) == 1
    r = got.iloc[0]
    assert {k: r[k] for k in ("工号", "组别", "目标", "现状", "方案", "行动", "期限", "状态", "关联记录", "提交人")} == {
        "工号": "1404", "组别": "104", "目标": "办理率回到 8%", "现状": "开场白太长", "方案": "缩短开场",
        "行动": "每天听 3 通优秀录音", "期限": "2026-11-27", "状态": "进行中", "关联记录": "预警 low_rate 2026-11-25",
        "提交人": "admin"}
    assert at.text_area(key="followup_coach_goal").value == ""            # the form starts afresh
    # 期限 11-27 is 2 days away: due (due_soon_days = 2); mark it done
    actions = next(d.value for d in at.dataframe if "剩余天数" in d.value.columns)
    assert actions["状态"].tolist() == ["即将到期"] and actions["剩余天数"].tolist() == [2]
    at.button(key="followup_coach_done").click().run()
    assert "辅导行动已标记完成。" in successes(at)
    assert rows(floor_dir, "coaching").iloc[0]["状态"] == "已完成"
    assert len(rows(floor_dir, "coaching", history=True)) == 2
    assert "本组没有待完成的辅导行动。" in [i.value for i in at.info]


def test_a_bad_coaching_record_writes_nothing(floor_dir):
    at = fill_coaching(page(group="104"), None, {**GROW, "reality": " "})
    assert errors(at) == ["请选择坐席。", "必填。", "有内容需要修改，未写入任何记录。"]
    at = fill_coaching(at, "1404", GROW, dt.date(2026, 11, 24))
    assert errors(at) == ["期限不能早于 2026-11-25。", "有内容需要修改，未写入任何记录。"]
    assert at.text_area(key="followup_coach_goal").value == GROW["goal"]   # what was typed stays
    assert rows(floor_dir, "coaching").empty


# ---------------------------------------------------------------- callbacks

def fill_callback(at, agent, phone, reason, at_time=dt.time(11, 20), day=None):
    if agent:
        at.selectbox(key="followup_cb_agent").set_value(agent)
    at.text_input(key="followup_cb_phone").set_value(phone)
    at.text_input(key="followup_cb_reason").set_value(reason)
    at.time_input(key="followup_cb_time").set_value(at_time)
    if day:
        at.date_input(key="followup_cb_day").set_value(day)
    return at.button(key="followup_cb_submit").click().run()


def test_a_callback_is_recorded_listed_and_its_status_moved(floor_dir):
    at = fill_callback(page(group="104"), "1404", "138-1234-5678", "要求上午回电")
    assert not errors(at) and successes(at) == ["已登记 1404 韦娜慧 的回拨。"]
    got = rows(floor_dir, "callbacks")
    assert got.drop(columns=["记录编号", "提交时间", "更正记录", "作废"]).assign(日期=lambda d: d["日期"].astype(str)) \
        .to_dict("records") == [{"日期": "2026-11-25", "工号": "1404", "组别": "104", "客户电话": NUMBER,
                                 "原因": "要求上午回电", "回拨时间": "2026-11-25 11:20", "状态": "待回拨", "提交人": "admin"}]
    # the local administrator counts as on duty: the whole number in the sheet, masked in its chat text
    assert at.code[0].value == ("联络单 2026-11-25：共 1 条，待回拨 1 条\n"
                                "1. 11:20 104组 1404 韦娜慧 138****5678 要求上午回电（待回拨）")
    assert "已到期或即将到期：1 条" in [c.value for c in at.caption]
    at.selectbox(key="followup_cbs_status").set_value("已办理")
    at.button(key="followup_cbs_submit").click().run()
    assert "已更新为：已办理" in successes(at)
    assert rows(floor_dir, "callbacks").iloc[0]["状态"] == "已办理"
    assert at.code[0].value.endswith("要求上午回电（已办理）")


def test_the_contact_sheet_downloads_as_a_workbook(floor_dir):
    at = fill_callback(page(group="104"), "1404", NUMBER, "资费疑问", dt.time(15, 0))
    button = at.get("download_button")[0]
    assert button.proto.label == "下载联络单 Excel"
    sheet = next(d.value for d in at.dataframe if "客户电话" in d.value.columns and "记录人" in d.value.columns)
    assert sheet.to_dict("records") == [{"回拨时间": "2026-11-25 15:00", "组别": "104", "工号": "1404", "姓名": "韦娜慧",
                                         "客户电话": NUMBER, "原因": "资费疑问", "状态": "待回拨", "记录人": "admin"}]
    from lib.store import xlsx_safe
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx_safe(sheet, "联络单")))
    assert book.get_sheet_by_name("联络单").to_python()[1][4] == NUMBER


@pytest.mark.parametrize("agent, phone, reason, when, messages", [
    ("1404", "138123", "资费疑问", None, ["电话号码应为 7–15 位数字。"]),
    ("1404", "", "", None, ["必填。", "必填。"]),
    (None, NUMBER, "x", None, ["请选择坐席。"]),
    ("1404", NUMBER, "x", dt.date(2026, 11, 24), ["回拨日期不能早于 2026-11-25。"]),
])
def test_a_bad_callback_writes_nothing_and_never_echoes_the_number(floor_dir, agent, phone, reason, when, messages):
    at = fill_callback(page(group="104"), agent, phone, reason, day=when)
    assert errors(at) == messages + ["有内容需要修改，未写入任何记录。"]
    assert rows(floor_dir, "callbacks").empty
    if phone:
        assert all(phone not in e for e in errors(at))


# ---------------------------------------------------------------- the weekly meeting

def test_whose_turn_and_the_minutes_with_their_email(floor_dir):
    at = page(group="101")
    # rotation_start 2026-01-06, six leads 1100..1600: 11-24 is week 46 -> 1500, who rested, so 1600 stood in;
    # 12-01 (week 47) is 1600's own turn by the order, which 1500 takes in exchange; 1600 minutes
    turns = [t for t in (unliteral(i.value) for i in at.info) if t.startswith("周例会")]
    assert turns == ["周例会 12-01（周二）14:00 · 主持：侯英萍（1500） · 记录：史丽巧（1600）"]
    # the minutes of Tuesday 11-24: 1500 rested that day, so 1600 hosted and 1100 minuted
    assert at.date_input(key="followup_min_day").value == dt.date(2026, 11, 24)
    assert (at.selectbox(key="followup_min_host").value, at.selectbox(key="followup_min_taker").value) == ("史丽巧", "彭晨")
    at.multiselect(key="followup_min_attendees").set_value(["史丽巧", "彭晨", "尹慧"])
    at.text_area(key="followup_min_content").set_value("上周各组办理率回顾")
    at.text_area(key="followup_min_decisions").set_value("104组每日加听 3 通录音")
    at.button(key="followup_min_submit").click().run()
    assert "会议纪要已保存。" in successes(at)
    got = rows(floor_dir, "minutes")
    assert len(got) == 1 and {k: got.iloc[0][k] for k in ("主持人", "记录人", "参会人", "内容", "决定事项")} == {
        "主持人": "史丽巧", "记录人": "彭晨", "参会人": "史丽巧、彭晨、尹慧", "内容": "上周各组办理率回顾",
        "决定事项": "104组每日加听 3 通录音"}
    assert str(got.iloc[0]["日期"].date()) == "2026-11-24"
    mail = [c.value for c in at.code if c.value.startswith("收件人")]
    assert mail == ["收件人：zhuguan@example.com\n抄送：jingli@example.com\n主题：2026-11-24 周例会纪要\n\n"
                    "您好：\n\n以下是 2026-11-24（周二）14:00 周例会纪要。\n\n主持人：史丽巧\n记录人：彭晨\n"
                    "参会人：史丽巧、彭晨、尹慧\n\n会议内容：\n上周各组办理率回顾\n\n决定事项：\n104组每日加听 3 通录音\n\n彭晨"]
    link = at.get("link_button")[0].proto
    assert link.url.startswith("mailto:zhuguan@example.com?cc=jingli%40example.com&subject=2026-11-24%20")


def test_bad_minutes_write_nothing(floor_dir):
    at = page(group="101")
    at.button(key="followup_min_submit").click().run()
    assert errors(at) == ["请选择参会人。", "必填。", "有内容需要修改，未写入任何记录。"]
    assert rows(floor_dir, "minutes").empty


# ---------------------------------------------------------------- month-end 复盘

def test_the_month_review_is_written_then_corrected(floor_dir):
    at = page(group="103")
    result = next(i.value for i in at.info if i.value.startswith("结果（来自数据）"))
    assert "完成率" in result
    key = "followup_mr_{}_103_2026-11"
    assert at.text_area(key=key.format("goal")).value.startswith("办理量 ")   # from the month's target
    at.button(key="followup_mr_submit").click().run()
    assert errors(at) == ["必填。"] * 4 + ["有内容需要修改，未写入任何记录。"]
    assert rows(floor_dir, "month_review").empty
    for k, v in {"process": "脚本两次更新", "causes": "1310 选错任务", "lessons": "晨会核对任务", "next_goal": "完成率 105%"}.items():
        at.text_area(key=key.format(k)).set_value(v)
    at.button(key="followup_mr_submit").click().run()
    assert "2026-11 月度复盘已保存。" in successes(at)
    got = rows(floor_dir, "month_review")
    assert len(got) == 1 and got.iloc[0]["结果"] == result.split("：", 1)[1] and got.iloc[0]["原因"] == "1310 选错任务"
    at.text_area(key=key.format("lessons")).set_value("晨会核对任务和脚本")
    at.button(key="followup_mr_submit").click().run()
    got = rows(floor_dir, "month_review")
    assert len(got) == 1 and got.iloc[0]["经验"] == "晨会核对任务和脚本" and got.iloc[0]["更正记录"]


# ---------------------------------------------------------------- signed in: rights and masking

@pytest.fixture
def signed_in(floor_dir, tmp_path):
    """Sign-in on, and a callback of 101's agent 1101 due at 11:20 (1101 rests today)."""
    path = tmp_path / "config.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("enabled = false", "enabled = true", 1), encoding="utf-8")
    row = callback_row(DAY, "1101", "101", NUMBER, "要求回电", dt.datetime(2026, 11, 25, 11, 20))
    store(floor_dir).append("callbacks", [row], submitted_by="1100")
    return floor_dir


@pytest.mark.parametrize("user, sees", [("1100", NUMBER),    # 101's lead
                                        ("1200", NUMBER),    # the duty lead (of 102)
                                        ("0801", MASKED),    # the manager
                                        ("0802", MASKED),    # the director
                                        ("0803", MASKED)])   # the senior lead
def test_only_the_groups_lead_and_the_duty_lead_see_the_number(signed_in, user, sees):
    at = page(user=user, group="101")
    text = everything(at)
    assert sees in text
    if sees == MASKED:
        assert NUMBER not in text


def test_another_groups_lead_gets_only_their_own_group(signed_in):
    at = page(user="1300", group="101")
    assert at.caption[0].value.startswith("103组") and NUMBER not in everything(at) and MASKED not in everything(at)


def test_an_agent_may_not_open_follow_ups_and_the_wall_shows_no_number(signed_in):
    at = page(user="1101")   # not routed for an agent: /followup holds the refusal, nothing of the page
    assert [e.value for e in at.error] == ["你没有打开「跟进」的权限。可以打开的页面在左侧菜单中。"]
    assert not at.dataframe and not at.metric and not at.tabs and NUMBER not in everything(at)
    wall = page("pages/wall.py")
    assert NUMBER not in everything(wall) and all(NUMBER not in h.proto.body for h in wall.get("html"))


def test_the_duty_lead_assigns_a_due_callback(signed_in):
    at = page(user="1200", group="101")
    due = next(d.value for d in at.dataframe if "今日在岗" in d.value.columns)
    assert due[["组别", "坐席", "今日在岗", "客户电话"]].values.tolist() == [["101", "1101 秦凯琪", "否", NUMBER]]
    assert at.button(key="followup_fu_assign").disabled          # until an agent is picked
    at.selectbox(key="followup_fu_to").set_value("1201").run()
    at.button(key="followup_fu_assign").click().run()
    assert "回拨任务已交给 1201 龙静萍。" in successes(at)
    got = rows(signed_in, "callbacks")
    assert got[["工号", "组别", "状态", "客户电话", "提交人"]].values.tolist() == [["1201", "102", "待回拨", NUMBER, "1200"]]


def test_a_lead_cannot_assign(signed_in):
    at = page(user="1100", group="101")
    assert not [b for b in at.button if b.key == "followup_fu_assign"]


# ---------------------------------------------------------------- the other screens

def test_the_wall_shows_each_groups_pace_and_nothing_private(signed_in):
    from lib.day.goals import pace_mark
    wall = page("pages/wall.py")
    html = "".join(h.proto.body for h in wall.get("html"))
    f = load_floor(signed_in, settings())
    p = pace_at(f.reports, f.projects, DAY, 665, settings()).set_index("group")["ahead"]
    for g in ("101", "104"):
        assert f'data-group="{g}"' in html and f'data-pace="{pace_mark(p[g])}"' in html
    assert ">进度<" in html and NUMBER not in html and MASKED not in html


def test_the_workbench_shows_pace_overdue_actions_and_the_meeting(floor_dir):
    old = {"日期": "2026-11-20", "工号": "1404", "组别": "104", "目标": "g", "现状": "r", "方案": "o", "行动": "听录音",
           "期限": "2026-11-24", "状态": "进行中", "关联记录": ""}
    store(floor_dir).append("coaching", [old], submitted_by="1400")
    at = page("pages/lead.py", group="104")
    assert {m.label for m in at.metric} >= {"目标办理量", "此时应达", "进度"}
    assert [e.label for e in at.expander if e.label.startswith("辅导行动")] == ["辅导行动 1 项待完成，其中 1 项已逾期"]
    assert "周例会 12-01（周二）14:00 · 主持：侯英萍（1500） · 记录：史丽巧（1600）" in " ".join(unliteral(c.value) for c in at.caption)


def test_the_duty_desk_lists_due_callbacks_masked_by_rights(signed_in):
    duty = page("pages/duty_desk.py", user="1200")
    assert "回拨任务" in [t.label for t in duty.tabs]
    due = next(d.value for d in duty.dataframe if "今日在岗" in d.value.columns)
    assert due["客户电话"].tolist() == [NUMBER]
    assert any(c.value.startswith(":material/event: 周例会") for c in duty.caption)
    manager = page("pages/duty_desk.py", user="0801")
    assert next(d.value for d in manager.dataframe if "今日在岗" in d.value.columns)["客户电话"].tolist() == [MASKED]
    assert NUMBER not in everything(manager)


def test_the_review_shows_completion_coaching_and_the_month_reviews(floor_dir):
    s = store(floor_dir)
    s.append("coaching", [{"日期": "2026-11-18", "工号": "1404", "组别": "104", "目标": "g", "现状": "r", "方案": "o",
                           "行动": "a", "期限": "2026-11-20", "状态": "已完成", "关联记录": ""}], submitted_by="1400")
    s.append("month_review", [{"月份": "2026-11", "组别": "104", "目标": "t", "过程": "p", "结果": "r", "原因": "c",
                               "经验": "l", "下月目标": "n"}], submitted_by="1400")
    at = page("pages/review.py")
    completion = next(d.value for d in at.dataframe if "目标完成率" in d.value.columns)
    assert completion["组别"].tolist()[-1] == "中心"
    coaching = next(d.value for d in at.dataframe if "辅导次数" in d.value.columns)
    assert coaching[["辅导人", "周", "辅导次数", "辅导坐席数"]].values.tolist() == [["1400 顾欣巧", "2026-W47", 1, 1]]
    reviews = next(d.value for d in at.dataframe if "下月目标" in d.value.columns)
    assert reviews[["组别", "过程", "提交人"]].values.tolist() == [["104", "p", "1400"]]


def test_the_agent_page_shows_the_coaching_history(floor_dir):
    store(floor_dir).append("coaching", [{"日期": "2026-11-24", "工号": "1404", "组别": "104", "目标": "回到 8%",
                                          "现状": "r", "方案": "o", "行动": "a", "期限": "2026-11-26", "状态": "进行中",
                                          "关联记录": ""}], submitted_by="1400")
    at = page("pages/agent.py", agent="1404")
    history = next(d.value for d in at.dataframe if "现状" in d.value.columns)
    assert history[["目标", "期限", "状态"]].values.tolist() == [["回到 8%", "2026-11-26", "进行中"]]


def test_the_menu_offers_follow_ups_to_leads_duty_and_managers_only():
    from lib.people.auth import PUBLIC, Person, may_open
    people = {"lead": Person("1", "", "lead", "101"), "deputy": Person("2", "", "deputy_lead", "101"),
              "duty": Person("3", "", "lead", "102", True), "manager": Person("4", "", "manager", ""),
              "director": Person("5", "", "director", ""), "senior": Person("6", "", "senior_lead", ""),
              "agent": Person("7", "", "agent", "101"), "public": PUBLIC}
    assert {k for k, p in people.items() if may_open(p, "followup")} == \
        {"lead", "deputy", "duty", "manager", "director", "senior"}
