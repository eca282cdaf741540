"""The write-back tables of DATA.md: their sheet names, Chinese columns and value kinds."""
from __future__ import annotations

from dataclasses import dataclass, field

# Columns the store adds to every row; a correction names the id it replaces in 更正记录,
# and a void (作废 = 是) is a correction that withdraws the record.
RECORD_ID, SUBMITTED_AT, SUBMITTED_BY, REPLACES, VOID = "记录编号", "提交时间", "提交人", "更正记录", "作废"
RECORD_COLUMNS: tuple[str, ...] = (RECORD_ID, SUBMITTED_AT, SUBMITTED_BY, REPLACES, VOID)
VOID_MARK = "是"

DAY, MONTH = "日期", "月份"


@dataclass(frozen=True)
class Table:
    """One write-back table: where it lives and what its columns hold."""

    name: str                      # the key used by pages and the CLI: qa, attendance ...
    sheet: str                     # the Chinese sheet / worksheet name
    columns: tuple[str, ...]       # the columns of DATA.md besides the record columns, in order
    numbers: frozenset[str] = frozenset()   # numeric columns (float in frames); all others are text
    required: tuple[str, ...] = ()           # must be present and non-empty in every row
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # closed lists of values
    open_before: str | None = None  # extra columns allowed (scorecard items, criteria); inserted before this one
    open_at_end: bool = False       # ... or after the last column

    @property
    def period_column(self) -> str:
        """日期 for tables kept by day, 月份 for tables kept by month."""
        return MONTH if MONTH in self.columns else DAY

    @property
    def by_month(self) -> bool:
        """True when rows are kept (and files split) by 月份 rather than 日期."""
        return self.period_column == MONTH

    @property
    def is_open(self) -> bool:
        """True when rows may carry extra columns besides those of DATA.md."""
        return self.open_at_end or self.open_before is not None

    def header(self, extras: list[str] | tuple[str, ...] = ()) -> list[str]:
        """The full column order: DATA.md columns with extras in their place, then record columns."""
        cols = list(self.columns)
        extra = [e for e in extras if e not in cols and e not in RECORD_COLUMNS]
        if extra:
            at = cols.index(self.open_before) if self.open_before in cols else len(cols)
            cols[at:at] = extra
        return cols + list(RECORD_COLUMNS)


def _t(name: str, sheet: str, columns: str, numbers: str = "", required: str = "", **kw) -> Table:
    """A Table from space-separated column lists."""
    return Table(name, sheet, tuple(columns.split()), frozenset(numbers.split()), tuple(required.split()), **kw)


TABLES: dict[str, Table] = {t.name: t for t in [
    _t("qa", "质检评分", "日期 工号 姓名 组别 项目 录音编号 总分 分析指导",
       numbers="总分", required="日期 工号", open_before="总分"),
    _t("attendance", "考勤", "日期 组别 项目 应出勤 实到 工号 姓名 类别 时长(小时) 原因 扣分 替班说明",
       numbers="应出勤 实到 时长(小时) 扣分", required="日期 组别"),
    _t("duty_log", "值班日志", "日期 值班组长 时段 组别 人数 数据量 办理量 办理率 人均数据量 人均办理量 备注",
       numbers="人数 数据量 办理量 办理率 人均数据量 人均办理量", required="日期 组别 时段",
       choices={"时段": ("上午", "全天")}),
    _t("monitoring", "监听记录", "日期 时段 工号 组别 触发原因 处理措施 结果", required="日期 工号"),
    _t("ratings", "考核评分", "月份 被评人 评分人角色", required="月份 被评人 评分人角色",
       choices={"评分人角色": ("部门经理", "中心主任", "员工")}, open_at_end=True),
    _t("coaching", "辅导记录", "日期 工号 组别 目标 现状 方案 行动 期限 状态 关联记录", required="日期 工号"),
    _t("callbacks", "联络单", "日期 工号 组别 客户电话 原因 回拨时间 状态", required="日期 客户电话",
       choices={"状态": ("待回拨", "已回拨", "已办理", "拒绝", "空号")}),
    _t("minutes", "会议纪要", "日期 主持人 记录人 参会人 内容 决定事项", required="日期"),
    _t("month_review", "月度复盘", "月份 组别 目标 过程 结果 原因 经验 下月目标", required="月份 组别"),
    # What went to the group chat, by the scheduler or by hand (lib/day/autopost.py): a restart reads it
    # and never posts a time twice.
    _t("broadcast_log", "播报记录", "日期 时间点 类别 方式 发出时间 结果 说明", required="日期 时间点 类别 结果",
       choices={"类别": ("排名", "通知"), "方式": ("自动", "手动"), "结果": ("已发出", "补发", "错过", "失败")}),
    # The month's 服务明星 as the manager confirmed them (lib/month/month_stars.py): one row per star;
    # an edit voids or corrects rows, so the list in force is the month's latest rows.
    _t("month_stars", "服务明星", "月份 工号 姓名 组别 理由", required="月份 工号"),
]}


def table(name: str) -> Table:
    """A table by its key (qa) or its sheet name (质检评分); ValueError naming the known ones."""
    key = name.strip()
    if key in TABLES:
        return TABLES[key]
    for t in TABLES.values():
        if t.sheet == key:
            return t
    known = ", ".join(f"{t.name} ({t.sheet})" for t in TABLES.values())
    raise ValueError(f"unknown write-back table {name!r}; known tables: {known}")
