"""Catalogue entries of follow-ups (跟进): goals and pace, coaching, callbacks, the weekly meeting, the 复盘."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "menu.followup": ("跟进", "Follow-ups"),
    # goals and pace
    "goals.ahead": ("超前 {n}", "ahead by {n}"),
    "goals.behind": ("落后 {n}", "behind by {n}"),
    "goals.on_pace": ("持平", "on pace"),
    # coaching
    "coach.err.agent": ("请选择坐席。", "Pick an agent."),
    "coach.err.agent_unknown": ("{agent} 不是本组今天的坐席。", "{agent} is not an agent of this group today."),
    "coach.err.required": ("必填。", "Required."),
    "coach.err.due": ("请填写期限（日期）。", "Give a due date."),
    "coach.err.due_past": ("期限不能早于 {day}。", "The due date cannot be before {day}."),
    "coach.link.qa": ("质检 {day} 录音 {rec} · {total} 分", "QA {day} recording {rec} · {total} points"),
    "coach.link.flag": ("预警 {day} {kind}", "Flag {day} {kind}"),
}
