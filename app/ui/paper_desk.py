"""The window's paper work: printing sheets, typing them back in, and PPG meetings.

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
    from app.ui.feedback_desk import FeedbackDesk
    from app.ui.tasks import StoreTasks


class PaperDesk(QObject):
    sig_message = Signal(str)
    """A short message for the status bar."""
    sig_failed = Signal(object)
    """Store work failed in a way the person should be told about (the exception)."""

    def __init__(self, tasks: StoreTasks, page: EventPage, settings: SettingsFile, feedback: FeedbackDesk,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.page = page
        self.settings = settings
        self.feedback = feedback  # its ``surveys`` are the surveys this laptop has (FFT for cards)
        self.owner = parent
        self.store: Store | None = None
        page.sig_print_sheets.connect(self.print_sheets)
        page.sig_type_in_paper.connect(self.type_in_paper)
        page.sig_meeting.connect(self.open_meeting)

    def set_store(self, store: Store | None) -> None:
        self.store = store

    def print_sheets(self, event_id: str) -> None:
        raise NotImplementedError

    def type_in_paper(self, event_id: str) -> None:
        raise NotImplementedError

    def open_meeting(self, event_id: str) -> None:
        raise NotImplementedError
