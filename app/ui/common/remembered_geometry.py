"""A window kept where it was last left each time it is hidden or closed (see ``window_place``),
for windows that are hidden and shown again rather than made anew, such as the Sync panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from app.ui.common.window_place import keep_place, restore_place

if TYPE_CHECKING:
    from app.store.settings_file import SettingsFile


class RememberedGeometry(QObject):
    """Puts ``window`` back where the setting ``key`` says it was, and keeps that up to date each
    time it is hidden or closed."""

    def __init__(self, window: QWidget, settings: SettingsFile, key: str) -> None:
        super().__init__(window)
        self.window, self.settings, self.key = window, settings, key
        restore_place(window, settings, key)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.Hide, QEvent.Type.Close):
            keep_place(self.window, self.settings, self.key)
        return False
