"""Finding controls the way a person does: by what they read on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QStyle, QWidget


def find(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> QWidget:
    """The one visible control under ``root`` called ``name``, as a screen reader would say it.

    The accessible name wins, or a name that starts with ``name`` as its caption ("Responses
    today" finds the label announced as "Responses today: 42"); a control without a name is
    known by its text.
    """
    visible = [w for w in root.findChildren(kind) if w.isVisibleTo(root)]
    matches = [w for w in visible if w.accessibleName() == name]
    if not matches:
        matches = [w for w in visible if w.accessibleName().startswith(f"{name}: ")]
    if not matches:
        matches = [w for w in visible if not w.accessibleName() and getattr(w, "text", lambda: None)() == name]
    assert matches, f"nothing called {name!r} is on screen"
    assert len(matches) == 1, f"{len(matches)} controls are called {name!r}"
    return matches[0]


def button(root: QWidget, name: str) -> QAbstractButton:
    found = find(root, name, QAbstractButton)
    assert isinstance(found, QAbstractButton)
    return found


class _DialogWatch(QObject):
    """Runs ``act`` once a modal dialog is showing: tried straight away, then after each
    window that is shown, never on a clock, so a slow machine only makes it later."""

    def __init__(self, act: Callable[[QWidget], None]) -> None:
        super().__init__()
        self.act = act
        self.done = False

    def attempt(self) -> None:
        if self.done:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            return
        self.stop()
        try:
            self.act(dialog)
        except BaseException:
            # Close it, so a failed check fails the test instead of leaving it waiting on the dialog.
            if isinstance(dialog, QDialog) and dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)
            raise

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            QTimer.singleShot(0, self.attempt)  # once the dialog's show (and exec) is under way
        return False

    def stop(self) -> None:
        self.done = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        _watching.discard(self)


_watching: set[_DialogWatch] = set()


def when_dialog_opens(act: Callable[[QWidget], None]) -> None:
    """Run ``act`` on the next modal dialog once it is showing (dialogs block their opener)."""
    watch = _DialogWatch(act)
    _watching.add(watch)
    QApplication.instance().installEventFilter(watch)
    QTimer.singleShot(0, watch.attempt)


def forget_dialogs_not_opened() -> None:
    """Stop waiting for dialogs that never opened (at the end of each test)."""
    for watch in list(_watching):
        watch.stop()


def click_label(qtbot, choice: QAbstractButton) -> None:
    """Click a radio button or tick box on its words, where a person would."""
    indicator = choice.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, choice)
    x = indicator + 6 + choice.fontMetrics().horizontalAdvance(choice.text()) // 2
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(min(x, choice.width() - 1), choice.height() // 2))
