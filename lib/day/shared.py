"""Values computed once per key and shared by every session of the process: pure, thread-safe, bounded.

The wall screen's board (lib/ui/wall.py `shared_board`) is the same for every screen that shows the
same floor at the same moment; a hundred sessions asking for it at one tick get one computation:
the first computes it, the others wait for that one and take its result. A value kept here is
shared: nobody may change it.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Generic, TypeVar

V = TypeVar("V")


class Shared(Generic[V]):
    """The last `keep` values by key; a key being computed is computed once, its other askers wait."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.made = 0    # values computed (the tests and the benchmark count them)
        self._lock = threading.Lock()
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._making: dict[Hashable, Future] = {}

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value of `key`: kept, else the one being computed for another session, else make()'s."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            pending = self._making.get(key)
            if pending is None:
                pending = self._making[key] = Future()
                mine = True
            else:
                mine = False
        if not mine:
            return pending.result()   # computed by the session that asked first
        try:
            value = make()
        except BaseException as e:   # the waiting sessions get the same error, and the next ask tries again
            with self._lock:
                self._making.pop(key, None)
            pending.set_exception(e)
            raise
        with self._lock:
            self.made += 1
            self._making.pop(key, None)
            self._put(key, value)
        pending.set_result(value)
        return value

    def put(self, key: Hashable, value: V) -> None:
        """Keep a value computed on the way to another (the first board of a tick tells its page count)."""
        with self._lock:
            self._put(key, value)

    def peek(self, key: Hashable) -> V | None:
        """The value kept for `key`, or None: never computes."""
        with self._lock:
            return self._values.get(key)

    def clear(self) -> None:
        """Forget every value (tests)."""
        with self._lock:
            self._values.clear()
            self.made = 0

    def _put(self, key: Hashable, value: V) -> None:
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self.keep:
            self._values.popitem(last=False)
