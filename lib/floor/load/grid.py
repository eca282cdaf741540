"""From a raw sheet to the data rows under its header: blank, total and repeated header rows dropped."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from lib.floor.sources import RawSheet
from lib.floor.load.headers import Header, accepted, field_label, filled_rows, find_header
from lib.floor.load.problems import Problems, column_letter
from lib.floor.load.values import date_in_text, is_blank, nfkc, norm_header, text

# A totals row holds one of these as a whole cell (spaces, '_', '-' and case ignored, a trailing colon
# allowed: '合计', '总计：', 'TOTALS:', 'Grand Total') among its first columns. A cell that only
# starts with one ('Summer Li', 'Sumit', '合计数据量') is not a total.
TOTALS = frozenset({"合计", "总计", "小计", "总和", "汇总", "total", "totals", "subtotal", "subtotals",
                    "grandtotal", "sum"})
# Cells that may be totals, for a quick look over a column's distinct values; is_total_cell decides.
_TOTAL_WORDS = re.compile(r"合\s*计|总\s*计|小\s*计|总\s*和|汇\s*总|total|sum", re.IGNORECASE)
FIRST_COLUMNS = 4   # totals words are looked for in the first columns and in the id, name, group, date, hour ones


def is_total_cell(v: Any) -> bool:
    """True for a cell that is a total word alone: '合计', '总计：', 'TOTALS:', 'Total', '汇总'."""
    return isinstance(v, str) and norm_header(nfkc(v)).rstrip(":：") in TOTALS


def total_columns(width: int, columns: dict[str, int]) -> list[int]:
    """The columns where a totals word makes a totals row."""
    where = set(range(min(FIRST_COLUMNS, width)))
    where |= {columns[f] for f in ("agent_id", "name", "group", "date", "hour") if f in columns}
    return sorted(j for j in where if j < width)


def is_total_row(row: list[Any], columns: dict[str, int] | None = None) -> bool:
    """A row with a total word as a whole cell among its first columns (see TOTALS)."""
    return any(is_total_cell(row[j]) for j in total_columns(len(row), columns or {}))


def totals_note(sheet: RawSheet, rownums: list[int], problems: Problems) -> None:
    """The one info line per sheet that counts its skipped totals rows, naming them."""
    if not rownums:
        return
    shown = rownums[:30]
    more = len(rownums) - len(shown)
    zh = "、".join(map(str, shown)) + (f" 等（另有 {more} 行）" if more else "")
    en = ", ".join(map(str, shown)) + (f" and {more} more" if more else "")
    problems.add(sheet.file, sheet.sheet, rownums[0], "", "info",
                 f"跳过 {len(rownums)} 行合计/小计行：第 {zh} 行",
                 f"skipped {len(rownums)} totals row{'s' if len(rownums) > 1 else ''}: "
                 f"row{'s' if len(rownums) > 1 else ''} {en}")


@dataclass
class Body:
    """The data rows of a sheet: one column of raw cells per field, and where each row sits."""

    sheet: RawSheet
    header: Header
    cells: dict[str, np.ndarray]   # field -> raw cells (object)
    rownum: list[int]              # the spreadsheet row number of each data row
    matrix: np.ndarray             # every cell of the data rows (for the month grid's day columns)

    def label(self, field: str) -> str:
        """The header text of a field's column, as written."""
        return self.header.labels.get(self.header.columns[field], field)

    def where(self, field: str) -> str:
        """'E列(数据量)' style column reference for messages."""
        j = self.header.columns[field]
        return column_letter(self.sheet.col0 + j)


MAPPING_ZH = "可在「数据检查」页的「表头对应」中指定哪一列是哪一项（或在 config.toml 的 [aliases] 中添加表头名称）"
MAPPING_EN = ("Say which column holds which field on the Data health page (header mapping), or add the header "
              "names to [aliases] in config.toml")


def missing_fields(fields: list[str], aliases: dict[str, str]) -> tuple[str, str]:
    """The missing fields in the reader's language, each with the header names that would be accepted."""
    zh = "、".join(f"{field_label(f)}（可用的表头：{'、'.join(accepted(aliases, f)) or '无'}）" for f in fields)
    en = "; ".join(f"{field_label(f, 'en')} (accepted headers: {', '.join(accepted(aliases, f)) or 'none'})"
                   for f in fields)
    return zh, en


def read_body(sheet: RawSheet, aliases: dict[str, str], required: list[str], scan: int,
              table_zh: str, problems: Problems) -> Body | None:
    """The header and data rows of a sheet, or None (with a problem) when no header is found."""
    head = filled_rows(sheet, scan)
    header, missing, best = find_header(head, aliases, required, scan)
    if header is None:
        if best >= 0 and len(missing) < len(required):
            row = sheet.row0 + best + 1
            zh, en = missing_fields(missing, aliases)
            problems.error(sheet.file, sheet.sheet, row, "",
                           f"{table_zh}缺少必需的列：{zh}（表头在第 {row} 行），整张表未读取。{MAPPING_ZH}",
                           f"{table_zh} sheet lacks required column(s): {en} (header on row {row}); "
                           f"the sheet was left out. {MAPPING_EN}")
        else:
            zh, en = missing_fields(required, aliases)
            problems.error(sheet.file, sheet.sheet, None, "",
                           f"找不到{table_zh}的表头行（前 {scan} 行中没有一行写着{zh}），整张表未读取。{MAPPING_ZH}",
                           f"no {table_zh} header row found in the first {scan} rows "
                           f"(looked for {en}); the sheet was left out. {MAPPING_EN}")
        return None
    rows = sheet.rows[header.index + 1:]
    # Use the filled version of the header itself, so merged header cells give their labels.
    header.labels = {j: text(c) for j, c in enumerate(head[header.index]) if not is_blank(c)}
    arr = _matrix(rows, len(head[header.index]))
    keep = ~_blank_rows(arr)
    totals = keep & _total_rows(arr, header)
    keep &= ~totals
    totals_note(sheet, (np.flatnonzero(totals) + sheet.row0 + header.index + 2).tolist(), problems)
    id_col = header.columns.get("agent_id")
    if id_col is not None and len(arr):
        keep &= arr[:, id_col] != head[header.index][id_col]   # the header repeated in pasted exports
    nums = np.flatnonzero(keep) + sheet.row0 + header.index + 2
    cells = {f: arr[keep, j] for f, j in header.columns.items()}
    return Body(sheet, header, cells, nums.tolist(), arr[keep])


def _matrix(rows: list[list[Any]], width: int) -> np.ndarray:
    """The rows as a 2-D object array, ragged CSV rows padded with ''."""
    if not rows:
        return np.empty((0, width), dtype=object)
    width = max(width, max(len(r) for r in rows))
    if any(len(r) != width for r in rows):
        rows = [list(r) + [""] * (width - len(r)) for r in rows]
    arr = np.empty((len(rows), width), dtype=object)
    arr[:] = rows
    return arr


def _blank_rows(arr: np.ndarray) -> np.ndarray:
    """Rows with nothing in them; cells of spaces only count as nothing."""
    if not arr.size:
        return np.zeros(len(arr), bool)
    blank = (arr == "") | pd.isna(arr)
    rows = blank.all(axis=1)
    # Rows of spaces are rare and sparse: look at sparse rows in Python, dense ones are data.
    sparse = ~rows & ((~blank).sum(axis=1) <= max(1, arr.shape[1] // 2))
    for i in np.flatnonzero(sparse):
        rows[i] = all(is_blank(v) for v in arr[i])
    return rows


def _texts(col: np.ndarray, test) -> np.ndarray:
    """A string test over a column's text cells, run once per distinct value (False for non-text)."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    hits = np.fromiter((isinstance(u, str) and bool(test(u)) for u in uniques), bool, len(uniques))
    return np.append(hits, False)[np.where(codes < 0, len(uniques), codes)]


def _total_rows(arr: np.ndarray, header: Header) -> np.ndarray:
    """Rows with a total word as a whole cell in one of the columns where totals are written."""
    out = np.zeros(len(arr), bool)
    if not arr.size:
        return out
    for j in total_columns(arr.shape[1], header.columns):
        out |= _texts(arr[:, j], is_total_cell)
    return out


def name_date(sheet: RawSheet) -> dt.date | None:
    """The date a sheet's name, then its file's name, gives (for tables without a date column)."""
    return date_in_text(sheet.sheet) or date_in_text(PurePosixPath(sheet.file).name)


_MONTH = [re.compile(r"(?<!\d)(\d{4})\s*[-年/.]\s*(\d{1,2})(?!\d)"), re.compile(r"(?<!\d)(\d{4})(\d{2})(?!\d)")]


def month_in_text(s: str) -> tuple[int, int] | None:
    """(year, month) written in a title or name: '2026年11月', '2026-11', '202611'."""
    for pat in _MONTH:
        for m in pat.finditer(s):
            y, mo = int(m.group(1)), int(m.group(2))
            if 2000 <= y <= 2100 and 1 <= mo <= 12:
                return y, mo
    return None
