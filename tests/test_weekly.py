"""The weekly meeting pack by hand: two weeks of two groups, QA, attendance, duty notes; the workbook and
the deck open and hold the same numbers (chart data read back from the pptx)."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from lib.month.export import weekly_deck, weekly_workbook
from lib.floor.schema import conform
from lib.store import TABLES, open_store, to_frame
from lib.month.weekly import last_full_week, parse_week, read_span, week_of, weekly_pack
from tests.conftest import make_settings

REPORTS = conform(pd.DataFrame([
    # the week before (W46, Nov 9..15)
    ("2026-11-09", "2011", "201", 100, 5), ("2026-11-10", "2011", "201", 100, 5),
    ("2026-11-09", "2012", "201", 200, 20), ("2026-11-09", "2021", "202", 200, 10),
    # the week (W47, Nov 16..22)
    ("2026-11-16", "2011", "201", 100, 10), ("2026-11-17", "2011", "201", 100, 10),
    ("2026-11-16", "2012", "201", 200, 16), ("2026-11-16", "2021", "202", 150, 9),
    ("2026-11-18", "2022", "202", 50, 1),
    ("2026-11-23", "2011", "201", 999, 999),    # the week after: never counted
], columns=["date", "agent_id", "group", "volume", "handled"])
    .assign(hour=9, end_minute=600, name=lambda d: "N" + d["agent_id"]), "reports")
QA = to_frame(TABLES["qa"], [
    {"日期": "2026-11-16", "工号": "2011", "组别": "201", "总分": 90},
    {"日期": "2026-11-16", "工号": "2021", "组别": "", "总分": 80},     # no 组别: the agent's group
    {"日期": "2026-11-09", "工号": "2012", "组别": "201", "总分": 70},
])
ATTENDANCE = to_frame(TABLES["attendance"], [
    {"日期": "2026-11-17", "组别": "201", "工号": "2012", "类别": "事假"},   # −0.5
    {"日期": "2026-11-10", "组别": "202", "工号": "2021", "类别": "旷工"},   # −2, the week before
])
DUTY = to_frame(TABLES["duty_log"], [
    {"日期": "2026-11-17", "组别": "201", "时段": "全天", "值班组长": "赵组长", "备注": "2012 话术需辅导"},
    {"日期": "2026-11-18", "组别": "", "时段": "全天", "值班组长": "钱组长", "备注": "=全员培训"},
    {"日期": "2026-11-19", "组别": "201", "时段": "上午", "值班组长": "赵组长", "备注": ""},
    {"日期": "2026-11-10", "组别": "201", "时段": "全天", "值班组长": "赵组长", "备注": "上周的备注"},
])


@pytest.fixture
def pack():
    return weekly_pack(REPORTS, QA, ATTENDANCE, DUTY, "2026-W47", make_settings(weekly={"min_volume": 100}))


def row(frame, key, value):
    return frame.set_index(key).loc[value]


def test_weeks():
    assert parse_week("2026-W47") == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    assert parse_week("2026w01") == (dt.date(2025, 12, 29), dt.date(2026, 1, 4))   # ISO: week 1 holds Jan 4
    assert week_of(dt.date(2026, 11, 22)) == "2026-W47"
    assert last_full_week(dt.date(2026, 11, 24)) == "2026-W47"    # Tuesday's meeting looks at last week
    for bad in ("2026-47", "2026-W54", "W47"):
        with pytest.raises(ValueError, match="YYYY-Www"):
            parse_week(bad)


def test_groups_and_center_by_hand(pack):
    assert (pack.week, pack.previous, pack.start, pack.end) == ("2026-W47", "2026-W46", dt.date(2026, 11, 16),
                                                                dt.date(2026, 11, 22))
    a, b = row(pack.groups, "group", "201"), row(pack.groups, "group", "202")
    # 201: this week 100 + 100 + 200 = 400 volume, 10 + 10 + 16 = 36 handled = 9%; before 400, 30 = 7.5%
    assert (a["volume"], a["handled"], a["rate"]) == (400, 36, pytest.approx(0.09))
    assert (a["prev_volume"], a["prev_handled"], a["prev_rate"]) == (400, 30, pytest.approx(0.075))
    assert a["rate_vs_prev"] == pytest.approx(0.015) and a["volume_change"] == 0
    assert (a["qa_avg"], a["prev_qa_avg"], a["deductions"], a["prev_deductions"]) == (90, 70, -0.5, 0)
    # 202: 150 + 50 = 200 volume, 9 + 1 = 10 handled = 5% both weeks; 2 agents against 1
    assert (b["volume"], b["rate"], b["prev_rate"], b["agents"], b["prev_agents"]) == \
        (200, pytest.approx(0.05), pytest.approx(0.05), 2, 1)
    assert b["qa_avg"] == 80 and pd.isna(b["prev_qa_avg"]) and b["prev_deductions"] == -2
    c = pack.center.iloc[0]
    # center: 600 volume, 46 handled = 7.67%; before 600, 40 = 6.67%: +1 point
    assert (c["group"], c["volume"], c["handled"], c["prev_handled"]) == ("", 600, 46, 40)
    assert c["rate_vs_prev"] == pytest.approx(46 / 600 - 40 / 600)
    assert (c["qa_avg"], c["prev_qa_avg"], c["deductions"], c["prev_deductions"]) == (85, 70, -0.5, -2)


def test_most_improved_and_weakest(pack):
    # 2011: 10/100 → 10% from 10/200 = 5%: +5 points; 2012 fell (10% → 8%); 2021 5% → 6%: +1 point;
    # 2022 has 50 volume, below the 100 needed
    assert pack.improved("201")["agent_id"].tolist() == ["2011"]
    assert pack.improved()["agent_id"].tolist() == ["2011", "2021"]
    assert pack.improved()["rate_vs_prev"].tolist() == pytest.approx([0.05, 0.01])
    # against the group's rate: 2012 8% / 9% = 0.889 (below); 2011 10 / 9 and 2021 6 / 5 are above
    weak = pack.weakest()
    assert weak["agent_id"].tolist() == ["2012"] and weak["ratio_to_group"].iloc[0] == pytest.approx(8 / 9)
    assert pack.weakest("202").empty


def test_duty_notes(pack):
    assert pack.notes["note"].tolist() == ["2012 话术需辅导", "=全员培训"]
    assert pack.notes["group"].tolist() == ["201", ""]


def test_workbook_opens_and_holds_the_numbers(pack):
    wb = load_workbook(io.BytesIO(weekly_workbook(pack)))
    assert wb.sheetnames == ["中心", "进步最大", "待提升", "值班备注", "每日趋势", "质检失分", "红线触犯次数"]
    ws = wb["中心"]
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2" and header[:4] == ["组别", "数据量", "办理量", "办理率"]
    lines = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(lines) == {"中心", "201", "202"}
    assert lines["201"]["办理率"] == pytest.approx(0.09) and lines["中心"]["办理量"] == 46
    assert ws.cell(2, header.index("办理率") + 1).number_format == "0.00%"
    notes = wb["值班备注"]
    cell = [c for c in notes["E"] if c.value == "=全员培训"][0]
    assert cell.data_type == "s"      # typed text, never a formula


def test_deck_has_native_charts_with_the_numbers(pack):
    prs = Presentation(io.BytesIO(weekly_deck(pack)))
    slides = list(prs.slides)
    assert [s.shapes.title.text for s in slides] == ["周会材料 2026-W47 · 中心汇总", "周会材料 2026-W47 · 201组",
                                                     "周会材料 2026-W47 · 202组", "周会材料 2026-W47 · 本周质检失分"]
    slides = slides[:3]    # the QA slide: tests/test_weekly_qa.py
    charts = [next(sh.chart for sh in s.shapes if sh.has_chart) for s in slides]
    center = charts[0].plots[0]
    assert list(center.categories) == ["201", "202", "中心"]
    assert [s.name for s in center.series] == ["本周", "上周"]
    assert list(center.series[0].values) == pytest.approx([0.09, 0.05, 46 / 600])
    assert list(center.series[1].values) == pytest.approx([0.075, 0.05, 40 / 600])
    g201 = charts[1].plots[0]
    assert list(g201.categories) == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    # Monday: 2011 and 2012, (10 + 16) / 300; Tuesday: 10 / 100; no rows the other days
    this = list(g201.series[0].values)
    assert this[:2] == pytest.approx([26 / 300, 0.1]) and this[2:] == [None] * 5
    assert list(g201.series[1].values)[:2] == pytest.approx([25 / 300, 0.05])
    texts = " ".join(sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame)
    assert "进步最大：N2011（10.00%，+5.00pp）" in texts and "待提升：N2012（8.00%）" in texts
    assert "2012 话术需辅导" in texts
    table = next(sh.table for sh in slides[1].shapes if sh.has_table)
    assert [table.cell(3, j).text for j in range(4)] == ["办理率", "9.00%", "7.50%", "+1.50pp"]


def test_english_deck(pack):
    prs = Presentation(io.BytesIO(weekly_deck(pack, "en")))
    assert prs.slides[0].shapes.title.text == "Weekly meeting pack 2026-W47 · Center summary"


def test_read_span_reads_each_month_once(tmp_path):
    store = open_store(make_settings(), tmp_path)
    store.append("qa", [{"日期": "2026-10-30", "工号": "1", "总分": 80}, {"日期": "2026-11-02", "工号": "1", "总分": 90},
                        {"日期": "2026-11-09", "工号": "1", "总分": 70}], submitted_by="t")
    got = read_span(store, "qa", dt.date(2026, 10, 26), dt.date(2026, 11, 8))
    assert got["总分"].tolist() == [80, 90]


def test_an_empty_week():
    p = weekly_pack(REPORTS, QA, ATTENDANCE, DUTY, "2026-W30", make_settings())
    assert p.groups.empty and p.center["volume"].iloc[0] == 0 and p.agents.empty
    assert Presentation(io.BytesIO(weekly_deck(p))).slides[0].shapes.title.text.endswith("中心汇总")
    assert load_workbook(io.BytesIO(weekly_workbook(p))).sheetnames[0] == "中心"
