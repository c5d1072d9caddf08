"""The home page: every event, searchable, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.events import describe_when
from app.core.i18n import _, ngettext

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from app.store.events import EventRecord

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()  # the invisible root: a table's rows have no parent


class EventTableModel(QAbstractTableModel):
    COLUMNS = ("when", "name", "kind", "venue", "status")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._records: list[EventRecord] = []

    def set_records(self, records: list[EventRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> EventRecord:
        return self._records[row]

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return {
                "when": _("Date"), "name": _("Event"), "kind": _("Kind"),
                "venue": _("Venue"), "status": _("Status"),
            }[self.COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = self.COLUMNS[index.column()]
        details = record.details
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "when": describe_when(details),
                "name": details.name,
                "kind": details.kind.label,
                "venue": ", ".join(part for part in (details.venue, details.locality) if part),
                "status": _("Archived") if record.archived else "",
            }[column]
        if role == Qt.ItemDataRole.UserRole:  # sort key
            if column == "when":
                return (details.event_date.isoformat(), str(details.start_time or ""))
            return self.data(index).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column == "name" and details.notes:
            return details.notes[:300]
        return None


class _EventFilter(QSortFilterProxyModel):
    """Matches the search words against name, venue, locality, organiser, partners and kind."""

    _words: list[str] = []

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _source_parent: Index) -> bool:
        words = self._words
        if not words:
            return True
        d = cast(EventTableModel, self.sourceModel()).record(source_row).details  # the model it was given
        haystack = " ".join((d.name, d.venue, d.locality, d.organiser, d.partners, d.kind.label,
                             describe_when(d))).casefold()
        return all(word in haystack for word in words)

    def lessThan(self, left: Index, right: Index) -> bool:
        role = Qt.ItemDataRole.UserRole
        return self.sourceModel().data(left, role) < self.sourceModel().data(right, role)


class EventListPage(QWidget):
    sig_open_event = Signal(str)
    """The person chose an event to open (its id)."""
    sig_new_event = Signal()
    """The person asked to add an event."""
    sig_show_archived = Signal()
    """The person asked to see the archived events too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EventTableModel(self)
        self.proxy = _EventFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)

        title = QLabel(_("Events"))
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search events by name, place, team or date"))
        self.search.setAccessibleName(_("Search events"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.new_button = QPushButton(_("New event…"))
        self.new_button.setObjectName("primary")
        self.new_button.setAccessibleName(_("New event"))
        self.new_button.clicked.connect(self.sig_new_event)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Events"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Name and place share the spare width; the short columns fit their contents.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EventTableModel.COLUMNS.index("name"), QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EventTableModel.COLUMNS.index("venue"), QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.activated.connect(self._activated)
        open_key = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        open_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        open_key.activated.connect(lambda: self._activated(self.table.currentIndex()))

        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        # Offered when every event is archived, so the list is never simply, and wrongly, empty.
        self.show_archived_button = QPushButton(_("Show archived events"))
        self.show_archived_button.setAccessibleName(_("Show archived events"))
        self.show_archived_button.clicked.connect(self.sig_show_archived)
        self.archived_hidden = 0
        empty_page = QWidget()
        empty_column = QVBoxLayout(empty_page)
        empty_column.addStretch(1)
        empty_column.addWidget(self.empty)
        empty_column.addWidget(self.show_archived_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_column.addStretch(1)
        self._empty_page = empty_page

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        self._body = QStackedLayout()
        self._body.addWidget(self.table)
        self._body.addWidget(empty_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addLayout(self._body, 1)
        self.set_loading()

    def set_loading(self) -> None:
        self.empty.setText(_("Opening your events…"))
        self.show_archived_button.hide()
        self._body.setCurrentWidget(self._empty_page)

    def set_records(self, records: list[EventRecord], *, show_archived: bool = True) -> None:
        """Show ``records``; without ``show_archived`` the archived among them are left out (and counted)."""
        shown = records if show_archived else [r for r in records if not r.archived]
        self.archived_hidden = len(records) - len(shown)
        self.model.set_records(shown)
        self._update_empty_state()

    def select_event(self, event_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.record(source.row()).id == event_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        if self.proxy.rowCount():
            self._body.setCurrentWidget(self.table)
            return
        self.show_archived_button.setVisible(not self.model.rowCount() and self.archived_hidden > 0)
        if self.model.rowCount():
            self.empty.setText(_("No events match “{text}”.").format(text=self.search.text().strip()))
        elif self.archived_hidden:
            self.empty.setText(ngettext("The only event is archived.\nShow it, or choose “New event…” to add one.",
                                        "All {n} events are archived.\nShow them, or choose “New event…” to add "
                                        "one.", self.archived_hidden).format(n=self.archived_hidden))
        else:
            self.empty.setText(_("No events yet.\nChoose “New event…” to add the first one."))
        self._body.setCurrentWidget(self._empty_page)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open_event.emit(self.model.record(self.proxy.mapToSource(index).row()).id)
