"""Every Excel download holds real numbers with the standard's number formats (issue 17.1): a rate is a
float with 0.00%, a change of rate its points with +0.00"pp", a count #,##0, a time a datetime; no
cell of a numeric column is text, no time is an ISO text, no fraction is left bare (344.6667)."""
from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib.i18n.columns import column_label
from lib.i18n.formats import excel_format
from lib.month.export import review_workbook, weekly_workbook
from lib.month.review import month_review
from lib.month.senior_lead import assess
from lib.out.excel import workbook_bytes
from lib.quality.lead_book import sheets_workbook
from tests.conftest import make_settings
from tests.test_review import ATTENDANCE, QA, REPORTS
from tests.test_senior_lead import FULL, LEAD, ratings, reports, roster
from tests.test_weekly import pack  # noqa: F401  (the weekly pack fixture)

PERCENT, PP, COUNT = "0.00%", '+0.00"pp";-0.00"pp";0.00"pp"', "#,##0"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
NUMBERISH = re.compile(r"^[+-]?\d+(\.\d+)?%?$")


def columns_of(ws) -> dict[str, list]:
    header = [c.value for c in ws[1]]
    cells: dict[str, list] = {h: [] for h in header}
    for row in ws.iter_rows(min_row=2):
        for h, c in zip(header, row):
            cells[h].append(c)
    return cells


def assert_clean(wb) -> None:
    """No numeric column holds text, no text is an ISO time, no fraction is unformatted."""
    for ws in wb.worksheets:
        for h, cells in columns_of(ws).items():
            values = [c.value for c in cells if c.value not in (None, "")]
            numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if numbers:
                assert len(numbers) == len(values), (ws.title, h, values)   # numbers, never text among them
            for c in cells:
                if isinstance(c.value, str):
                    assert not ISO.match(c.value), (ws.title, h, c.value)
                if isinstance(c.value, float) and not c.value.is_integer():
                    assert c.number_format != "General", (ws.title, h, c.value)
                if isinstance(c.value, dt.datetime):
                    assert c.number_format in ("yyyy-mm-dd", "yyyy-mm-dd hh:mm"), (ws.title, h)


def cell(ws, header: str, row: int = 2):
    return ws.cell(row, [c.value for c in ws[1]].index(header) + 1)


def test_the_standard_s_excel_formats():
    assert (excel_format("rate"), excel_format("pp"), excel_format("count"), excel_format("date")) == \
        (PERCENT, PP, COUNT, "yyyy-mm-dd")


def test_review_workbook_rates_are_numbers_with_a_percent_format():
    cfg = make_settings(stars={"min_days": 2})
    review = month_review(REPORTS, roster({3, 4}, days=(2, 3, 4)), QA, ATTENDANCE, "2026-11", cfg)
    a = assess(reports(680, 40), roster({3}), FULL, "2026-11", LEAD, cfg)
    wb = load_workbook(io.BytesIO(review_workbook(review, [a], ratings(("x", "员工", (1, 1, 1, 1, 1))))))
    ws = wb["组别排名"]
    rate = cell(ws, "办理率")   # 201: 25 handled of 250 = 10%
    assert isinstance(rate.value, float) and rate.value == pytest.approx(0.1) and rate.number_format == PERCENT
    assert cell(ws, "数据量").value == 250 and cell(ws, "数据量").number_format == COUNT
    assert cell(ws, "较中心").number_format == PP and isinstance(cell(ws, "较中心").value, float)
    assert_clean(wb)


def test_weekly_workbook_rates_changes_and_qa_shares(pack):  # noqa: F811
    wb = load_workbook(io.BytesIO(weekly_workbook(pack)))
    ws = wb["中心"]
    lines = {c.value: i for i, c in enumerate(ws["A"], start=1)}
    r201 = lines["201"]
    # 201: 36 of 400 = 9%, the week before 30 of 400 = 7.5%: +1.50 points
    assert cell(ws, "办理率", r201).value == pytest.approx(0.09) and cell(ws, "办理率", r201).number_format == PERCENT
    change = [h for h in columns_of(ws) if h and h not in ("办理率",) and cell(ws, h, r201).number_format == PP]
    assert change, "the change of rate has the pp format"
    assert cell(ws, change[0], r201).value == pytest.approx(1.5)
    assert cell(ws, "数据量", r201).number_format == COUNT
    assert_clean(wb)


def test_weekly_workbook_qa_shares_are_numbers_with_a_percent_format():
    from lib.month.weekly import weekly_pack
    from tests import test_weekly as week, test_weekly_qa as qa
    p = weekly_pack(week.REPORTS, qa.QA, week.ATTENDANCE, week.DUTY, "2026-W47",
                    make_settings(weekly={"min_volume": 100}))
    wb = load_workbook(io.BytesIO(weekly_workbook(p)))
    lost, red = wb["质检失分"], wb["红线触犯次数"]
    # 201's 需求挖掘: 5 + 10 points lost of 20 × 2 recordings = 37.50%
    share = cell(lost, "失分率")
    assert (cell(lost, "评分项").value, share.value, share.number_format) == ("需求挖掘", pytest.approx(0.375), PERCENT)
    assert isinstance(share.value, float) and cell(lost, "录音数").number_format == COUNT
    # 201's 违规承诺: hit once in 2 recordings = 50.00%
    assert (cell(red, "红线").value, cell(red, "占比").value, cell(red, "占比").number_format) == \
        ("违规承诺", 0.5, PERCENT)
    assert_clean(wb)


def test_workbench_workbook_change_in_points_counts_with_separators():
    lab = lambda c: column_label(c, "zh", "lead")   # noqa: E731
    changes = pd.DataFrame({lab("agent_id"): ["1307"], lab("rate"): [0.0773], lab("rate_before"): [0.0669],
                            lab("change"): [0.0104], lab("volume"): [1234], lab("handled"): [95.0]})
    wb = load_workbook(io.BytesIO(sheets_workbook({"昨日": changes}, "zh")))
    ws = wb["昨日"]
    assert cell(ws, lab("rate")).value == pytest.approx(0.0773) and cell(ws, lab("rate")).number_format == PERCENT
    # 7.73% - 6.69% = +1.04 points: the cell holds 1.04 and reads +1.04pp
    assert cell(ws, lab("change")).value == pytest.approx(1.04) and cell(ws, lab("change")).number_format == PP
    assert cell(ws, lab("volume")).number_format == COUNT and cell(ws, lab("handled")).value == 95
    assert cell(ws, lab("agent_id")).value == "1307"   # an id stays text
    assert_clean(wb)


def test_times_are_datetimes_and_fractions_formatted():
    df = pd.DataFrame({"提交时间": ["2026-11-25T18:30:00+08:00", ""], "日期": pd.to_datetime(["2026-11-08", "2026-11-09"]),
                       "均值": [344.6667, 2.0],
                       "at": pd.to_datetime(["2026-11-25 09:05", "2026-11-25 10:00"]).tz_localize("Asia/Shanghai")})
    wb = load_workbook(io.BytesIO(workbook_bytes({"s": df})))
    ws = wb["s"]
    assert cell(ws, "提交时间").value == dt.datetime(2026, 11, 25, 18, 30)   # the floor's time, not UTC
    assert cell(ws, "提交时间").number_format == "yyyy-mm-dd hh:mm" and cell(ws, "提交时间", 3).value is None
    assert cell(ws, "日期").value == dt.datetime(2026, 11, 8) and cell(ws, "日期").number_format == "yyyy-mm-dd"
    assert cell(ws, "均值").value == pytest.approx(344.6667) and cell(ws, "均值").number_format == "0.00"
    assert cell(ws, "at").value == dt.datetime(2026, 11, 25, 9, 5)
    assert_clean(wb)


def test_the_contact_sheet_download_has_times_and_text_phones():
    # the callback download (lib/ui/followup_forms.py) writes its sheet through workbook_bytes
    sheet = pd.DataFrame({"回拨时间": ["2026-11-25 15:00"], "工号": ["1404"], "客户电话": ["13812345678"]})
    ws = load_workbook(io.BytesIO(workbook_bytes({"联络单": sheet})))["联络单"]
    assert cell(ws, "回拨时间").value == dt.datetime(2026, 11, 25, 15, 0)
    assert cell(ws, "回拨时间").number_format == "yyyy-mm-dd hh:mm"
    assert (cell(ws, "工号").value, cell(ws, "客户电话").value) == ("1404", "13812345678")   # text stays text
