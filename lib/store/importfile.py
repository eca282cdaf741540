"""A user's xlsx/xls/csv file of write-back rows, read as given: the header row found, values untouched."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lib.floor.sources.local import decode_text
from lib.store.tables import Table
from lib.store.values import is_blank

HEADER_SCAN = 10   # title rows above the header are allowed, as in the input tables


@dataclass
class ImportFile:
    """The data rows of a file, each with its row number in the file (1-based, as a spreadsheet shows)."""

    path: Path
    sheet: str
    header: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)


class ImportFileError(ValueError):
    """The file cannot be read as a table of this kind; the message names the file."""


def _decode(data: bytes) -> str:
    """CSV bytes as text, as the floor's own files are read (UTF-8, else GBK)."""
    try:
        return decode_text(data)
    except UnicodeDecodeError:
        raise ImportFileError("not UTF-8 or GBK text") from None


def _cells(path: Path, spec: Table) -> tuple[str, list[list[Any]]]:
    """The sheet name and the cell values of a csv or workbook file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = _decode(path.read_bytes())
        return "", [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        from python_calamine import CalamineWorkbook

        try:
            wb = CalamineWorkbook.from_path(str(path))
            name = spec.sheet if spec.sheet in wb.sheet_names else wb.sheet_names[0]
            return name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as e:   # calamine's several error types all mean "not a readable workbook"
            raise ImportFileError(f"not a readable workbook ({e})") from e
    raise ImportFileError("use an .xlsx, .xls or .csv file")


def read_import(path: str | Path, spec: Table) -> ImportFile:
    """The file's rows keyed by its header; the header is the first row naming 日期/月份 (within 10 rows)."""
    p = Path(path)
    if not p.is_file():
        raise ImportFileError(f"{p}: file not found")
    try:
        sheet, cells = _cells(p, spec)
    except ImportFileError as e:
        raise ImportFileError(f"{p}: {e}") from None
    at = next((i for i, line in enumerate(cells[:HEADER_SCAN])
               if spec.period_column in [str(c).strip() for c in line]), None)
    if at is None:
        raise ImportFileError(f"{p}{' sheet ' + sheet if sheet else ''}: no header row with "
                              f"{spec.period_column} in the first {HEADER_SCAN} rows; the columns of "
                              f"{spec.sheet} are: {' '.join(spec.columns)}")
    header = [str(c).strip() if not is_blank(c) else "" for c in cells[at]]
    out = ImportFile(p, sheet, header)
    for n, line in enumerate(cells[at + 1:], at + 2):
        if all(is_blank(v) for v in line):
            continue
        row = {}
        for j, v in enumerate(line):
            name = header[j] if j < len(header) else ""
            if name or not is_blank(v):
                row[name or f"Unnamed: column {j + 1}"] = v
        out.rows.append(row)
        out.row_numbers.append(n)
    return out
