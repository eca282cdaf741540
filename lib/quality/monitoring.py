"""The monitoring log (监听记录): what a lead noted about an agent in a slot, checked before it is saved."""
from __future__ import annotations

from lib.i18n import FieldProblems
from lib.floor.metrics import (Day, clock_of, day_stamp)


MONITORING_REQUIRED = ("reason", "action")


def check_monitoring(agent_id: str | None, known: list[str], values: dict[str, str]) -> FieldProblems:
    """FieldProblems of a monitoring entry: an agent of the group, a reason (what was heard) and an action."""
    problems: FieldProblems = {}
    if not agent_id:
        problems["agent"] = ("lead.err.agent_missing", {})
    elif str(agent_id) not in known:
        problems["agent"] = ("lead.err.agent_unknown", {"agent": agent_id})
    for f in MONITORING_REQUIRED:
        if not str(values.get(f, "")).strip():
            problems[f] = ("lead.err.required", {})
    return problems


def monitoring_row(day: Day, slot: str, agent_id: str, group: str, reason: str, action: str,
                   result: str) -> dict[str, str]:
    """A 监听记录 row with the columns of DATA.md."""
    return {"日期": day_stamp(day).date().isoformat(), "时段": slot, "工号": str(agent_id), "组别": str(group),
            "触发原因": reason.strip(), "处理措施": action.strip(), "结果": result.strip()}


def day_slots(start_minute: int, end_minute: int) -> list[str]:
    """The day's hourly slots as "09:00-10:00" labels, from the start to the end of the day."""
    return [f"{clock_of(m)}-{clock_of(m + 60)}" for m in range(start_minute, end_minute, 60)]


def slot_at(slots: list[str], at_minute: int) -> int:
    """The index of the slot holding at_minute (the first or last one outside the day)."""
    for i, s in enumerate(slots):
        h, m = s.split("-")[0].split(":")
        if int(h) * 60 + int(m) <= at_minute < int(h) * 60 + int(m) + 60:
            return i
    return 0 if not slots or at_minute < int(slots[0][:2]) * 60 else len(slots) - 1
