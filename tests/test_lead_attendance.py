"""The attendance form's logic (lib.attendance_form): checks, swaps, the 考勤 rows and the duty text."""
from __future__ import annotations

import pandas as pd

from lib.day.attendance_report import (COLUMNS, Absence, Swap, attendance_rows, check_absences, duty_text, expected_agents, group_report, present_ids, resolve_swaps)
from lib.i18n import t
from lib.store import table, to_frame
from tests.conftest import make_settings
from tests.test_lead import DAY, person, projects, schedule

ROSTER = schedule(person("1100", "101", role="lead"), person("1234", "101", name="张三", working=False, shift="休"),
                  person("1101", "101", name="王五"), person("1102", "101", name="赵六"),
                  person("4321", "102", name="李四"), person("4322", "102", name="钱七"))
PROJECTS = projects((DAY, "101", "流量包升级", "V1"), (DAY, "102", "新华手机报", "V3"))


def test_expected_are_the_working_agents_of_the_group():
    assert expected_agents(ROSTER, "101", DAY)["agent_id"].tolist() == ["1101", "1102"]   # not the lead, not 1234


def test_absence_checks():
    ok = [Absence("1101", "病假", 4, "发烧")]
    assert check_absences(ok, ["1101", "1102"], 8) == {}
    bad = [Absence("1101", "病假", 9, " "), Absence("1102", "婚假", 0, "x"), Absence("9999", "事假", 8, "y")]
    assert check_absences(bad, ["1101", "1102"], 8) == {
        "abs:1101:hours": ("lead.err.hours", {"max": "8"}), "abs:1101:reason": ("lead.err.required", {}),
        "abs:1102:cat": ("lead.err.category", {"choices": "病假/事假/旷工/调休/其他"}),
        "abs:1102:hours": ("lead.err.hours", {"max": "8"}),
        "abs:9999:cat": ("lead.err.agent_unknown", {"agent": "9999"})}


def test_the_seed_swap_line():
    # 101's resting 1234 张三 works in 102's 4321 李四's place: 102's project is called.
    lines, problems = resolve_swaps([Swap("1234", "4321")], ROSTER, PROJECTS, "102", DAY)
    assert problems == {}
    assert lines[0].text == "101组1234张三替102组4321李四上班,外呼新华手机报"
    # the same swap reported by 101 (one of theirs goes out) reads the same
    lines, _ = resolve_swaps([Swap("1234", "4321")], ROSTER, PROJECTS, "101", DAY)
    assert lines[0].text == "101组1234张三替102组4321李四上班,外呼新华手机报" and lines[0].work_group == "102"


def test_support_without_a_replaced_person_works_for_the_reporting_group():
    lines, problems = resolve_swaps([Swap("1234")], ROSTER, PROJECTS, "102", DAY)
    assert problems == {} and lines[0].text == "101组1234张三支援102组上班,外呼新华手机报"


def test_swap_problems():
    swaps = [Swap(""), Swap("8888"), Swap("1101", "7777"), Swap("1101", "1101"), Swap("1102"),
             Swap("4321", "4322"), Swap("1234", "4321"), Swap("1234", "4322")]
    lines, problems = resolve_swaps(swaps, ROSTER, PROJECTS, "101", DAY)
    assert problems == {
        "swap:0:sub": ("lead.err.required", {}), "swap:1:sub": ("lead.err.agent_unknown", {"agent": "8888"}),
        "swap:2:rep": ("lead.err.agent_unknown", {"agent": "7777"}), "swap:3:rep": ("lead.err.swap_self", {}),
        "swap:4:rep": ("lead.err.swap_whom", {}),                    # one of ours going out: whom for?
        "swap:5:sub": ("lead.err.swap_group", {"group": "101"}),     # a swap inside 102
        "swap:7:sub": ("lead.err.swap_twice", {"agent": "1234"})}
    assert [s.sub_id for s in lines] == ["1234"]


def test_present_counts_each_person_once():
    ids = ["4321", "4322"]
    lines, _ = resolve_swaps([Swap("1234", "4321")], ROSTER, PROJECTS, "102", DAY)
    # 102: 李四 replaced (and also marked on leave), 张三 in: 4322 and 1234
    assert present_ids(ids, [Absence("4321", "事假", 8, "家事")], lines, "102") == {"4322", "1234"}
    out, _ = resolve_swaps([Swap("1101", "4321")], ROSTER, PROJECTS, "101", DAY)
    assert present_ids(["1101", "1102"], [], out, "101") == {"1102"}   # 1101 works for 102 today


def test_rows_have_the_data_md_columns_and_deductions():
    s = make_settings()
    expected = expected_agents(ROSTER, "102", DAY)
    absences = [Absence("4322", "病假", 4, "发烧"), Absence("4321", "旷工", 8, "未到岗")]
    lines, _ = resolve_swaps([Swap("1234", "4321")], ROSTER, PROJECTS, "102", DAY)
    rows = attendance_rows(DAY, "102", "新华手机报", expected, absences, lines, s)
    assert all(list(r) == COLUMNS for r in rows)
    head, sick, absent, swap = rows
    # expected 2 (4321, 4322); present = {4321, 4322} - both absent - 4321 replaced + 1234 = 1
    assert (head["应出勤"], head["实到"], head["工号"], head["扣分"]) == (2, 1, "", None)
    assert (sick["工号"], sick["姓名"], sick["类别"], sick["时长(小时)"], sick["扣分"]) == ("4322", "钱七", "病假", 4, -0.3)
    assert (absent["类别"], absent["扣分"]) == ("旷工", -2.0)
    assert (swap["工号"], swap["类别"], swap["扣分"], swap["项目"]) == ("1234", "换班", 0.0, "新华手机报")
    assert swap["替班说明"] == "101组1234张三替102组4321李四上班,外呼新华手机报"
    assert table("attendance").columns == tuple(COLUMNS)


def test_duty_text_from_the_stored_report():
    s = make_settings()
    expected = expected_agents(ROSTER, "102", DAY)
    lines, _ = resolve_swaps([Swap("1234", "4321")], ROSTER, PROJECTS, "102", DAY)
    rows = attendance_rows(DAY, "102", "新华手机报", expected, [Absence("4322", "事假", 3.5, "家中有事")], lines, s)
    stored = to_frame(table("attendance"), [r | {"记录编号": str(i)} for i, r in enumerate(reversed(rows))])
    report = group_report(stored, "102")
    assert report["工号"].iloc[0] == ""   # the summary row first, whatever the storage order
    assert duty_text(report, t, s).splitlines() == [
        "102组 2026-11-25 考勤（新华手机报）：应出勤2人，实到1人。",
        "事假：4322钱七 3.5小时，家中有事，扣0.5分",
        "换班：101组1234张三替102组4321李四上班,外呼新华手机报"]
    assert duty_text(group_report(stored, "101"), t, s) == ""
    # a 扣分 typed by hand into the sheet is not what the text says: the rule is (事假 −0.5)
    typed = report.assign(扣分=report["扣分"].where(report["类别"] != "事假", -1.0))
    assert "扣0.5分" in duty_text(typed, t, s)
    assert group_report(to_frame(table("attendance"), []), "102").empty
    assert isinstance(duty_text(report, lambda k, **v: t(k, "en", **v), s), str)
    assert pd.isna(report["扣分"].iloc[0])
