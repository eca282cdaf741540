"""Catalogue entries of the month's 服务明星 (stars of the month): the suggestion's reasons, the review's
section where a manager confirms the list, and the confirmed list. Never the words of the 1–5 star level
(星级, review.star.*): 服务明星 is "stars of the month" in English, a star level is a "level"."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the reason, one part per bar (lib/month/month_stars.py star_reason); {mark} is "≥105%" or "<105%"
    "mstars.why.rate": ("办理率为中心同项目的 {ratio}（{mark}）", "handle rate {ratio} of the center's on the same projects ({mark})"),
    "mstars.why.volume": ("数据量 {volume}（{mark}）", "volume {volume} ({mark})"),
    "mstars.why.days": ("出勤 {days} 天（{mark}）", "{days} days worked ({mark})"),
    "mstars.why.qa": ("质检均分 {avg}（{mark}）", "QA average {avg} ({mark})"),
    "mstars.why.no_qa": ("本月无质检评分", "no QA score this month"),
    "mstars.why.no_deduction": ("本月无考勤扣分", "no attendance points lost this month"),
    "mstars.why.deduction": ("考勤扣分 {points}（{mark}）", "{points} attendance points lost ({mark})"),
    "mstars.why.sep": (" · ", " · "),
    # the review's section
    "mstars.tab": ("服务明星", "Stars of the month"),
    "mstars.title": ("本月服务明星", "Stars of the month"),
    "mstars.rule": ("建议名单：办理率不低于中心同项目的 {ratio}，数据量不低于 {volume}，质检均分不低于 {qa}（本月无质检评分不建议），"
                    "考勤扣分不超过 {lost}，出勤不少于 {days} 天；按办理率从高到低，最多 {most} 人。与星级无关。",
                    "Suggested: handle rate at least {ratio} of the center's on the same projects, volume at least {volume}, "
                    "QA average at least {qa} (no QA score this month: not suggested), at most {lost} attendance points lost, "
                    "at least {days} days worked; best handle rate first, at most {most}. Not the star level."),
    "mstars.suggested": ("建议名单", "Suggested"),
    "mstars.suggested_none": ("本月没有达到全部条件的坐席。", "No agent meets every bar this month."),
    "mstars.confirmed": ("已确认名单", "Confirmed"),
    "mstars.confirmed_none": ("本月服务明星尚未确认。", "The stars of the month are not confirmed yet."),
    "mstars.public": ("确认后的名单和理由会在大屏、月度评估和周会材料中向全体公开。",
                      "The confirmed list and its reasons are shown to everyone: on the wall, in the review and in the weekly pack."),
    "mstars.edit": ("确认名单", "Confirm the list"),
    "mstars.edit_help": ("取消勾选即从名单中移除；理由可修改；也可加入本月其他坐席。确认后写入「服务明星」表。",
                         "Untick to remove an agent; reasons may be changed; another agent of the month may be added. "
                         "Confirming writes the list back to the records."),
    "mstars.keep": ("{name}（{agent}）· {group}组", "{name} ({agent}) · group {group}"),
    "mstars.reason": ("理由", "Reason"),
    "mstars.add": ("加入本月其他坐席", "Add another agent of the month"),
    "mstars.add_option": ("{name}（{agent}）· {group}组", "{name} ({agent}) · group {group}"),
    "mstars.add_placeholder": ("选择坐席", "Choose an agent"),
    "mstars.add_button": ("加入名单", "Add to the list"),
    "mstars.confirm": ("确认名单", "Confirm the list"),
    "mstars.saved": ("已确认本月服务明星 {n} 人（新增 {added}，更正 {corrected}，撤下 {removed}）。",
                     "Stars of the month confirmed: {n} (added {added}, corrected {corrected}, removed {removed})."),
    "mstars.unchanged": ("名单与已确认的一致，未写入任何记录。", "The list is the one already confirmed; nothing was written."),
    "mstars.read_only": ("仅中心主任和部门经理可以确认名单。", "Only the center director and the department manager may confirm the list."),
    "mstars.refused": ("仅中心主任和部门经理可以确认服务明星名单，未写入。",
                       "Only the center director and the department manager may confirm the stars of the month; nothing was written."),
    "mstars.err.nothing_written": ("有内容需要修改，未写入任何记录。", "Some fields need fixing; nothing was written."),
    "mstars.err.store": ("保存失败，未写入：{error}", "Could not save, nothing written: {error}"),
    "mstars.err.no_reason": ("请填写{name}的理由", "Give a reason for {name}"),
    "mstars.err.too_long": ("{name}的理由最多 {max} 个字", "The reason for {name} is at most {max} characters"),
    # columns of its tables
    "mstars.col.agent_id": ("工号", "Agent ID"),
    "mstars.col.name": ("姓名", "Name"),
    "mstars.col.group": ("组别", "Group"),
    "mstars.col.rate_ratio": ("相对项目水平", "vs project rate"),
    "mstars.col.volume": ("数据量", "Volume"),
    "mstars.col.qa_avg": ("质检均分", "QA average"),
    "mstars.col.deductions": ("考勤扣分", "Attendance points"),
    "mstars.col.days": ("出勤天数", "Days worked"),
    "mstars.col.reason": ("理由", "Reason"),
}
