"""Results of pure rules kept per input, process-wide: a page's rerun that asks the same question of the
same data costs a lookup.

An argument is keyed by what says it is the same: the floor's frozen frames (lib.floor.schema.freeze)
and any other object that is not a value (a `Floor`, the settings) by identity, held weakly (a new
floor, after a file changed, is a new key and the old entry dies with its floor); another frame (a
store read, which is a new frame on every read) by a digest of its content; anything hashable by
value. A frame a kept rule returns is frozen, so the views lib.floor.metrics keeps per frozen frame
are kept on it too. Everything returned is shared by every session: never change it.
"""
from __future__ import annotations

import functools
import hashlib
import threading
import weakref
from collections import OrderedDict

import pandas as pd

from lib.floor.schema import freeze, frozen

STATS = {"computed": 0, "kept": 0}   # results computed anew / answered from a kept one
_LOCK = threading.Lock()


def digest(frame: pd.DataFrame | pd.Series) -> tuple:
    """A frame's content as a key: its shape, columns, dtypes and a hash of every value and label in order."""
    rows = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    shape = (tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes))) if isinstance(frame, pd.DataFrame) \
        else (str(frame.name), str(frame.dtype))
    return (len(frame), shape, hashlib.blake2b(rows.tobytes(), digest_size=16).hexdigest())


def _part(value: object, held: list) -> tuple:
    """One argument's part of the key; objects keyed by identity go to `held` (weak references)."""
    if isinstance(value, pd.DataFrame | pd.Series):
        if frozen(value):
            held.append(weakref.ref(value))
            return ("frame", id(value))
        return ("digest", digest(value))
    try:
        hash(value)
        return ("value", value)
    except TypeError:
        held.append(weakref.ref(value))   # TypeError for an object without weak references: not kept
        return ("object", id(value))


def kept(size: int = 8):
    """Keep the last `size` results of a pure function per its arguments (see the module's note)."""
    def wrap(fn):
        results: OrderedDict[tuple, tuple[list, object]] = OrderedDict()

        @functools.wraps(fn)
        def keeper(*args, **kwargs):
            held: list = []
            try:
                key = (tuple(_part(a, held) for a in args),
                       tuple((k, _part(v, held)) for k, v in sorted(kwargs.items())))
            except TypeError:   # an argument that can be neither hashed nor weakly referenced
                return fn(*args, **kwargs)
            with _LOCK:
                hit = results.get(key)
                # an id is only the same object while that object lives: check every one still does
                if hit is not None and all(r() is not None for r in hit[0]):
                    results.move_to_end(key)
                    STATS["kept"] += 1
                    return hit[1]
            out = fn(*args, **kwargs)
            if isinstance(out, pd.DataFrame) and not frozen(out):
                out = freeze(out)
            with _LOCK:
                STATS["computed"] += 1
                for k in [k for k, (refs, _) in results.items() if any(r() is None for r in refs)]:
                    del results[k]   # entries of frames and floors gone: their ids may come back
                results[key] = (held, out)
                while len(results) > size:
                    results.popitem(last=False)
            return out

        keeper.clear = results.clear   # tests
        return keeper
    return wrap
