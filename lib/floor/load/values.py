"""Cell values as floors write them: numbers as text, `8.5%`, every date and hour form of DATA.md.

Each parser takes one raw cell and returns the value or raises ValueError with a short reason.
Column parsers map each distinct raw value once, since a month of reports repeats the same
dates, hours and ids thousands of times.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any, Callable

import numpy as np
import pandas as pd

EXCEL_EPOCH = dt.date(1899, 12, 30)
_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_NUM_JUNK = re.compile(r"[,，\s\u3000\u00a0]")   # thousands separators and spaces inside numbers


# What exports write for "no figure": empty in an optional figure column, an error in a required one.
PLACEHOLDERS = frozenset({"-", "--", "---", "—", "——", "–", "n/a", "na", "#n/a"})


def nfkc(s: str) -> str:
    """Full-width digits, letters and brackets as their ASCII forms (Unicode NFKC)."""
    return unicodedata.normalize("NFKC", s) if not s.isascii() else s


def is_placeholder(v: Any) -> bool:
    """'-', '--', '—', 'N/A' and the like: a figure left empty on purpose."""
    return isinstance(v, str) and nfkc(v).strip().lower() in PLACEHOLDERS


def is_blank(v: Any) -> bool:
    """True for an empty cell (None, '', spaces, NaN)."""
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not _SPACE.sub("", v)


def text(v: Any) -> str:
    """A cell as trimmed text; whole numbers lose the '.0' a spreadsheet gives them."""
    if is_blank(v):
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M") if (v.hour or v.minute) else v.strftime("%Y-%m-%d")
    return str(v).strip().replace("\u3000", " ").strip()


_IDLIKE = r"[A-Za-z0-9_.\-]*\d[A-Za-z0-9_.\-]*"
_OPEN, _CLOSE = r"[\[(【〔<]", r"[\])】〕>]"
_ID_FIRST = re.compile(rf"({_IDLIKE})\s*{_OPEN}\s*([^\[\]()【】〔〕<>]*?)\s*{_CLOSE}")
_NAME_FIRST = re.compile(rf"([^\[\]()【】〔〕<>]+?)\s*{_OPEN}\s*({_IDLIKE})\s*{_CLOSE}")


def agent(v: Any) -> tuple[str, str]:
    """(agent id, name written with it): '1001', '1001 [张三]', '1001(张三)', '1001（张三）', '张三(1001)'.

    Full-width digits and letters are normalised (NFKC): '１００１' is agent 1001.
    """
    s = nfkc(text(v))
    m = _ID_FIRST.fullmatch(s)
    if m:
        return m.group(1), m.group(2)
    m = _NAME_FIRST.fullmatch(s)
    if m:
        return m.group(2), m.group(1).strip()
    return s, ""


def agent_id(v: Any) -> str:
    """The agent id alone (see agent)."""
    return agent(v)[0]


def number(v: Any) -> float:
    """A figure: real numbers, numbers typed as text ('1,234', ' 12 '), '' is 0 is NOT assumed."""
    if isinstance(v, bool):
        raise ValueError("not a number")
    if isinstance(v, (int, float)):
        if isinstance(v, float) and math.isnan(v):
            raise ValueError("empty")
        return float(v)
    s = _NUM_JUNK.sub("", nfkc(str(v)))
    if not s:
        raise ValueError("empty")
    if s.endswith("%"):
        return float(s[:-1]) / 100.0
    try:
        return float(s)
    except ValueError:
        raise ValueError(f"not a number: {str(v)!r}") from None


def rate(v: Any) -> float:
    """A rate: '8.5%', 8.5% as a percent cell (0.085) and 0.085 are the same; '8.5' means 8.5%."""
    x = number(v)
    if isinstance(v, str) and v.strip().endswith("%"):
        return x
    # A bare number above 1 can only be a percentage written without its sign.
    return x / 100.0 if x > 1 else x


_DATE_PATTERNS = [
    re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
]


def _ymd(y: str, m: str, d: str) -> dt.date:
    return dt.date(int(y), int(m), int(d))


def date_in_text(s: str) -> dt.date | None:
    """A date written inside a name: '2026-11-25', '20261125', '2026年11月25日'."""
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(s):
            try:
                return _ymd(*m.groups())
            except ValueError:
                continue
    return None


DATE_ORDERS = ("", "ymd", "mdy", "dmy")
AMBIGUOUS_ZH = '（可读作月/日或日/月：请在 config.toml 的 [reports] 中设置 date_order = "mdy" 或 "dmy"）'
AMBIGUOUS_EN = ' (month/day or day/month? set [reports] date_order = "mdy" or "dmy" in config.toml)'
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)?")


def _day_first_or_us(a: str, b: str, y: str, order: str) -> dt.date:
    """'11/24/2026' (US) or '24/11/2026' (day first): the one that can be a date; when both can,
    [reports] date_order says which (else an error)."""
    x, z = int(a), int(b)
    if x == z or (x > 12 >= z):
        return dt.date(int(y), z, x)       # day first (or the same either way)
    if z > 12 >= x:
        return dt.date(int(y), x, z)       # month first
    if order == "mdy":
        return dt.date(int(y), x, z)
    if order == "dmy":
        return dt.date(int(y), z, x)
    raise ValueError(f"ambiguous date {a}/{b}/{y}: month/day or day/month? set [reports] date_order "
                     f'= "mdy" or "dmy" in config.toml')


def date(v: Any, order: str = "") -> dt.date:
    """A date cell, an Excel serial number, or text in any of the forms of DATA.md.

    `order` ([reports] date_order: "", "ymd", "mdy", "dmy") settles '03/04/2026'; a day above 12
    settles it alone ('11/24/2026', '24/11/2026').
    """
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if 20000 <= v <= 80000:  # Excel serials for 1954..2119; anything else is not a date
            return EXCEL_EPOCH + dt.timedelta(days=int(v))
        if 19000101 <= v <= 21001231 and float(v).is_integer():
            s = str(int(v))
            return _ymd(s[:4], s[4:6], s[6:])
        raise ValueError(f"not a date: {v!r}")
    s = nfkc(text(v))
    full = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
                        r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", s)
    if full:
        return _ymd(*full.groups()[:3])
    other = _DMY.fullmatch(s)
    if other:
        return _day_first_or_us(*other.groups(), order)
    if re.fullmatch(r"\d{8}", s):
        return _ymd(s[:4], s[4:6], s[6:])
    if re.fullmatch(r"\d{5}(\.\d+)?", s):
        return date(float(s))
    raise ValueError(f"not a date: {s!r}")


_MONTH_DAY = re.compile(r"(\d{1,2})\s*([-/.月])\s*(\d{1,2})\s*[日号]?")


def _month_day(m: int, d: int) -> str:
    """'MM-DD' of a month and day that exist in some year (02-29 does); ValueError otherwise."""
    try:
        dt.date(2000, m, d)   # a leap year: 29 February is a birthday
    except ValueError:
        raise ValueError(f"not a month and day: {m}-{d}") from None
    return f"{m:02d}-{d:02d}"


def _short(a: str, sep: str, b: str, order: str) -> str:
    """A month-day written without a year: month first, or day first under date_order "dmy"
    (never for 3月15日)."""
    if order == "dmy" and sep != "月":
        a, b = b, a
    return _month_day(int(a), int(b))


def month_day(v: Any, order: str = "") -> str:
    """A birthday's month and day as 'MM-DD', '' for a blank cell; the year of a full date is dropped.

    Forms: '03-15', '3-15', '3/15', '3.15', '3月15日', '03月15日', a full date in any form of `date`
    ('1990-03-15', '1990/3/15', '1990年3月15日', with a time after it), a date or date-time cell, an
    Excel serial number. A number cell 3.15 is 15 March; 3.1 (which Excel also makes of '3.10') is
    refused when both 1 and 10 March could be meant. `order` "dmy" reads '15/3', '15.3', '15-3' day
    first. ValueError for anything else (13-40, 2月30日, text).
    """
    if is_blank(v):
        return ""
    if isinstance(v, (dt.datetime, dt.date)):
        return _month_day(v.month, v.day)
    if isinstance(v, bool):
        raise ValueError("not a month and day")
    if isinstance(v, (int, float)):
        if 10000 <= v <= 80000:   # a date cell read as its serial number (Google Sheets, unformatted)
            d = EXCEL_EPOCH + dt.timedelta(days=int(v))
            return _month_day(d.month, d.day)
        whole, _, frac = repr(float(v)).partition(".")
        if float(v).is_integer() or v < 0 or len(frac) > 2:
            raise ValueError(f"not a month and day: {v!r}")
        if len(frac) == 2:
            return _short(whole, ".", frac, order)
        # One decimal: 3.1 is what a cell holds for both '3.1' and '3.10'.
        found = set()
        for b in (frac, frac + "0"):
            try:
                found.add(_short(whole, ".", b, order))
            except ValueError:
                pass
        if len(found) != 1:
            raise ValueError(f"ambiguous month and day {v!r}: one or two digits of day?"
                             if found else f"not a month and day: {v!r}")
        return found.pop()
    s = nfkc(text(v))
    short = _MONTH_DAY.fullmatch(s)
    if short:
        return _short(short.group(1), short.group(2), short.group(3), order)
    if re.search(r"\d{4}", s):   # a full date: its year is read and dropped
        d = date(s, order)
        return _month_day(d.month, d.day)
    raise ValueError(f"not a month and day: {s!r}")


_CLOCK = r"(\d{1,2})(?:\s*[:：.]\s*(\d{2}))?(?:[:：]\d{2})?\s*(?:点|时)?(?:\s*(\d{1,2})\s*分)?"
_HOUR = re.compile(rf"^{_CLOCK}(?:\s*(?:-|~|～|—|–|－|至|到|to)\s*{_CLOCK})?$", re.IGNORECASE)
_DATE_PART = re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s+|T)(?=\d)")
_AMPM = re.compile(r"(\d{1,2})(?:\s*:\s*(\d{2}))?(?::\d{2})?\s*([AaPp])\.?\s*[Mm]\.?")


def _24h(m: re.Match) -> str:
    h, mi, ap = int(m.group(1)), int(m.group(2) or 0), m.group(3).lower()
    if not 1 <= h <= 12:
        raise ValueError(f"not an hour: {m.group(0)!r}")
    return f"{h % 12 + (12 if ap == 'p' else 0)}:{mi:02d}"


def slot(v: Any) -> tuple[int, int]:
    """(start minute, end minute) of the day of a slot: '09:00-10:00' is (540, 600), '9:30-10:00'
    (570, 600), '09:00:00-09:30:00' (540, 570), '9:00 AM' (540, 600), '09am to 10am', a time cell,
    '2026-11-24 09:00:00' written as text. A slot written without its end lasts an hour."""
    if isinstance(v, dt.datetime):
        v = v.time()
    if isinstance(v, dt.time):
        start = v.hour * 60 + v.minute
        return start, start + 60
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if 0 < v < 1:  # a time cell stored as a fraction of a day
            minutes = round(v * 24 * 60)
            return minutes, minutes + 60
        if float(v).is_integer() and 0 <= v <= 23:
            return int(v) * 60, int(v) * 60 + 60
        raise ValueError(f"not an hour: {v!r}")
    s = text(v)
    t = _AMPM.sub(_24h, _DATE_PART.sub("", nfkc(s)))
    m = _HOUR.match(t.strip())
    if not m:
        raise ValueError(f"not an hour: {s!r}")
    h1, m1, m1b, h2, m2, m2b = m.groups()
    start_h, start_m = int(h1), int(m1 or m1b or 0)
    if start_h > 23 or start_m > 59:
        raise ValueError(f"not an hour: {s!r}")
    start = start_h * 60 + start_m
    if h2 is None:
        return start, start + 60
    end = int(h2) * 60 + int(m2 or m2b or 0)
    if end <= start or end > 24 * 60:
        raise ValueError(f"not an hour: {s!r}")
    return start, end


def hour_slot(v: Any) -> tuple[int, int]:
    """(start hour, end minute) of a slot: 9, '09', '9:00', '09:00-10:00', '9:00~10:00', '9点', '9-10', a time cell."""
    start, end = slot(v)
    return start // 60, end


def seconds(v: Any) -> float:
    """Talk time in seconds: a number of seconds, 'h:mm:ss', 'mm:ss' or a time/duration cell."""
    if isinstance(v, dt.timedelta):
        return v.total_seconds()
    if isinstance(v, dt.time):
        return v.hour * 3600 + v.minute * 60 + v.second
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    s = text(v)
    if re.fullmatch(r"\d+(:\d{1,2}){1,2}", s):
        parts = [int(p) for p in s.split(":")]
        while len(parts) < 3:
            parts.insert(0, 0)
        return float(parts[0] * 3600 + parts[1] * 60 + parts[2])
    return number(v)


def parse_column(values, parser: Callable[[Any], Any]) -> tuple[np.ndarray, np.ndarray]:
    """Parse a column once per distinct value: (parsed values, error reason or None per cell).

    A month of reports repeats the same dates, hours, ids and figures thousands of times, so the
    distinct values are parsed in Python and spread back with numpy.
    """
    arr = np.asarray(values, dtype=object)
    if arr.size == 0:
        return np.empty(0, dtype=object), np.empty(0, dtype=object)
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    parsed = np.empty(len(uniques) + 1, dtype=object)
    errors = np.empty(len(uniques) + 1, dtype=object)
    for k, v in enumerate(list(uniques) + [None]):   # the last slot stands for empty (NaN/None) cells
        try:
            parsed[k], errors[k] = parser(v), None
        except (ValueError, TypeError, OverflowError) as exc:
            parsed[k], errors[k] = None, (str(exc) or "unreadable")
    codes = np.where(codes < 0, len(uniques), codes)
    return parsed[codes], errors[codes]


def parse_figures(values, parser: Callable[[Any], float]) -> tuple[np.ndarray, np.ndarray]:
    """A numeric column: numbers and numeric text at C speed, the rest ('1,234', '0:05:10') by `parser`.

    Returns (float values, error reason or None per cell); blank cells are errors "empty".
    """
    arr = np.asarray(values, dtype=object)
    fast = np.array(pd.to_numeric(pd.Series(arr, dtype=object), errors="coerce"), dtype="float64")
    slow = np.isnan(fast)
    errors = np.full(len(arr), None, dtype=object)
    if slow.any():
        idx = np.flatnonzero(slow)
        vals, errs = parse_column(arr[idx], parser)
        fast[idx] = [np.nan if v is None else v for v in vals]
        errors[idx] = errs
    return fast, errors


def norm_header(v: Any) -> str:
    """A header as compared with aliases: lower case, no spaces, full-width brackets folded."""
    s = _SPACE.sub("", text(v)).lower()
    return s.replace("（", "(").replace("）", ")").replace("_", "").replace("-", "")


# A table without an hour column (issue 15): the slot from a title line naming a time range, else
# from the file name. Title forms: 'Time range: 2026-11-24 09:00:00 to 2026-11-24 09:59:59',
# '统计时间：2026-11-24 09:00—10:00', '2026-11-24 09:00:00 ~ 2026-11-24 10:00:00', '起止时间：…'.
_T = r"(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?"
_D = r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
_TITLE_RANGE = re.compile(rf"(?:{_D}[\sT]*)?{_T}\s*(?:-|~|～|—+|–|－|至|到|to)\s*(?:{_D}[\sT]*)?{_T}",
                          re.IGNORECASE)
# File names: '…_10时', '…_10点', '…_1000' (HHMM), a 'YYYYMMDD-HHMMSS' download stamp.
_NAME_HOUR = re.compile(r"(?<!\d)(\d{1,2})\s*[时点](?!\d)")
_NAME_STAMP = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})[-_ T]?(\d{2})(\d{2})(\d{2})(?!\d)")
_NAME_HHMM = re.compile(r"(?:^|[_\-\s])(\d{2})(\d{2})(?![\d\-/.])")


def _minute(h: str, m: str, s: str | None, end: bool) -> int:
    """Minutes after midnight; an end written as 09:59:59 is 10:00."""
    minute = int(h) * 60 + int(m)
    return minute + 1 if end and s and int(s) == 59 and int(m) % 15 == 14 else minute


def title_slot(lines: list[str]) -> tuple[int, int, dt.date | None] | None:
    """(start minute, end minute, date) of a time range named in a title line, or None."""
    for line in lines:
        m = _TITLE_RANGE.search(nfkc(line))
        if not m:
            continue
        d1, h1, m1, s1, d2, h2, m2, s2 = m.groups()
        start, end = _minute(h1, m1, s1, False), _minute(h2, m2, s2, True)
        day = date_in_text(d1) if d1 else (date_in_text(d2) if d2 else None)
        if d1 and d2 and date_in_text(d2) != day:
            continue   # a range over several days is no slot
        if 0 <= start < end <= 24 * 60:
            return start, end, day
    return None


def name_slot(name: str) -> tuple[int, int, str] | None:
    """(start minute, end minute, how) a file name gives: '_10时' and '_1000' name the slot 10:00-11:00;
    a 'YYYYMMDD-HHMMSS' stamp is a download time, so the slot is the hour that ended before it
    (…_20261124-100005 is 09:00-10:00). `how` is "hour" or "download"."""
    stem = name.rsplit(".", 1)[0]
    m = _NAME_STAMP.search(stem)
    if m:
        h = int(m.group(4))
        if 1 <= h <= 24 and int(m.group(5)) < 60:
            return (h - 1) * 60, h * 60, "download"
        return None
    m = _NAME_HOUR.search(stem)
    if m and int(m.group(1)) <= 23:
        h = int(m.group(1))
        return h * 60, h * 60 + 60, "hour"
    undated = _DATE_PATTERNS[1].sub(" ", _DATE_PATTERNS[0].sub(" ", stem))
    for m in _NAME_HHMM.finditer(undated):
        h, mi = int(m.group(1)), int(m.group(2))
        if h <= 23 and mi < 60:
            return h * 60 + mi, h * 60 + mi + 60, "hour"
    return None
