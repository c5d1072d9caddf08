"""Run Python's garbage collector on the GUI thread only, and not while long work runs.

Left automatic, the collector can start on the store worker thread at the very moment the GUI
thread is tearing down a dialog, and then reads a half-destroyed Qt object and crashes the
app. So automatic collection is turned off and this collects on a timer on the GUI thread.

A collection holds Python's interpreter lock while it walks every object made since the last
one. While a report, export or sync runs, that is hundreds of thousands of objects, and a
kiosk's save would wait tens of milliseconds behind each walk (a quarter of a second for an
older generation). So while such work runs (:func:`deferring`, which the side pools use),
collecting waits; most of what the work made is freed as it goes anyway, and what is left is
collected once it ends. Past :data:`DEFERRED_LIMIT` objects it collects regardless, so memory
stays bounded.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500
DEFERRED_LIMIT = 1_000_000  # objects made and not yet freed, past which collection goes ahead

_lock = threading.Lock()
_deferring = 0


@contextmanager
def deferring() -> Iterator[None]:
    """While the block runs (on any thread), collection waits unless memory grows past the limit."""
    global _deferring
    with _lock:
        _deferring += 1
    try:
        yield
    finally:
        with _lock:
            _deferring -= 1


def collection_deferred() -> bool:
    """True while long work runs somewhere in the app."""
    return _deferring > 0


def collect_if_due() -> int:
    """Collect the oldest generation whose allocation count passed its threshold, unless long
    work runs; the generation collected, or -1."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if collection_deferred() and counts[0] < DEFERRED_LIMIT:
        return -1
    generation = -1
    for gen in range(3):
        if counts[gen] > thresholds[gen]:
            generation = gen
    if generation >= 0:
        gc.collect(generation)
    return generation


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start(interval_ms)
