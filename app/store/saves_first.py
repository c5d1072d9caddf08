"""Saves go first: background work (a sync) pauses between its pieces while a save is under way.

Python runs one thread at a time. A save spends most of its time in SQLite and on the disk,
letting go of the interpreter many times, and each time must win it back from whatever else
is running; with a sync's reading, encoding and marking threads all busy, a kiosk's save of a
few milliseconds could take a hundred. So the sync asks here between pieces of its work, and
while a save on another thread is under way it waits, briefly, for it to end.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

LONGEST_WAIT_S = 0.25  # a sync never waits longer than this at one point, so saves back to back cannot stop it


class SavesFirst:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._saving: Counter[int] = Counter()  # thread id -> saves it has open (one inside another counts twice)
        self._giving_way = 0

    @contextmanager
    def saving(self) -> Iterator[None]:
        me = threading.get_ident()
        with self._changed:
            self._saving[me] += 1
        try:
            yield
        finally:
            with self._changed:
                self._saving[me] -= 1
                if not self._saving[me]:
                    del self._saving[me]
                    self._changed.notify_all()

    def give_way(self, longest: float = LONGEST_WAIT_S) -> None:
        """Wait while a save on another thread is under way, for at most ``longest`` seconds."""
        me = threading.get_ident()
        with self._changed:
            self._giving_way += 1
            try:
                self._changed.wait_for(lambda: not (self._saving.keys() - {me}), timeout=longest)
            finally:
                self._giving_way -= 1

    @property
    def giving_way(self) -> int:
        """Threads waiting for a save to end."""
        with self._changed:
            return self._giving_way
