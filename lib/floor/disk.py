"""Each input file's parse kept on disk: a start reads the cache for unchanged files and parses the rest.

One Arrow IPC file (lz4) per parse, named by a hash of (table, path, size, mtime, the parse's
settings) inside a folder named by the loader's version — a hash of the loader's own source
files, so a changed loader never reads an old parse. The file's schema metadata holds the parse's
problems, its sheet lines and its dates, so that a floor can learn which files hold which days
without reading their rows.

The cache is disposable: deleting it only costs time. It is safe when processes start together:
each writes a file of its own and renames it into place (`os.replace` is atomic), so a reader
sees a whole entry or none; an entry that cannot be read (cut short by a kill, a disk full) is
deleted and parsed again. Nothing here is trusted as code: entries are Arrow and JSON, never pickle.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from lib.floor.schema import conform

log = logging.getLogger(__name__)
_HERE = Path(__file__).resolve().parent
STATS = {"hits": 0, "writes": 0, "broken": 0}
_warned: set[str] = set()
_used: set[Path] = set()   # the cache folders this process read or wrote (forget_all)


@dataclass(frozen=True)
class Entry:
    """A file's parse as kept: its rows (None when the file gave none), problems, sheet lines, dates."""

    frame: pd.DataFrame | None
    problems: list[dict]
    sheets: list[dict]
    first: dt.date | None
    last: dt.date | None


@lru_cache(maxsize=1)
def loader_version() -> str:
    """A hash of the code that turns a file into frames: the loader, the readers and the schema."""
    files = sorted((_HERE / "load").glob("*.py")) + sorted((_HERE / "sources").glob("*.py")) + [
        _HERE / "schema.py", _HERE / "disk.py"]
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def entry_path(cache_dir: Path, key: tuple) -> Path:
    """Where the parse of one file (its key: table, path, size, mtime, parse settings) is kept."""
    _used.add(Path(cache_dir))
    return Path(cache_dir) / f"v-{loader_version()}" / (hashlib.sha256(repr(key).encode()).hexdigest()[:40] + ".arrow")


def _json_default(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return {"__date__": v.isoformat()[:10]}
    if hasattr(v, "item"):   # a numpy number
        return v.item()
    return str(v)


def _json_hook(d: dict):
    return dt.date.fromisoformat(d["__date__"]) if set(d) == {"__date__"} else d


def write(cache_dir: Path, key: tuple, table: str, entry: Entry) -> bool:
    """Keep a parse (True when kept); a cache that cannot be written is only a slower next start
    (said once in the log)."""
    path = entry_path(cache_dir, key)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _table(entry.frame if entry.frame is not None else pd.DataFrame())
        meta = {"key": repr(key), "table": table, "has_frame": entry.frame is not None,
                "problems": entry.problems, "sheets": entry.sheets, "first": entry.first, "last": entry.last}
        data = data.replace_schema_metadata({b"teamboard": json.dumps(meta, default=_json_default,
                                                                      ensure_ascii=False).encode()})
        # One thread: a file's frame is small, Arrow's pool costs more than it saves, and the floor
        # already parses files on threads of its own.
        with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(
                sink, data.schema, options=pa.ipc.IpcWriteOptions(compression="lz4", use_threads=False)) as w:
            w.write_table(data)
        os.replace(tmp, path)
        STATS["writes"] += 1
        return True
    except Exception as exc:   # never the floor's fault: the file's rows are in memory all the same
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        if str(cache_dir) not in _warned:
            _warned.add(str(cache_dir))
            log.warning("cannot keep parsed files in %s (%s): every start parses every file", cache_dir, exc)
        return False


def _table(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table: its Arrow text columns and its numbers as they are (a third of the
    cost of Table.from_pandas and its pandas metadata, paid for each file of a cold start); read back,
    text comes as the "str" dtype (`_STR`) and conform() gives the rest its canonical dtype."""
    try:   # the columns' arrays without a Series made for each (that costs more than the rest here)
        arrays = [frame._mgr.iget_values(i) for i in range(frame.shape[1])]
    except AttributeError:   # another pandas
        arrays = [s.array for _, s in frame.items()]
    arrays = [np.asarray(a) if isinstance(a, pd.arrays.DatetimeArray) and a.tz is None else a for a in arrays]
    if not frame.columns.is_unique or not all(
            hasattr(a, "_pa_array") or (isinstance(a, np.ndarray) and a.dtype.kind in "biufM") for a in arrays):
        return pa.Table.from_pandas(frame, preserve_index=False, nthreads=1)
    return pa.table({str(c): a._pa_array if hasattr(a, "_pa_array") else pa.array(a)
                     for c, a in zip(frame.columns, arrays)})


_STR = {pa.string(): pd.StringDtype("pyarrow", na_value=float("nan")),
        pa.large_string(): pd.StringDtype("pyarrow", na_value=float("nan"))}


def _open(cache_dir: Path, key: tuple):
    path = entry_path(cache_dir, key)
    if not path.exists():
        return None, None, path
    try:
        reader = pa.ipc.open_file(pa.memory_map(str(path)))
        meta = json.loads(reader.schema.metadata[b"teamboard"], object_hook=_json_hook)
        if meta["key"] != repr(key):   # two keys with one hash: as good as absent
            return None, None, path
        return reader, meta, path
    except Exception:   # cut short by a kill, or not ours: parsed again and written anew
        _broken(path)
        return None, None, path


def _broken(path: Path) -> None:
    STATS["broken"] += 1
    log.warning("parse cache entry %s unreadable: parsing the file again", path.name)
    try:
        path.unlink()
    except OSError:
        pass


def exists(cache_dir: Path, key: tuple) -> bool:
    """Whether a parse is kept (its rows can be read back instead of held)."""
    return entry_path(cache_dir, key).exists()


def read_meta(cache_dir: Path, key: tuple) -> Entry | None:
    """A kept parse without its rows (problems, sheet lines, dates), or None: reads only the file's footer."""
    reader, meta, _ = _open(cache_dir, key)
    if meta is None:
        return None
    return Entry(None, meta["problems"], meta["sheets"], meta["first"], meta["last"])


def read(cache_dir: Path, key: tuple, table: str) -> Entry | None:
    """A kept parse with its rows in the table's canonical shape, or None when there is none to read."""
    reader, meta, path = _open(cache_dir, key)
    if meta is None:
        return None
    try:
        frame = conform(reader.read_all().to_pandas(use_threads=False, types_mapper=_STR.get), table) \
            if meta["has_frame"] else None
    except Exception:
        _broken(path)
        return None
    STATS["hits"] += 1
    return Entry(frame, meta["problems"], meta["sheets"], meta["first"], meta["last"])


def forget_all() -> None:
    """Delete the kept parses of every cache folder this process used (a cold start on purpose)."""
    import shutil
    for folder in list(_used):
        shutil.rmtree(folder / f"v-{loader_version()}", ignore_errors=True)
