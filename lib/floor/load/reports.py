"""坐席代表日报告: the hourly agent rows of one sheet, validated into the canonical reports frame."""
from __future__ import annotations

from functools import partial
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from lib.config import Settings
from lib.floor.schema import DAY_TOTAL_END, DAY_TOTAL_START, conform
from lib.floor.sources import RawSheet
from lib.floor.sources.local import ColumnarSheet, CsvSheet
from lib.floor.load.grid import Body, name_date, read_body
from lib.floor.load.headers import REQUIRED, alias_map
from lib.floor.load.problems import Problems
from lib.floor.load.values import (agent, date, is_blank, is_placeholder, number, parse_column,
                                   name_slot, parse_figures, seconds, slot, text, title_slot)

FIGURES = ["volume", "connected", "handled", "sales", "talk_seconds"]
# A sheet whose first SAMPLE data rows hold not one readable row is not a report (a junk file, a
# wrong export in reports/): it is left out with one error and the sample's problems, instead of
# seven problems for each of its 200,000 rows.
SAMPLE = 200
ZH = {"volume": "数据量", "connected": "接通量", "handled": "办理量", "sales": "销售额",
      "talk_seconds": "通话时长", "date": "日期", "hour": "时段", "agent_id": "工号"}


def _required(sheet: RawSheet) -> list[str]:
    # No hour column: the slot comes from a title line, else the file name, else the table is a
    # day total (see _slot_of_sheet).
    req = [f for f in REQUIRED["reports"] if f != "hour"]
    if name_date(sheet) is not None or _title_date(sheet) is not None:
        req.remove("date")   # the sheet or file name, or a title line's time range, gives the date
    return req


def parse_reports(sheet: RawSheet, settings: Settings, mtime: float, problems: Problems) -> pd.DataFrame | None:
    """The sheet's report rows (canonical columns, `group` = the row's own group); bad rows left out."""
    aliases = alias_map("reports", settings.aliases)
    # A CSV's top is cheap to look at: a big one is first tried on a sample, so a file of junk costs
    # its read, not a bulk parse of all of it. (A workbook's top, cell by cell, is a second read.)
    if isinstance(sheet, CsvSheet) and _junk(sheet, aliases, settings, mtime, problems):
        return None
    if isinstance(sheet, (ColumnarSheet, CsvSheet)):   # the bulk path first (pyarrow)
        from lib.floor.load.quick import quick_reports
        quick = quick_reports(sheet, aliases, _required(sheet), settings.header_scan_rows, mtime,
                              settings.date_order, problems)
        if quick is not None:
            return quick   # a clean sheet; any other takes the cell-by-cell path below
    if not isinstance(sheet, CsvSheet) and _junk(sheet, aliases, settings, mtime, problems):
        return None
    body = read_body(sheet, aliases, _required(sheet), settings.header_scan_rows, "坐席日报告", problems)
    if body is None:
        return None
    return _rows(sheet, body, mtime, problems, settings.date_order)


def looks_like_junk(sheet: RawSheet, settings: Settings) -> bool:
    """True for a sheet big enough to be tried on a sample first (see _junk)."""
    return sheet.size_hint() > settings.header_scan_rows + 2 * SAMPLE


def _junk(sheet: RawSheet, aliases: dict[str, str], settings: Settings, mtime: float, problems: Problems) -> bool:
    """True (with one error and the sample's problems) for a big sheet whose first SAMPLE data rows hold
    not one readable row: a junk file or a wrong export, left out without reading the rest of it."""
    scan, order = settings.header_scan_rows, settings.date_order
    if not looks_like_junk(sheet, settings):   # the top first: a junk sheet costs only its read
        return False
    top = sheet.top(scan + SAMPLE)
    trial = Problems()
    head = read_body(top, aliases, _required(sheet), scan, "坐席日报告", trial)
    if head is None or len(head.rownum) < SAMPLE // 2 or not _rows(top, head, mtime, trial, order).empty \
            or not any(p["severity"] == "error" for p in trial.rows):
        return False
    rest = sheet.size_hint() - head.header.index - 1
    problems.error(sheet.file, sheet.sheet, None, "",
                   f"前 {len(head.rownum)} 行数据没有一行可读，这张表不像坐席日报告：整张表未读取（约 {rest} 行）",
                   f"not one of the first {len(head.rownum)} data rows is readable, so this does not look "
                   f"like an agent report: the sheet was left out (about {rest} rows)")
    for p in trial.listed():
        problems.add(p["file"], p["sheet"], p["row"], p["column"], p["severity"], p["message"], p["message_en"])
    return True


def _title_date(sheet: RawSheet, rows: int = 12):
    """The date of a time range named in one of the first rows (a title line), or None."""
    if isinstance(sheet, ColumnarSheet):   # its first rows from the Arrow batch: .rows reads the whole file
        cells = [v for c in sheet.batch.columns for v in c.slice(0, rows).to_pylist()]
    else:   # top(): a CSV's .rows would split the whole file
        cells = [c for r in sheet.top(rows).rows for c in r]
    found = title_slot([c for c in cells if isinstance(c, str) and c])
    return found[2] if found else None


def _slot_of_sheet(sheet: RawSheet, body: Body, problems: Problems) -> tuple[int, int, object]:
    """(start, end, date or None) of a table without an hour column: a title line naming a time range,
    else the file name ('…_10时', '…_1000', a download stamp: the hour that ended before it), else the
    day-total marker (DAY_TOTAL_*), said with one info line."""
    found = title_slot(body.header.titles)
    if found is not None:
        return found
    named = name_slot(PurePosixPath(sheet.file).name)
    if named is not None:
        return named[0], named[1], None
    problems.add(sheet.file, sheet.sheet, None, "", "info",
                 "没有时段列，标题行和文件名也没有写时段：按全天合计读取（计入月度数据，不计入各时段的排名、值班日志和标记）",
                 "no hour column, and neither a title line nor the file name names a slot: read as a day total "
                 "(counted in monthly figures, not in the ranking at a time of day, the duty log or the flags)")
    return DAY_TOTAL_START, DAY_TOTAL_END, None


def _rows(sheet: RawSheet, body: Body, mtime: float, problems: Problems, order: str = "") -> pd.DataFrame:
    """The body's rows validated; a bad row is left out with its problem."""
    n = len(body.rownum)
    bad = [False] * n
    out: dict[str, list] = {}

    def fail(i: int, field: str, zh: str, en: str, severity: str = "error") -> None:
        loc = f"第 {body.rownum[i]} 行 {body.where(field)} 列（{body.label(field)}）"
        loc_en = f"row {body.rownum[i]}, column {body.where(field)} ({body.label(field)})"
        problems.add(sheet.file, sheet.sheet, body.rownum[i], body.label(field), severity,
                     f"{loc}：{zh}", f"{loc_en}: {en}")
        if severity == "error":
            bad[i] = True

    cells = body.cells
    fallback = name_date(sheet)
    sheet_slot = None if "hour" in cells else _slot_of_sheet(sheet, body, problems)
    titled = title_slot(body.header.titles)
    if titled is not None and titled[2] is not None:
        fallback = titled[2]   # the title line's date wins over the name's (a download after midnight)
    if "date" in cells:
        parsed, errs = parse_column(cells["date"], partial(date, order=order))
        for i in np.flatnonzero(errs != None):  # noqa: E711 (numpy elementwise)
            if is_blank(cells["date"][i]) and fallback:
                parsed[i] = fallback
            elif errs[i].startswith("ambiguous"):
                fail(i, "date", f"日期 {text(cells['date'][i])!r} 可读作月/日或日/月：请在 config.toml 的 [reports] "
                     f'中设置 date_order = "mdy"（月/日/年）或 "dmy"（日/月/年），该行未读取',
                     f"date {text(cells['date'][i])!r} reads as month/day or day/month: set [reports] date_order "
                     f'= "mdy" or "dmy" in config.toml; row left out')
            else:
                fail(i, "date", f"日期无法识别：{text(cells['date'][i])!r}，该行未读取",
                     f"unreadable date {text(cells['date'][i])!r}; row left out")
        out["date"] = parsed
    else:
        out["date"] = [fallback] * n

    if sheet_slot is not None:
        slots = [sheet_slot[:2]] * n
    else:
        slots, errs = parse_column(cells["hour"], slot)
        for i in np.flatnonzero(errs != None):  # noqa: E711
            fail(i, "hour", f"时段无法识别：{text(cells['hour'][i])!r}，该行未读取",
                 f"unreadable hour {text(cells['hour'][i])!r}; row left out")
    out["hour"] = [s[0] // 60 if s else 0 for s in slots]
    out["start_minute"] = [s[0] if s else 0 for s in slots]
    out["end_minute"] = [s[1] if s else 0 for s in slots]

    pairs, _ = parse_column(cells["agent_id"], agent)   # '1001 [张三]': the id, and a name for an empty name cell
    ids = np.array([p[0] for p in pairs], dtype=object)
    for i in np.flatnonzero(ids == ""):
        fail(i, "agent_id", "工号为空，该行未读取", "empty agent id; row left out")
    out["agent_id"] = ids
    for f in ("name", "project"):
        out[f] = parse_column(cells[f], text)[0] if f in cells else np.array([""] * n, dtype=object)
    written = np.array([p[1] for p in pairs], dtype=object)
    out["name"] = np.where(out["name"] == "", written, out["name"])
    out["row_group"] = parse_column(cells["group"], text)[0] if "group" in cells else [""] * n

    for f in FIGURES:
        if f not in cells:
            out[f] = np.full(n, np.nan)
            continue
        vals, errs = parse_figures(cells[f], seconds if f == "talk_seconds" else number)
        required = f in ("volume", "handled")
        for i in np.flatnonzero(errs != None):  # noqa: E711
            raw = cells[f][i]
            if not required and (is_blank(raw) or is_placeholder(raw)):
                vals[i] = np.nan   # '-', '--', '—', 'N/A': no figure
                continue
            fail(i, f, f"{ZH[f]}无法识别：{text(raw)!r}，该行未读取",
                 f"unreadable {f.replace('_', ' ')} {text(raw)!r}; row left out")
        for i in np.flatnonzero(vals < 0):
            raw = cells[f][i]
            fail(i, f, f"{ZH[f]}为负数（{text(raw)}），该行未读取", f"negative {f} ({text(raw)}); row left out")
        out[f] = vals

    ok = ~np.array(bad, dtype=bool)
    vol, hd, cn = out["volume"], out["handled"], out["connected"]
    for i in np.flatnonzero(ok & (hd > vol)):
        fail(i, "handled", f"办理量 {hd[i]:g} 大于数据量 {vol[i]:g}（行已保留）",
             f"handled {hd[i]:g} exceeds volume {vol[i]:g} (row kept)", "warning")
    for i in np.flatnonzero(ok & (cn > vol)):
        fail(i, "connected", f"接通量 {cn[i]:g} 大于数据量 {vol[i]:g}（行已保留）",
             f"connected {cn[i]:g} exceeds volume {vol[i]:g} (row kept)", "warning")

    df = pd.DataFrame(out)
    df["group"] = df["row_group"]
    df["file"], df["sheet"], df["row"], df["mtime"] = sheet.file, sheet.sheet, body.rownum, mtime
    out_df = conform(df[~np.array(bad, dtype=bool)], "reports")
    out_df.attrs["agent_id_label"] = body.label("agent_id")   # for messages raised across files
    return out_df
