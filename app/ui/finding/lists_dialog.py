"""Lists sent: every contact list exported from this laptop (when, why, from what search, in which
format, to how many), and who was on the one chosen. Read on the worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _, ngettext
from app.core.matching import search_from_json
from app.documents.contact_list_csv import ListFormat
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons
from app.ui.common.tasks import while_alive

if TYPE_CHECKING:
    from app.store.contact_lists import ContactListDetail, ContactListRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

LIST_COLUMNS = (_("Sent"), _("Purpose"), _("Search"), _("Format"), _("On it"))
ENTRY_COLUMNS = (_("Name"), _("Organisation"), _("Changed since it was sent"))


def _table(columns: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    return table


def format_text(value: str) -> str:
    try:
        return ListFormat(value).short_label
    except ValueError:  # a format from a later version
        return value


def on_it_text(record: ContactListRecord) -> str:
    text = ngettext("{n} person", "{n} people", record.people).format(n=record.people)
    if record.organisations:
        text += "\n" + ngettext("{n} organisation", "{n} organisations", record.organisations).format(
            n=record.organisations)
    return text


class ListsSentDialog(QDialog):
    sig_shown = Signal()
    """The lists were read and are on screen."""
    sig_entries_shown = Signal()
    """Who was on the chosen list is on screen."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.records: list[ContactListRecord] = []
        self._token = 0
        self.setWindowTitle(_("Contact lists sent"))
        heading = QLabel(_("What was sent to whom, and when"))
        heading.setObjectName("heading")
        self.lists = _table(LIST_COLUMNS, _("Contact lists sent, newest first"))
        header = self.lists.horizontalHeader()
        for column in range(len(LIST_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.lists.itemSelectionChanged.connect(self._chosen)
        self.entries = _table(ENTRY_COLUMNS, _("Who was on the chosen list"))
        entry_header = self.entries.horizontalHeader()
        for column in range(len(ENTRY_COLUMNS)):
            entry_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.count = CaptionedLabel(_("How many lists were sent"))
        self.count.setObjectName("hint")
        self.count.setText(_("Reading…"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.lists)
        split.addWidget(self.entries)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.count)
        layout.addWidget(split, 1)
        layout.addWidget(close_buttons(self.reject))
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(self.fontMetrics().averageCharWidth() * 130, 1100, int(screen.width() * 0.95)),
                    min(560, int(screen.height() * 0.85)))
        self.refresh()

    def refresh(self) -> None:
        from app.store.contact_lists import list_contact_lists

        self.tasks.run_in_session(self.store, list_contact_lists, on_success=while_alive(self, self._show))

    def _show(self, records: list[ContactListRecord]) -> None:
        self.records = records
        self.lists.setRowCount(len(records))
        for row, record in enumerate(records):
            sent = record.sent_at.astimezone()
            cells = (f"{sent.day} {sent:%b %Y %H:%M}", record.purpose, search_from_json(record.search).describe(),
                     format_text(record.file_format), on_it_text(record))
            for column, text in enumerate(cells):
                self.lists.setItem(row, column, QTableWidgetItem(text))
        self.lists.resizeRowsToContents()
        self.count.setText(ngettext("{n} list sent from this laptop.", "{n} lists sent from this laptop.",
                                    len(records)).format(n=len(records)) if records else
                           _("No contact lists have been sent from this laptop."))
        if records:
            self.lists.selectRow(0)
        self.sig_shown.emit()

    def _chosen(self) -> None:
        from app.store.contact_lists import get_contact_list

        rows = self.lists.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.records):
            return
        self._token += 1
        token = self._token

        def done(detail: ContactListDetail) -> None:
            if token == self._token:
                self._show_entries(detail)

        self.tasks.run_in_session(self.store, get_contact_list, self.records[rows[0].row()].id,
                                  on_success=while_alive(self, done))

    def _show_entries(self, detail: ContactListDetail) -> None:
        self.entries.setRowCount(len(detail.entries))
        for row, entry in enumerate(detail.entries):
            name = entry.name or (entry.organisation if not entry.person_id else _("(erased)"))
            organisation = entry.organisation if entry.person_id else _("(the organisation itself)")
            for column, text in enumerate((name, organisation, entry.note)):
                self.entries.setItem(row, column, QTableWidgetItem(text))
        self.entries.setAccessibleName(_("Who was on the list “{purpose}”").format(purpose=detail.record.purpose))
        self.sig_entries_shown.emit()
