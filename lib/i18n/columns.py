"""Column names in the reader's language: the one catalogue lookup every table, export and CLI header uses.

A screen may name a column its own way (`lead.col.group_rate` "本组办理率", `review.col.group_rate`
"组办理率"); that is its scope. Without one, or where the scope has no name for it, the shared name
(`col.rate` "办理率") is used, and a column the catalogue does not know keeps its own name.
"""
from __future__ import annotations

import pandas as pd

import lib.i18n as catalogue   # read at call time: this module is itself merged into the catalogue

# The write-back tables' own headers (lib/store/tables.py): the sheets on disk keep them in Chinese,
# a screen in English names them here (column_label("工号", "en") is "Agent ID").
TEXTS = {f"col.{zh}": (zh, en) for zh, en in {
    "日期": "Date", "月份": "Month", "工号": "Agent ID", "姓名": "Name", "组别": "Group", "项目": "Project",
    "录音编号": "Recording", "总分": "Score", "分析指导": "Analysis and guidance",
    "应出勤": "Expected", "实到": "Present", "类别": "Category", "时长(小时)": "Hours", "原因": "Reason",
    "扣分": "Deduction", "替班说明": "Swap",
    "值班组长": "Duty lead", "时段": "Slot", "人数": "Agents", "数据量": "Volume", "办理量": "Handled",
    "办理率": "Handle rate", "人均数据量": "Volume per agent", "人均办理量": "Handled per agent", "备注": "Note",
    "触发原因": "Trigger", "处理措施": "Action taken", "结果": "Result",
    "被评人": "Rated", "评分人角色": "Rater's role",
    "目标": "Goal", "现状": "Reality", "方案": "Options", "行动": "Way forward", "期限": "Due by",
    "状态": "Status", "关联记录": "Linked record",
    "客户电话": "Customer phone", "回拨时间": "Call back at",
    "主持人": "Host", "记录人": "Minutes by", "参会人": "Attendees", "内容": "Content", "决定事项": "Decisions",
    "过程": "Process", "经验": "Lessons", "下月目标": "Next month's goal",
    "时间点": "Time", "方式": "Sent by", "发出时间": "Sent at", "说明": "Remark",
    "记录编号": "Record", "提交时间": "Submitted at", "提交人": "Submitted by", "更正记录": "Corrects",
    "作废": "Void",
}.items()}
# The closed lists those tables hold (DATA.md): attendance categories and swaps, coaching and callback
# states, rater roles, the void mark, the duty log's periods. A cell of a CATEGORY_COLUMNS column
# with one of these values reads in the language; anything else in it (typed text) stays as it is.
TEXTS |= {f"val.{zh}": (zh, en) for zh, en in {
    "病假": "sick leave", "事假": "personal leave", "旷工": "absence", "调休": "time off in lieu", "其他": "other",
    "换班": "shift swap", "替班": "substitute", "调班": "shift change",
    "进行中": "open", "已完成": "done",
    "待回拨": "to call back", "已回拨": "called back", "已办理": "handled", "拒绝": "refused", "空号": "invalid number",
    "部门经理": "department manager", "中心主任": "director", "员工": "employees",
    "是": "yes", "否": "no", "上午": "morning", "全天": "full day",
}.items()}
CATEGORY_COLUMNS = ("类别", "状态", "评分人角色", "作废", "时段")
LINE_COLUMNS = ("替班说明", "原因")   # where the workbench writes swap lines (lib/i18n/details.py reword)


def column_label(name: object, lang: str = "zh", scope: str = "") -> str:
    """A column's header: `{scope}.col.{name}`, else `col.{name}`, else the name itself."""
    for key in (f"{scope}.col.{name}", f"col.{name}") if scope else (f"col.{name}",):
        if key in catalogue.TEXTS:
            return catalogue.t(key, lang)
    return name


def labelled(df: pd.DataFrame, lang: str = "zh", scope: str = "") -> pd.DataFrame:
    """The frame with every column the catalogue knows named in the language (column_label)."""
    return df.rename(columns={c: column_label(c, lang, scope) for c in df.columns})


def value_label(value: object, lang: str = "zh") -> object:
    """A closed-list value of a stored table in the language (`val.{value}`); any other value as it is."""
    key = f"val.{value}"
    return catalogue.t(key, lang) if isinstance(value, str) and key in catalogue.TEXTS else value


def stored_shown(df: pd.DataFrame, lang: str = "zh", scope: str = "") -> pd.DataFrame:
    """A write-back table's rows as a screen shows them: closed-list cells and headers in the language."""
    if lang != "en":
        return labelled(df, lang, scope)
    from lib.i18n.details import reword   # a swap line the workbench wrote, retold (typed text stays)

    def cells(c: str) -> pd.Series:   # red-line columns (named in config.toml) hold the 是/否 marks too
        if c in LINE_COLUMNS:
            return df[c].map(lambda v: reword(v, lang) if isinstance(v, str) else v)
        keep = None if c in CATEGORY_COLUMNS else {"是", "否"}
        return df[c].map(lambda v: value_label(v, lang) if keep is None or v in keep else v)
    out = df.assign(**{c: cells(c) for c in df.columns
                       if pd.api.types.is_object_dtype(df[c].dtype) or pd.api.types.is_string_dtype(df[c].dtype)})
    return labelled(out, lang, scope)
