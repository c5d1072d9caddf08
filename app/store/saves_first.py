"""Saves go first: background work (a sync) pauses between its pieces while a save is under way.

Python runs one thread at a time. A save spends most of its time in SQLite and on the disk,
letting go of the interpreter many times, and each time must win it back from whatever else
is running; with a sync's reading, encoding and marking threads all busy, a kiosk's save of a
few milliseconds could take a hundred. So the sync asks here between pieces of its work, and
while a save on another thread is under way it waits, briefly, for it to end.

A sync's marks (its notes that the centre holds a row) are writes, and a save arriving during
one waits for it, however short. So they wait for the saves to be quiet: until none has been
made for a moment (saves come in runs: a kiosk's answers, a sheet typed in), and at most half
a minute in all, so that a store saving without a break still gets them.

Pauses are not enough on their own: a sync's work (reading and encoding batches here, the
centre writing them) keeps the machine's cores busy, and a save whose thread is ready to run
then waits for a core, several milliseconds at a time. So while saves come in
(:meth:`SavesFirst.coming_in`), the sync sends no batch until they are quiet, and then one at
a time rather than two; within the same half minute in all, after which it goes at full speed.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

LONGEST_WAIT_S = 0.25  # a sync never waits longer than this at one point, so saves back to back cannot stop it
QUIET_S = 0.25  # saves this far apart are one run of them
# A sync's marks wait no longer than this, in all, for the saves to be quiet: saves come minutes
# apart at a kiosk, seconds apart as paper is typed in; never this long back to back.
LONGEST_QUIET_WAIT_S = 30.0


class SavesFirst:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._saving: Counter[int] = Counter()  # thread id -> saves it has open (one inside another counts twice)
        self._giving_way = 0
        self._ended: dict[int, float] = {}  # thread id -> time.monotonic() when its last save ended
        self.quiet = QUIET_S

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
                    now = self._ended[me] = time.monotonic()
                    for thread, ended in list(self._ended.items()):  # threads come and go
                        if now - ended > LONGEST_QUIET_WAIT_S:
                            del self._ended[thread]
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

    def coming_in(self, *, except_by: int | None = None) -> bool:
        """True while a save on another thread is under way, or ended less than ``self.quiet``
        seconds ago (a run of them goes on). Saves by the thread ``except_by`` do not count."""
        ignored = {threading.get_ident(), except_by}
        with self._changed:
            if self._saving.keys() - ignored:
                return True
            last = max((t for thread, t in self._ended.items() if thread not in ignored), default=None)
            return last is not None and time.monotonic() - last < self.quiet

    def wait_for_quiet(self, longest: float = LONGEST_QUIET_WAIT_S, *, except_by: int | None = None) -> bool:
        """Wait until no save on another thread has been under way for ``self.quiet`` seconds, for
        at most ``longest`` seconds. True when the saves are quiet; False when the wait ran out.

        Saves by the thread ``except_by`` (a ``threading.get_ident()``) do not count: the sync's
        own, made just before it sends.
        """
        ignored, quiet = {threading.get_ident(), except_by}, self.quiet
        deadline = time.monotonic() + longest
        with self._changed:
            self._giving_way += 1
            try:
                while True:
                    now = time.monotonic()
                    saving = bool(self._saving.keys() - ignored)
                    since = now - max((t for thread, t in self._ended.items() if thread not in ignored),
                                      default=-float("inf"))
                    if not saving and since >= quiet:
                        return True
                    if now >= deadline:
                        return False
                    # Woken when a save ends; otherwise when the quiet would be long enough.
                    self._changed.wait(min(deadline, now + (quiet if saving else quiet - since)) - now)
            finally:
                self._giving_way -= 1

    @property
    def giving_way(self) -> int:
        """Threads waiting for a save to end."""
        with self._changed:
            return self._giving_way
