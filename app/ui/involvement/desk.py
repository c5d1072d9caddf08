"""The window's involvement work: a member's involvement log (from People) and the claims for
finance (from the menu).

Everything that touches the store runs on the worker (in the windows it opens); this object
only decides which window to show. Suggested wiring: People's "Involvement log…" button calls
:meth:`InvolvementDesk.open_log` with the chosen person; a menu item "Claims for finance…"
calls :meth:`InvolvementDesk.open_claims`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.ui.common.desk import Desk
from app.ui.common.remembered_geometry import RememberedGeometry

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace
    from app.ui.involvement.claims_window import ClaimsWindow
    from app.ui.involvement.log_window import LogWindow


class InvolvementDesk(Desk):
    sig_window_open = Signal(object)
    """An involvement log or the claims window is showing (the window)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.log_window: LogWindow | None = None
        self.claims_window: ClaimsWindow | None = None
        workspace.sig_store_changed.connect(self._store_changed)

    def _store_changed(self, store: Store | None) -> None:
        """The store was closed or replaced: a window reading the old one closes."""
        for window in (self.log_window, self.claims_window):
            if window is not None and window.store is not store:
                window.close()

    def open_log(self, person_id: str, name: str) -> None:
        """The involvement log of one member (People's "Involvement log…")."""
        store = self.store
        if store is None:
            return
        window = self.log_window
        if window is not None and (window.store is not store or window.person_id != person_id):
            window.close()
            window = self.log_window
        if window is None:
            from app.ui.involvement.log_window import LogWindow

            window = self.log_window = LogWindow(self.owner, store=store, tasks=self.tasks, person_id=person_id,
                                                 name=name)
            window.sig_message.connect(self.sig_message)
            window.finished.connect(self._log_closed)
            RememberedGeometry(window, self.workspace.settings, "involvement_log_geometry")
        else:
            window.refresh()
        self._bring_up(window)

    def open_claims(self) -> None:
        """Every member's claims, for finance (the menu item "Claims for finance…")."""
        store = self.store
        if store is None:
            return
        window = self.claims_window
        if window is not None and window.store is not store:
            window.close()
            window = self.claims_window
        if window is None:
            from app.ui.involvement.claims_window import ClaimsWindow

            window = self.claims_window = ClaimsWindow(self.owner, store=store, tasks=self.tasks)
            window.sig_message.connect(self.sig_message)
            window.finished.connect(self._claims_closed)
            RememberedGeometry(window, self.workspace.settings, "claims_window_geometry")
        else:
            window.refresh()
        self._bring_up(window)

    def _bring_up(self, window: QDialog) -> None:
        window.show()
        window.raise_()
        window.activateWindow()
        self.sig_window_open.emit(window)

    def _log_closed(self, _result: int) -> None:
        window, self.log_window = self.log_window, None
        if window is not None:
            window.deleteLater()

    def _claims_closed(self, _result: int) -> None:
        window, self.claims_window = self.claims_window, None
        if window is not None:
            window.deleteLater()
