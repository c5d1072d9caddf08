"""Checking and backing up the open store once the window is ready, on a thread of its own.

Both grow with the store (a year's data takes seconds), so they are not done before the events
are listed. The check reads a snapshot and the backup copies one, so neither holds up a save.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.i18n import _
from app.store import StoreUnreadable
from app.ui.common.tasks import TaskPool

if TYPE_CHECKING:
    from app.store.store import Store

log = logging.getLogger(__name__)


class StoreCare(QObject):
    sig_done = Signal(object)
    """The store passed its check; the LookedAfter says whether a backup was made."""
    sig_damaged = Signal(object)
    """The check found damage: the StoreUnreadable, offering the newest backup."""
    sig_problem = Signal(str)
    """The backup could not be made (a full disk, say): a sentence for the status bar."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = TaskPool(self, threads=1)

    def start(self, store: Store, backups_to_keep: int) -> None:
        self._pool.run(lambda: store.look_after(backups_to_keep), self.sig_done.emit, self._failed)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, StoreUnreadable):
            self.sig_damaged.emit(error)
            return
        log.error("looking after the store failed: %s", type(error).__name__)
        self.sig_problem.emit(_("Involve could not back up its data this time ({reason}). Your data is as it was; "
                                "if this happens again, tell your IT team.").format(
                                    reason=getattr(error, "strerror", None) or type(error).__name__))

    def wait(self) -> None:
        """Let a check or backup under way finish (when the window closes)."""
        self._pool.wait()
