"""Running work off the GUI thread and bringing the answer back to it.

One type, :class:`TaskPool`, for all of it. The window's store queue is a pool of one thread,
so writes happen one at a time and in the order asked; side work (reaching the centre,
counting, a sync, drawing a report) runs on pools of its own so it never holds up a save.
The work function must not touch widgets; its result (or the exception it raised) is
delivered to the callbacks on the GUI thread.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.ui.common.gc_guard import deferring

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.store import Store

log = logging.getLogger(__name__)


class Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call back here."""

    sig_finished = Signal(bool, object)
    """The work ended: (succeeded, result or exception)."""
    sig_progress = Signal(object)
    """A progress report from long work, such as a sync."""


class Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: Relay, *, long: bool = False) -> None:
        super().__init__()
        self.work = work
        self.relay = relay
        self.long = long

    def run(self) -> None:
        try:
            with deferring() if self.long else contextlib.nullcontext():
                result = self.work()
        except Exception as error:  # noqa: BLE001 - sent back to the GUI thread, which decides what to say
            # Where it failed, but not the message: messages can quote what a person typed.
            log.error("background work failed: %s\n%s", type(error).__name__,
                      "".join(traceback.format_tb(error.__traceback__)).rstrip())
            self.relay.sig_finished.emit(False, error)
        else:
            self.relay.sig_finished.emit(True, result)


class TaskPool(QObject):
    """Work run on ``threads`` worker threads, answered on the GUI thread."""

    sig_busy_changed = Signal(bool)
    """True while any work is queued or running."""

    def __init__(self, parent: QObject | None = None, *, threads: int = 1, long_work: bool = False) -> None:
        """``long_work``: for pools of side work (reports, exports, sync) whose jobs make many
        objects; garbage collection waits while they run (see gc_guard)."""
        super().__init__(parent)
        self._long = long_work
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._pending: set[Relay] = set()

    def run(self, work: Callable[..., Any],
            on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[Exception], None] | None = None,
            *, on_progress: Callable[[Any], None] | None = None) -> None:
        """Run ``work()`` on the pool; with ``on_progress``, ``work(report)`` may call ``report(x)``."""
        relay = Relay()
        self._pending.add(relay)

        @Slot(bool, object)
        def finished(ok: bool, payload: Any) -> None:
            self._pending.discard(relay)
            relay.deleteLater()
            if not shiboken6.isValid(self):  # the window that owned this pool has gone
                return
            if not self._pending:
                self.sig_busy_changed.emit(False)
            if ok and on_success is not None:
                on_success(payload)
            elif not ok and on_failure is not None:
                on_failure(payload)

        relay.sig_finished.connect(finished)
        if len(self._pending) == 1:
            self.sig_busy_changed.emit(True)
        if on_progress is not None:
            relay.sig_progress.connect(on_progress)
            self._pool.start(Job(lambda: work(relay.sig_progress.emit), relay, long=self._long))
        else:
            self._pool.start(Job(work, relay, long=self._long))

    def run_in_session(self, store: Store, read_or_write: Callable[..., Any], /, *args: Any,
                       on_success: Callable[[Any], None] | None = None,
                       on_failure: Callable[[Exception], None] | None = None, **kwargs: Any) -> None:
        """Run ``read_or_write(session, *args, **kwargs)`` in one store session (one transaction)."""

        def work() -> Any:
            session: Session
            with store.session() as session:
                return read_or_write(session, *args, **kwargs)

        self.run(work, on_success, on_failure)

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
