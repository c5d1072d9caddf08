"""The Programmes window: programmes and decisions on the left; the chosen one's page on the right
(the decision, whether the involvement duty applied, what changed, the feedback given, its
linked events and actions, and who its events reached).

Reading and saving run on the worker; this window shows and decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _, ngettext
from app.core.involvement import hours_words
from app.core.programmes import Duty, date_span
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons, outcome_label
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import NETWORK, add_guide_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.programmes import LinkedAction, LinkedEvent, ProgrammeReach, ProgrammeRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

TABLE_ROWS = 4  # rows a linked table shows before it scrolls


@dataclass(frozen=True)
class ProgrammePage:
    record: ProgrammeRecord
    events: list[LinkedEvent]
    actions: list[LinkedAction]
    reach: ProgrammeReach


def read_page(session: Session, programme_id: str) -> ProgrammePage:
    """On the worker: one programme with its links and reach."""
    from app.store.programmes import get_programme, programme_actions, programme_events, programme_reach

    return ProgrammePage(get_programme(session, programme_id), programme_events(session, programme_id),
                         programme_actions(session, programme_id), programme_reach(session, programme_id))


def duty_words(duty: Duty) -> str:
    return {Duty.YES: _("Involvement duty applied"), Duty.NO: _("Involvement duty did not apply"),
            Duty.UNDECIDED: _("Involvement duty not decided")}[duty]


class ProgrammesWindow(QDialog):
    sig_listed = Signal()
    """The list of programmes was read and is on screen."""
    sig_page_shown = Signal()
    """The chosen programme's page was read and is on screen."""
    sig_message = Signal(str)
    """A short message for the status bar."""
    sig_evidence = Signal()
    """The person asked for the evidence pack."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.records: list[ProgrammeRecord] = []
        self.page: ProgrammePage | None = None
        self._token = 0
        self.setWindowTitle(_("Programmes and decisions"))
        add_guide_key(self, NETWORK)

        self.list = QListWidget()
        self.list.setAccessibleName(_("Programmes"))
        self.list.setWordWrap(True)  # a long name wraps rather than hiding its dates off to the side
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows re-wrapped when the list is resized
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.currentRowChanged.connect(lambda _row: self._chosen_changed())
        self.count = CaptionedLabel(_("How many programmes"))
        self.count.setObjectName("hint")
        self.count.setWordWrap(True)
        self.add_button = self._button(_("&Add…"), _("Add programme"), _("Add a programme or decision"), self.add)
        self.edit_button = self._button(_("&Edit…"), _("Edit programme"),
                                        _("Change the chosen programme: what changed, the feedback given…"), self.edit)
        self.remove_button = self._button(_("&Remove…"), _("Remove programme"),
                                          _("Remove the chosen programme (its events and actions stay)"), self.remove)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("Pro&grammes and decisions"))
        heading.setBuddy(self.list)
        heading.setObjectName("fieldLabel")
        left_column.addWidget(heading)
        left_column.addWidget(self.list, 1)
        left_column.addWidget(self.count)
        left_buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            left_buttons.addWidget(b)
        left_buttons.addStretch(1)
        left_column.addLayout(left_buttons)

        self.title = QLabel()
        self.title.setObjectName("heading")
        self.title.setWordWrap(True)
        self.fields: dict[str, CaptionedLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for key, caption in (("dates", _("Dates")), ("decision", _("Decision")), ("duty", _("Involvement duty")),
                             ("duty_notes", _("Why")), ("what_changed", _("What changed")),
                             ("feedback_given", _("Feedback given")), ("reach", _("Reach"))):
            label = CaptionedLabel(caption)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = label
            form.addRow(QLabel(caption + ":"), label)
        self.events_table = self._table(_("Linked events"), [_("Date"), _("Event"), _("Responses"), _("Sign-ups")])
        self.actions_table = self._table(_("Linked actions"), [_("We will"), _("Status"), _("What was done")])
        self.link_event_button = self._button(_("Link e&vent…"), _("Link event"),
                                              _("Link an event that informed this programme"),
                                              lambda: self.link("event"))
        self.link_action_button = self._button(_("Link a&ction…"), _("Link action"),
                                               _("Link a “you said, we did” action to this programme"),
                                               lambda: self.link("action"))
        self.unlink_button = self._button(_("&Unlink"), _("Unlink"),
                                          _("Remove the chosen event or action from this programme"), self.unlink)
        page = QWidget()
        page_column = QVBoxLayout(page)
        page_column.addWidget(self.title)
        page_column.addLayout(form)
        for caption, table in ((_("Linked events"), self.events_table), (_("Linked actions"), self.actions_table)):
            table_label = QLabel(caption)
            table_label.setObjectName("fieldLabel")
            table_label.setBuddy(table)
            page_column.addWidget(table_label)
            page_column.addWidget(table)
        page_column.addStretch(1)
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setWidget(page)
        self.page_area.setAccessibleName(_("The chosen programme"))
        # The link buttons sit under the page, never scrolled out of sight with it.
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.page_area, 1)
        link_row = QHBoxLayout()
        for b in (self.link_event_button, self.link_action_button, self.unlink_button):
            link_row.addWidget(b)
        link_row.addStretch(1)
        right_column.addLayout(link_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)

        self.outcome = outcome_label()
        self.evidence_button = self._button(_("Evidence &pack…"), _("Evidence pack"),
                                            _("The annual evidence pack for a date range, as PDF or XLSX"),
                                            self.sig_evidence.emit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(self.evidence_button)
        bottom.addWidget(close_buttons(self.reject))
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(self.fontMetrics().averageCharWidth() * 150, 1240, int(screen.width() * 0.95)),
                    min(680, int(screen.height() * 0.9)))
        self._show_page(None)
        self.refresh()

    def _button(self, text: str, name: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _table(self, name: str, columns: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setAccessibleName(name)
        table.setHorizontalHeaderLabels(columns)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        for n in range(len(columns)):
            header.setSectionResizeMode(n, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1 if len(columns) == 4 else 0, QHeaderView.ResizeMode.Stretch)
        if len(columns) == 3:
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        rows = self.fontMetrics().lineSpacing() + 10
        table.setMinimumHeight(header.sizeHint().height() + rows * 2)
        table.setMaximumHeight(header.sizeHint().height() + rows * TABLE_ROWS + 4)
        table.itemSelectionChanged.connect(lambda t=table: self._table_chosen(t))
        return table

    # ----- reading

    def refresh(self, select: str | None = None) -> None:
        """Read the list on the worker, then the chosen programme's page."""
        from app.store.programmes import list_programmes

        self._token += 1
        token = self._token
        current = self.chosen()
        wanted = select or (current.id if current is not None else None)

        def done(records: list[ProgrammeRecord]) -> None:
            if token != self._token:
                return
            self.records = records
            self._fill(wanted)
            self.sig_listed.emit()

        self.tasks.run_in_session(self.store, list_programmes, on_success=while_alive(self, done),
                                  on_failure=while_alive(self, self._failed))

    def _fill(self, wanted: str | None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        row = 0
        for n, record in enumerate(self.records):
            dates = date_span(record.details)
            item = QListWidgetItem("\n".join(p for p in (record.name, duty_words(record.details.duty), dates) if p))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.list.addItem(item)
            if record.id == wanted:
                row = n
        if self.records:
            self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        n = len(self.records)
        self.count.setText(ngettext("{n} programme", "{n} programmes", n).format(n=n) if n else
                           _("None yet. Choose Add… to record a programme or decision that involvement informed."))
        self._chosen_changed()  # once, whether or not the row changed

    def chosen(self) -> ProgrammeRecord | None:
        row = self.list.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def _chosen_changed(self) -> None:
        record = self.chosen()
        for b in (self.edit_button, self.remove_button, self.link_event_button, self.link_action_button):
            b.setEnabled(record is not None)
        if record is None:
            self._show_page(None)
            self.sig_page_shown.emit()
            return
        token = self._token

        def done(page: ProgrammePage) -> None:
            now = self.chosen()
            if token == self._token and now is not None and now.id == page.record.id:
                self._show_page(page)
                self.sig_page_shown.emit()

        self.tasks.run_in_session(self.store, read_page, record.id, on_success=while_alive(self, done),
                                  on_failure=while_alive(self, self._failed))

    def _show_page(self, page: ProgrammePage | None) -> None:
        self.page = page
        self.events_table.setRowCount(0)
        self.actions_table.setRowCount(0)
        if page is None:
            self.title.setText(_("Choose a programme on the left, or Add… one."))
            for label in self.fields.values():
                label.setText("")
            self.unlink_button.setEnabled(False)
            return
        d = page.record.details
        self.title.setText(page.record.name)
        none = _("Not recorded yet")
        values = {"dates": date_span(d) or _("No dates"), "decision": d.decision or none, "duty": d.duty.label,
                  "duty_notes": d.duty_notes or none, "what_changed": d.what_changed or none,
                  "feedback_given": d.feedback_given or none}
        r = page.reach
        values["reach"] = _("{events}, {responses} and {signups} at its events; {activities} in members' logs "
                            "({hours})").format(
            events=ngettext("{n} event", "{n} events", r.events).format(n=r.events),
            responses=ngettext("{n} response", "{n} responses", r.responses).format(n=r.responses),
            signups=ngettext("{n} sign-up", "{n} sign-ups", r.signups).format(n=r.signups),
            activities=ngettext("{n} activity", "{n} activities", r.activities).format(n=r.activities),
            hours=hours_words(r.minutes))
        for key, text in values.items():
            self.fields[key].setText(text)
        self.events_table.setRowCount(len(page.events))
        for row, e in enumerate(page.events):
            cells = [f"{e.event_date.day} {e.event_date:%b %Y}", e.name, str(e.responses), str(e.signups)]
            self._put_row(self.events_table, row, cells, e.link_id)
        self.actions_table.setRowCount(len(page.actions))
        for row, a in enumerate(page.actions):
            self._put_row(self.actions_table, row, [" ".join(a.we_will.split()), a.status.label,
                                                    " ".join(a.what_done.split()) or "–"], a.link_id)
        for table in (self.events_table, self.actions_table):
            table.resizeRowsToContents()
        self.unlink_button.setEnabled(False)

    def _put_row(self, table: QTableWidget, row: int, cells: list[str], link_id: str) -> None:
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, link_id)
            item.setToolTip(text)
            if text.isdigit():
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)

    def _table_chosen(self, table: QTableWidget) -> None:
        if table.selectedItems():
            other = self.actions_table if table is self.events_table else self.events_table
            other.blockSignals(True)
            other.clearSelection()
            other.blockSignals(False)
        self.unlink_button.setEnabled(self.chosen_link() is not None)

    def chosen_link(self) -> str | None:
        for table in (self.events_table, self.actions_table):
            items = table.selectedItems()
            if items:
                return str(items[0].data(Qt.ItemDataRole.UserRole))
        return None

    # ----- changing

    def add(self) -> None:
        self._open_form(None)

    def edit(self) -> None:
        record = self.page.record if self.page is not None else self.chosen()
        if record is not None:
            self._open_form(record)

    def _open_form(self, existing: ProgrammeRecord | None) -> None:
        from app.ui.programmes.programme_dialog import ProgrammeDialog

        dialog = ProgrammeDialog(self, store=self.store, tasks=self.tasks, existing=existing)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        saved = dialog.saved
        dialog.deleteLater()
        if accepted and saved is not None:
            self._changed(_("Saved “{name}”.").format(name=saved.name) if existing else
                          _("Added “{name}”.").format(name=saved.name), saved.id)

    def remove(self) -> None:
        record = self.chosen()
        if record is None:
            return
        answer = QMessageBox.question(self, _("Remove programme"), _(
            "Remove “{name}”? Its links go too; the events and actions themselves stay.").format(name=record.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        from app.store.programmes import delete_programme

        self.tasks.run_in_session(self.store, delete_programme, record.id, on_success=while_alive(
            self, lambda gone: self._changed(_("Removed “{name}”.").format(name=gone.name), None)),
            on_failure=while_alive(self, self._failed))

    def link(self, kind: str) -> None:
        page = self.page
        if page is None:
            return
        from app.ui.programmes.link_dialog import LinkDialog

        linked = frozenset(e.event_id for e in page.events) if kind == "event" else frozenset(
            a.action_id for a in page.actions)
        dialog = LinkDialog(self, store=self.store, tasks=self.tasks, kind=kind, programme=page.record.name,
                            linked=linked)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen
        dialog.deleteLater()
        if not accepted or chosen is None:
            return
        from app.store.programmes import link_action, link_event

        work = link_event if kind == "event" else link_action
        programme_id = page.record.id
        self.tasks.run_in_session(self.store, work, self.store.device_id, programme_id, chosen,
                                  on_success=while_alive(self, lambda _linked: self._changed(
                                      _("Linked to “{name}”.").format(name=page.record.name), programme_id)),
                                  on_failure=while_alive(self, self._failed))

    def unlink(self) -> None:
        link_id, page = self.chosen_link(), self.page
        if link_id is None or page is None:
            return
        from app.store.programmes import unlink

        self.tasks.run_in_session(self.store, unlink, link_id, on_success=while_alive(
            self, lambda _none: self._changed(_("Unlinked from “{name}”.").format(name=page.record.name),
                                              page.record.id)),
            on_failure=while_alive(self, self._failed))

    def _changed(self, message: str, select: str | None) -> None:
        self.outcome.setText(message)
        self.sig_message.emit(message)
        self.refresh(select)

    def _failed(self, error: Exception) -> None:
        from app.store.errors import StoreError

        self.outcome.setText(str(error) if isinstance(error, StoreError) else _(
            "Involve could not finish that ({kind}); nothing was half-saved.").format(kind=type(error).__name__))
