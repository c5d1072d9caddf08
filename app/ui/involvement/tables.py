"""The read-only lists of the involvement windows: rows chosen whole, one at a time, filled from records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem

from app.core.i18n import _
from app.core.involvement import claim_kind_label, claim_status_label
from app.core.network import ClaimKind, ClaimStatus
from app.ui.common.row_fitter import VisibleRowFitter


def list_table(name: str, columns: Sequence[str], stretch: int) -> QTableWidget:
    """A list named ``name`` for screen readers, with ``columns``; column ``stretch`` takes the room left."""
    table = QTableWidget(0, len(columns))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for n in range(len(columns)):
        header.setSectionResizeMode(n, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # The column that takes the room left wraps its words rather than cutting them off ("Communit…")
    # when the others leave it little, as at the largest text on a small screen.
    table.setWordWrap(True)
    VisibleRowFitter(table)
    return table


def fill(table: QTableWidget, rows: Sequence[tuple[str, Sequence[str]]]) -> None:
    """Put (id, cells) rows in ``table``, keeping the row chosen before if it is still there."""
    before = chosen_id(table)
    table.setRowCount(len(rows))
    for row, (row_id, cells) in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            item.setToolTip(text)
            table.setItem(row, column, item)
    for row, (row_id, _cells) in enumerate(rows):
        if row_id == before:
            table.selectRow(row)
            return
    if rows:
        table.selectRow(0)


def chosen_id(table: QTableWidget) -> str | None:
    model = table.selectionModel()
    rows = model.selectedRows() if model is not None else []
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def short_date(day: dt.date) -> str:
    """'5 Nov 2026', as a list shows a day."""
    return f"{day.day} {day:%b %Y}"


def button(text: str, name: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    made = QPushButton(text)
    made.setAccessibleName(name)
    made.setToolTip(tip)
    made.setAutoDefault(False)
    made.clicked.connect(slot)
    return made


def kind_words(kind: ClaimKind) -> str:
    return claim_kind_label(kind)


def status_words(status: ClaimStatus, exported: bool) -> str:
    words = claim_status_label(status)
    return words + (" · " + _("sent to finance") if exported else "")


class TableKeys(QObject):
    """Ins adds, Del removes and Enter edits, while the list has the focus."""

    def __init__(self, parent: QObject, keys: dict[Qt.Key, Callable[[], None]]) -> None:
        super().__init__(parent)
        self.keys = keys

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            act = self.keys.get(Qt.Key(event.key()))
            if act is not None:
                act()
                return True
        return False
