"""The large center of the benchmark: 600 agents in 40 groups (or any multiple of 15), 8 hourly slots,
a report file a day, for a month or a year.

Seeded and written as a floor writes it (a month grid roster, a project list, a dialer export per
day with a title row, date cells, `09:00-10:00` slots and `h:mm:ss` talk times), with openpyxl's
write-only mode so that the month's ~150,000 rows take seconds, not minutes.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from openpyxl import Workbook

AGENTS_PER_GROUP = 15
AGENTS = 600


def groups(n_agents: int = AGENTS) -> list[str]:
    """The group names of a center of `n_agents` (15 a group): 101, 102, ..."""
    return [str(101 + g) for g in range(max(1, n_agents // AGENTS_PER_GROUP))]


SLOTS = [(9, 10), (10, 11), (11, 12), (13, 14), (14, 15), (15, 16), (16, 17), (17, 18)]
PROJECTS = {"新华手机报": (10, 0.085), "手机阅读": (15, 0.08), "流量包升级": (30, 0.07),
            "宽带续约": (30, 0.065), "彩铃业务": (10, 0.09), "视频会员": (20, 0.075),
            "家庭套餐": (50, 0.05), "云盘扩容": (12, 0.08)}
REPORT_HEADER = ["日期", "时段", "工号", "姓名", "组别", "项目", "数据量", "接通量", "办理量", "销售额", "通话时长"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚英华慧巧美倩婷雪琳晶燕玲萍红鹏辉宇浩凯欣怡佳雨晨阳嘉琪颖"


def agents(seed: int, n_agents: int = AGENTS) -> list[tuple[str, str, str]]:
    """(agent_id, name, group) of every agent, by group."""
    rng = np.random.default_rng(seed)
    out = []
    for g in groups(n_agents):
        for j in range(1, AGENTS_PER_GROUP + 1):
            name = SURNAMES[rng.integers(len(SURNAMES))] + "".join(GIVEN[k] for k in rng.integers(len(GIVEN), size=2))
            out.append((f"{g}{j:02d}", name, g))
    return out


def group_project(group: str) -> str:
    return list(PROJECTS)[int(group) % len(PROJECTS)]


def _save(wb: Workbook, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    wb.save(tmp)
    os.replace(tmp, path)


def write_schedule(path: Path, year: int, month: int, seed: int, n_agents: int = AGENTS) -> None:
    """The month grid: everyone 全天 every day (a seven-day campaign), each group's lead on duty in turn."""
    names = groups(n_agents)
    days = list(range(1, calendar.monthrange(year, month)[1] + 1))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("排班表")
    ws.append([f"{year}年{month}月排班表"])
    ws.append(["工号", "姓名", "组别", "岗位", *days])
    ws.append(["0801", "周经理", "中心", "部门经理", *("全天" for _ in days)])
    ws.append(["0802", "吴主任", "中心", "中心主任", *("休" if dt.date(year, month, d).weekday() >= 5 else "全天"
                                                 for d in days)])
    for gi, g in enumerate(names):
        ws.append([f"{g}00", f"组长{g}", g, "组长", *("值" if (d - 1) % len(names) == gi else "全天" for d in days)])
    for a, name, g in agents(seed, n_agents):
        ws.append([a, name, g, "坐席", *("全天" for _ in days)])
    _save(wb, path)


def write_projects(path: Path, year: int, month: int, n_agents: int = AGENTS,
                   months: list[tuple[int, int]] | None = None) -> None:
    """Each group's project per day with its target rate, for one month or for each of `months`."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("每日项目安排")
    ws.append(["日期", "组别", "项目", "脚本版本", "目标办理率", "目标办理量"])
    for year, month, d in ((y, m, d) for y, m in (months or [(year, month)])
                           for d in range(1, calendar.monthrange(y, m)[1] + 1)):
        for g in groups(n_agents):
            p = group_project(g)
            ws.append([dt.datetime(year, month, d), g, p, "V1.0", PROJECTS[p][1],
                       round(AGENTS_PER_GROUP * 8 * 40 * PROJECTS[p][1])])
    _save(wb, path)


def report_rows(day: dt.date, slots: int, seed: int, version: int = 0, n_agents: int = AGENTS) -> list[list]:
    """The dialer's rows of a day for the first `slots` slots; `version` re-draws the figures (a re-export)."""
    people = agents(seed, n_agents)
    rng = np.random.default_rng([seed, day.toordinal(), version])
    shape = (slots, len(people))   # the export lists a slot's agents, then the next slot's
    volume = np.clip(np.round(rng.normal(42, 6, shape)), 25, 60).astype(int)
    connected = np.round(volume * rng.uniform(0.4, 0.6, shape)).astype(int)
    rates = np.array([PROJECTS[group_project(g)][1] for _, _, g in people])
    handled = np.minimum(connected, rng.poisson(volume * rates)).astype(int)
    talk = np.minimum(3500, np.round(connected * rng.uniform(55, 95, shape))).astype(int)
    stamp = dt.datetime(day.year, day.month, day.day)
    rows = []
    for s in range(slots):
        h0, h1 = SLOTS[s]
        hour = f"{h0:02d}:00-{h1:02d}:00"
        for i, (a, name, g) in enumerate(people):
            p, t = group_project(g), int(talk[s, i])
            rows.append([stamp, hour, a, name, "", p, int(volume[s, i]), int(connected[s, i]), int(handled[s, i]),
                         int(handled[s, i]) * PROJECTS[p][0], f"{t // 3600}:{t % 3600 // 60:02d}:{t % 60:02d}"])
    return rows


def write_report(path: Path, day: dt.date, slots: int, seed: int, version: int = 0, n_agents: int = AGENTS,
                 fast: bool = False) -> Path:
    """A day's report workbook as the dialer exports it: a title row, a blank row, the header, the rows."""
    rows = report_rows(day, slots, seed, version, n_agents)
    if fast:   # a big center's year: openpyxl would take half an hour to write it
        _fast_xlsx(path, "坐席代表日报告", [[f"坐席代表日报告 {day.isoformat()}"], [], REPORT_HEADER], rows)
        return path
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("坐席代表日报告")
    ws.append([f"坐席代表日报告 {day.isoformat()}"])
    ws.append([])
    ws.append(REPORT_HEADER)
    for r in rows:
        ws.append(r)
    _save(wb, path)
    return path


_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
}


def _fast_xlsx(path: Path, sheet: str, top: list[list], rows: list[list]) -> None:
    """An .xlsx written as its XML, shared strings and a date style, as small exporters write it.

    For the benchmark's big centers only: the same cells openpyxl would write, ten times faster.
    The first column of `rows` is a date (a serial number with the built-in date format 14).
    """
    import zipfile
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}

    def cell(ref: str, v) -> str:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f'<c r="{ref}"><v>{v}</v></c>'
        if isinstance(v, dt.datetime):
            return f'<c r="{ref}" s="1"><v>{(v - dt.datetime(1899, 12, 30)).days}</v></c>'
        return f'<c r="{ref}" t="s"><v>{strings.setdefault(str(v), len(strings))}</v></c>'

    cols = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    lines = []
    for i, r in enumerate([*top, *rows], 1):
        lines.append(f'<row r="{i}">' + "".join(cell(f"{cols[j]}{i}", v) for j, v in enumerate(r)) + "</row>")
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    ws = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          "<sheetData>" + "".join(lines) + "</sheetData></worksheet>")
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           f'count="{len(strings)}" uniqueCount="{len(strings)}">' + "".join(f"<si><t>{escape(k)}</t></si>" for k in strings) + "</sst>")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in {**_PARTS, "xl/workbook.xml": wb, "xl/worksheets/sheet1.xml": ws,
                           "xl/sharedStrings.xml": sst}.items():
            z.writestr(name, text)
    os.replace(tmp, path)


def months_back(today: dt.date, days: int) -> list[tuple[int, int]]:
    """(year, month) of every month the `days` days up to `today` touch, oldest first."""
    first = today - dt.timedelta(days=days - 1)
    out, (y, m) = [], (first.year, first.month)
    while (y, m) <= (today.year, today.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def write_center(out: Path, today: dt.date, days: int, today_slots: int, seed: int = 8, workers: int = 2,
                 n_agents: int = AGENTS, past_rosters: bool = False) -> Path:
    """schedule.xlsx, projects.xlsx and reports/<day>.xlsx for the last `days` days up to `today`.

    The roster is this month's only (the floor's habit: the roster file is replaced each month)
    unless `past_rosters`, which keeps each earlier month's as schedule_YYYY-MM.xlsx; the project
    list covers every month.
    """
    out = Path(out)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    months = months_back(today, days)
    write_schedule(out / "schedule.xlsx", today.year, today.month, seed, n_agents)
    if past_rosters:
        for y, m in months[:-1]:
            write_schedule(out / f"schedule_{y}-{m:02d}.xlsx", y, m, seed, n_agents)
    write_projects(out / "projects.xlsx", today.year, today.month, n_agents, months)
    fast = days * n_agents > 31 * AGENTS   # bigger than the month the other figures were measured on
    jobs = [(out / "reports" / f"{d.isoformat()}.xlsx", d, today_slots if d == today else len(SLOTS), seed, 0,
             n_agents, fast) for d in (today - dt.timedelta(days=k) for k in range(days))]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(write_report, *zip(*jobs)))
    return out
