"""The PPG network window's tables: read-only, whole rows chosen, sorted by what a cell means
(numbers as numbers, dates as dates) rather than by its words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole
Cell = str | int | float | dt.date | None


class SortItem(QTableWidgetItem):
    """A cell that sorts by its value; an empty value (no date, no average) sorts first."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is None or theirs is None:
            return mine is None and theirs is not None
        try:
            return bool(mine < theirs)
        except TypeError:
            return str(mine) < str(theirs)


def make_table(name: str, headings: Sequence[str], parent: QWidget | None = None, *,
               stretch: Sequence[int] = (0,), sortable: bool = False, wrap: bool = True,
               order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> QTableWidget:
    """A read-only table; ``sortable`` ones start sorted by their first column in ``order``."""
    table = QTableWidget(0, len(headings), parent)
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(headings))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(wrap)
    table.setTabKeyNavigation(False)  # Tab moves on to the next control, as people expect
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for n in range(len(headings)):
        header.setSectionResizeMode(n, QHeaderView.ResizeMode.Stretch if n in stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    if not stretch:  # the caller sizes the first column (see PpgNetworkWindow._fit_names)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.setSortIndicator(0, order)  # Qt's own first order is descending: Z before A
    table.setSortingEnabled(sortable)
    return table


def cell_text(value: Cell) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"  # short, so date columns stay narrow at a large text size
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def fill(table: QTableWidget, rows: Sequence[Sequence[Cell]], ids: Sequence[str] | None = None, *,
         numeric: Collection[int] = (), shown: Sequence[Sequence[str | None]] | None = None) -> None:
    """Put ``rows`` in ``table``; ``shown`` gives words to show in place of a value (None: the value's own)."""
    sorting = table.isSortingEnabled()
    table.setSortingEnabled(False)  # else each cell set re-sorts, and rows land in the wrong places
    table.clearContents()
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            words = shown[row][column] if shown is not None else None
            item = SortItem(words if words is not None else cell_text(value))
            item.setData(SORT_ROLE, value.casefold() if isinstance(value, str) else value)
            if ids is not None:
                item.setData(ID_ROLE, ids[row])
            if column in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)
    table.setSortingEnabled(sorting)
    table.resizeRowsToContents()


def row_id(table: QTableWidget, row: int) -> str | None:
    item = table.item(row, 0)
    return None if item is None else item.data(ID_ROLE)


HEADER_ROOM = 16  # the heading's padding (8 each side, in the style sheet)
SORT_ARROW_ROOM = 20  # only the column sorted by shows the arrow
CELL_ROOM = 10  # the style sheet's room around a cell's text, which the size hint leaves out


def tight_columns(table: QTableWidget, columns: Collection[int]) -> None:
    """Size ``columns`` to their longest line of heading or cell, leaving out the spare room Qt
    keeps in every heading (the sort arrow's, but in the column sorted by), so a row of figures
    fits beside the names at a large text size."""
    header = table.horizontalHeader()
    bold = header.font()
    bold.setBold(True)  # the style sheet's weight 600 draws near enough to bold
    metrics = QFontMetrics(bold)
    for column in columns:
        item = table.horizontalHeaderItem(column)
        words = item.text() if item is not None else ""
        arrow = SORT_ARROW_ROOM if header.isSortIndicatorShown() and header.sortIndicatorSection() == column else 0
        heading = max((metrics.horizontalAdvance(line) for line in words.split("\n")), default=0) + HEADER_ROOM + arrow
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, max(heading, table.sizeHintForColumn(column) + CELL_ROOM))
