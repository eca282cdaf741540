"""Where bytes come from: raw cells and where they came from, no meaning yet.

`local` reads a folder (xlsx/xlsm/xls/csv), `gsheets` Google spreadsheets, `ftp` mirrors an FTP
server's files into a local folder that `local` reads; they hand `load` a
`RawSheet` (or a `ColumnarSheet`) per sheet and a `FileRef` per file. Imports nothing of lib/ but
config.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RawSheet:
    """One sheet's cells as read: `rows[i][j]` is spreadsheet row `row0 + i + 1`, column `col0 + j`."""

    file: str            # path relative to the data folder, as shown to users
    sheet: str           # sheet name ("" for CSV)
    rows: list[list[Any]]
    row0: int = 0        # 0-based index of the first row held
    col0: int = 0
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    def top(self, n: int) -> "RawSheet":
        """The first n rows only."""
        return RawSheet(self.file, self.sheet, self.rows[:n], self.row0, self.col0, self.merged)

    def size_hint(self) -> int:
        """How many rows the sheet holds."""
        return len(self.rows)


class SourceError(Exception):
    """A file or sheet that cannot be read at all (message names the file and sheet)."""

    def __init__(self, file: str, zh: str, en: str, sheet: str = ""):
        super().__init__(f"{file}: {en}")
        self.file, self.sheet, self.zh, self.en = file, sheet, zh, en


@dataclass(frozen=True)
class FileRef:
    """A file and the signature that says whether it changed."""

    table: str
    path: Path
    rel: str
    size: int
    mtime: float
    reader: str = "local"    # "gsheets" for a Google spreadsheet (path holds its key or URL)

    @property
    def signature(self) -> tuple:
        return (str(self.path), self.size, self.mtime)
