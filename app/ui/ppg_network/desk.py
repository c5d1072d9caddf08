"""The window's PPG network: opens the one window that shows every practice's Patient
Participation Group. Everything that touches the store runs on the worker, in the window."""

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
    from app.ui.ppg_network.window import PpgNetworkWindow

GEOMETRY_KEY = "ppg_network_window_geometry"


class PpgNetworkDesk(Desk):
    sig_window_open = Signal(object)
    """The PPG network window is showing (the window)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.window: PpgNetworkWindow | None = None
        workspace.sig_store_changed.connect(self._store_changed)

    def _store_changed(self, store: Store | None) -> None:
        """The store was closed or replaced: a window reading the old one closes."""
        if self.window is not None and self.window.store is not store:
            self.window.close()

    def open(self) -> None:
        """Show the PPG network (the menu item "PPG network…"); read afresh if already open."""
        store = self.workspace.store
        if store is None:
            return
        if self.window is not None and self.window.store is not store:
            self.window.close()
        if self.window is None:
            from app.ui.ppg_network.window import PpgNetworkWindow

            self.window = PpgNetworkWindow(self.owner, store=store, tasks=self.tasks)
            self.window.finished.connect(self._closed)
            RememberedGeometry(self.window, self.workspace.settings, GEOMETRY_KEY)
        else:
            self.window.refresh()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self.window.table.setFocus()
        self.sig_window_open.emit(self.window)

    def _closed(self, _result: int) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
