"""No text the product writes for a chat or an e-mail holds a whole phone number (issue 16).

Every such text — the ranking broadcast, the notices, the duty lead's attendance text, the lead's
attendance text to the duty lead, the contact sheet's chat text, the minutes e-mail (as text and as
its mailto: link) — is built from a copy of the demo center with records holding phone numbers,
written through the store as the app writes them, and from a project list naming a hotline. The
scan: no run of 11 or more digits, no mobile number (1xx xxxx xxxx, with or without separators),
none of the numbers written; their masked forms are there (so the numbers did reach the texts),
and the agent ids, dates and times are there as they were.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pytest

from lib.day.attendance_report import duty_text, group_report
from lib.day.attendance_summary import attendance_summary, attendance_text
from lib.day.broadcast import broadcast_text
from lib.day.duty import duty_lead
from lib.day.notices import notices_table
from lib.floor.cache import load_floor
from lib.i18n import t
from lib.i18n.formats import mask_phones
from lib.month.meetings import email_text, mailto_link, meeting_plan, minutes_email, minutes_row
from lib.people.auth import Person
from lib.quality.callbacks import callback_row, contact_sheet, contact_sheet_text
from lib.store import open_store
from tests.conftest import make_settings

DAY = dt.date(2026, 11, 25)
LONG_RUN = re.compile(r"\d{11,}")
MOBILE = re.compile(r"(?<!\d)1\d{2}[ -]?\d{4}[ -]?\d{4}(?!\d)")

# What people type: a customer's mobile, one written in groups, a landline with its area code,
# a mobile with +86, and a number in free text (a reason, the minutes).
WRITTEN = {"13812345678": "138****5678", "139 8765 4321": "139****4321", "021-55551234": "021-****1234",
           "+86 137-0000-2222": "+86 137****2222", "15900001111": "159****1111", "01062345678": "010****5678"}
WHOLE_DIGITS = ["13812345678", "13987654321", "55551234", "13700002222", "15900001111", "01062345678"]


def scan(name: str, text: str) -> None:
    assert text, name
    assert not LONG_RUN.search(text), (name, LONG_RUN.search(text).group(0), text)
    assert not MOBILE.search(text), (name, MOBILE.search(text).group(0), text)
    flat = re.sub(r"[ \-+]", "", text)
    for digits in WHOLE_DIGITS:
        assert digits not in flat, (name, digits, text)


def test_the_mask_itself():
    for written, masked in WRITTEN.items():
        assert mask_phones(f"客户{written}，明天再打") == f"客户{masked}，明天再打"
    kept = "【11:00 排名播报】2026-11-25 1. 1309 邹艳华 103组 数据量4021 办理率6.96% 09:30 11-26 101组1002李四替102组2003"
    assert mask_phones(kept) == kept   # agent ids (4-5 digits), figures, dates and times stay
    assert mask_phones("6234567") == "****4567" and mask_phones("123456") == "123456"


@pytest.fixture
def center(private_demo):
    """The demo center (a private copy) with records holding phone numbers, written through the store."""
    cfg = make_settings(source={"path": str(private_demo)},
                        meetings={"supervisor_email": "zhuguan@example.com", "manager_email": "jingli@example.com"})
    floor = load_floor(private_demo, cfg)
    store = open_store(cfg, private_demo)
    day = DAY.isoformat()
    att = {"日期": day, "组别": "101", "项目": "", "应出勤": None, "实到": None, "工号": "", "姓名": "", "类别": "",
           "时长(小时)": None, "原因": "", "扣分": None, "替班说明": ""}
    store.append("attendance", [att | {"项目": "流量包升级", "应出勤": 8, "实到": 7},
                                att | {"工号": "1104", "姓名": "范平巧", "类别": "病假", "时长(小时)": 8,
                                       "原因": "发烧，家属电话13812345678", "扣分": -0.3}], submitted_by="1100")
    store.append("callbacks", [
        callback_row(DAY, "1101", "101", "13812345678", "要求下午回电", dt.datetime(2026, 11, 25, 14, 0)),
        callback_row(DAY, "1102", "101", "021-55551234", "忙，改打手机 139 8765 4321", dt.datetime(2026, 11, 25, 16, 30)),
        callback_row(DAY, "1203", "102", "+86 137-0000-2222", "资费疑问", dt.datetime(2026, 11, 26, 9, 30)),
    ], submitted_by="1100")
    store.append("minutes", [minutes_row(DAY - dt.timedelta(days=1), "彭晨", "尹慧", ["彭晨", "尹慧"],
                                         "客户投诉回访：15900001111 已处理", "热线 01062345678 周五前更新")],
                 submitted_by="1100")
    return cfg, floor, store


def chat_and_mail_texts(cfg, floor, store) -> dict[str, str]:
    """Every text for a chat or an e-mail the product writes, as the pages and the CLI build them."""
    texts: dict[str, str] = {}
    for lang in ("zh", "en"):
        for minute in cfg.broadcast.minutes:
            texts[f"broadcast {minute} {lang}"] = broadcast_text(floor.reports, DAY, min(minute, 11 * 60), cfg, lang)
        for n in notices_table(cfg, floor.projects, DAY, 11 * 60, lang).itertuples():
            texts[f"notice {n.time} {lang}"] = n.text
        hotline = floor.projects.assign(script=floor.projects["script"] + "（热线 400-8001234，客服 13700002222）")
        for n in notices_table(cfg, hotline, DAY, 11 * 60, lang).itertuples():
            texts[f"notice with a hotline {n.time} {lang}"] = n.text
        stored = store.read_day("attendance", DAY)
        a = attendance_summary(stored, floor.schedule, DAY, duty_lead(floor.schedule, DAY), cfg)
        texts[f"attendance {lang}"] = attendance_text(a, lang)
        texts[f"lead's attendance 101 {lang}"] = duty_text(group_report(stored, "101"),
                                                           lambda key, **v: t(key, lang, **v), cfg)
        duty = Person("1200", "尹慧", "lead", "102", duty_today=True)   # sees every number whole on the sheet
        sheet = contact_sheet(store.read_day("callbacks", DAY), DAY, duty, {"1101": "王伟", "1102": "李娜"})
        assert "13812345678" in sheet["phone"].tolist()   # the sheet itself shows it; its chat text must not
        texts[f"contact sheet {lang}"] = contact_sheet_text(sheet, DAY, lang)
        minutes = store.read_day("minutes", DAY - dt.timedelta(days=1)).iloc[0].to_dict()
        mail = minutes_email(minutes | {"日期": f"{minutes['日期']:%Y-%m-%d}"}, meeting_plan(cfg), lang)
        texts[f"minutes e-mail {lang}"] = email_text(mail, lang)
        texts[f"minutes mailto {lang}"] = unquote(mailto_link(mail))
    return texts


def test_no_chat_or_mail_text_holds_a_whole_phone_number(center):
    texts = chat_and_mail_texts(*center)
    for name, text in texts.items():
        scan(name, text)
    # The numbers did reach the texts, masked; ids, dates and times are as they were.
    assert "发烧，家属电话138****5678" in texts["attendance zh"] and "1104范平巧" in texts["attendance zh"]
    assert "138****5678" in texts["lead's attendance 101 zh"] and "1104" in texts["lead's attendance 101 zh"]
    sheet = texts["contact sheet zh"]
    assert "14:00 101组 1101 王伟 138****5678 要求下午回电" in sheet
    assert "16:30 101组 1102 李娜 021****1234 忙，改打手机 139****4321" in sheet
    assert "11-26 09:30 102组 1203" in sheet and "137****2222" in sheet
    assert "客户投诉回访：159****1111 已处理" in texts["minutes e-mail zh"]
    assert "热线 010****5678 周五前更新" in texts["minutes mailto zh"] and "2026-11-24" in texts["minutes e-mail zh"]
    assert "400-****1234" in texts["notice with a hotline 09:00 zh"] and "137****2222" in texts["notice with a hotline 09:00 zh"]
    assert texts["broadcast 660 zh"].startswith("【11:00 排名播报】2026-11-25\n") and "1. 1309 邹艳华" in texts["broadcast 660 zh"]
