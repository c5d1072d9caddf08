"""A long table's rows fit their wrapped text when they are on screen: at first, after scrolling,
after a column changes width, and after new results; rows never shown are never measured."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from app.ui.common.row_fitter import VisibleRowFitter

ROWS = 3_000


def text_of(row: int) -> str:
    """Every third row says four lines; the rest one."""
    return "\n".join(f"Row {row}, line {n}" for n in range(4 if row % 3 == 0 else 1))


def fill(model: QStandardItemModel, rows: int = ROWS) -> None:
    model.clear()
    for row in range(rows):
        model.appendRow([QStandardItem(text_of(row)), QStandardItem("Also here")])


@pytest.fixture
def view(qtbot) -> QTableView:
    model = QStandardItemModel()
    view = QTableView()
    view.setModel(model)
    view.setWordWrap(True)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().lineSpacing() + 6)  # one line
    qtbot.addWidget(view)
    view.resize(600, 400)
    VisibleRowFitter(view)
    fill(model)
    view.show()
    qtbot.waitExposed(view)
    return view


def on_screen(view: QTableView) -> range:
    first, last = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    return range(first, (view.model().rowCount() - 1 if last < 0 else last) + 1)


def shows_all_its_text(view: QTableView, row: int) -> bool:
    return view.rowHeight(row) >= view.sizeHintForRow(row)


def test_the_rows_on_screen_show_all_their_lines(view: QTableView) -> None:
    rows = on_screen(view)
    assert len(rows) > 3
    assert all(shows_all_its_text(view, row) for row in rows)
    assert view.rowHeight(0) > view.rowHeight(1)  # four lines, then one


def test_rows_scrolled_to_are_fitted_and_rows_never_shown_are_never_measured(view: QTableView, qtbot) -> None:
    fitter = view.findChild(VisibleRowFitter)
    assert len(fitter.fitted_rows()) < 50  # of 3,000
    view.scrollToBottom()
    qtbot.waitUntil(lambda: view.rowAt(view.viewport().height() - 1) in (ROWS - 1, -1))
    rows = on_screen(view)
    assert ROWS - 1 in rows
    assert all(shows_all_its_text(view, row) for row in rows)
    assert len(fitter.fitted_rows()) < 100
    view.scrollTo(view.model().index(ROWS // 2, 0))
    assert all(shows_all_its_text(view, row) for row in on_screen(view))


def test_a_narrower_column_refits_the_rows_on_screen(view: QTableView) -> None:
    long_line = "A reason long enough to wrap onto a second line when the column is narrow"
    view.model().item(1, 0).setText(long_line)
    view.setColumnWidth(0, 500)
    wide = view.rowHeight(1)
    view.setColumnWidth(0, 120)
    assert view.rowHeight(1) > wide
    assert shows_all_its_text(view, 1)


def test_new_results_are_fitted_afresh(view: QTableView) -> None:
    model = view.model()
    assert isinstance(model, QStandardItemModel)
    fill(model, rows=10)
    model.item(1, 0).setText("One\nTwo\nThree\nFour\nFive")
    assert all(shows_all_its_text(view, row) for row in on_screen(view))
    assert view.rowHeight(1) > view.rowHeight(2)


def test_rows_shrink_back_when_a_stretching_column_widens(qtbot) -> None:
    """A column that takes the room left is widened after the window grows: rows that wrapped
    when it was narrow are fitted again, not left twice as tall as their words need."""
    from PySide6.QtWidgets import QHeaderView

    model = QStandardItemModel()
    view = QTableView()
    view.setModel(model)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    qtbot.addWidget(view)
    VisibleRowFitter(view)
    model.appendRow([QStandardItem("5 Nov 2026"),
                     QStandardItem("PPG meeting: High Street Surgery PPG meeting (from the register)"),
                     QStandardItem("1 h 30 min")])
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # as the involvement lists have it
    view.resize(200, 300)
    view.show()
    qtbot.waitExposed(view)
    narrow = view.rowHeight(0)
    view.resize(1000, 300)
    qtbot.waitUntil(lambda: view.rowHeight(0) < narrow)
    assert view.rowHeight(0) >= view.sizeHintForRow(0)
