"""Attendance against the dialer (lib/day/contradictions.py): each rule's line, zh and en."""

TEXTS = {
    "ct.title": ("出勤与外呼数据的矛盾", "Attendance against the dialer"),
    "ct.none": ("出勤上报与外呼数据没有矛盾。", "Nothing in the attendance reports contradicts the dialer."),
    "ct.caption": ("按上报的考勤、排班表和坐席日报告逐条核对；每条都列出证明它的报表行，请组长核实后更正考勤或数据。",
                   "Each line is checked against the attendance reports, the roster and the agent reports, with the "
                   "report rows that prove it: the lead checks and corrects the attendance or the data."),
    "ct.leave_with_calls": ("请假但有外呼：{group}组 {who} 报{category} {leave} 小时，但在 {hours} 个时段有外呼（数据量 {volume}）",
                            "on leave but calling: group {group}, {who} reported {category} for {leave} h, yet has dialer "
                            "volume in {hours} slot(s) (volume {volume})"),
    "ct.two_groups.rows": ("同一时段两个组：{who} 在 {slot} 起的时段同时有 {groups} 组的外呼",
                           "two groups at once: {who} has dialer rows for groups {groups} in the slot from {slot}"),
    "ct.two_groups.swaps": ("同一天两个组：{who} 在换班中同时去了 {groups} 组",
                            "two groups in one day: the swaps send {who} to groups {groups}"),
    "ct.swap_resting.sub": ("换班人员当天休息：替班的 {who} 在排班表上当天休息",
                            "swap with someone resting: {who}, who covers, rests that day on the roster"),
    "ct.swap_resting.rep": ("换班人员当天休息：被替的 {who} 在排班表上当天本就休息",
                            "swap with someone resting: {who}, who is covered for, rests that day on the roster anyway"),
    "ct.present_count": ("实到人数与外呼人数不符：{group}组报实到 {present} 人，有外呼数据的 {with_data} 人（{agents}）",
                         "present count does not match: group {group} reported {present} present, {with_data} have dialer "
                         "volume ({agents})"),
    "ct.proof": ("（见 {rows}{more}）", " (see {rows}{more})"),
    "ct.swap_for": ("{group}组{who}替{rep_group}组{rep}上班,外呼{project}",
                    "the swap of group {group}: {who} covers {rep} of group {rep_group}, calling {project}"),
    "ct.swap_help": ("{group}组{who}支援{work_group}组上班,外呼{project}",
                     "the swap of group {group}: {who} supports group {work_group}, calling {project}"),
    "ct.at": ("{file} 第 {row} 行", "{file} row {row}"),
    "ct.sep": ("；", "; "),
    "ct.more": (" 等另 {n} 行", " and {n} more"),
}
