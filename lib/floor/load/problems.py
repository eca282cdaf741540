"""Problems found while loading, each naming the file, sheet, spreadsheet row and column."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from lib.floor.schema import PROBLEMS

COLUMNS = PROBLEMS + ["message_en"]
# Problems listed per file; the rest are counted in one line per file. A file of junk (200,000 rows,
# seven problems a row) must not cost gigabytes or a data-health table of a million rows, and the
# first fifty say what is wrong with it as well as a million would.
PER_FILE = 50
SEVERITY_ORDER = ("error", "warning", "info")


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
    """A collector; `message` is Chinese (the floor's language), `message_en` the same in English.

    Keeps the first `cap` problems of each file and counts the others (`listed()` adds the count).
    """

    rows: list[dict] = field(default_factory=list)
    cap: int | None = PER_FILE
    _kept: Counter = field(default_factory=Counter, repr=False)
    _more: dict[str, Counter] = field(default_factory=dict, repr=False)

    def add(self, file: str, sheet: str, row: int | None, column: str, severity: str,
            zh: str, en: str) -> None:
        if self.cap is not None and self._kept[file] >= self.cap:
            self._more.setdefault(file, Counter())[severity] += 1
            return
        self._kept[file] += 1
        self.rows.append({"file": file, "sheet": sheet, "row": row, "column": column,
                          "severity": severity, "message": zh, "message_en": en})

    def listed(self) -> list[dict]:
        """The kept problems, then one line per file counting those left out."""
        return self.rows + [more_line(f, c) for f, c in self._more.items()]

    def error(self, file: str, sheet: str, row: int | None, column: str, zh: str, en: str) -> None:
        self.add(file, sheet, row, column, "error", zh, en)

    def warning(self, file: str, sheet: str, row: int | None, column: str, zh: str, en: str) -> None:
        self.add(file, sheet, row, column, "warning", zh, en)

    def extend(self, other: "Problems | list[dict]") -> None:
        self.rows.extend(other.rows if isinstance(other, Problems) else other)


def more_line(file: str, counts: Counter) -> dict:
    """The line that stands for a file's problems beyond the first PER_FILE, by severity."""
    n = sum(counts.values())
    worst = next(s for s in SEVERITY_ORDER + tuple(counts) if counts.get(s))
    zh = "、".join(f"{ {'error': '错误', 'warning': '警告', 'info': '提示'}.get(s, s)} {counts[s]}"
                  for s in SEVERITY_ORDER if counts.get(s))
    en = ", ".join(f"{counts[s]} {s}{'s' if counts[s] > 1 else ''}" for s in SEVERITY_ORDER if counts.get(s))
    return {"file": file, "sheet": "", "row": None, "column": "", "severity": worst,
            "message": f"另有 {n} 个问题未列出（{zh}）：先修正上面列出的问题，或检查这个文件是不是放错了文件夹",
            "message_en": f"{n} more problems not listed ({en}): fix those above first, or check whether "
                          f"this file belongs in this folder",
            "more": dict(counts)}


def capped(rows: list[dict], cap: int = PER_FILE) -> list[dict]:
    """At most `cap` problems per file, the rest counted in its one 'more' line (merged with earlier counts)."""
    kept, seen, more = [], Counter(), {}
    for r in rows:
        f = r["file"]
        if "more" in r:
            more.setdefault(f, Counter()).update(r["more"])
        elif seen[f] < cap:
            seen[f] += 1
            kept.append(r)
        else:
            more.setdefault(f, Counter())[r["severity"]] += 1
    return kept + [more_line(f, c) for f, c in more.items()]


def problems_frame(rows: list[dict]) -> pd.DataFrame:
    """The problems as a frame ordered by file, sheet and row; `row` is a nullable integer.

    `more` is, on a file's 'more' line, its counts by severity ({"error": 4950}) and None on every
    other row: severity_counts reads it."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["row"] = pd.array(df["row"].tolist(), dtype="Int64") if len(df) else pd.array([], dtype="Int64")
    for c in ("file", "sheet", "column", "severity", "message", "message_en"):
        df[c] = df[c].fillna("").astype(str)
    df["more"] = pd.Series([r.get("more") for r in rows], index=df.index, dtype=object)
    return df.sort_values(["file", "sheet", "row"], kind="stable", na_position="first").reset_index(drop=True)


def severity_counts(df: pd.DataFrame) -> dict[str, int]:
    """How many problems of each severity a problems frame stands for: one a row, and on a 'more'
    line the problems it counts instead of listing them. Every severity of SEVERITY_ORDER is a key."""
    out = Counter({s: 0 for s in SEVERITY_ORDER})
    more = df["more"] if "more" in df else [None] * len(df)
    for severity, counts in zip(df["severity"], more):
        if isinstance(counts, dict):
            out.update(counts)
        else:
            out[severity] += 1
    return dict(out)
