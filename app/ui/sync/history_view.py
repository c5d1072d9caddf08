"""The Sync panel's lower half: the latest sync's receipt with its count check, and the history.

Both only show what they are given; the panel reads it on a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _, ngettext
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.sync.sync_runner import friendly_time

if TYPE_CHECKING:
    from app.store.sync_history import SyncRecord

MISMATCH_COLOUR = QColor("#d5281b")
COUNT_ROWS_SHOWN = 5


def outcome_text(record: SyncRecord) -> str:
    if record.outcome == "ok":
        return _("Synced, counts differ") if record.mismatches else _("Synced")
    if record.outcome == "cancelled":
        return _("Cancelled")
    return _("Failed")


def _table(columns: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    return table


def _item(text: str, *, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ReceiptView(QWidget):
    """What the latest sync did, in the receipt's own words, and the per-event count check."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: SyncRecord | None = None
        self.when = QLabel()
        self.when.setObjectName("hint")
        self.lines = CaptionedLabel(_("Receipt of the latest sync"), _(
            "No syncs yet. Sync now sends what this laptop holds to your organisation's central service."))
        self.lines.setWordWrap(True)
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_summary = CaptionedLabel(_("Count check"))
        self.count_summary.setWordWrap(True)
        self.counts = _table([_("Event"), _("What"), _("Here"), _("At the centre"), _("Check")], _("Count check"))
        header = self.counts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.when)
        layout.addWidget(self.lines)
        layout.addWidget(self.count_summary)
        layout.addWidget(self.counts)
        self.when.hide()
        self.count_summary.hide()
        self.counts.hide()

    def show_record(self, record: SyncRecord | None) -> None:
        from sync.receipt import count_lines, receipt_lines

        self.record = record
        if record is None:
            return
        self.when.setText(_("{outcome}, {when}, with {central}").format(
            outcome=outcome_text(record), when=friendly_time(record.finished_at), central=record.central))
        self.when.show()
        self.lines.setText("\n".join(receipt_lines(record)))
        rows = count_lines(record)
        self._show_counts(rows)

    def _show_counts(self, rows: list[tuple[str, str, int, int, bool]]) -> None:
        if not rows:
            self.count_summary.hide()
            self.counts.hide()
            return
        differ = [row for row in rows if not row[4]]
        if differ:
            self.count_summary.setText(ngettext(
                "Count check: {n} count differs between this laptop and the centre (marked “Differs” below).",
                "Count check: {n} counts differ between this laptop and the centre (marked “Differs” below).",
                len(differ)).format(n=len(differ)))
            self.count_summary.setObjectName("fieldError")
        else:
            self.count_summary.setText(ngettext(
                "Count check: the {n} count below matches the centre.",
                "Count check: all {n} counts below match the centre.", len(rows)).format(n=len(rows)))
            self.count_summary.setObjectName("")
        self.count_summary.setText(self.count_summary.text() + " " + _(
            "It counts records, erased and merged ones too, so it can be more than an event page's sign-ups."))
        self.count_summary.style().unpolish(self.count_summary)
        self.count_summary.style().polish(self.count_summary)
        # Differences first, so they are seen without scrolling.
        ordered = differ + [row for row in rows if row[4]]
        self.counts.setRowCount(len(ordered))
        bold = QFont(self.counts.font())
        bold.setBold(True)
        for r, (event, what, here, centre, matches) in enumerate(ordered):
            cells = [_item(event), _item(what), _item(f"{here:,}", number=True), _item(f"{centre:,}", number=True),
                     _item(_("Matches") if matches else _("✗ Differs"))]
            for c, cell in enumerate(cells):
                if not matches:
                    cell.setFont(bold)
                    cell.setForeground(QBrush(MISMATCH_COLOUR))
                self.counts.setItem(r, c, cell)
        shown = min(len(ordered), COUNT_ROWS_SHOWN)
        self.counts.setFixedHeight(self.counts.horizontalHeader().height() + 4
                                   + sum(self.counts.rowHeight(r) for r in range(shown)))
        self.count_summary.show()
        self.counts.show()

    def text(self) -> str:
        return self.lines.text()


class HistoryTable(QTableWidget):
    """Every recent sync, newest first."""

    COLUMNS = (N_("When"), N_("Outcome"), N_("Sent"), N_("New"), N_("Already there"), N_("Conflicts"), N_("Message"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.records: list[SyncRecord] = []
        self.setAccessibleName(_("Sync history"))
        self.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for column in range(len(self.COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

    def show_runs(self, records: Sequence[SyncRecord]) -> None:
        self.records = list(records)
        self.setRowCount(len(self.records))
        for r, record in enumerate(self.records):
            cells = [_item(friendly_time(record.finished_at)), _item(outcome_text(record)),
                     _item(f"{record.sent:,}", number=True), _item(f"{record.new:,}", number=True),
                     _item(f"{record.already:,}", number=True), _item(f"{record.conflicts:,}", number=True),
                     _item(record.message or "—")]
            cells[-1].setToolTip(record.message)
            for c, cell in enumerate(cells):
                self.setItem(r, c, cell)

    def row_texts(self, row: int) -> list[str]:
        return [item.text() if (item := self.item(row, c)) is not None else "" for c in range(self.columnCount())]
