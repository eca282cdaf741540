"""Problems found while loading, each naming the file, sheet, spreadsheet row and column."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lib.floor.schema import PROBLEMS

COLUMNS = PROBLEMS + ["message_en"]


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA: the column name a spreadsheet program shows."""
    s = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass
class Problems:
    """A collector; `message` is Chinese (the floor's language), `message_en` the same in English."""

    rows: list[dict] = field(default_factory=list)

    def add(self, file: str, sheet: str, row: int | None, column: str, severity: str,
            zh: str, en: str) -> None:
        self.rows.append({"file": file, "sheet": sheet, "row": row, "column": column,
                          "severity": severity, "message": zh, "message_en": en})

    def error(self, file: str, sheet: str, row: int | None, column: str, zh: str, en: str) -> None:
        self.add(file, sheet, row, column, "error", zh, en)

    def warning(self, file: str, sheet: str, row: int | None, column: str, zh: str, en: str) -> None:
        self.add(file, sheet, row, column, "warning", zh, en)

    def extend(self, other: "Problems | list[dict]") -> None:
        self.rows.extend(other.rows if isinstance(other, Problems) else other)


def problems_frame(rows: list[dict]) -> pd.DataFrame:
    """The problems as a frame ordered by file, sheet and row; `row` is a nullable integer."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["row"] = pd.array(df["row"].tolist(), dtype="Int64") if len(df) else pd.array([], dtype="Int64")
    for c in ("file", "sheet", "column", "severity", "message", "message_en"):
        df[c] = df[c].fillna("").astype(str)
    return df.sort_values(["file", "sheet", "row"], kind="stable", na_position="first").reset_index(drop=True)
