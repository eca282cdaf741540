"""The canonical frames after the one validation boundary: column names and dtypes.

Everything downstream of `lib.load` relies on these and never re-parses a value.
- dates are `datetime64[ns]` at midnight (the floor's local date, no time zone);
- ids, names, groups, projects are plain `str` columns, "" where absent;
- figures are float64, NaN where a table does not give the figure (connected, sales, talk).

The floor's frames are frozen (`freeze`): nobody changes them, so a view computed from one (a
ranking at 11:00) may be kept for as long as the frame lives (lib.metrics does).
"""
from __future__ import annotations

import weakref

import pandas as pd

STR, FLOAT, INT, BOOL, DATE = "str", "float64", "int64", "bool", "datetime64[ns]"

SCHEDULE = {
    "date": DATE, "agent_id": STR, "name": STR, "group": STR,
    "role": STR,        # agent, lead, deputy_lead, senior_lead, director, manager, supervisor
    "shift": STR,       # the code as written (全天, 休, 值 ...)
    "shift_kind": STR,  # rest, full, morning, afternoon
    "working": BOOL,    # expected at work that day
    "duty": BOOL,       # the duty lead of the day
    "birthday": STR,    # the 生日 column's month and day, "MM-DD" ("" for none); never a year
}

PROJECTS = {
    "date": DATE, "group": STR, "project": STR, "script": STR,
    "target_rate": FLOAT, "target_handled": FLOAT,
}

REPORTS = {
    "date": DATE,
    "hour": INT,         # the slot's start hour: 9 for 09:00-10:00 (and for 09:30-10:00)
    "end_minute": INT,   # the slot's end in minutes after midnight: 600 for 09:00-10:00
    "start_minute": INT, # the slot's start in minutes after midnight: 540 for 09:00-10:00, 570 for 09:30-10:00
    "agent_id": STR, "name": STR,
    "group": STR,        # after the floor: the group the agent worked for (row's group, else roster's)
    "row_group": STR,    # the group the row itself names ("" when none)
    "home_group": STR,   # the roster's group that day ("" when the roster does not know the agent)
    "project": STR,
    "volume": FLOAT, "connected": FLOAT, "handled": FLOAT, "sales": FLOAT, "talk_seconds": FLOAT,
    "file": STR, "sheet": STR, "row": INT,   # where the row came from, for messages
    "mtime": FLOAT,      # the source file's modification time (duplicates: newest file wins)
}

# A report table with no slot anywhere (no hour column, title line or file name) is a day total: its
# rows carry hour 24 and a slot past midnight, so every "up to HH:MM" filter (end_minute <= minute:
# ranking, duty log, flags, wall) leaves them out while day and month sums count them.
DAY_TOTAL_START, DAY_TOTAL_END = 24 * 60, 24 * 60 + 1

TABLES = {"schedule": SCHEDULE, "projects": PROJECTS, "reports": REPORTS}

PROBLEMS = ["file", "sheet", "row", "column", "severity", "message"]


def _default(dtype: str):
    return {STR: "", FLOAT: float("nan"), INT: 0, BOOL: False}.get(dtype)


def _canonical(s: pd.Series, dtype: str) -> bool:
    """Whether a column already holds what conform() would make of it."""
    if dtype == STR:
        return isinstance(s.dtype, pd.StringDtype) and s.dtype == "str" and not s.hasnans
    return str(s.dtype) == dtype


def conform(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame with exactly the table's canonical columns, in order, with their dtypes."""
    spec = TABLES[table]
    out = {}
    n = len(df)
    for col, dtype in spec.items():
        if col in df.columns:
            s = df[col]
        elif col == "start_minute" and "hour" in df.columns:   # a frame built by hand: the hour's start
            s = pd.to_numeric(df["hour"], errors="coerce").fillna(0).astype("int64") * 60
        else:
            s = pd.Series([_default(dtype)] * n, index=df.index, dtype=object if dtype == STR else None)
        if _canonical(s, dtype):
            pass   # already so: a month of rows is not copied for nothing
        elif dtype == STR:
            s = s.fillna("").astype(str)
        elif dtype == DATE:
            s = pd.to_datetime(s).astype("datetime64[ns]")
        elif dtype == FLOAT:
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        elif dtype == INT:
            s = pd.to_numeric(s, errors="coerce").fillna(0).astype("int64")
        elif dtype == BOOL:
            s = s.fillna(False).astype(bool)
        out[col] = s
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


def compact(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text column in one piece: a month concatenated from daily files holds
    its text in one Arrow chunk per file, and every filter of it then costs several times more."""
    # A few chunks cost nothing measurable; 31 (a month of files) make the pages' filters and
    # groupings about a quarter slower.
    pieces = {c: s for c, s in df.items() if isinstance(s.dtype, pd.StringDtype)
              and getattr(getattr(s.array, "_pa_array", None), "num_chunks", 1) > 4}
    if not pieces:
        return df
    return df.assign(**{c: pd.array(s.array._pa_array.combine_chunks(), dtype=s.dtype) for c, s in pieces.items()})


_FROZEN: dict[int, weakref.ref] = {}


def freeze(df: pd.DataFrame) -> pd.DataFrame:
    """Mark a frame that is never changed (the floor's), so views computed from it can be kept."""
    key = id(df)
    _FROZEN[key] = weakref.ref(df, lambda _: _FROZEN.pop(key, None))
    return df


def frozen(df: object) -> bool:
    """Whether this very frame was frozen (and is still alive)."""
    ref = _FROZEN.get(id(df))
    return ref is not None and ref() is df


def empty(table: str) -> pd.DataFrame:
    """An empty frame of the table's canonical shape."""
    return conform(pd.DataFrame(), table)
