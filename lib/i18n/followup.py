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
    # the weekly meeting
    "meet.weekdays": ("周一,周二,周三,周四,周五,周六,周日", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    "meet.turn": ("周例会 {day}（{weekday}）{time} · 主持：{host} · 记录：{taker}",
                  "Weekly meeting {day} ({weekday}) {time} · host: {host} · minutes: {taker}"),
    "meet.skipped": ("（{who} 当天休息，顺延）", " ({who} resting that day, passed on)"),
    "meet.err.day": ("请选择会议日期。", "Pick the meeting's date."),
    "meet.err.required": ("必填。", "Required."),
    "meet.err.attendees": ("请选择参会人。", "Pick who attended."),
    "meet.mail.subject": ("{day} 周例会纪要", "Minutes of the weekly meeting {day}"),
    "meet.mail.body": ("您好：\n\n以下是 {day}（{weekday}）{time} 周例会纪要。\n\n主持人：{host}\n记录人：{taker}\n"
                       "参会人：{attendees}\n\n会议内容：\n{content}\n\n决定事项：\n{decisions}\n\n{taker}",
                       "Hello,\n\nthe minutes of the weekly meeting on {day} ({weekday}) {time}.\n\nHost: {host}\n"
                       "Minutes: {taker}\nAttended: {attendees}\n\nDiscussed:\n{content}\n\nDecided:\n{decisions}\n\n{taker}"),
    "meet.mail.no_decisions": ("（无）", "(none)"),
    "meet.mail.head": ("收件人：{to}\n抄送：{cc}\n主题：{subject}", "To: {to}\nCc: {cc}\nSubject: {subject}"),
}
