"""The window's work with people: sign-ups by staff, finding a person, GP practices.

Everything that touches the store runs on the worker; this object only decides and shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.ui.event_page import EventPage
    from app.ui.tasks import StoreTasks


class PeopleDesk(QObject):
    sig_message = Signal(str)
    """A short message for the status bar."""
    sig_failed = Signal(object)
    """Store work failed in a way the person should be told about (the exception)."""

    def __init__(self, tasks: StoreTasks, page: EventPage, settings: SettingsFile, parent: QWidget) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.page = page
        self.settings = settings
        self.owner = parent
        self.store: Store | None = None
        page.sig_sign_up.connect(self.sign_up)
        page.sig_counts_wanted.connect(self.refresh_counts)

    def set_store(self, store: Store | None) -> None:
        self.store = store

    def sign_up(self, event_id: str) -> None:
        raise NotImplementedError

    def refresh_counts(self) -> None:
        raise NotImplementedError

    def open_people(self) -> None:
        raise NotImplementedError

    def open_practices(self) -> None:
        raise NotImplementedError
