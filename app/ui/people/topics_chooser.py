"""The topics a person cares about, ticked in a short list that scrolls: seventeen topics fit in
the height of five, so the sign-up form stays compact at the largest text size."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from app.core.i18n import _
from app.core.network import TOPICS
from app.core.person_topics import topic_label

VALUE = Qt.ItemDataRole.UserRole
ROWS_SHOWN = 5


class TopicsChooser(QListWidget):
    """A checkable list of the topics; Space ticks the one with focus."""

    sig_changed = Signal()
    """A topic was ticked or unticked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        for value in TOPICS:
            item = QListWidgetItem(topic_label(value))
            item.setData(VALUE, value)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.itemChanged.connect(self._changed)
        rows = self.sizeHintForRow(0) * ROWS_SHOWN if self.count() else 100
        self.setFixedHeight(rows + 2 * self.frameWidth() + 4)
        self._describe()

    def values(self) -> list[str]:
        return [str(item.data(VALUE)) for item in self._items() if item.checkState() == Qt.CheckState.Checked]

    def set_values(self, values: Iterable[str]) -> None:
        chosen = set(values)
        self.blockSignals(True)
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.data(VALUE) in chosen else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self._describe()

    def _items(self) -> list[QListWidgetItem]:
        return [item for item in (self.item(i) for i in range(self.count())) if item is not None]

    def _changed(self, _item: QListWidgetItem) -> None:
        self._describe()
        self.sig_changed.emit()

    def _describe(self) -> None:
        chosen = [topic_label(v) for v in self.values()]
        self.setAccessibleName(_("Topics they care about: {topics}").format(
            topics="; ".join(chosen) if chosen else _("none ticked")))
