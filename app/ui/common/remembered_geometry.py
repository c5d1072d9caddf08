"""A window that opens where, and as big as, it was last left, as the main window does."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.store.settings_file import SettingsFile

log = logging.getLogger(__name__)


class RememberedGeometry(QObject):
    """Puts ``window`` back where the setting ``key`` says it was, and keeps that up to date each
    time it is hidden or closed. A place on a screen no longer attached is not used."""

    def __init__(self, window: QWidget, settings: SettingsFile, key: str) -> None:
        super().__init__(window)
        self.window, self.settings, self.key = window, settings, key
        self.restore()
        window.installEventFilter(self)

    def restore(self) -> bool:
        saved = str(self.settings.get(self.key) or "")
        if not saved:
            return False
        before = self.window.geometry()
        if not self.window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            return False
        if not any(screen.availableGeometry().intersects(self.window.frameGeometry())
                   for screen in QGuiApplication.screens()):
            self.window.setGeometry(before)  # left on a screen that has gone: open where it would have
            return False
        return True

    def save(self) -> None:
        try:
            self.settings.set(self.key, bytes(self.window.saveGeometry().toBase64().data()).decode("ascii"))
        except (OSError, ValueError):
            log.warning("could not save where the %s window was", self.key)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.Hide, QEvent.Type.Close):
            self.save()
        return False
