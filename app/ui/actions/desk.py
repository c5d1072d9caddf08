"""The window's "you said, we did" work: an event's actions from its page, and every event's from the menu.

Everything that touches the store runs on the worker (in the window it opens); this object
only decides which window to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.ui.common.desk import Desk
from app.ui.common.remembered_geometry import RememberedGeometry

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.actions.window import ActionsWindow
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace


class ActionsDesk(Desk):
    sig_window_open = Signal(object)
    """The actions window is showing (the window)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.window: ActionsWindow | None = None
        page.sig_actions.connect(self.open_for_event)  # the event page's "Actions…" button
        workspace.sig_store_changed.connect(self._store_changed)

    def _store_changed(self, store: Store | None) -> None:
        """The store was closed or replaced: a window reading the old one closes."""
        if self.window is not None and self.window.store is not store:
            self.window.close()

    def open_for_event(self, event_id: str) -> None:
        """The actions agreed for the event on show."""
        record = self.page.record
        if record is None or record.id != event_id:
            return
        self._open(event_id, record.name)

    def open_all(self) -> None:
        """Actions across events (the menu item "Actions across events…")."""
        self._open(None, "")

    def _open(self, event_id: str | None, name: str) -> None:
        store = self.workspace.store
        if store is None:
            return
        if self.window is not None and self.window.store is not store:
            self.window.close()
        if self.window is None:
            from app.ui.actions.window import ActionsWindow

            organisation, _contact = self.workspace.organisation()
            self.window = ActionsWindow(self.owner, store=store, tasks=self.tasks, event_id=event_id,
                                        event_name=name, organisation=organisation)
            self.window.sig_message.connect(self.sig_message)
            self.window.finished.connect(self._closed)
            RememberedGeometry(self.window, self.workspace.settings, "actions_window_geometry")
        elif (self.window.event_id, self.window.event_name) != (event_id, name):
            self.window.show_scope(event_id, name)
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
