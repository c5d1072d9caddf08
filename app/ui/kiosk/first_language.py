"""The kiosk a laptop opens at login (``involve kiosk``): it greets each person in the language
it was started with, and it does not stay out of sight.

Everyone can still choose another language on the welcome screen; when the next person comes,
the kiosk is back in the language it was started with. Minimised, or left for another window,
it comes back full screen and on top. That cannot stop the operating system's own keys
(Ctrl+Alt+Del, the Windows key): such a laptop runs the kiosk under the system's kiosk mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QTimer
from PySide6.QtWidgets import QApplication

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

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if getattr(self, "_may_close", True):  # still being made, or staff are leaving
            return
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized():
            QTimer.singleShot(0, self, self.back_on_top)
        elif event.type() == QEvent.Type.ActivationChange and QApplication.activeWindow() is None:
            QTimer.singleShot(0, self, self.back_on_top)  # another program came to the front

    def back_on_top(self) -> None:
        """Full screen and in front again, unless the staff's PIN dialog is what is in front."""
        if self._may_close or QApplication.activeModalWidget() is not None:
            return
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
