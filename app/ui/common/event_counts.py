"""Reading figures for the event on show, on the worker, one read at a time.

The event page refreshes its figures every few seconds and after each save; a read asked
for while one is under way is done once more when it ends, since the one under way may
have started before the latest save.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.tasks import TaskPool

log = logging.getLogger(__name__)


class EventCountsReader:
    def __init__(self, tasks: TaskPool, page: EventPage, *, what: str,
                 read: Callable[[Session, str], Any], show: Callable[[Any], None],
                 shown: Callable[[str], None]) -> None:
        self.tasks, self.page, self.what = tasks, page, what
        self.read, self.show, self.shown = read, show, shown
        self.store: Store | None = None
        self._reading = self._read_again = False

    def refresh(self) -> None:
        record = self.page.record
        if self.store is None or record is None:
            return
        if self._reading:
            self._read_again = True
            return
        self._reading, self._read_again = True, False
        event_id = record.id

        def done(counts: Any) -> None:
            current = self.page.record
            if current is not None and current.id == event_id:
                self.show(counts)
                self.shown(event_id)
            self._finished()

        def failed(error: Exception) -> None:
            # Read again on the next tick; a message every few seconds would help nobody.
            log.warning("could not count %s (%s)", self.what, type(error).__name__)
            self._finished()

        self.tasks.run_in_session(self.store, self.read, event_id, on_success=done, on_failure=failed)

    def _finished(self) -> None:
        self._reading = False
        if self._read_again and self.store is not None:
            self.refresh()
