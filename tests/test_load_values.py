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
