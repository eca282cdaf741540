"""Callbacks and the contact sheet (lib/callbacks.py): masking for every role, checks, due times, the text."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from lib.people.auth import LOCAL_ADMIN, PUBLIC, Person
from lib.quality.callbacks import (PENDING, assign_row, callback_row, check_callback, contact_sheet, contact_sheet_text, due_callbacks, followed, mask_phone, may_see_number, phone_digits, sheet_for_people, status_row, visible_callbacks)
from lib.store import open_store, xlsx_safe

DAY = dt.date(2026, 11, 25)
NUMBER = "13812345678"
MASKED = "138****5678"

# Every role of lib/auth, on 2026-11-25, looking at a callback of an agent of group 101.
ROLES = [
    (Person("1100", "彭晨", "lead", "101"), NUMBER),                    # the agent's own lead
    (Person("1199", "副组长", "deputy_lead", "101"), NUMBER),             # the group's deputy lead
    (Person("1300", "宋丽敏", "lead", "103"), MASKED),                   # another group's lead
    (Person("1200", "尹慧", "lead", "102", duty_today=True), NUMBER),    # the day's duty lead (of another group)
    (Person("1600", "史丽巧", "lead", "106", duty_today=False), MASKED),  # yesterday's duty lead, not today
    (Person("1101", "坐席", "agent", "101"), MASKED),                    # the owning agent
    (Person("1102", "坐席", "agent", "101"), MASKED),                    # a colleague in the group
    (Person("0803", "资深", "senior_lead", "中心"), MASKED),
    (Person("0802", "主任", "director", "中心"), MASKED),
    (Person("0801", "经理", "manager", "中心"), MASKED),
    (Person("0900", "主管", "supervisor", "中心"), MASKED),
    (Person("9999", "管理员", "admin", ""), MASKED),                     # an [auth] admins account, not on duty
    (LOCAL_ADMIN, NUMBER),   # sign-in off: the single local administrator counts as on duty (lib/auth)
    (PUBLIC, MASKED),        # the wall screen's viewer
]


@pytest.mark.parametrize("viewer, shown", ROLES, ids=[f"{p.role}-{p.agent_id or 'public'}" for p, _ in ROLES])
def test_mask_phone_for_every_role(viewer, shown):
    assert mask_phone(NUMBER, viewer, "101") == shown
    assert may_see_number(viewer, "101") == (shown == NUMBER)


def test_mask_shapes_and_what_people_type():
    other = Person("1300", "x", "lead", "103")
    assert mask_phone("138-1234-5678", other, "101") == MASKED
    assert mask_phone("+86 138 1234 5678", other, "101") == MASKED   # the country code is dropped
    assert mask_phone("010-87654321", other, "101") == "010****4321"   # 11 digits with the area code
    assert mask_phone("87654321", other, "101") == "****4321"
    assert mask_phone("1234567", other, "101") == "****" and mask_phone("", other, "101") == "****"
    assert mask_phone(" 138 1234 5678 ", Person("1100", "x", "lead", "101"), "101") == NUMBER
    # a lead of a group named "" never matches an ungrouped callback
    assert mask_phone(NUMBER, Person("1", "x", "lead", ""), "") == MASKED
    assert phone_digits("(021) 5555-1234") == "02155551234"


@pytest.mark.parametrize("agent, phone, reason, due, problems", [
    ("1101", NUMBER, "要求下午回电", dt.datetime(2026, 11, 25, 14, 0), {}),
    ("1101", "138 1234 5678", "x", dt.datetime(2026, 11, 26, 9, 0), {}),
    (None, NUMBER, "x", dt.datetime(2026, 11, 25, 14), {"agent": ("cb.err.agent", {})}),
    ("1201", NUMBER, "x", dt.datetime(2026, 11, 25, 14), {"agent": ("cb.err.agent_unknown", {"agent": "1201"})}),
    ("1101", "", "x", dt.datetime(2026, 11, 25, 14), {"phone": ("cb.err.required", {})}),
    ("1101", "138123", "x", dt.datetime(2026, 11, 25, 14), {"phone": ("cb.err.phone", {"min": 7, "max": 15})}),
    ("1101", "138abc45678", "x", dt.datetime(2026, 11, 25, 14), {"phone": ("cb.err.phone", {"min": 7, "max": 15})}),
    ("1101", NUMBER, " ", None, {"reason": ("cb.err.required", {}), "due": ("cb.err.due", {})}),
    ("1101", NUMBER, "x", dt.datetime(2026, 11, 24, 17), {"due": ("cb.err.due_past", {"day": "2026-11-25"})}),
])
def test_check_callback(agent, phone, reason, due, problems):
    assert check_callback(agent, ["1101", "1102"], phone, reason, due, DAY) == problems


def test_no_problem_message_repeats_the_number():
    from lib.i18n import t
    for key, values in check_callback("1101", ["1101"], "138123", "", None, DAY).values():
        assert "138123" not in t(key, "zh", **values) and "138123" not in t(key, "en", **values)


def sheet_frame(rows):
    """(日期, 工号, 组别, 客户电话, 原因, 回拨时间, 状态, 提交人) -> a 联络单 frame as the store reads it."""
    cols = ["日期", "工号", "组别", "客户电话", "原因", "回拨时间", "状态", "提交人"]
    df = pd.DataFrame(rows, columns=cols)
    df["日期"] = pd.to_datetime(df["日期"])
    df["记录编号"] = [f"{d:%Y%m%d}-{i}" for i, d in enumerate(df["日期"])]
    return df


FRAME = sheet_frame([
    ("2026-11-25", "1101", "101", "13812345678", "要求下午回电", "2026-11-25 14:00", "待回拨", "1100"),
    ("2026-11-25", "1203", "102", "13900001111", "资费疑问", "2026-11-25 10:30", "已回拨", "1200"),
    ("2026-11-25", "1102", "101", "02155551234", "忙，明早再打", "2026-11-26 09:30", "待回拨", "1102"),
    ("2026-11-24", "1101", "101", "13700002222", "昨日未接通", "2026-11-24 16:00", "待回拨", "1100"),
    ("2026-11-24", "1104", "101", "13600003333", "已处理", "2026-11-24 15:00", "已办理", "1100"),
    ("2026-11-10", "1105", "101", "13500004444", "太久以前", "2026-11-10 15:00", "待回拨", "1100"),
])


def test_followed_keeps_the_day_and_what_still_waits():
    from lib.quality.callbacks import on_the_sheet
    f = followed(FRAME, DAY, 7)
    # on the sheet of 11-25: the three recorded that day and 11-24's still waiting; not 11-24's handled one
    assert on_the_sheet(FRAME, DAY).tolist() == [True, True, True, True, False, True]
    # today's three, yesterday's waiting one; not yesterday's handled one nor the one from 11-10 (over 7 days)
    assert f["客户电话"].tolist() == ["13812345678", "13900001111", "02155551234", "13700002222"]


def test_due_callbacks_at_a_fixed_time():
    now = dt.datetime(2026, 11, 25, 13, 40)
    d = due_callbacks(followed(FRAME, DAY, 7), now, 30)
    # yesterday 16:00 is late by 21h40 = 1300 minutes; 14:00 is due in 20 (within 30); 11-26 09:30 not yet
    assert d["工号"].tolist() == ["1101", "1101"] and d["state"].tolist() == ["overdue", "due"]
    assert d["minutes_left"].tolist() == [-1300, 20]
    assert due_callbacks(followed(FRAME, DAY, 7), now, 10)["minutes_left"].tolist() == [-1300]


def test_visible_callbacks_by_role():
    assert len(visible_callbacks(FRAME, Person("1100", "x", "lead", "101"))) == 5
    assert visible_callbacks(FRAME, Person("1200", "x", "lead", "102"))["工号"].tolist() == ["1203"]
    assert len(visible_callbacks(FRAME, Person("1300", "x", "lead", "103", duty_today=True))) == 6
    assert len(visible_callbacks(FRAME, Person("0801", "x", "manager", "中心"))) == 6
    assert visible_callbacks(FRAME, Person("1102", "x", "agent", "101"))["原因"].tolist() == ["忙，明早再打"]


NAMES = {"1101": "王伟", "1102": "李娜", "1203": "张敏"}


def test_the_contact_sheet_text_for_the_duty_lead_exactly():
    duty = Person("1200", "尹慧", "lead", "102", duty_today=True)
    # the sheet of 11-25: recorded that day, or carried over from 11-24 still waiting (as the page passes it)
    sheet = contact_sheet(followed(FRAME, DAY, 7), DAY, duty, NAMES)
    assert sheet["phone"].tolist()[0] == "13700002222"   # the duty lead's sheet shows the number whole ...
    assert contact_sheet_text(sheet, DAY) == (   # ... and the chat text, read by the whole group, masks it
        "联络单 2026-11-25：共 4 条，待回拨 3 条\n"
        "1. 11-24 16:00 101组 1101 王伟 137****2222 昨日未接通（待回拨）\n"
        "2. 10:30 102组 1203 张敏 139****1111 资费疑问（已回拨）\n"
        "3. 14:00 101组 1101 王伟 138****5678 要求下午回电（待回拨）\n"
        "4. 11-26 09:30 101组 1102 李娜 021****1234 忙，明早再打（待回拨）")


def test_the_contact_sheet_text_for_a_manager_is_masked_exactly():
    sheet = contact_sheet(followed(FRAME, DAY, 7), DAY, Person("0801", "经理", "manager", "中心"), NAMES)
    assert contact_sheet_text(sheet, DAY, "en") == (
        "Contact sheet 2026-11-25: 4 callback(s), 3 to call back\n"
        "1. 11-24 16:00 group 101 1101 王伟 137****2222 昨日未接通 (to call back)\n"
        "2. 10:30 group 102 1203 张敏 139****1111 资费疑问 (called back)\n"
        "3. 14:00 group 101 1101 王伟 138****5678 要求下午回电 (to call back)\n"
        "4. 11-26 09:30 group 101 1102 李娜 021****1234 忙，明早再打 (to call back)")


def test_a_lead_gets_their_groups_sheet_and_the_workbook_holds_the_same():
    lead = Person("1100", "彭晨", "lead", "101")
    sheet = contact_sheet(followed(FRAME, DAY, 7), DAY, lead, NAMES)
    assert sheet["phone"].tolist() == ["13700002222", "13812345678", "02155551234"]
    people = sheet_for_people(sheet)
    assert list(people.columns) == ["回拨时间", "组别", "工号", "姓名", "客户电话", "原因", "状态", "记录人"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx_safe(people, "联络单")))
    rows = book.get_sheet_by_name("联络单").to_python()
    assert rows[0] == list(people.columns)
    assert rows[2] == ["2026-11-25 14:00", "101", "1101", "王伟", "13812345678", "要求下午回电", "待回拨", "1100"]
    # 11-24's handled callback was due 11-24: not on the sheet of 11-25
    assert contact_sheet_text(contact_sheet(FRAME.iloc[4:5], DAY, lead, NAMES), DAY) == \
        "联络单 2026-11-25：共 0 条，待回拨 0 条\n（今天没有联络单）"


def test_status_and_assignment_are_corrections(cfg, tmp_path):
    store = open_store(cfg, tmp_path)
    row = callback_row(DAY, "1101", "101", "138 1234 5678", " 要求下午回电 ", dt.datetime(2026, 11, 25, 14))
    assert row == {"日期": "2026-11-25", "工号": "1101", "组别": "101", "客户电话": "13812345678",
                   "原因": "要求下午回电", "回拨时间": "2026-11-25 14:00", "状态": PENDING}
    [rid] = store.append("callbacks", [row], submitted_by="1100")
    rec = store.read_day("callbacks", DAY).iloc[0]
    new = store.correct("callbacks", rid, assign_row(rec, "1203", "102"), submitted_by="1200")
    rec = store.read_day("callbacks", DAY).iloc[0]
    assert (rec["工号"], rec["组别"], rec["状态"], rec["客户电话"]) == ("1203", "102", PENDING, "13812345678")
    store.correct("callbacks", new, status_row(rec, "已办理"), submitted_by="1203")
    now = store.read_day("callbacks", DAY)
    assert len(now) == 1 and now.iloc[0]["状态"] == "已办理"
    assert len(store.read_day("callbacks", DAY, history=True)) == 3
    with pytest.raises(ValueError):
        status_row(rec, "完成")
