"""Broadcasts on time by themselves: which of the day's posts are due at a moment, given what the
store's 播报记录 says went out already (the rule; the loop that posts is lib/cli/scheduler.py).

The day's posts are the ranking at each `[broadcast] times` (11:00, 15:00, 17:00) and each notice of
`[notices]` (9:00 开呼, 12:00 下班, 13:30 开呼, 18:00 下班). A post is due from its minute on:
- within `on_time_minutes` of it, it goes out as it is (已发出);
- later (the scheduler was down), `[broadcast] missed = "late"` posts it late with a line saying
  so (补发) while it is at most `late_within_minutes` old; older, or with missed = "report", it is
  not posted but recorded as 错过, which the duty desk shows;
- a post the log holds as 已发出, 补发 or 错过 — by the scheduler or by hand — is never due again;
  a failed one (失败) is tried again `retry_minutes` after its last failure, while it may still go out.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.clock import hhmm

KINDS = {"ranking": "排名", "notice": "通知"}
SENT, LATE, MISSED, FAILED = "已发出", "补发", "错过", "失败"
AUTO, BY_HAND = "自动", "手动"
DONE = (SENT, LATE, MISSED)


@dataclass(frozen=True)
class Slot:
    """One post of the day: the ranking or a notice, at a time."""

    kind: str      # "ranking" or "notice"
    minute: int

    @property
    def time(self) -> str:
        return hhmm(self.minute)

    @property
    def label(self) -> str:
        """The 类别 the log writes."""
        return KINDS[self.kind]


@dataclass(frozen=True)
class Due:
    """A slot due at a moment and how it goes: "on_time", "late" (posted with a note) or "missed" (recorded)."""

    slot: Slot
    how: str


def day_slots(ranking_minutes: list[int], notice_minutes: list[int]) -> list[Slot]:
    """The day's posts in time order (a notice before a ranking of the same minute)."""
    slots = [Slot("notice", m) for m in notice_minutes] + [Slot("ranking", m) for m in ranking_minutes]
    return sorted(set(slots), key=lambda s: (s.minute, s.kind != "notice"))


def _last_failure(log: pd.DataFrame, slot: Slot) -> int | None:
    """The minute of the slot's latest failure in the log (发出时间 HH:MM), None without one."""
    mine = log[(log["时间点"] == slot.time) & (log["类别"] == slot.label) & (log["结果"] == FAILED)]
    minutes = [int(t[:2]) * 60 + int(t[3:5]) for t in mine["发出时间"].astype(str) if len(t) >= 5 and t[2] == ":"]
    return max(minutes) if minutes else None


def posts_due(slots: list[Slot], log: pd.DataFrame, now_minute: int, *, on_time_minutes: int,
              late_within_minutes: int, missed: str, retry_minutes: int) -> list[Due]:
    """The slots to handle at now_minute, in time order, given the day's 播报记录 rows (latest versions).

    missed: "late" (post a missed time late, while late_within_minutes old) or "report" (record only)."""
    done = {(t, k) for t, k, r in zip(log["时间点"], log["类别"], log["结果"]) if r in DONE}
    out = []
    for slot in slots:
        if slot.minute > now_minute or (slot.time, slot.label) in done:
            continue
        failed = _last_failure(log, slot)
        if failed is not None and now_minute - failed < retry_minutes:
            continue
        age = now_minute - slot.minute
        if age <= on_time_minutes:
            out.append(Due(slot, "on_time"))
        elif missed == "late" and age <= late_within_minutes:
            out.append(Due(slot, "late"))
        else:
            out.append(Due(slot, "missed"))
    return out


def log_row(day, slot: Slot, way: str, sent_at: str, result: str, note: str = "") -> dict:
    """A 播报记录 row: the day, the slot, 自动/手动, when (HH:MM) and how it went."""
    return {"日期": str(day), "时间点": slot.time, "类别": slot.label, "方式": way, "发出时间": sent_at,
            "结果": result, "说明": note}
