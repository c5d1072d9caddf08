"""The window's work with the health network's organisations: opens the Organisations window.

Everything that touches the store runs on the worker (in the window it opens); this object
only decides which window to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.ui.common.desk import Desk

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace
    from app.ui.network.organisations_window import OrganisationsWindow


class OrganisationsDesk(Desk):
    sig_window_open = Signal(object)
    """The Organisations window is showing (the window)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.window: OrganisationsWindow | None = None
        workspace.sig_store_changed.connect(self._store_changed)

    def _store_changed(self, store: Store | None) -> None:
        """The store was closed or replaced: a window reading the old one closes."""
        if self.window is not None and self.window.store is not store:
            self.window.close()

    def open(self) -> None:
        """The Organisations window (the menu item "Organisations…")."""
        store = self.workspace.store
        if store is None:
            return
        if self.window is not None and self.window.store is not store:
            self.window.close()
        if self.window is None:
            from app.ui.network.organisations_window import OrganisationsWindow

            self.window = OrganisationsWindow(self.owner, store=store, tasks=self.tasks,
                                              settings=self.workspace.settings)
            self.window.sig_message.connect(self.sig_message)
            self.window.finished.connect(self._closed)
        else:
            self.window.search_now()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self.window.search.setFocus()
        self.sig_window_open.emit(self.window)

    def _closed(self, _result: int) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
