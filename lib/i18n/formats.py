"""Number, rate and time formats: one standard for every table, metric, chat text and export.

The standard: a rate with two decimals and a percent sign (8.41%), a change of rate in percentage
points with its sign (+0.46pp), a count rounded to a whole number with a thousands separator
(57,901), points and hours in their shortest form (-0.3, 8, 7.5), and "—" for a figure that is not
there. A text that has always shown a figure otherwise (a flag's rate with one decimal) asks for
that with `digits=`, so that no printed figure changes.

The one table of kinds (STANDARD), for the three places a figure is shown:

    kind      text (this module)       screen (st.column_config.NumberColumn)        Excel number format
    rate      rate(): 8.41%            format "percent", step 0.0001 -> 8.41%        0.00%
    pp        pp(): +0.46pp            printf "%+.2fpp" (个百分点) on the value ×100    +0.00"pp";-0.00"pp";0.00"pp"
    count     count(): 57,901          format "localized", step 1 -> 57,901          #,##0
    money     money(): ¥1,234.50       printf "¥%.2f"                                 "¥"#,##0.00
    points    points(): 74.75          step 0.01 (up to two decimals)                 0.00
    time      clock(): 18:30           a text HH:MM in the floor's time               hh:mm
    date      day(): 2026-11-25        DateColumn "YYYY-MM-DD"                         yyyy-mm-dd
    datetime  -                        a text "YYYY-MM-DD HH:MM"                       yyyy-mm-dd hh:mm
    duration  duration(): 1:02:03      a text h:mm:ss                                 [h]:mm:ss

Streamlit's own "percent" preset without a step shows 7.5%, 6% and 10% beside 7.73%; the step fixes
the decimals at two and the column stays numeric (sorting by value). A change of rate is a number
of points on screen (the frame's column ×100, `SCREEN_SCALE`), so it reads +1.04pp, sorted by value.
Excel cells are real numbers and datetimes with these formats, never text. Record ids (RECORD_IDS: 记录编号,
更正记录, a version) are never shown on screen; 提交时间 shows as YYYY-MM-DD HH:MM.
"""
from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

MISSING = "—"

PP_SUFFIX = {"en": "pp", "zh": "个百分点"}

# kind -> {"screen": NumberColumn arguments (a "{pp}" in a format is the language's suffix),
#          "excel": the cell's number format}
STANDARD: dict[str, dict[str, Any]] = {
    "rate": {"screen": {"format": "percent", "step": 0.0001}, "excel": "0.00%"},
    "pp": {"screen": {"format": "%+.2f{pp}"}, "excel": '+0.00"pp";-0.00"pp";0.00"pp"'},
    "count": {"screen": {"format": "localized", "step": 1}, "excel": "#,##0"},
    "money": {"screen": {"format": "¥%.2f"}, "excel": '"¥"#,##0.00'},
    "points": {"screen": {"step": 0.01}, "excel": "0.00"},
    "time": {"screen": None, "excel": "hh:mm"},
    "date": {"screen": None, "excel": "yyyy-mm-dd"},
    "datetime": {"screen": None, "excel": "yyyy-mm-dd hh:mm"},
    "duration": {"screen": None, "excel": "[h]:mm:ss"},
}
SCREEN_SCALE = {"pp": 100}   # the kinds whose screen copy is the value times this

# the record's own bookkeeping columns: in the store and its exports, never on screen
RECORD_IDS = ("记录编号", "更正记录", "作废", "record_id", "version", "superseded_by")


def screen_format(kind: str, lang: str = "zh") -> dict:
    """The NumberColumn arguments of a kind, in the language (pp: "+1.04pp" / "+1.04个百分点")."""
    spec = dict(STANDARD[kind]["screen"] or {})
    if "format" in spec:
        spec["format"] = spec["format"].replace("{pp}", PP_SUFFIX.get(lang, "pp"))
    return spec


def excel_format(kind: str) -> str:
    """The Excel number format of a kind."""
    return STANDARD[kind]["excel"]


def missing(v: Any) -> bool:
    """No figure: None, NA, NaN."""
    if v is None or v is pd.NA:
        return True
    try:
        return math.isnan(v)
    except TypeError:
        return False


def rate(v: Any, digits: int = 2) -> str:
    """0.0841 -> "8.41%" (digits=1: "8.4%", digits=0: "8%")."""
    return MISSING if missing(v) else f"{v * 100:.{digits}f}%"


def pp(v: Any, digits: int = 2) -> str:
    """A difference of rates in percentage points, with its sign: 0.0046 -> "+0.46pp"."""
    return MISSING if missing(v) else f"{v * 100:+.{digits}f}pp"


def money(v: Any) -> str:
    """Yuan with two decimals and separators: 1234.5 -> "¥1,234.50", -3 -> "-¥3.00"."""
    if missing(v):
        return MISSING
    return f"{'-' if v < 0 else ''}¥{abs(v):,.2f}"


def pp_text(v: Any, lang: str = "zh", digits: int = 2) -> str:
    """A change of rate in the language's words: 0.0104 -> "+1.04pp" (en) / "+1.04个百分点" (zh)."""
    return MISSING if missing(v) else f"{v * 100:+.{digits}f}{PP_SUFFIX.get(lang, 'pp')}"


def clock(v: Any) -> str:
    """A time of day HH:MM: Timestamp("2026-11-25T18:30:00+08:00") -> "18:30" (in its own zone)."""
    if missing(v) or v is pd.NaT:
        return MISSING
    return pd.Timestamp(v).strftime("%H:%M")


def day(v: Any) -> str:
    """A date YYYY-MM-DD: "2026-11-08 00:00:00" -> "2026-11-08"."""
    if missing(v) or v is pd.NaT:
        return MISSING
    return pd.Timestamp(v).strftime("%Y-%m-%d")


def duration(seconds: Any) -> str:
    """A duration h:mm:ss from seconds: 3723 -> "1:02:03", 59.6 -> "0:01:00"."""
    if missing(seconds):
        return MISSING
    s = int(round(float(seconds)))
    sign, s = ("-", -s) if s < 0 else ("", s)
    return f"{sign}{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def count(v: Any) -> str:
    """A count, whole, with a thousands separator: 57901.0 -> "57,901"."""
    return MISSING if missing(v) else f"{v:,.0f}"


def count_change(v: Any) -> str:
    """A change of a count, whole, signed, with separators: 1.0 -> "+1", -1234 -> "-1,234", 0 -> "0"."""
    if missing(v):
        return MISSING
    n = round(float(v))
    return f"{n:+,d}" if n else "0"


def fixed(v: Any, digits: int = 2, sign: bool = False, thousands: bool = False) -> str:
    """A figure with exactly `digits` decimals: 85 -> "85.00" (sign: "+1.5", thousands: "1,234.50")."""
    spec = f"{'+' if sign else ''}{',' if thousands else ''}.{digits}f"
    return MISSING if missing(v) else format(v, spec)


def points(v: Any, digits: int = 2) -> str:
    """Points (scores, deductions) in their shortest form, up to `digits` decimals: 8.0 -> "8",
    -0.3 -> "-0.3", 74.754 -> "74.75"."""
    if missing(v):
        return MISSING
    s = f"{round(float(v), digits):.{digits}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def hours(v: Any, digits: int = 2) -> str:
    """Hours in their shortest form: 8.0 -> "8", 3.5 -> "3.5" (as points)."""
    return points(v, digits)


def plain(v: Any) -> str:
    """A figure as Python writes it shortest ("{:g}", six significant digits): 12.0 -> "12",
    0.333 -> "0.333"; for the texts that have always shown their figures so."""
    return MISSING if missing(v) else f"{v:g}"


def fmt_value(v: Any, kind: str = "") -> str:
    """A value for the command line, the wall and the chat: rates as percentages, '—' for no figure,
    whole numbers without '.0' and without a thousands separator, other numbers with two decimals."""
    if missing(v):
        return MISSING
    if kind == "rate":
        return rate(v)
    if isinstance(v, float):
        return f"{int(v)}" if v.is_integer() else fixed(v)
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


# A mainland mobile written in groups (138 1234 5678, 138-1234-5678, +86 138…), and any other run of
# seven digits or more (a landline, a mobile written whole). Shorter runs are agent ids (4-5 digits),
# groups, figures, and the parts of dates and times (2026-11-25 11:00), and stay as they are.
_MOBILE = re.compile(r"(?<![\d+])((?:\+|00)?86[ -]?)?(1\d{2})[ -]?(\d{4})[ -]?(\d{4})(?!\d)")
_LONG_DIGITS = re.compile(r"(?<!\d)\d{7,}(?!\d)")


def _masked(digits: str) -> str:
    # Eleven digits or more keep the first 3 and the last 4 (138****5678): four or more stay hidden.
    # A shorter run (a landline's 7-8 digits) would show nearly everything so; it keeps the last 4.
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 11 else f"****{digits[-4:]}"


def mask_phones(text: str) -> str:
    """The text with every phone number masked, for what the product writes to a chat or an e-mail.

    A mobile written whole or in groups reads 138****5678 (a +86 prefix stays); any other run
    of 11 or more digits keeps its first 3 and last 4 the same way; a run of 7 to 10 digits (a
    landline, 010-62345678 keeps its area code) keeps only its last 4: ****5678. Runs of up to 6
    digits — agent ids, groups, figures, dates and times — are left alone.
    """
    text = _MOBILE.sub(lambda m: f"{m.group(1) or ''}{m.group(2)}****{m.group(4)}", str(text))
    return _LONG_DIGITS.sub(lambda m: _masked(m.group(0)), text)
