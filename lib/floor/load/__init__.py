"""The one validation boundary: raw sheets in, canonical frames and located problems out."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from lib.config import Settings
from lib.floor.sources import SourceError
from lib.floor.sources import FileRef
from lib.floor.sources.gsheets import read_spreadsheet
from lib.floor.sources.local import read_file
from lib.floor.load.problems import Problems
from lib.floor.load.projects import parse_projects
from lib.floor.load.reports import parse_reports
from lib.floor.load.roster import parse_schedule

log = logging.getLogger(__name__)
TABLE_ZH = {"schedule": "排班表", "projects": "项目安排", "reports": "坐席日报告"}


@dataclass(frozen=True)
class ParsedFile:
    """One file's validated rows, its problems, and a line per sheet for the data-health page."""

    ref: FileRef
    frame: pd.DataFrame | None
    problems: list[dict]
    sheets: list[dict]


def _date_range(df: pd.DataFrame | None) -> tuple:
    if df is None or df.empty:
        return (None, None)
    return (df["date"].min().date(), df["date"].max().date())


def parse_file(ref: FileRef, settings: Settings, raw: list | Exception | None = None) -> ParsedFile:
    """Read and validate one input file (or its sheets, `raw`, when already read, or the error reading
    it gave); whatever goes wrong becomes a problem of this file alone."""
    try:
        return _parse_file(ref, settings, raw)
    except Exception as exc:  # a file no rule foresaw must not take the rest of the floor down
        log.exception("reading %s", ref.rel)
        problems = Problems()
        problems.error(ref.rel, "", None, "", f"读取时出错（{type(exc).__name__}: {exc}），文件未读取",
                       f"could not be read ({type(exc).__name__}: {exc}); file left out")
        return ParsedFile(ref, None, problems.listed(), [{"file": ref.rel, "sheet": "", "table": ref.table, "rows": 0,
                                                      "first_date": None, "last_date": None, "status": "error"}])


def _parse_file(ref: FileRef, settings: Settings, raw: list | Exception | None = None) -> ParsedFile:
    problems = Problems()
    frames, sheets, unread = [], [], []
    try:
        if raw is None:
            raw = read_spreadsheet(ref) if ref.reader == "gsheets" else read_file(ref)
        elif isinstance(raw, Exception):   # the read already failed (lib/floor/load/batch.py): not read twice
            raise raw
    except SourceError as exc:
        problems.error(exc.file, exc.sheet, None, "", f"{exc.zh}，文件未读取", f"{exc.en}; file left out")
        return ParsedFile(ref, None, problems.listed(), [{"file": ref.rel, "sheet": "", "table": ref.table,
                                                      "rows": 0, "first_date": None, "last_date": None,
                                                      "status": "error"}])
    for item in raw:
        if isinstance(item, SourceError):
            problems.error(item.file, item.sheet, None, "", f"{item.zh}，工作表未读取", f"{item.en}; sheet left out")
            continue
        if item.blank() if hasattr(item, "blank") else not any(any(str(c).strip() for c in r) for r in item.rows):
            continue  # an empty sheet (Sheet2, Sheet3 of a new workbook) is nothing to report
        before = len(problems.rows)
        if ref.table == "reports":
            df = parse_reports(item, settings, ref.mtime, problems)
        elif ref.table == "projects":
            df = parse_projects(item, settings, problems)
        else:
            df = parse_schedule(item, settings, problems)
        first, last = _date_range(df)
        sheets.append({"file": ref.rel, "sheet": item.sheet, "table": ref.table,
                       "rows": 0 if df is None else len(df), "first_date": first, "last_date": last,
                       "status": "ok" if df is not None else "error",
                       "id_label": df.attrs.get("agent_id_label", "") if df is not None else ""})
        if df is not None:
            frames.append(df)
        else:
            unread.extend(problems.rows[before:])
    if frames:
        # A workbook whose main sheet loaded: other sheets without the table (notes, pivots)
        # are worth a warning, not an error of the file.
        for p in unread:
            p["severity"] = "warning"
    if not sheets and not problems.rows:
        problems.error(ref.rel, "", None, "", f"文件中没有任何数据（{TABLE_ZH[ref.table]}）",
                       f"the file holds no data ({ref.table})")
    frame = pd.concat(frames, ignore_index=True) if frames else None
    return ParsedFile(ref, frame, problems.listed(), sheets)
