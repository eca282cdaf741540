"""The floor's "today" and "now" in its time zone; fixed by config (`[floor] now`) for rehearsal and tests."""
from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from lib.config import Settings


def parse_hhmm(s: str) -> int:
    """'11:00' -> 660 minutes after midnight."""
    h, m = str(s).strip().replace("：", ":").split(":")[:2]
    minute = int(h) * 60 + int(m)
    if not 0 <= minute <= 24 * 60:
        raise ValueError(f"not a time of day: {s!r}")
    return minute


def hhmm(minute: int) -> str:
    """660 -> '11:00'."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def now(settings: Settings) -> dt.datetime:
    """The floor's current time (time-zone aware); TEAMBOARD_NOW or `[floor] now` fix it."""
    tz = ZoneInfo(settings.timezone)
    fixed = os.environ.get("TEAMBOARD_NOW") or settings.fixed_now
    if fixed:
        return dt.datetime.fromisoformat(fixed.replace("T", " ")).replace(tzinfo=tz)
    return dt.datetime.now(tz)


def today(settings: Settings) -> dt.date:
    """The floor's date now."""
    return now(settings).date()


def minute_now(settings: Settings) -> int:
    """Minutes after midnight on the floor now."""
    n = now(settings)
    return n.hour * 60 + n.minute
