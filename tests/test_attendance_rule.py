"""One attendance rule (issue 13.4): the config's points for the category, wherever a deduction shows.

The same 病假 record with 扣分 −1 typed into it: −0.3 on the duty desk, in the lead's text, in the
month review (groups, agents, the center), in the weekly pack and its workbook; the data check (the
data-health page's list and `python -m lib.cli check`) names the record as a warning.
"""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib.cli.main import main
from lib.day.attendance import (ABSENCE, CATEGORIES, MISMATCH_COLUMNS, SWAP, attendance_deduction, category_points,
                                deduction_mismatches)
from lib.day.attendance_report import duty_text, group_report
from lib.day.attendance_summary import attendance_summary
from lib.day.summary import attendance_problems, data_problems
from lib.floor.schema import conform, empty
from lib.i18n import t
from lib.month.export import weekly_workbook
from lib.month.review import agent_month, center_month, group_month
from lib.month.weekly import weekly_pack
from lib.store import StoreError, open_store
from tests.conftest import make_settings

DAY = "2026-11-17"   # a Tuesday of 2026-W47
SICK_TYPED = {"日期": DAY, "组别": "201", "项目": "P1", "工号": "2011", "姓名": "张三", "类别": "病假",
              "时长(小时)": 8, "原因": "发烧", "扣分": -1}
HEAD = {"日期": DAY, "组别": "201", "项目": "P1", "应出勤": 2, "实到": 1}
REPORTS = conform(pd.DataFrame([
    ("2026-11-16", "2011", "201", "P1", 100, 10), ("2026-11-17", "2012", "201", "P1", 100, 10),
], columns=["date", "agent_id", "group", "project", "volume", "handled"])
    .assign(hour=9, end_minute=600, name=lambda d: "N" + d["agent_id"]), "reports")


@pytest.fixture
def cfg():
    return make_settings()


@pytest.fixture
def stored(tmp_path, cfg):
    """The records folder of a data folder holding the group's report: the head line and the 病假 row."""
    store = open_store(cfg, tmp_path)
    ids = store.append("attendance", [HEAD, SICK_TYPED], submitted_by="2000")
    return store, ids[1]


def test_the_rule_is_the_configs_points_for_the_category(cfg):
    assert category_points(cfg) == {"病假": -0.3, "事假": -0.5, "旷工": -2.0}
    assert [attendance_deduction(c, cfg) for c in CATEGORIES] == [-0.3, -0.5, -2.0, 0.0, 0.0]
    assert attendance_deduction(SWAP, cfg) == attendance_deduction("迟到", cfg) == 0.0
    assert attendance_deduction(" 病假 ", cfg) == -0.3 and ABSENCE == "旷工"
    other = make_settings(attendance={"sick": -1.5})
    assert attendance_deduction("病假", other) == -1.5


def test_duty_desk_counts_the_rule_not_the_typed_figure(stored, cfg):
    store, _ = stored
    a = attendance_summary(store.read_day("attendance", DAY), empty("schedule"), DAY, "赵组长", cfg)
    assert [lv.points for lv in a.leaves] == [-0.3] and a.total_points == -0.3


def test_the_leads_text_says_the_rule(stored, cfg):
    store, _ = stored
    text = duty_text(group_report(store.read_day("attendance", DAY), "201"), t, cfg)
    assert "病假：2011张三 8小时，发烧，扣0.3分" in text.splitlines()


def test_month_review_counts_the_rule(stored, cfg):
    store, _ = stored
    att = store.read_month("attendance", "2026-11")
    qa = store.read_month("qa", "2026-11")
    g = group_month(REPORTS, qa, att, "2026-11", cfg).set_index("group")
    a = agent_month(REPORTS, qa, att, "2026-11", cfg).set_index("agent_id")
    assert g.loc["201", "deductions"] == pytest.approx(-0.3)
    assert a.loc["2011", "deductions"] == pytest.approx(-0.3) and a.loc["2012", "deductions"] == 0
    assert center_month(REPORTS, qa, att, "2026-11", cfg)["deductions"] == pytest.approx(-0.3)


def test_weekly_pack_and_its_workbook_count_the_rule(stored, cfg):
    store, _ = stored
    att, qa = store.read_month("attendance", "2026-11"), store.read_month("qa", "2026-11")
    duty = store.read_month("duty_log", "2026-11")
    pack = weekly_pack(REPORTS, qa, att, duty, "2026-W47", cfg)
    assert pack.groups.set_index("group").loc["201", "deductions"] == pytest.approx(-0.3)
    assert pack.center["deductions"].iloc[0] == pytest.approx(-0.3)
    wb = load_workbook(io.BytesIO(weekly_workbook(pack)))
    figures = [c for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r
               if isinstance(c, (int, float))]
    assert -1 not in figures and any(f == pytest.approx(-0.3) for f in figures)


def test_mismatches_list_the_typed_rows_that_differ(cfg):
    from lib.store import TABLES, to_frame
    rows = to_frame(TABLES["attendance"], [
        HEAD | {"记录编号": "r0"},
        SICK_TYPED | {"记录编号": "r1"},                                   # −1 against −0.3: listed
        SICK_TYPED | {"记录编号": "r2", "扣分": 0.3},                      # 0.3 means −0.3: not listed
        SICK_TYPED | {"记录编号": "r3", "扣分": None},                     # nothing typed: not listed
        SICK_TYPED | {"记录编号": "r4", "类别": "换班", "扣分": 0},
        SICK_TYPED | {"记录编号": "r5", "类别": "调休", "扣分": -0.5},     # 调休 costs 0: listed
    ])
    m = deduction_mismatches(rows, cfg)
    assert list(m.columns) == MISMATCH_COLUMNS
    assert m[["record_id", "day", "agent_id", "category", "typed", "rule", "config_key"]].values.tolist() == [
        ["r1", DAY, "2011", "病假", -1.0, -0.3, "sick"], ["r5", DAY, "2011", "调休", -0.5, 0.0, ""]]
    assert deduction_mismatches(rows.iloc[:0], cfg).empty


def test_the_data_check_names_the_row_as_a_warning(stored, cfg, tmp_path):
    store, rid = stored
    from lib.floor.cache import load_floor
    floor = load_floor(tmp_path, cfg)
    p = data_problems(floor, lambda: store, pd.Timestamp(DAY).date(), cfg)
    assert list(p.columns) == list(floor.problems.columns)
    mine = p[p["column"] == "扣分"]
    assert len(mine) == 1
    r = mine.iloc[0]
    assert (r["file"], r["sheet"], r["severity"]) == ("records/attendance", "考勤", "warning")
    for part in (rid, DAY, "2011", "病假", "-1", "-0.3"):
        assert part in r["message"] and part in r["message_en"]
    # the month before is read too; December's check still sees November's record
    assert len(attendance_problems(lambda: store, ["2026-11", "2026-12"], cfg)) == 1
    assert attendance_problems(lambda: store, ["2026-10"], cfg) == []


def test_a_store_that_cannot_be_opened_is_one_warning(cfg):
    def broken():
        raise StoreError("no spreadsheet configured for 考勤")
    [w] = attendance_problems(broken, ["2026-11"], cfg)
    assert w["severity"] == "warning" and "no spreadsheet configured" in w["message"]


def test_cli_check_lists_it_as_a_warning_row(stored, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TEAMBOARD_NOW", f"{DAY} 18:00")
    _, rid = stored
    # a roster, so the folder is a data folder (one holding records only would open the demo instead)
    (tmp_path / "schedule.csv").write_text(f"日期,工号,姓名,组别,岗位,班次\n{DAY},2011,张三,201,坐席,全天\n",
                                           encoding="utf-8")
    code = main(["check", "--data", str(tmp_path), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    mine = [r for r in rows if r["column"] == "扣分"]
    assert code == 1 and len(mine) == 1          # a problem, as any warning is
    assert mine[0]["severity"] == "warning" and rid in mine[0]["message"] and "-0.3" in mine[0]["message_en"]
    main(["check", "--data", str(tmp_path)])
    assert rid in capsys.readouterr().out        # the text form lists it too
