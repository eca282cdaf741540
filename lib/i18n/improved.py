"""The most improved (进步之星): the duty desk's section, the lead's yesterday tab, the chat text."""

TEXTS = {
    # the chat text (lib/month/improved.py improved_text)
    "improved.text.head": ("【进步之星】{day} {who}（截至{at}）", "[Most improved] {day} {who} (as at {at})"),
    "improved.text.center": ("全中心", "the center"),
    "improved.text.group": ("{group}组", "group {group}"),
    "improved.text.day": ("今日 较各自上一个有数据的日子（两日数据量均≥{bar}）：",
                          "Today against each agent's own previous day (volume ≥ {bar} on both):"),
    "improved.text.week": ("本周 {first}至{last} 较上周（两周数据量均≥{bar}）：",
                           "This week {first} to {last} against last week (volume ≥ {bar} in both):"),
    "improved.text.month": ("本月 {first}至{last} 较上月（两月数据量均≥{bar}）：",
                            "This month {first} to {last} against last month (volume ≥ {bar} in both):"),
    "improved.text.line": ("{i}. {agent} {name}（{group}组）办理率 {before} → {now}（{change}），数据量 {prev_volume} → {volume}",
                           "{i}. {agent} {name} (group {group}) handle rate {before} → {now} ({change}), volume {prev_volume} → {volume}"),
    "improved.text.none": ("  无（无人达到数据量且办理率上升）", "  none (nobody reached the volume with a higher rate)"),
    "improved.text.not_ready": ("  {at} 后生成", "  ready at {at}"),
    # the screens
    "improved.tab": ("进步之星", "Most improved"),
    "improved.caption": ("办理率较本人上一周期提升最多的坐席（前 {top} 名，两期数据量均达标）；规则见数据说明。",
                         "The agents whose handle rate rose most against their own previous period (top {top}, "
                         "enough volume in both); the rule is in the data guide."),
    "improved.scope": ("范围", "Scope"),
    "improved.scope.center": ("全中心", "The center"),
    "improved.period.day": ("今日（{at}）", "Today ({at})"),
    "improved.period.week": ("本周 {first} 至 {last}", "This week {first} to {last}"),
    "improved.period.month": ("本月 {first} 至 {last}", "This month {first} to {last}"),
    "improved.period.yday": ("昨日 {day}", "Yesterday {day}"),
    "improved.period.yweek": ("昨日所在周 {first} 至 {last}", "Yesterday's week {first} to {last}"),
    "improved.period.ymonth": ("昨日所在月 {first} 至 {last}", "Yesterday's month {first} to {last}"),
    "improved.not_ready": ("今日名单 {at} 后生成（当日截至 {at} 的数据对比各自上一个有数据的日子）。",
                           "Today's list is ready at {at} (the day as at {at} against each agent's own previous day)."),
    "improved.none": ("无人达到数据量且办理率上升。", "Nobody reached the volume with a higher rate."),
    "improved.copy": ("复制以下文字用于下班会和群聊：", "Copy this text for the end-of-day meeting and the chat:"),
    "improved.no_post": ("此文字不经播报记录发出（播报记录的类别只有排名和通知），请复制后手动发到群里。",
                         "This text is not posted through the broadcast log (its kinds are rankings and notices "
                         "only): copy it into the chat by hand."),
    "improved.lead_title": ("进步之星（晨会表扬）", "Most improved (for the morning meeting)"),
    "improved.col.prev_volume": ("上期数据量", "Previous volume"),
    "improved.col.prev_rate": ("上期办理率", "Previous rate"),
    "improved.col.change": ("办理率提升", "Rate rise"),
}
