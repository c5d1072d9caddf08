"""The window's "Who should we involve?" work: one window, opened from the menu.

Everything that touches the store runs on the worker (in the window it opens); this object only
decides which window to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.ui.common.desk import Desk
from app.ui.common.remembered_geometry import RememberedGeometry

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace
    from app.ui.finding.window import WhoToInvolveWindow


class FindingDesk(Desk):
    sig_window_open = Signal(object)
    """The "Who should we involve?" window is showing (the window)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.window: WhoToInvolveWindow | None = None
        workspace.sig_store_changed.connect(self._store_changed)

    def _store_changed(self, store: Store | None) -> None:
        """The store was closed or replaced: a window reading the old one closes."""
        if self.window is not None and self.window.store is not store:
            self.window.close()

    def open_who_to_involve(self) -> None:
        """The menu item "Who should we involve?…"."""
        store = self.workspace.store
        if store is None:
            return
        if self.window is not None and self.window.store is not store:
            self.window.close()
        if self.window is None:
            from app.ui.finding.window import WhoToInvolveWindow

            self.window = WhoToInvolveWindow(self.owner, store=store, tasks=self.tasks)
            self.window.sig_message.connect(self.sig_message)
            self.window.finished.connect(self._closed)
            RememberedGeometry(self.window, self.workspace.settings, "who_to_involve_window_geometry")
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self.window.topic.setFocus()
        self.sig_window_open.emit(self.window)

    def _closed(self, _result: int) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
