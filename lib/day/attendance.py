"""The attendance rule of the center: what one record of a category costs (病假 −0.3, 事假 −0.5, 旷工 −2)."""
from __future__ import annotations

from lib.config import Settings


def attendance_deduction(category: str, settings: Settings) -> float:
    """Points one attendance record of that category costs (病假 −0.3, 事假 −0.5, 旷工 −2, else 0)."""
    return float(settings.deductions.get(str(category).strip(), 0.0))
