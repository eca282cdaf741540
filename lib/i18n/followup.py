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
    # callbacks
    "cb.err.agent": ("请选择坐席。", "Pick an agent."),
    "cb.err.agent_unknown": ("{agent} 不是本组今天的坐席。", "{agent} is not an agent of this group today."),
    "cb.err.required": ("必填。", "Required."),
    "cb.err.phone": ("电话号码应为 {min}–{max} 位数字。", "A phone number has {min}-{max} digits."),
    "cb.err.due": ("请填写回拨时间。", "Give the time to call back."),
    "cb.err.due_past": ("回拨日期不能早于 {day}。", "The callback date cannot be before {day}."),
    "cb.status.待回拨": ("待回拨", "to call back"),
    "cb.status.已回拨": ("已回拨", "called back"),
    "cb.status.已办理": ("已办理", "handled"),
    "cb.status.拒绝": ("拒绝", "refused"),
    "cb.status.空号": ("空号", "no such number"),
    "cb.col.due": ("回拨时间", "Call back at"),
    "cb.col.group": ("组别", "Group"),
    "cb.col.agent_id": ("工号", "Agent ID"),
    "cb.col.name": ("姓名", "Name"),
    "cb.col.phone": ("客户电话", "Customer phone"),
    "cb.col.reason": ("原因", "Reason"),
    "cb.col.status": ("状态", "Status"),
    "cb.col.by": ("记录人", "Recorded by"),
    "cb.text.title": ("联络单 {day}：共 {n} 条，待回拨 {waiting} 条", "Contact sheet {day}: {n} callback(s), {waiting} to call back"),
    "cb.text.line": ("{i}. {at} {group}组 {agent} {name} {phone} {reason}（{status}）",
                     "{i}. {at} group {group} {agent} {name} {phone} {reason} ({status})"),
    "cb.text.none": ("（今天没有联络单）", "(no callbacks today)"),
}
