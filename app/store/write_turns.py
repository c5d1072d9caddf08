"""Writers to the store take turns in the order they asked.

SQLite lets one writer in at a time and makes the others poll, backing off up to 100 ms between
tries. A thread committing back to back (a sync marking batch after batch as sent) can then
keep a kiosk's save waiting for seconds, each poll finding the lock taken again. Within the app,
writers instead queue here, first come first served, so a save waits for at most the write
already under way. Other processes (the command line while the app is open) still meet
SQLite's own busy handling.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class TurnTimeout(Exception):
    """No turn came within the time allowed."""


class WriteTurns:
    """A first-come, first-served lock a thread may take again while it holds it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._waiting: deque[int] = deque()
        self._owner: int | None = None
        self._depth = 0

    def acquire(self, timeout: float) -> None:
        me = threading.get_ident()
        with self._changed:
            if self._owner == me:
                self._depth += 1
                return
            self._waiting.append(me)
            deadline = time.monotonic() + timeout
            while self._owner is not None or self._waiting[0] != me:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._waiting.remove(me)
                    self._changed.notify_all()
                    raise TurnTimeout
                self._changed.wait(left)
            self._waiting.popleft()
            self._owner, self._depth = me, 1

    @property
    def queued(self) -> int:
        """Threads waiting for a turn."""
        with self._changed:
            return len(self._waiting)

    def release(self) -> None:
        with self._changed:
            if self._owner != threading.get_ident():
                return
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self._changed.notify_all()
