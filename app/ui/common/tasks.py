"""Running store work off the GUI thread and bringing the answer back to it.

All store work goes through one single-thread pool, so writes happen one at a time and
in the order asked. The work function must not touch widgets; its result (or the exception
it raised) is delivered to the callbacks on the GUI thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call back here."""

    sig_finished = Signal(bool, object)
    """The work ended: (succeeded, result or exception)."""
    sig_progress = Signal(object)
    """A progress report from long work, such as a sync."""


class Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # sent back to the GUI thread, which decides what to say
            # Where it failed, but not the message: messages can quote what a person typed.
            log.error("background work failed: %s\n%s", type(error).__name__,
                      "".join(traceback.format_tb(error.__traceback__)).rstrip())
            self.relay.sig_finished.emit(False, error)
        else:
            self.relay.sig_finished.emit(True, result)


class StoreTasks(QObject):
    """A queue of store work run one at a time on a worker thread."""

    sig_busy_changed = Signal(bool)
    """True while any store work is queued or running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending: set[Relay] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        relay = Relay()
        self._pending.add(relay)

        @Slot(bool, object)
        def finished(ok: bool, payload: object) -> None:
            self._pending.discard(relay)
            relay.deleteLater()
            if not shiboken6.isValid(self):  # the window that owned this queue has gone
                return
            if not self._pending:
                self.sig_busy_changed.emit(False)
            if ok and on_success is not None:
                on_success(payload)
            elif not ok and on_failure is not None:
                on_failure(payload)  # type: ignore[arg-type]

        relay.sig_finished.connect(finished)
        if len(self._pending) == 1:
            self.sig_busy_changed.emit(True)
        self._pool.start(Job(work, relay))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (used when closing)."""
        return self._pool.waitForDone(msecs)


def while_alive(widget: QObject, callback: Callable[[Any], None] | None) -> Callable[[Any], None] | None:
    """``callback``, skipped if ``widget`` was closed and deleted before the worker answered."""
    if callback is None:
        return None
    return lambda value: None if not shiboken6.isValid(widget) else callback(value)
