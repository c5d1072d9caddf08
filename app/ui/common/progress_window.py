"""The window long work shows while it runs on a worker (a report drawn, an export written):
how far it has got, and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.i18n import _


def open_progress_window(owner: QWidget, text: str, title: str, accessible_name: str,
                         on_cancel: Callable[[], None]) -> QProgressDialog:
    """Shown at once, busy until a range is set, modal to ``owner``; it stays open (even at
    its maximum) until :func:`close_progress_window`, and Cancel calls ``on_cancel``."""
    window = QProgressDialog(text, _("Cancel"), 0, 0, owner)
    window.setWindowTitle(title)
    window.setAccessibleName(accessible_name)
    window.setWindowModality(Qt.WindowModality.WindowModal)
    window.setMinimumDuration(0)
    window.setAutoClose(False)
    window.setAutoReset(False)
    window.setMinimumWidth(420)
    window.canceled.connect(on_cancel)
    window.show()
    return window


def close_progress_window(window: QProgressDialog, on_cancel: Callable[[], None]) -> None:
    window.canceled.disconnect(on_cancel)
    window.close()
    window.deleteLater()
