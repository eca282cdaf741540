"""The weekly meeting (lib/meetings.py): rotation over weeks, a resting lead, the minutes and their e-mail exactly."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.month.meetings import (Turn, check_minutes, email_text, last_meeting, mailto_link, meeting_day, meeting_plan, minutes_email, minutes_row, next_meeting, rotation_order, turn_on, turn_text)
from lib.floor.schema import conform
from tests.conftest import make_settings

ORDER = ["1100", "1200", "1300", "1400"]
START = dt.date(2026, 11, 3)   # a Tuesday: 1100 hosts that week
NAMES = {"1100": "彭晨", "1200": "尹慧", "1300": "宋丽敏", "1400": "顾欣巧", "1500": "侯英萍"}


def roster(resting=()):
    """The four leads working every day of November 2026 except (工号, day) in resting."""
    rows = []
    for d in pd.date_range("2026-11-01", "2026-12-31"):
        for i, a in enumerate(ORDER + ["1500"]):
            off = (a, d.date()) in resting
            rows.append({"date": d, "agent_id": a, "name": NAMES[a], "group": f"1{i + 1}1", "role": "lead",
                         "shift": "休" if off else "全天", "shift_kind": "rest" if off else "full", "working": not off})
    return conform(pd.DataFrame(rows), "schedule")


def test_meeting_days_by_weekday():
    assert meeting_day(dt.date(2026, 11, 25), 2) == dt.date(2026, 11, 24)   # Wednesday -> the Tuesday before
    assert meeting_day(dt.date(2026, 11, 23), 2) == dt.date(2026, 11, 24)   # Monday -> the Tuesday after
    assert meeting_day(dt.date(2026, 11, 29), 2) == dt.date(2026, 11, 24)   # Sunday ends the week
    assert next_meeting(dt.date(2026, 11, 24), 2) == dt.date(2026, 11, 24)  # the day itself
    assert next_meeting(dt.date(2026, 11, 25), 2) == dt.date(2026, 12, 1)
    assert last_meeting(dt.date(2026, 11, 25), 2) == dt.date(2026, 11, 24)
    assert last_meeting(dt.date(2026, 11, 23), 2) == dt.date(2026, 11, 17)
    assert meeting_day(dt.date(2026, 11, 25), 5) == dt.date(2026, 11, 27)   # a center meeting on Fridays


def test_rotation_over_several_weeks():
    s = roster()
    turns = [turn_on(START + dt.timedelta(weeks=w), ORDER, START, s, 2) for w in range(6)]
    # week k: host = ORDER[k % 4], minutes = the next one
    assert [(x.host, x.taker) for x in turns] == [("1100", "1200"), ("1200", "1300"), ("1300", "1400"),
                                                  ("1400", "1100"), ("1100", "1200"), ("1200", "1300")]
    assert all(x.skipped == () for x in turns)
    # any day of a week gives that week's meeting
    assert turn_on(dt.date(2026, 11, 27), ORDER, START, s, 2) == turns[3]
    # before the start the rotation runs backwards the same way: 10-27 is week -1 -> ORDER[3]
    assert turn_on(dt.date(2026, 10, 27), ORDER, START, s, 2).host == "1400"


def test_a_resting_host_swaps_with_the_stand_in():
    # 1400 rests on Tuesday 11-24, the week they would host: 1100 stands in, 1200 takes the minutes
    s = roster(resting={("1400", dt.date(2026, 11, 24))})
    turn = turn_on(dt.date(2026, 11, 24), ORDER, START, s, 2)
    assert turn == Turn(dt.date(2026, 11, 24), "1100", "1200", ("1400",))
    # 12-01 was 1100's turn by the order (week 4 -> ORDER[0]): 1400 takes it, 1100 minutes; then on as before
    assert turn_on(dt.date(2026, 12, 1), ORDER, START, s, 2) == Turn(dt.date(2026, 12, 1), "1400", "1100", ())
    assert [(turn_on(dt.date(2026, 12, 8) + dt.timedelta(weeks=w), ORDER, START, s, 2).host) for w in range(3)] == \
        ["1200", "1300", "1400"]
    # over the eight weeks from 11-03 everyone hosts twice, nobody twice running
    hosts = [turn_on(START + dt.timedelta(weeks=w), ORDER, START, s, 2).host for w in range(8)]
    assert hosts == ["1100", "1200", "1300", "1100", "1400", "1200", "1300", "1400"]
    assert all(hosts.count(a) == 2 for a in ORDER) and all(a != b for a, b in zip(hosts, hosts[1:]))
    plan = meeting_plan(make_settings())
    assert turn_text(turn, plan, NAMES) == \
        "周例会 11-24（周二）14:00 · 主持：彭晨（1100） · 记录：尹慧（1200）（顾欣巧（1400） 当天休息，顺延）"
    assert turn_text(turn, plan, NAMES, "en") == ("Weekly meeting 11-24 (Tue) 14:00 · host: 彭晨 (1100) · minutes: "
                                                  "尹慧 (1200) (顾欣巧 (1400) resting that day, passed on)")


def test_a_resting_minute_taker_is_passed_over():
    s = roster(resting={("1400", dt.date(2026, 11, 17)), ("1100", dt.date(2026, 11, 17))})
    # week 2: 1300 hosts; 1400 and 1100 rest -> 1200 takes the minutes; nobody was passed over as host
    assert turn_on(dt.date(2026, 11, 17), ORDER, START, s, 2) == Turn(dt.date(2026, 11, 17), "1300", "1200", ())


def test_nobody_and_one_lead():
    assert turn_on(dt.date(2026, 11, 24), [], START, roster(), 2) == Turn(dt.date(2026, 11, 24), "", "", ())
    one = turn_on(dt.date(2026, 11, 24), ["1100"], START, roster(), 2)
    assert (one.host, one.taker) == ("1100", "1100")
    every = {(a, dt.date(2026, 11, 24)) for a in ORDER}
    assert turn_on(dt.date(2026, 11, 24), ORDER, START, roster(every), 2).host == ""


def test_the_order_comes_from_config_or_the_roster():
    s = roster()
    plan = meeting_plan(make_settings(meetings={"rotation": ["1300", "1100"]}))
    assert rotation_order(plan, s) == ["1300", "1100"]
    assert rotation_order(meeting_plan(make_settings()), s) == ["1100", "1200", "1300", "1400", "1500"]
    plan = meeting_plan(make_settings())
    assert (plan.weekday, plan.time, plan.start) == (2, "14:00", dt.date(2026, 1, 6))
    with pytest.raises(ValueError):
        meeting_plan(make_settings(meetings={"weekday": 0}))


@pytest.mark.parametrize("args, problems", [
    ((dt.date(2026, 11, 24), "彭晨", "尹慧", ["彭晨", "尹慧"], "本周办理率回顾"), {}),
    ((None, "", " ", [], ""), {"day": ("meet.err.day", {}), "host": ("meet.err.required", {}),
                               "taker": ("meet.err.required", {}), "content": ("meet.err.required", {}),
                               "attendees": ("meet.err.attendees", {})}),
])
def test_check_minutes(args, problems):
    assert check_minutes(*args) == problems


ROW = minutes_row(dt.date(2026, 11, 24), "彭晨", " 尹慧 ", ["彭晨", "尹慧", "宋丽敏"],
                  "1. 上周各组办理率回顾\n2. 104组低办理率坐席辅导", "104组每日加听 3 通录音 ")


def test_the_minutes_row():
    assert ROW == {"日期": "2026-11-24", "主持人": "彭晨", "记录人": "尹慧", "参会人": "彭晨、尹慧、宋丽敏",
                   "内容": "1. 上周各组办理率回顾\n2. 104组低办理率坐席辅导", "决定事项": "104组每日加听 3 通录音"}


def test_the_minutes_email_exactly():
    plan = meeting_plan(make_settings(meetings={"supervisor_email": "zhuguan@example.com",
                                                "manager_email": "jingli@example.com"}))
    mail = minutes_email(ROW, plan)
    assert (mail.to, mail.cc, mail.subject) == ("zhuguan@example.com", "jingli@example.com", "2026-11-24 周例会纪要")
    assert email_text(mail) == (
        "收件人：zhuguan@example.com\n"
        "抄送：jingli@example.com\n"
        "主题：2026-11-24 周例会纪要\n"
        "\n"
        "您好：\n"
        "\n"
        "以下是 2026-11-24（周二）14:00 周例会纪要。\n"
        "\n"
        "主持人：彭晨\n"
        "记录人：尹慧\n"
        "参会人：彭晨、尹慧、宋丽敏\n"
        "\n"
        "会议内容：\n"
        "1. 上周各组办理率回顾\n"
        "2. 104组低办理率坐席辅导\n"
        "\n"
        "决定事项：\n"
        "104组每日加听 3 通录音\n"
        "\n"
        "尹慧")
    link = mailto_link(mail)
    assert link.startswith("mailto:zhuguan@example.com?cc=jingli%40example.com&subject=2026-11-24%20"
                           "%E5%91%A8%E4%BE%8B%E4%BC%9A%E7%BA%AA%E8%A6%81&body=%E6%82%A8%E5%A5%BD%EF%BC%9A%0D%0A%0D%0A")
    from urllib.parse import parse_qs, urlsplit
    q = parse_qs(urlsplit(link).query)
    assert q["body"] == [mail.body.replace("\n", "\r\n")] and q["cc"] == ["jingli@example.com"]


def test_the_minutes_email_without_decisions_and_addresses_in_english():
    plan = meeting_plan(make_settings())
    mail = minutes_email({**ROW, "决定事项": ""}, plan, "en")
    assert email_text(mail, "en").splitlines()[:3] == ["To: —", "Cc: —", "Subject: Minutes of the weekly meeting 2026-11-24"]
    assert "Decided:\n(none)\n" in mail.body
    assert mailto_link(mail).startswith("mailto:?subject=Minutes%20of%20the%20weekly%20meeting%202026-11-24&body=")
