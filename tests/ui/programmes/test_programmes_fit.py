"""The Programmes window and its dialogs fit a 1366×768 and a 1024×768 laptop screen at the
largest text size (as tests/ui/test_staff_dialogs_fit.py checks the other staff windows)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog, QListWidget

from app.ui.programmes.window import ProgrammesWindow
from app.ui.shell.main_window import MainWindow
from tests.evidence_world import build_world
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.programmes.test_programmes_window import make_desk, open_programmes, shot
from tests.ui.test_staff_dialogs_fit import _largest_text, off_screen_buttons, screen  # noqa: F401 (fixtures)


def _window(window: MainWindow, qtbot) -> ProgrammesWindow:
    build_world(window.store)
    desk = make_desk(window)
    programmes_window = open_programmes(desk, qtbot)
    qtbot.waitUntil(lambda: programmes_window.page is not None, timeout=10_000)
    return programmes_window


def _dialog_fits(qtbot, screen: QSize, opener, name: str) -> None:
    problems: list[str] = []

    def act(dialog: QDialog) -> None:
        try:
            problems.extend(off_screen_buttons(dialog, screen))
        finally:
            dialog.close()

    when_dialog_opens(act)
    qtbot.mouseClick(button(opener, name), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isinstance(qtbot_active(), QDialog) or qtbot_active() is opener, timeout=10_000)
    assert not problems, "\n".join(problems)


def qtbot_active():
    from PySide6.QtWidgets import QApplication

    return QApplication.activeModalWidget()


def test_the_programmes_window_fits(window: MainWindow, qtbot, screen: QSize) -> None:
    programmes_window = _window(window, qtbot)
    listing = find(programmes_window, "Programmes", QListWidget)
    listing.setCurrentRow([r.name for r in programmes_window.records].index("Urgent care redesign"))  # most to show
    qtbot.waitUntil(lambda: programmes_window.page is not None
                    and programmes_window.page.record.name == "Urgent care redesign", timeout=10_000)
    problems = off_screen_buttons(programmes_window, screen)
    assert not problems, "\n".join(problems)


def test_its_dialogs_fit(window: MainWindow, qtbot, screen: QSize) -> None:
    programmes_window = _window(window, qtbot)
    for name in ("Edit programme", "Add programme", "Link event", "Link action", "Evidence pack"):
        _dialog_fits(qtbot, screen, programmes_window, name)


def test_the_evidence_dialog_shows_its_words_whole(window: MainWindow, qtbot, screen: QSize) -> None:
    """At the largest text the intro wrapped to more lines than the dialog left it, cut top and bottom."""
    from PySide6.QtWidgets import QLabel

    from app.ui.programmes.evidence_dialog import EvidenceDialog

    dialog = EvidenceDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shot(dialog, f"evidence-dialog-{screen.width()}x{screen.height()}-larger")
    labels = [label for label in dialog.findChildren(QLabel) if label.wordWrap() and label.isVisible()]
    assert labels
    for label in labels:
        assert label.height() >= label.heightForWidth(label.width()), label.text()[:40]
    dialog.close()
