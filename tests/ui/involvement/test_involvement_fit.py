"""The involvement windows and forms fit a 1366×768 and a 1024×768 laptop screen at the largest
text size (the checks of tests/ui/test_staff_dialogs_fit.py, on these windows)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QTableWidget

from app.ui.shell.main_window import MainWindow
from tests.ui.involvement.test_involvement import add_claims, open_claims, open_log, seed
from tests.ui.test_staff_dialogs_fit import _largest_text, check_modal, click, off_screen_buttons, screen  # noqa: F401


def test_the_log_window_and_its_forms(window: MainWindow, qtbot, screen: QSize) -> None:  # noqa: F811
    seeded = seed(window)
    log = open_log(window, qtbot, seeded["ann"])
    problems = off_screen_buttons(log, screen)
    assert not problems, "\n".join(problems)
    assert words_shown_whole(log.table) and words_shown_whole(log.claims)
    check_modal(qtbot, screen, click(qtbot, log, "Add activity"))
    check_modal(qtbot, screen, click(qtbot, log, "Add claim"))


def test_the_claims_window(window: MainWindow, qtbot, screen: QSize) -> None:  # noqa: F811
    seeded = seed(window)
    add_claims(window, seeded["ann"])
    claims = open_claims(window, qtbot)
    problems = off_screen_buttons(claims, screen)
    assert not problems, "\n".join(problems)
    claims.resize(claims.minimumSizeHint().width(), claims.height())  # as narrow as it goes
    assert claims.table.rowCount() and words_shown_whole(claims.table)


def words_shown_whole(table: QTableWidget) -> bool:
    """Every cell on screen shows all its words: wrapped onto more lines, never cut off ("Communit…")."""
    QApplication.processEvents()
    last = table.rowAt(table.viewport().height() - 1)
    rows = range(max(table.rowAt(0), 0), (table.rowCount() - 1 if last < 0 else last) + 1)
    return all(table.rowHeight(r) >= table.sizeHintForRow(r) for r in rows) and all(
        table.columnWidth(c) >= table.sizeHintForColumn(c) or table.wordWrap() for c in range(table.columnCount()))
