"""The involvement windows and forms fit a 1366×768 and a 1024×768 laptop screen at the largest
text size (the checks of tests/ui/test_staff_dialogs_fit.py, on these windows)."""

from __future__ import annotations

from PySide6.QtCore import QSize

from app.ui.shell.main_window import MainWindow
from tests.ui.involvement.test_involvement import add_claims, open_claims, open_log, seed
from tests.ui.test_staff_dialogs_fit import _largest_text, check_modal, click, off_screen_buttons, screen  # noqa: F401


def test_the_log_window_and_its_forms(window: MainWindow, qtbot, screen: QSize) -> None:  # noqa: F811
    seeded = seed(window)
    log = open_log(window, qtbot, seeded["ann"])
    problems = off_screen_buttons(log, screen)
    assert not problems, "\n".join(problems)
    check_modal(qtbot, screen, click(qtbot, log, "Add activity"))
    check_modal(qtbot, screen, click(qtbot, log, "Add claim"))


def test_the_claims_window(window: MainWindow, qtbot, screen: QSize) -> None:  # noqa: F811
    seeded = seed(window)
    add_claims(window, seeded["ann"])
    claims = open_claims(window, qtbot)
    problems = off_screen_buttons(claims, screen)
    assert not problems, "\n".join(problems)
