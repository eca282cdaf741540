"""Header mapping for a file the floor could not read: its likely header row, a guess of which column
holds which field (the built-in aliases, by similarity), and the `[aliases]` TOML that says so.

Used by `python -m lib.cli mapping suggest FILE` and the mapping screen of the data-health page."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.floor.load.headers import DEFAULT_ALIASES, FIELD_ZH, NOT_GUESSED, REQUIRED, field_of, filled_rows
from lib.floor.load.values import is_blank, norm_header, number, text
from lib.floor.sources import FileRef, RawSheet, SourceError

SIMILAR = 0.5            # difflib ratio from which a header is guessed to name a field
# An English word shares letters with many others (DISPO and 'dials', DEAD and 'deal'): a guess
# from Latin letters alone must be much closer. Chinese characters carry meaning (成单数, 成功数).
SIMILAR_LATIN = 0.8
SLOTS = ("column", "title", "file")   # where the slot comes from: an hour column, the title line, the file name


@dataclass(frozen=True)
class Candidate:
    """A row that may be the header: its index in the sheet's rows and its labels by column."""

    index: int
    labels: dict[int, str]
    known: int        # cells an alias reads as a field
    score: float


def read_top(path: str | Path, sheet: str | None = None, rows: int = 40, table: str = "reports") -> RawSheet:
    """The first rows of a file's sheet (the first non-empty sheet, or `sheet`), read by the floor's readers."""
    from lib.floor.sources.local import read_file
    p = Path(path)
    ref = FileRef(table, p, p.name, p.stat().st_size, p.stat().st_mtime)
    for item in read_file(ref):
        if isinstance(item, SourceError):
            continue
        if sheet is not None and item.sheet != sheet:
            continue
        top = item.top(rows)
        if any(not is_blank(c) for r in top.rows for c in r):
            return top
    raise SourceError(ref.rel, f"没有可读的工作表{'：' + sheet if sheet else ''}",
                      f"no readable sheet{': ' + sheet if sheet else ''}")


def _is_label(v: Any) -> bool:
    if is_blank(v) or not isinstance(v, str):
        return False
    try:
        number(v)
        return False
    except (ValueError, TypeError):
        return True


def header_candidates(sheet: RawSheet, scan: int, aliases: dict[str, str]) -> list[Candidate]:
    """The rows among the top `scan` that may be the header, most likely first: the most cells an
    alias knows, then the most text cells (a header is words, the rows under it are figures)."""
    out = []
    for i, row in enumerate(filled_rows(sheet, scan)[:scan]):
        labels = {j: text(c) for j, c in enumerate(row) if not is_blank(c)}
        words = sum(_is_label(c) for c in row)
        if words < 2:
            continue   # a title line or a blank row
        known = len({f for c in row if (f := field_of(c, aliases))})
        out.append(Candidate(i, labels, known, known * 10 + words - 0.01 * i))
    return sorted(out, key=lambda c: -c.score)


def guess_fields(labels: dict[int, str], aliases: dict[str, str], table: str = "reports") -> dict[str, str]:
    """field -> the column label that holds it: a header an alias reads first, else the most similar
    built-in alias name (ratio >= SIMILAR); each column is given to one field at most."""
    out: dict[str, str] = {}
    for j, label in labels.items():
        f = field_of(label, aliases)
        if f and f not in out:
            out[f] = label
    used = set(out.values())
    scored = []
    for j, label in labels.items():
        h = norm_header(label)
        if label in used or h in NOT_GUESSED:
            continue
        for f, names in DEFAULT_ALIASES[table].items():
            if f in out:
                continue
            best = max(difflib.SequenceMatcher(None, h, norm_header(n)).ratio() for n in names)
            if best >= (SIMILAR_LATIN if h.isascii() else SIMILAR):
                scored.append((best, f, label))
    for _, f, label in sorted(scored, key=lambda s: -s[0]):
        if f not in out and label not in used:
            out[f] = label
            used.add(label)
    return out


def new_aliases(choices: dict[str, str | None], aliases: dict[str, str]) -> dict[str, list[str]]:
    """The `[aliases]` entries the choices need: a chosen column no alias reads as its field yet."""
    return {f: [label] for f, label in choices.items() if label and field_of(label, aliases) != f}


def mapping_toml(choices: dict[str, str | None], columns: list[str], aliases: dict[str, str],
                 slot: str = "column", cumulative: bool = False, table: str = "reports",
                 dated: bool = False) -> str:
    """The TOML a center adds to config.toml: an `[aliases]` line per field to map, a commented line
    listing the columns to choose from for a field not chosen, the slot's source and `cumulative`
    (`dated`: a title line or the file name gives the date, so no date column is needed)."""
    lines = ["[aliases]"]
    add = new_aliases(choices, aliases)
    fields = [f for f in DEFAULT_ALIASES[table] if not (f == "hour" and slot != "column")]
    required = [f for f in REQUIRED.get(table, []) if not (f == "date" and dated)]
    for f in fields:
        zh = FIELD_ZH.get(f, f)
        label = choices.get(f)
        if f in add:
            lines.append(f"{f} = [{_q(add[f][0])}]   # {zh}")
        elif label:
            lines.append(f"# {f}: {_q(label)} is read already   # {zh}")
        else:
            need = "required" if f in required else \
                "optional: the title line or the file name gives it" if f == "date" and dated else "optional"
            lines.append(f"# {f} = [\"…\"]   # {zh} ({need}): one of " + ", ".join(_q(c) for c in columns))
    if table == "reports":
        lines.append({"column": "# slot: from the hour column",
                      "title": "# slot: from the title line (no hour column mapped)",
                      "file": "# slot: from the file name (no hour column mapped)"}[slot])
        lines += ["", "[reports]", f"cumulative = {'true' if cumulative else 'false'}"]
    return "\n".join(lines) + "\n"


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
