"""Every value form of DATA.md parses to the same thing."""
import datetime as dt

import pytest

from lib.floor.load import values as v

NINE = (9, 600)


@pytest.mark.parametrize("raw", [9, 9.0, "9", "09", "9:00", "09:00", "09:00-10:00", "9:00~10:00", "9点",
                                 "9-10", dt.time(9, 0), dt.datetime(2026, 11, 25, 9, 0), 0.375, " 09:00 - 10:00 ",
                                 "9:00:00", "09：00-10：00", "9点-10点", "9时"])
def test_every_hour_form_is_the_nine_oclock_slot(raw):
    assert v.hour_slot(raw) == NINE


def test_a_range_keeps_its_end():
    assert v.hour_slot("10:30-11:30") == (10, 690)   # ends 11:30, so not in "the results at 11:00"
    assert v.hour_slot("13:30-14:00") == (13, 840)


@pytest.mark.parametrize("raw", ["abc", "25", "10-9", "", "9:75", -1, 24])
def test_bad_hours_raise(raw):
    with pytest.raises(ValueError):
        v.hour_slot(raw)


@pytest.mark.parametrize("raw", [dt.date(2026, 11, 25), dt.datetime(2026, 11, 25, 0, 0), 46351, 46351.0, "46351",
                                 "2026-11-25", "2026/11/25", "20261125", 20261125, "2026年11月25日", "2026-11-25 00:00:00",
                                 "2026.11.25", " 2026-11-25 "])
def test_every_date_form(raw):
    # 46351 is the Excel serial of 2026-11-25: (2026-11-25 - 1899-12-30).days
    assert v.date(raw) == dt.date(2026, 11, 25)


@pytest.mark.parametrize("raw", ["2026-13-01", "yesterday", "", 123, "2026-02-30"])
def test_bad_dates_raise(raw):
    with pytest.raises(ValueError):
        v.date(raw)


@pytest.mark.parametrize("name,expected", [("2026-11-24.xlsx", dt.date(2026, 11, 24)),
                                           ("报表20261124.csv", dt.date(2026, 11, 24)),
                                           ("2026年11月24日 下午.csv", dt.date(2026, 11, 24)),
                                           ("11月.xlsx", None), ("report_v2.xlsx", None)])
def test_dates_in_names(name, expected):
    assert v.date_in_text(name) == expected


def test_rates_in_every_form_are_the_same():
    assert v.rate("8.5%") == pytest.approx(0.085)
    assert v.rate(0.085) == pytest.approx(0.085)
    assert v.rate("0.085") == pytest.approx(0.085)
    assert v.rate(" 8.5 % ") == pytest.approx(0.085)
    assert v.rate("8.5") == pytest.approx(0.085)   # a bare number above 1 is a percentage without its sign


def test_numbers_typed_as_text():
    assert v.number("1,234") == 1234.0
    assert v.number(" 12 ") == 12.0
    assert v.number("１２") == 12.0          # full-width digits typed in a Chinese IME
    assert v.number(7) == 7.0
    with pytest.raises(ValueError):
        v.number("abc")
    with pytest.raises(ValueError):
        v.number("")


def test_talk_time_forms():
    assert v.seconds("0:05:10") == 310.0
    assert v.seconds("05:10") == 310.0
    assert v.seconds(dt.time(0, 5, 10)) == 310.0
    assert v.seconds(95) == 95.0


def test_ids_keep_leading_zeros_and_lose_float_tails():
    assert v.text("0107") == "0107"
    assert v.text(1201.0) == "1201"
    assert v.text(" 张三 ") == "张三"


# Issue 15, item 3: value forms of real exports.

@pytest.mark.parametrize("raw", ["1001", 1001, 1001.0, "1001 [张三]", "1001(张三)", "1001（张三）", "张三(1001)",
                                 "张三（1001）", "１００１", "１００１［张三］", "1001【张三】", " 1001 [ 张三 ] "])
def test_agent_id_forms(raw):
    assert v.agent_id(raw) == "1001"


@pytest.mark.parametrize("raw, name", [("1001 [张三]", "张三"), ("1001(张三)", "张三"), ("1001（张三）", "张三"),
                                       ("张三(1001)", "张三"), ("Li Ming (A07)", "Li Ming"), ("1001", "")])
def test_agent_name_written_with_the_id(raw, name):
    assert v.agent(raw)[1] == name


def test_a_name_alone_is_not_split():
    assert v.agent("张三") == ("张三", "")
    assert v.agent("A07") == ("A07", "")
    assert v.agent("ＡＢ１２") == ("AB12", "")


@pytest.mark.parametrize("raw, want", [("11/24/2026", dt.date(2026, 11, 24)), ("24/11/2026", dt.date(2026, 11, 24)),
                                       ("24.11.2026", dt.date(2026, 11, 24)), ("3/3/2026", dt.date(2026, 3, 3)),
                                       ("2026-11-24T09:00:00", dt.date(2026, 11, 24)),
                                       ("2026-11-24T09:00:00Z", dt.date(2026, 11, 24)),
                                       ("2026-11-24T09:00:00.123+08:00", dt.date(2026, 11, 24)),
                                       ("11/24/2026 9:00:00 AM", dt.date(2026, 11, 24)),
                                       ("２０２６－１１－２４", dt.date(2026, 11, 24))])
def test_us_day_first_and_iso_dates(raw, want):
    assert v.date(raw) == want


def test_an_ambiguous_date_needs_the_order():
    with pytest.raises(ValueError, match="ambiguous.*date_order"):
        v.date("03/04/2026")
    with pytest.raises(ValueError, match="ambiguous"):
        v.date("03/04/2026", "ymd")   # year last: ymd does not say which of 03 and 04 is the month
    assert v.date("03/04/2026", "mdy") == dt.date(2026, 3, 4)
    assert v.date("03/04/2026", "dmy") == dt.date(2026, 4, 3)
    assert v.date("11/24/2026", "dmy") == dt.date(2026, 11, 24)   # 24 can only be the day
    with pytest.raises(ValueError):
        v.date("13/14/2026", "mdy")


@pytest.mark.parametrize("raw, want", [("9:00 AM", (9, 600)), ("8:00AM", (8, 540)), ("09am to 10am", (9, 600)),
                                       ("2026-11-24 09:00:00", (9, 600)), ("2026-11-24T09:00:00", (9, 600)),
                                       ("1:00 PM", (13, 840)), ("12:00 PM", (12, 780)), ("12 AM", (0, 60)),
                                       ("11am-12pm", (11, 720)), ("9:00 a.m. - 10:00 a.m.", (9, 600)),
                                       ("０９:００-１０:００", (9, 600)), ("9 to 10", (9, 600))])
def test_am_pm_and_text_timestamp_hours(raw, want):
    assert v.hour_slot(raw) == want


@pytest.mark.parametrize("raw", ["13 PM", "0 AM", "9:00 XM"])
def test_bad_am_pm_hours_raise(raw):
    with pytest.raises(ValueError):
        v.hour_slot(raw)


@pytest.mark.parametrize("raw, want", [("１２３", 123.0), ("１，２３４", 1234.0), ("４５．１２％", 0.4512)])
def test_full_width_numbers(raw, want):
    assert v.number(raw) == pytest.approx(want)


@pytest.mark.parametrize("raw", ["-", "--", "—", "N/A", "n/a", " - ", "－"])
def test_placeholders(raw):
    assert v.is_placeholder(raw)
    with pytest.raises(ValueError):
        v.number(raw)


@pytest.mark.parametrize("raw", ["0", "", "-1", "na me", 0])
def test_not_placeholders(raw):
    assert not v.is_placeholder(raw)
