"""Finding controls the way a person does: by what they read on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


def find(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> QWidget:
    """The one visible control under ``root`` called ``name``, as a screen reader would say it.

    The accessible name wins; a control without one is known by its text.
    """
    visible = [w for w in root.findChildren(kind) if w.isVisibleTo(root)]
    matches = [w for w in visible if w.accessibleName() == name]
    if not matches:
        matches = [w for w in visible if not w.accessibleName() and getattr(w, "text", lambda: None)() == name]
    assert matches, f"nothing called {name!r} is on screen"
    assert len(matches) == 1, f"{len(matches)} controls are called {name!r}"
    return matches[0]


def button(root: QWidget, name: str) -> QAbstractButton:
    found = find(root, name, QAbstractButton)
    assert isinstance(found, QAbstractButton)
    return found


def when_dialog_opens(act: Callable[[QWidget], None], *, tries: int = 200) -> None:
    """Run ``act`` on the next modal dialog once it is showing (dialogs block their opener)."""

    def attempt(remaining: int) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            if remaining:
                QTimer.singleShot(20, lambda: attempt(remaining - 1))
            return
        act(dialog)

    QTimer.singleShot(0, lambda: attempt(tries))
