"""Finding controls the way a person does: by what they read on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QStyle, QWidget


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
        try:
            act(dialog)
        except BaseException:
            # Close it, so a failed check fails the test instead of leaving it waiting on the dialog.
            if isinstance(dialog, QDialog) and dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)
            raise

    QTimer.singleShot(0, lambda: attempt(tries))


def click_label(qtbot, choice: QAbstractButton) -> None:
    """Click a radio button or tick box on its words, where a person would."""
    indicator = choice.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, choice)
    x = indicator + 6 + choice.fontMetrics().horizontalAdvance(choice.text()) // 2
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(min(x, choice.width() - 1), choice.height() // 2))
