"""The zh/en catalogue: every label the screens show. Chinese is the floor's language and the default."""
from __future__ import annotations

LANGS = ("zh", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("呼叫中心班组看板", "TeamBoard call-center floor"),
    "app.demo": ("演示数据：未找到数据文件夹，正在显示自动生成的演示中心。", "Demo data: no data folder found, showing the generated demo center."),
    "app.data_from": ("数据文件夹", "Data folder"),
    "app.as_of": ("数据时间", "As of"),
    "app.language": ("语言 / Language", "Language / 语言"),
    "menu.home": ("首页", "Home"),
    "menu.health": ("数据检查", "Data health"),
    "home.today": ("今日概况", "Today on the floor"),
    "home.scheduled": ("排班上岗", "Scheduled"),
    "home.resting": ("休息", "Resting"),
    "home.working": ("有数据坐席", "Agents with data"),
    "home.volume": ("数据量", "Volume"),
    "home.handled": ("办理量", "Handled"),
    "home.rate": ("办理率", "Handle rate"),
    "home.duty": ("值班组长", "Duty lead"),
    "home.problems": ("数据问题", "Data problems"),
    "home.standings": ("各组排名", "Group standings"),
    "home.no_data": ("今天还没有报表数据。", "No report data yet today."),
    "home.flags": ("待关注坐席", "Flagged agents"),
    "health.title": ("数据检查", "Data health"),
    "health.files": ("已读取的文件", "Files read"),
    "health.problems": ("问题", "Problems"),
    "health.none": ("没有发现问题，所有文件都已读取。", "No problems: every file was read."),
    "health.errors": ("错误", "Errors"),
    "health.warnings": ("警告", "Warnings"),
    "health.rows": ("数据行", "Rows"),
    "health.severity": ("级别", "Severity"),
    "health.help": ("错误的行或文件未被读取，其余数据照常使用；警告的行已保留。",
                    "Rows or files with errors were left out and everything else is used; rows with warnings were kept."),
    "col.file": ("文件", "File"), "col.sheet": ("工作表", "Sheet"), "col.table": ("表", "Table"),
    "col.rows": ("行数", "Rows"), "col.first_date": ("起始日期", "First date"),
    "col.last_date": ("结束日期", "Last date"), "col.status": ("状态", "Status"),
    "col.row": ("行", "Row"), "col.column": ("列", "Column"), "col.severity": ("级别", "Severity"),
    "col.message": ("问题", "Problem"), "col.problems": ("问题数", "Problems"),
    "col.rank": ("排名", "Rank"), "col.agent_id": ("工号", "Agent ID"), "col.name": ("姓名", "Name"),
    "col.group": ("组别", "Group"), "col.volume": ("数据量", "Volume"), "col.handled": ("办理量", "Handled"),
    "col.rate": ("办理率", "Handle rate"), "col.agents": ("人数", "Agents"),
    "col.kind": ("类型", "Kind"), "col.detail": ("说明", "Detail"),
    "table.schedule": ("排班表", "Roster"), "table.projects": ("项目安排", "Project list"),
    "table.reports": ("坐席日报告", "Agent reports"),
    "severity.error": ("错误", "error"), "severity.warning": ("警告", "warning"),
    "flag.low_rate": ("办理率低", "low rate"), "flag.low_volume": ("数据量低", "low volume"),
    "flag.wrong_task": ("任务选错", "wrong task"), "flag.no_data": ("无数据", "no data"),
}


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The text of a key in a language, with `{name}` fields filled; a missing key raises KeyError."""
    zh, en = TEXTS[key]
    s = en if lang == "en" else zh
    return s.format(**values) if values else s
