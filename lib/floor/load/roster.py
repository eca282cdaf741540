"""排班表: the long form (a row per person per day) or the month grid (a column per day)."""
from __future__ import annotations

import datetime as dt
from functools import partial
import re
from typing import Any

import numpy as np
import pandas as pd

from lib.config import Settings
from lib.floor.schema import conform
from lib.floor.sources import RawSheet
from lib.floor.load.grid import Body, month_in_text, read_body
from lib.floor.load.headers import REQUIRED, alias_map, find_header, filled_rows
from lib.floor.load.problems import Problems
from lib.floor.load.values import (AMBIGUOUS_EN, AMBIGUOUS_ZH, agent, date, is_blank, month_day, norm_header,
                                   parse_column, text)

SHIFTS = {"休": "rest", "休息": "rest", "公休": "rest", "off": "rest",
          "全天": "full", "白班": "full", "正常": "full", "a": "full",
          "上午": "morning", "早": "morning", "下午": "afternoon", "晚": "afternoon",
          "值": "duty", "值班": "duty"}
ROLES = [("资深组长", "senior_lead"), ("副组长", "deputy_lead"), ("组长", "lead"), ("中心主任", "director"),
         ("主任", "director"), ("部门经理", "manager"), ("经理", "manager"), ("主管", "supervisor"),
         ("坐席代表", "agent"), ("坐席", "agent"), ("座席", "agent"), ("话务员", "agent")]
ROLE_CODES = {v for _, v in ROLES}
YES = {"是", "y", "yes", "1", "√", "✓", "true", "值", "值班"}


def shift_kind(code: str, extra: dict[str, str]) -> str | None:
    """rest, full, morning, afternoon or duty for a shift code; None when unknown."""
    key = norm_header(code)
    table = {**SHIFTS, **{norm_header(k): v for k, v in extra.items()}}
    if key in table:
        return table[key]
    # Codes such as 休假/上午班/值班(全天) still say what they are.
    for word, kind in (("休", "rest"), ("值", "duty"), ("上午", "morning"), ("下午", "afternoon"), ("全天", "full")):
        if word in key:
            return kind
    return None


def role_of(v: str) -> str | None:
    """The canonical role of a 岗位 cell ('' means agent); None when unknown."""
    s = norm_header(v)
    if not s:
        return "agent"
    if s in ROLE_CODES:
        return s
    for word, role in ROLES:
        if word in s:
            return role
    return None


def _day_of_header(cell: Any, ym: tuple[int, int] | None) -> dt.date | None | str:
    """A day column's date, 'needs-month' when only the day number is written, None if not a day."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    s = text(cell)
    m = re.fullmatch(r"(?:(\d{1,2})月)?(\d{1,2})[日号]?(?:\s*[（(]?[周星期]*[一二三四五六日天]?[)）]?)?", s)
    if not m or not 1 <= int(m.group(2)) <= 31:
        try:
            return date(cell) if re.search(r"\d{4}", s) else None
        except ValueError:
            return None
    if ym is None:
        return "needs-month"
    month = int(m.group(1)) if m.group(1) else ym[1]
    try:
        return dt.date(ym[0], month, int(m.group(2)))
    except ValueError:
        return None


def _entry(problems: Problems, sheet: RawSheet, row: int, col: str, code: str, extra: dict[str, str]):
    kind = shift_kind(code, extra)
    if kind is None:
        problems.warning(sheet.file, sheet.sheet, row, col,
                         f"第 {row} 行（{col}）：班次代码 {code!r} 未知，按全天上班处理（可在 config.toml [shifts] 中添加）",
                         f"row {row} ({col}): unknown shift code {code!r}, taken as a full day "
                         f"(add it under [shifts] in config.toml)")
        kind = "full"
    duty = kind == "duty"
    kind = "full" if duty else kind
    return kind, kind != "rest", duty


def _birthdays(body: Body, order: str, problems: Problems) -> np.ndarray:
    """Each row's 生日 as 'MM-DD' ('' for none). An unreadable one is a warning at the first row of
    its person and value (a long form repeats it every day) and the row keeps no birthday."""
    n = len(body.rownum)
    if "birthday" not in body.cells:
        return np.full(n, "", dtype=object)
    raw = body.cells["birthday"]
    values, errs = parse_column(raw, partial(month_day, order=order))
    bad = [i for i in range(n) if errs[i]]
    if not bad:
        return values
    values = np.where([e is not None for e in errs], "", values)
    ids = [agent(body.cells["agent_id"][i])[0] for i in bad]
    seen: dict[tuple[str, str], list[int]] = {}
    for i, pid in zip(bad, ids):
        if pid:   # a row without a 工号 is an error of its own and left out
            seen.setdefault((pid, text(raw[i])), []).append(i)
    col = body.label("birthday")
    for (pid, written), rows in seen.items():
        i, more = rows[0], len(rows) - 1
        rnum, shown = body.rownum[i], _YEAR.sub("…", written)   # a birthday's year is never shown
        why_zh = AMBIGUOUS_ZH if errs[i].startswith("ambiguous date") else \
            "（单元格里的数字 3.1 可能是 3月1日 或 3月10日：请写成文本，如 3月10日）" if errs[i].startswith("ambiguous") else ""
        why_en = AMBIGUOUS_EN if errs[i].startswith("ambiguous date") else \
            " (a number cell 3.1 may be 1 or 10 March: write it as text, e.g. 3月10日)" if errs[i].startswith("ambiguous") else ""
        more_zh = f"（此人另有 {more} 行同样的值）" if more else ""
        more_en = f" (and {more} more row{'s' if more > 1 else ''} of this person)" if more else ""
        problems.warning(body.sheet.file, body.sheet.sheet, rnum, col,
                         f"第 {rnum} 行（{col}）：生日 {shown!r} 不是有效的月和日{why_zh}（可写 03-15、3/15、3月15日"
                         f"或完整日期，只记月和日），该行照常读取，不记生日{more_zh}",
                         f"row {rnum} ({col}): birthday {shown!r} is not a valid month and day{why_en} (write 03-15, "
                         f"3/15, 3月15日 or a full date; only the month and day are kept); the row is kept without "
                         f"a birthday{more_en}")
    return values


_YEAR = re.compile(r"\d{4,}")


def _people(body: Body, problems: Problems, order: str = "") -> tuple[list[dict], list[int]]:
    """The person columns of every roster row; rows without a person (weekday rows) are skipped."""
    cells, sheet = body.cells, body.sheet
    birthdays = _birthdays(body, order, problems)
    people, keep = [], []
    for i in range(len(body.rownum)):
        (pid, written), name = agent(cells["agent_id"][i]), text(cells["name"][i])
        name = name or written   # '1001 [张三]' with an empty name cell; full-width ids as ASCII
        if not pid and not name:
            continue
        rnum = body.rownum[i]
        if not pid:
            problems.error(sheet.file, sheet.sheet, rnum, body.label("agent_id"),
                           f"第 {rnum} 行：工号为空（{name}），该行未读取", f"row {rnum}: empty agent id ({name}); row left out")
            continue
        raw_role = text(cells["role"][i]) if "role" in cells else ""
        role = role_of(raw_role)
        if role is None:
            problems.warning(sheet.file, sheet.sheet, rnum, body.label("role"),
                             f"第 {rnum} 行：岗位 {raw_role!r} 未知，按坐席处理", f"row {rnum}: unknown role {raw_role!r}, taken as agent")
            role = "agent"
        people.append({"agent_id": pid, "name": name, "group": text(cells["group"][i]), "role": role,
                       "birthday": birthdays[i]})
        keep.append(i)
    return people, keep


def _long(body: Body, settings: Settings, problems: Problems) -> pd.DataFrame:
    sheet, cells = body.sheet, body.cells
    people, keep = _people(body, problems, settings.date_order)
    dates, errs = parse_column(cells["date"], partial(date, order=settings.date_order))
    rows = []
    for p, i in zip(people, keep):
        rnum = body.rownum[i]
        if errs[i]:
            problems.error(sheet.file, sheet.sheet, rnum, body.label("date"),
                           f"第 {rnum} 行：日期无法识别 {text(cells['date'][i])!r}{AMBIGUOUS_ZH if errs[i].startswith('ambiguous') else ''}，该行未读取",
                           f"row {rnum}: unreadable date {text(cells['date'][i])!r}{AMBIGUOUS_EN if errs[i].startswith('ambiguous') else ''}; row left out")
            continue
        code = text(cells["shift"][i])
        if not code:
            continue
        kind, working, duty = _entry(problems, sheet, rnum, body.label("shift"), code, settings.shifts)
        if "duty" in cells and norm_header(cells["duty"][i]) in YES:
            duty = True
        rows.append({**p, "date": dates[i], "shift": code, "shift_kind": kind, "working": working, "duty": duty})
    return pd.DataFrame(rows)


def _wide(sheet: RawSheet, body: Body, settings: Settings, problems: Problems) -> pd.DataFrame | None:
    ym = None
    for t in [*body.header.titles, sheet.sheet, sheet.file.rsplit("/", 1)[-1]]:
        if ym := month_in_text(t):
            break
    hdr = filled_rows(sheet, body.header.index + 1)[body.header.index]
    used = set(body.header.columns.values())
    days: dict[int, dt.date] = {}
    needs_month = False
    for j, cell in enumerate(hdr):
        if j in used or is_blank(cell):
            continue
        d = _day_of_header(cell, ym)
        if d == "needs-month":
            needs_month = True
        elif d is not None:
            days[j] = d
    if not days:
        zh = "表头只有日号，标题、工作表名和文件名中都找不到月份（如 2026年11月）" if needs_month else "找不到日期列（1、2…31 或日期）"
        en = ("day numbers without a month in the title, sheet or file name (e.g. 2026年11月)"
              if needs_month else "no day columns (1, 2 … 31 or dates) found")
        problems.error(sheet.file, sheet.sheet, sheet.row0 + body.header.index + 1, "", f"排班表{zh}，整张表未读取",
                       f"roster: {en}; the sheet was left out")
        return None
    people, keep = _people(body, problems, settings.date_order)
    cols = list(days)
    if not people or not cols:
        return pd.DataFrame()
    # A month of 600 people is 18,600 cells holding a handful of codes: each code is read once.
    grid = body.matrix[np.asarray(keep)][:, cols]
    index, uniques = pd.factorize(grid.ravel(), use_na_sentinel=False)
    codes = np.array([text(u) for u in uniques], dtype=object)
    kinds = [shift_kind(c, settings.shifts) if c else None for c in codes]
    cell_code = codes[index].reshape(grid.shape)
    labels = [text(hdr[j]) for j in cols]
    unknown = np.array([bool(c) and k is None for c, k in zip(codes, kinds)])[index].reshape(grid.shape)
    for i, j in zip(*np.nonzero(unknown)):   # row by row, as the sheet reads
        _entry(problems, sheet, body.rownum[keep[i]], labels[j], cell_code[i, j], settings.shifts)
    entry = [("full", True, False) if k is None else
             ("full", True, True) if k == "duty" else (k, k != "rest", False) for k in kinds]
    pi, dj = np.nonzero(cell_code != "")
    at = index.reshape(grid.shape)[pi, dj]
    person = pd.DataFrame(people)
    return pd.DataFrame({
        **{c: person[c].to_numpy()[pi] for c in ("agent_id", "name", "group", "role", "birthday")},
        "date": np.array([days[j] for j in cols], dtype="datetime64[ns]")[dj],
        "shift": codes[at],
        "shift_kind": np.array([e[0] for e in entry], dtype=object)[at],
        "working": np.array([e[1] for e in entry], dtype=bool)[at],
        "duty": np.array([e[2] for e in entry], dtype=bool)[at],
    })


def parse_schedule(sheet: RawSheet, settings: Settings, problems: Problems) -> pd.DataFrame | None:
    """The roster of one sheet as one row per person per day (canonical schedule columns)."""
    aliases = alias_map("schedule", settings.aliases)
    scan = settings.header_scan_rows
    head, _, _ = find_header(filled_rows(sheet, scan), aliases, REQUIRED["schedule"], scan)
    if head is not None:
        body = read_body(sheet, aliases, REQUIRED["schedule"], scan, "排班表", problems)
        df = _long(body, settings, problems)
    else:
        body = read_body(sheet, aliases, REQUIRED["schedule_wide"], scan, "排班表", problems)
        if body is None:
            return None
        df = _wide(sheet, body, settings, problems)
        if df is None:
            return None
    return conform(df, "schedule")
