"""A kiosk that greets each person in a language chosen when it was started (``involve kiosk --lang pl``).

Everyone can still choose another language on the welcome screen; when the next person comes,
the kiosk is back in the language it was started with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale

from app.ui.kiosk.window import KioskWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.core.surveys import Survey
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


class FirstLanguageKiosk(KioskWindow):
    def __init__(self, store: Store, tasks: TaskPool, event_id: str, surveys: list[Survey],
                 settings: SettingsFile, first_language: str, parent: QWidget | None = None, *,
                 easy_read: bool = False) -> None:
        super().__init__(store, tasks, event_id, surveys, settings, parent, easy_read=easy_read)
        self.first_language = first_language if first_language in self.languages else "en"
        self.show_attract()

    def show_attract(self) -> None:
        super().show_attract()
        first = getattr(self, "first_language", "en")  # the base class shows the welcome screen before it is set
        if first != "en":
            self.language = first
            self.setLocale(QLocale(first))
            self._show_attract_texts()  # the words, and the options there are for this language
