"""Values as they enter and leave the store: dates, months, numbers and text, never guessed."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

_EXCEL_EPOCH = date(1899, 12, 30)   # Excel and Google Sheets count days from here
_DAY_RE = [
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"), (1, 2, 3)),
]
_MONTH_RE = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
]
_PLAIN_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")


@dataclass(frozen=True)
class RowProblem:
    """Why one value of one row cannot be stored; row is 1-based within what the caller gave."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class RecordError(ValueError):
    """Rows that cannot be stored; nothing of the batch was written."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        head = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s): {head}{more}")


def is_blank(v: Any) -> bool:
    """None, NaN, NaT and strings of only spaces are blank."""
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, str):
        return v.strip() == ""
    try:
        import pandas as pd
        return bool(pd.isna(v)) if not isinstance(v, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def as_day(v: Any) -> str:
    """A day as YYYY-MM-DD from a date, a datetime, an Excel serial or the written forms of DATA.md."""
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "to_pydatetime"):   # pandas Timestamp
        return v.to_pydatetime().date().isoformat()
    if isinstance(v, (int, float)) and not isinstance(v, bool) and 20000 <= v <= 80000:
        return (_EXCEL_EPOCH + timedelta(days=int(v))).isoformat()
    s = str(v).strip()
    for rx, (y, m, d) in _DAY_RE:
        hit = rx.match(s)
        if hit:
            return date(int(hit.group(y)), int(hit.group(m)), int(hit.group(d))).isoformat()
    raise ValueError(f"not a date: {v!r} (write 2026-11-25)")


def as_month(v: Any) -> str:
    """A month as YYYY-MM from a date or 2026-11, 2026/11, 202611, 2026年11月."""
    if isinstance(v, (date, datetime)) or hasattr(v, "to_pydatetime"):
        return as_day(v)[:7]
    s = str(v).strip()
    for rx in _MONTH_RE:
        hit = rx.match(s)
        if hit and 1 <= int(hit.group(2)) <= 12:
            return f"{int(hit.group(1)):04d}-{int(hit.group(2)):02d}"
    try:
        return as_day(s)[:7]
    except ValueError:
        raise ValueError(f"not a month: {v!r} (write 2026-11)") from None


def as_number(v: Any) -> float | None:
    """A figure as float (None when blank); '8.5%' is 0.085, '1,200' is 1200; anything else is an error."""
    if is_blank(v):
        return None
    if isinstance(v, bool):
        raise ValueError(f"not a number: {v!r}")
    if isinstance(v, (int, float)):
        if math.isinf(v):
            raise ValueError(f"not a finite number: {v!r}")
        return float(v)
    s = str(v).strip().replace(",", "")
    scale = 1.0
    if s.endswith("%"):
        s, scale = s[:-1].strip(), 0.01
    try:
        f = float(s)
    except ValueError:
        raise ValueError(f"not a number: {v!r}") from None
    if math.isinf(f) or math.isnan(f):
        raise ValueError(f"not a finite number: {v!r}")
    return f * scale


def as_text(v: Any) -> str:
    """Text exactly as given; a number stored by someone else reads as its shortest form (7.0 -> '7')."""
    if is_blank(v) and not isinstance(v, str):
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def stored_number(f: float | None) -> int | float | None:
    """A figure as written to a sheet: whole numbers as int so a spreadsheet shows 12, not 12.0."""
    if f is None:
        return None
    return int(f) if float(f).is_integer() and abs(f) < 2**53 else f


def looks_numeric(s: str) -> bool:
    """A plain decimal with no leading zeros (so '007' stays text)."""
    return bool(_PLAIN_NUMBER.match(s.strip())) if isinstance(s, str) else False
