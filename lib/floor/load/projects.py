"""每日项目安排: which group calls which project with which script, per day."""
from __future__ import annotations

from functools import partial

import pandas as pd

from lib.config import Settings
from lib.floor.schema import conform
from lib.floor.sources import RawSheet
from lib.floor.load.grid import name_date, read_body
from lib.floor.load.headers import REQUIRED, alias_map
from lib.floor.load.problems import Problems
from lib.floor.load.values import AMBIGUOUS_EN, AMBIGUOUS_ZH, date, is_blank, number, parse_column, rate, text


def parse_projects(sheet: RawSheet, settings: Settings, problems: Problems) -> pd.DataFrame | None:
    """The sheet's project assignments (canonical columns); rows without group or project left out."""
    req = list(REQUIRED["projects"])
    fallback = name_date(sheet)
    if fallback is not None:
        req.remove("date")
    body = read_body(sheet, alias_map("projects", settings.aliases), req, settings.header_scan_rows,
                     "项目安排", problems)
    if body is None:
        return None
    cells, n = body.cells, len(body.rownum)
    bad = [False] * n

    def report(i: int, field: str, zh: str, en: str, severity: str = "error") -> None:
        loc = f"第 {body.rownum[i]} 行 {body.where(field)} 列（{body.label(field)}）"
        problems.add(sheet.file, sheet.sheet, body.rownum[i], body.label(field), severity, f"{loc}：{zh}",
                     f"row {body.rownum[i]}, column {body.where(field)} ({body.label(field)}): {en}")
        if severity == "error":
            bad[i] = True

    out: dict[str, list] = {}
    if "date" in cells:
        out["date"], errs = parse_column(cells["date"], partial(date, order=settings.date_order))
        for i, e in enumerate(errs):
            if e and is_blank(cells["date"][i]) and fallback:
                out["date"][i] = fallback
            elif e:
                amb = e.startswith("ambiguous")
                report(i, "date", f"日期无法识别：{text(cells['date'][i])!r}{AMBIGUOUS_ZH if amb else ''}，该行未读取",
                       f"unreadable date {text(cells['date'][i])!r}{AMBIGUOUS_EN if amb else ''}; row left out")
    else:
        out["date"] = [fallback] * n
    for f in ("group", "project"):
        out[f] = parse_column(cells[f], text)[0]
        for i, v in enumerate(out[f]):
            if not v:
                report(i, f, f"{body.label(f)}为空，该行未读取", f"empty {f}; row left out")
    out["script"] = parse_column(cells["script"], text)[0] if "script" in cells else [""] * n
    for f, parser in (("target_rate", rate), ("target_handled", number)):
        if f not in cells:
            continue
        out[f], errs = parse_column(cells[f], parser)
        for i, e in enumerate(errs):
            if e and not is_blank(cells[f][i]):
                report(i, f, f"目标值无法识别：{text(cells[f][i])!r}（已忽略该值）",
                       f"unreadable target {text(cells[f][i])!r} (value ignored)", "warning")
    df = pd.DataFrame(out)
    kept = df[[not b for b in bad]]
    _several_projects(sheet, kept, [r for r, b in zip(body.rownum, bad) if not b], problems)
    return conform(kept, "projects")


def _several_projects(sheet: RawSheet, df: pd.DataFrame, rownums: list[int], problems: Problems) -> None:
    """One info line per group and day listed with two or more projects (morning and afternoon):
    every one of them is the group's task for the wrong-task flag, and the line names the rows."""
    if df.empty:
        return
    d = df.assign(row=rownums, key=df["project"].astype(str).str.strip().str.casefold())
    several = d.groupby(["date", "group"], sort=False)["key"].transform("nunique") >= 2
    if not several.any():
        return   # the usual list: one project per group and day (and no loop over a month of them)
    for (day, group), g in d[several].groupby(["date", "group"], sort=True):
        names = "、".join(dict.fromkeys(g["project"].astype(str).str.strip()))
        names_en = ", ".join(dict.fromkeys(g["project"].astype(str).str.strip()))
        rows = [int(r) for r in g["row"]]
        day_s = pd.Timestamp(day).strftime("%Y-%m-%d")
        problems.add(sheet.file, sheet.sheet, rows[0], "", "info",
                     f"组别 {group} 在 {day_s} 有 {g['key'].nunique()} 个项目（第 {'、'.join(map(str, rows))} 行：{names}）："
                     f"都算作本组的任务，外呼其中任何一个都不标记为项目错误",
                     f"group {group} has {g['key'].nunique()} projects on {day_s} (rows {', '.join(map(str, rows))}: "
                     f"{names_en}): each is the group's task, so calling any of them is not a wrong task")
