"""Catalogue entries of the agent page (坐席详情)."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "agent.title": ("坐席详情", "Agent"),
    "agent.pick": ("坐席", "Agent"),
    "agent.unknown": ("工号 {agent} 不在名单或报表中。", "{agent} is on neither the roster nor the reports."),
    "agent.refused": ("无权查看坐席 {agent}。", "You may not open agent {agent}."),
    "agent.caption": ("{agent} {name} · {group}组 · {day}", "{agent} {name} · group {group} · {day}"),
    "agent.today": ("今日分时段", "Today by hour"),
    "agent.today_title": ("{agent} 今日分时段 vs 本组", "{agent} today by hour vs the group"),
    "agent.no_today": ("今天还没有该坐席的报表数据。", "No report rows for this agent today yet."),
    "agent.days": ("近 {n} 天", "Last {n} days"),
    "agent.days_title": ("{agent} 近 {n} 天 vs 本组", "{agent}, last {n} days vs the group"),
    "agent.no_days": ("这段时间没有该坐席的报表数据。", "No report rows for this agent in this period."),
    "agent.qa": ("质检记录", "QA history"),
    "agent.qa_avg": ("质检均分（{n} 条）", "QA average ({n} scored)"),
    "agent.attendance": ("考勤记录", "Attendance records"),
    "agent.monitoring": ("监听记录", "Monitoring notes"),
    "agent.none": ("没有记录。", "No records."),
}
