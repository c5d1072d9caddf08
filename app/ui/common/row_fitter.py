"""Fit a long table's rows to their wrapped text as they come into view, not all at once.

Fitting a row measures every cell's text. For a table of thousands of rows, fitting them all
(``resizeRowsToContents``) holds the GUI thread for a tenth of a second or more after each
search; fitting only the rows on screen, and each further row as it scrolls into view, costs
a few milliseconds whatever the length of the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView
from shiboken6 import isValid

# Fitting rows can make them shorter, which brings more rows into view: fit again, this often at most.
FIT_ROUNDS = 4


class VisibleRowFitter(QObject):
    """Keeps the rows of ``view`` that are on screen fitted to their text: after the model is
    reset or changes, when it scrolls, and when the view or a column changes width."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self._fitted: set[int] = set()
        self._widths: tuple[int, ...] = ()  # the columns' widths when the rows were fitted
        self._at_end = False
        model = view.model()
        model.modelReset.connect(self._new_rows)
        for changed in (model.rowsInserted, model.rowsRemoved, model.layoutChanged, model.dataChanged):
            changed.connect(self.refit)
        bar = view.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(self._range_changed)
        view.horizontalHeader().sectionResized.connect(self.refit)
        view.viewport().installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.refit()
        elif event.type() == QEvent.Type.Paint and self._widths != self._column_widths():
            # A column that takes the room left is widened after the resize that made the room,
            # without a word to anyone: its rows are fitted again before they are drawn.
            self.refit()
        return False

    def _column_widths(self) -> tuple[int, ...]:
        view = self.view
        return tuple(view.columnWidth(c) for c in range(view.model().columnCount())) if isValid(view) else ()

    def _new_rows(self) -> None:
        self._at_end = False
        self.refit()

    def _scrolled(self, value: int) -> None:
        if not isValid(self.view):
            return
        self._at_end = value > 0 and value == self.view.verticalScrollBar().maximum()
        self.fit()

    def _range_changed(self, _least: int, most: int) -> None:
        # Rows fitted at the end grow taller, so the end moves: whoever went to the end stays there.
        if not isValid(self.view):
            return
        bar = self.view.verticalScrollBar()
        if self._at_end and bar.value() != most:
            bar.setValue(most)

    def refit(self, *_args: object) -> None:
        """Fit the rows on screen afresh: their text or the width they have changed."""
        self._fitted.clear()
        self.fit()

    def fit(self, *_args: object) -> None:
        """Fit the rows on screen not fitted yet."""
        view = self.view
        if not isValid(view):  # a table being torn down empties its model as it goes
            return
        self._widths = self._column_widths()
        rows = view.model().rowCount()
        height = view.viewport().height()
        for _round in range(FIT_ROUNDS):
            first = view.rowAt(0)
            if rows == 0 or first < 0:
                return
            last = view.rowAt(max(height - 1, 0))
            todo = [row for row in range(first, (rows - 1 if last < 0 else last) + 1) if row not in self._fitted]
            if not todo:
                return
            for row in todo:
                view.resizeRowToContents(row)
                self._fitted.add(row)

    def fitted_rows(self) -> frozenset[int]:
        return frozenset(self._fitted)
