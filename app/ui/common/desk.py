"""What every feature's controller on the main window has: the workspace, the event page, its owner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace


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
