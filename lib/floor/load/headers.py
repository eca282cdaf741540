"""Header rows: found below title and blank rows, merged cells read as their value, matched by alias."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lib.floor.sources import RawSheet
from lib.floor.load.values import is_blank, norm_header, text

# Common dialer and platform exports (issue 15): VICIdial's USER NAME / ID, 员工号, 座席号 …
# Names whose meaning differs between centers (VICIdial's CALLS, a status column such as SALE)
# are deliberately not here: a center maps them with [aliases]. The mapping screen does not even
# suggest them for the field they resemble (CALLS is dials in one center and answered calls in
# another; SALE is a count of sales, not 销售额): the person picks.
NOT_GUESSED = frozenset({"calls", "sale"})
_ID = ["工号", "员工编号", "坐席工号", "agent_id", "agent id", "id", "user", "login id", "员工号", "座席号", "坐席号"]
_NAME = ["姓名", "名字", "name", "user name", "agent name"]
_GROUP = ["组别", "小组", "班组", "组", "group", "team", "技能组", "外呼组", "坐席组"]
_DATE = ["日期", "date", "统计日期", "统计时间"]
_PROJECT = ["项目", "外呼项目", "业务", "任务", "project", "campaign"]

DEFAULT_ALIASES: dict[str, dict[str, list[str]]] = {
    "schedule": {
        "date": _DATE, "agent_id": _ID, "name": _NAME, "group": _GROUP,
        "role": ["岗位", "职务", "角色", "role"], "shift": ["班次", "班别", "shift"],
        "duty": ["值班", "值班组长", "duty"],
        "birthday": ["生日", "出生日期", "出生年月日", "生日日期", "birthday", "date of birth", "birth date",
                     "dob"],
    },
    "projects": {
        "date": _DATE, "group": _GROUP, "project": _PROJECT,
        "script": ["脚本", "脚本版本", "话术", "script"],
        "target_rate": ["目标办理率", "目标成功率", "target_rate"],
        "target_handled": ["目标办理量", "target_handled"],
    },
    "reports": {
        "date": _DATE, "hour": ["时段", "小时", "时间段", "时间", "hour", "interval"],
        "agent_id": _ID, "name": _NAME, "group": _GROUP, "project": _PROJECT,
        "volume": ["数据量", "外呼量", "呼出量", "拨打量", "volume", "dials",
                   "呼叫量", "呼叫总数", "外呼总量", "外呼总数", "外呼次数"],
        "connected": ["接通量", "接通数", "connected", "外呼接通数", "接通次数"],
        "handled": ["办理量", "成功量", "成交量", "办理数", "handled", "success", "成功数"],
        "sales": ["销售额", "金额", "sales"],
        "talk_seconds": ["通话时长", "talk_time", "通话总时长", "talk"],
    },
}

REQUIRED = {
    "schedule": ["date", "agent_id", "name", "group", "shift"],
    "schedule_wide": ["agent_id", "name", "group"],
    "projects": ["date", "group", "project"],
    "reports": ["date", "hour", "agent_id", "volume", "handled"],
}

_UNIT = re.compile(r"\(.*?\)$")   # '通话时长(秒)' is still 通话时长

# A field as the floor names it (messages, the mapping screen): 数据量, not volume.
FIELD_ZH = {"date": "日期", "hour": "时段", "agent_id": "工号", "name": "姓名", "group": "组别",
            "project": "项目", "volume": "数据量", "connected": "接通量", "handled": "办理量",
            "sales": "销售额", "talk_seconds": "通话时长", "role": "岗位", "shift": "班次", "duty": "值班", "birthday": "生日",
            "script": "脚本版本", "target_rate": "目标办理率", "target_handled": "目标办理量"}


def field_label(field: str, lang: str = "zh") -> str:
    """A field in the reader's language: 数据量 / volume."""
    return FIELD_ZH.get(field, field) if lang == "zh" else field.replace("_", " ")


class AliasMap(dict):
    """Normalised alias -> field; `.names` keeps, per field, the header names as written (messages)."""

    names: dict[str, list[str]]


def alias_map(table: str, extra: dict[str, list[str]]) -> AliasMap:
    """Normalised alias -> field, the defaults plus config's `[aliases]` (which win)."""
    out = AliasMap()
    out.names = {}
    for field, names in DEFAULT_ALIASES[table].items():
        for n in names:
            out.setdefault(norm_header(n), field)
            out.names.setdefault(field, []).append(n)
    for field, names in extra.items():
        if field in DEFAULT_ALIASES[table]:
            for n in names:
                out[norm_header(n)] = field
                if n not in out.names.setdefault(field, []):
                    out.names[field].append(n)
    return out


def accepted(aliases: dict[str, str], field: str) -> list[str]:
    """The header names that would be read as `field` (as written when the map is an AliasMap)."""
    names = getattr(aliases, "names", None)
    if names is not None:
        return [n for n in names.get(field, []) if aliases.get(norm_header(n)) == field]
    return [k for k, v in aliases.items() if v == field]


def field_of(cell: Any, aliases: dict[str, str]) -> str | None:
    """The field a header cell names, if any."""
    h = norm_header(cell)
    if not h:
        return None
    return aliases.get(h) or aliases.get(_UNIT.sub("", h))


def filled_rows(sheet: RawSheet, limit: int | None = None) -> list[list[Any]]:
    """The sheet's rows with merged ranges filled by their top-left value (headers, titles)."""
    rows = sheet.rows if limit is None else sheet.rows[:limit]
    if not sheet.merged:
        return rows
    rows = [list(r) for r in rows]
    for (r0, c0), (r1, c1) in sheet.merged:
        r0, r1, c0, c1 = r0 - sheet.row0, r1 - sheet.row0, c0 - sheet.col0, c1 - sheet.col0
        if r0 < 0 or c0 < 0 or r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(rows[r]) and is_blank(rows[r][c]):
                    rows[r][c] = value
    return rows


@dataclass
class Header:
    """Where the header row is and which column holds which field."""

    index: int                  # index into sheet.rows
    columns: dict[str, int]     # field -> column index
    labels: dict[int, str]      # column index -> header text as written
    titles: list[str]           # non-blank text above the header (titles such as 2026年11月排班表)


def find_header(rows: list[list[Any]], aliases: dict[str, str], required: list[str],
                scan: int) -> tuple[Header | None, list[str], int]:
    """The first row among the top `scan` that names every required field.

    Returns (header or None, the fields missing from the best candidate, that candidate's index).
    """
    best: tuple[int, int, list[str]] = (-1, -1, list(required))
    for i, row in enumerate(rows[:scan]):
        columns: dict[str, int] = {}
        labels: dict[int, str] = {}
        for j, cell in enumerate(row):
            f = field_of(cell, aliases)
            if f and f not in columns:
                columns[f] = j
            if not is_blank(cell):
                labels[j] = text(cell)
        missing = [f for f in required if f not in columns]
        if not missing:
            titles = [text(c) for r in rows[:i] for c in r if not is_blank(c)]
            return Header(i, columns, labels, titles), [], i
        if len(columns) > best[0]:
            best = (len(columns), i, missing)
    return None, best[2], best[1]
