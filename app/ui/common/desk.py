"""What every feature's controller on the main window has: the workspace, the event page, its owner."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace


W = TypeVar("W", bound=QDialog)  # a window with the ``store`` it reads


class Desk(QObject):
    """One feature's work in the main window. It is handed what it needs; it never asks another feature."""

    sig_message = Signal(str)
    """A short message for the status bar."""

    def __init__(self, workspace: Workspace, page: EventPage, owner: QWidget) -> None:
        super().__init__(owner)
        self.workspace = workspace
        self.tasks = workspace.tasks
        self.page = page
        self.owner = owner

    @property
    def store(self) -> Store | None:
        """The open store (``None`` while none is open)."""
        return self.workspace.store


class OneWindowDesk(Desk, Generic[W]):
    """A feature with one window of its own: made when first asked for, shown and raised after
    that, closed when the store it reads is closed or replaced, and let go once closed."""

    sig_window_open = Signal(object)
    """The feature's window is showing (the window)."""

    def __init__(self, workspace: Workspace, page: EventPage, owner: QWidget) -> None:
        super().__init__(workspace, page, owner)
        self.window: W | None = None
        workspace.sig_store_changed.connect(self._store_changed)

    def _store_changed(self, store: Store | None) -> None:
        if self.window is not None and getattr(self.window, "store", None) is not store:
            self.window.close()

    def show_window(self, make: Callable[[Store], W], focus: Callable[[W], QWidget],
                    again: Callable[[W], None] | None = None) -> None:
        """Show the window, made by ``make`` for the open store if there is none yet (``again``,
        if given, freshens one already open), with ``focus`` of it focused."""
        store = self.workspace.store
        if store is None:
            return
        if self.window is not None and getattr(self.window, "store", None) is not store:
            self.window.close()
        if self.window is None:
            self.window = make(store)
            self.window.finished.connect(self._closed)
        elif again is not None:
            again(self.window)
        window = self.window
        window.show()
        window.raise_()
        window.activateWindow()
        focus(window).setFocus()
        self.sig_window_open.emit(window)

    def _closed(self, _result: int) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
