"""Number, rate and time formats: one standard for every table, metric, chat text and export."""
from __future__ import annotations

import math
from typing import Any
import pandas as pd


def fmt_value(v: Any, kind: str = "") -> str:
    """A value for people: rates as percentages, '—' for no rate, whole numbers without '.0'."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if kind == "rate":
        return f"{v * 100:.2f}%"
    if isinstance(v, float):
        return f"{int(v)}" if v.is_integer() else f"{v:.2f}"
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)
