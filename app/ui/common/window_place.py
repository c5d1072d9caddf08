"""Windows that open where they were last left, at the size they were left, as the main window does.

The place is kept in the settings file as Qt's own saved geometry (base64 text). Qt moves a
window restored onto a screen that is no longer there back onto one that is.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.store.settings_file import SettingsFile

log = logging.getLogger(__name__)


def restore_place(window: QWidget, settings: SettingsFile, key: str) -> bool:
    """Put ``window`` where the setting ``key`` says; False when nothing (usable) was kept."""
    kept = str(settings.get(key) or "")
    if not kept:
        return False
    try:
        geometry = QByteArray.fromBase64(kept.encode("ascii"))
    except UnicodeEncodeError:
        return False
    return bool(window.restoreGeometry(geometry))


def keep_place(window: QWidget, settings: SettingsFile, key: str) -> None:
    """Remember where ``window`` is and its size, for the next time it opens."""
    try:
        settings.set(key, bytes(window.saveGeometry().toBase64().data()).decode("ascii"))
    except (OSError, ValueError):
        log.warning("could not save a window's position")
