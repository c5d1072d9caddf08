"""The "You said, we did" window: an event's actions, or every event's, to add, edit, delete and print.

Reading, saving and making the public summary run on the worker; this window shows and decides.
An overdue action says so in words in its Due column, not only by colour.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.actions import ActionStatus, describe_date
from app.core.i18n import N_, _, ngettext
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons, outcome_label
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import ACTIONS, add_guide_key

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from app.store.actions import ActionRecord
    from app.store.store import Store
    from app.ui.common.pdf_preview import PdfInfo
    from app.ui.common.tasks import TaskPool

OVERDUE = QColor(170, 20, 20)
CELL_CHARS = 90  # a long "you said" is cut in the table; the tooltip and the form have it all
# The filter's choices: what a person reads, and which actions each keeps.
FILTERS: tuple[tuple[str, str], ...] = (
    ("all", N_("All actions")), ("open", N_("Still open")), ("overdue", N_("Overdue")),
    *((s.value, s.value) for s in ActionStatus),
)


def keeps(choice: str, record: ActionRecord, today: dt.date) -> bool:
    if choice == "all":
        return True
    if choice == "open":
        return not record.status.finished
    if choice == "overdue":
        return record.overdue(today)
    return record.status.value == choice


def due_words(record: ActionRecord, today: dt.date) -> str:
    due = record.details.due_date
    if due is None:
        return _("No date")
    if record.overdue(today):
        return _("Overdue: {date}").format(date=describe_date(due))
    return describe_date(due)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1].rstrip() + "…"


def _read_actions(session: Session, event_id: str | None, surveys: Path,
                  need_topics: bool) -> tuple[list[ActionRecord], dict[str, str] | None]:
    """On the worker: the actions (of one event, or every event's) and, if asked, the topics' words."""
    from app.core.actions import TOPICS_SURVEY, topic_labels
    from app.store.actions import list_actions
    from app.store.responses import survey_versions_used
    from app.store.survey_library import load_library

    topics = None
    if need_topics:  # an event's topics in the words of the versions it was answered with
        used = survey_versions_used(session, event_id, TOPICS_SURVEY) if event_id else set()
        topics = topic_labels(load_library(surveys).surveys, used=used)
    return list_actions(session, event_id), topics


class _TableKeys(QObject):
    """Ins adds, Del deletes and Enter edits, while the table has the focus."""

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


class ActionsWindow(QDialog):
    """One event's actions (``event_id``), or every event's (``event_id`` None), with an Event column."""

    sig_shown = Signal()
    """The list was read and is on screen."""
    sig_changed = Signal()
    """An action was added, changed, deleted or brought back."""
    sig_message = Signal(str)
    """A short message for the status bar."""
    sig_preview_open = Signal(object)
    """The public summary's preview is showing (the dialog)."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, event_id: str | None,
                 event_name: str = "", organisation: str = "") -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.organisation = organisation
        self.event_id: str | None = None
        self.event_name = ""
        self.records: list[ActionRecord] = []
        self.shown: list[ActionRecord] = []
        self.topics: dict[str, str] = {}
        self._token = 0
        self._deleted: ActionRecord | None = None

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.filter = QComboBox()
        self.filter.setAccessibleName(_("Show"))
        statuses = {s.value: s.label for s in ActionStatus}
        for value, words in FILTERS:
            self.filter.addItem(statuses.get(value) or _(words), value)
        filter_label = QLabel(_("&Show:"))
        filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._show)

        self.table = QTableWidget(0, 0)
        self.table.setAccessibleName(_("Actions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.count = CaptionedLabel(_("How many actions are listed"))
        self.count.setObjectName("hint")

        self.add_button = self._button(_("&Add…"), _("Add"), _("Add an action agreed in answer to feedback (Ins)"),
                                       self.add)
        self.edit_button = self._button(_("&Edit…"), _("Edit"), _("Change the chosen action, its status or what "
                                                                  "was done (Enter)"), self.edit)
        self.reopen_button = self._button(_("Re&open"), _("Reopen"), _("Put the chosen finished action back in "
                                                                      "progress"), self.reopen)
        self.delete_button = self._button(_("&Delete"), _("Delete"), _("Delete the chosen action (Del); you can undo "
                                                                       "it straight after"), self.delete)
        self.undo_button = self._button(_("&Undo"), _("Undo delete"), _("Bring back the action just deleted"),
                                        self.undo)
        self.undo_button.hide()
        self.print_button = self._button(_("&Print “You said, we did”…"), _("Print “You said, we did”"),
                                         _("The summary for the public, in large print, to preview, print or save"),
                                         self.print_summary)
        self.table.installEventFilter(_TableKeys(self.table, {
            Qt.Key.Key_Insert: self.add, Qt.Key.Key_Delete: self.delete,
            Qt.Key.Key_Return: self.edit, Qt.Key.Key_Enter: self.edit}))

        self.outcome = outcome_label()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.reopen_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(close_buttons(self.reject))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(actions)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(self.fontMetrics().averageCharWidth() * 160, 1280, int(screen.width() * 0.95)),
                    min(620, int(screen.height() * 0.9)))
        self.show_scope(event_id, event_name)

    def _button(self, text: str, name: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    @property
    def across(self) -> bool:
        return self.event_id is None

    def show_scope(self, event_id: str | None, event_name: str = "") -> None:
        """Show ``event_id``'s actions (None: every event's) and read them afresh."""
        self.event_id, self.event_name = event_id, event_name
        title = _("Actions across events") if event_id is None else _("Actions: {event}").format(event=event_name)
        self.setWindowTitle(title)
        add_guide_key(self, ACTIONS)
        self.heading.setText(_("“You said, we did” across all events") if event_id is None else
                             _("“You said, we did” for {event}").format(event=event_name))
        columns = [_("You said"), _("We will"), _("Owner"), _("Due"), _("Status")]
        if event_id is None:
            columns = [_("Event"), *columns]
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        header = self.table.horizontalHeader()
        for n in range(len(columns)):
            header.setSectionResizeMode(n, QHeaderView.ResizeMode.ResizeToContents)
        first = 1 if event_id is None else 0
        header.setSectionResizeMode(first, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(first + 1, QHeaderView.ResizeMode.Stretch)
        self._forget_undo()
        self.outcome.setText("")
        self.refresh()

    # ----- reading

    def refresh(self) -> None:
        """Read the actions (and the topics, once) on the worker; an older answer is dropped."""
        self._token += 1
        token, store, event_id, need_topics = self._token, self.store, self.event_id, not self.topics

        def done(result: tuple[list[ActionRecord], dict[str, str] | None]) -> None:
            if token != self._token:
                return
            self.records, topics = result
            if topics is not None:
                self.topics = topics
            self._show()
            self.sig_shown.emit()

        self.tasks.run_in_session(store, _read_actions, event_id, store.paths.surveys, need_topics,
                                  on_success=while_alive(self, done), on_failure=while_alive(self, self._failed))

    def _show(self) -> None:
        today = dt.date.today()
        chosen = self.chosen()
        choice = self.filter.currentData()
        self.shown = [r for r in self.records if keeps(choice, r, today)]
        self.table.setRowCount(len(self.shown))
        due_column = 4 if self.across else 3
        for row, record in enumerate(self.shown):
            d = record.details
            cells = [_short(d.you_said), _short(d.we_will), d.owner, due_words(record, today), d.status.label]
            if self.across:
                where = record.event_name or _("Across events")
                if record.event_date:
                    where += "\n" + describe_date(record.event_date)
                cells = [where, *cells]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record.id)
                if column == due_column and record.overdue(today):
                    item.setForeground(QBrush(OVERDUE))
                self.table.setItem(row, column, item)
            tip = _("You said: {said}\nWe will: {will}").format(said=d.you_said, will=d.we_will)
            if record.comment:
                tip += "\n" + _("Linked comment: “{comment}”").format(comment=record.comment)
            for column in range(len(cells)):
                cell = self.table.item(row, column)
                if cell is not None:
                    cell.setToolTip(tip)
        self.table.resizeRowsToContents()
        total = len(self.records)
        overdue = sum(r.overdue(today) for r in self.records)
        text = ngettext("{n} action", "{n} actions", total).format(n=total)
        if len(self.shown) != total:
            text = _("{shown} of {total} shown").format(shown=len(self.shown), total=text)
        if overdue:
            text += " · " + ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
        if not total:
            text = _("No actions yet. Choose Add… to record what was agreed in answer to feedback.")
        self.count.setText(text)
        self._select(chosen)
        self._update_buttons()

    def chosen(self) -> ActionRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def _select(self, record: ActionRecord | str | None) -> None:
        wanted = record if isinstance(record, str) or record is None else record.id
        for row, shown in enumerate(self.shown):
            if shown.id == wanted:
                self.table.selectRow(row)
                return
        if self.shown:
            self.table.selectRow(0)

    def _update_buttons(self) -> None:
        record = self.chosen()
        chosen = record is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        # Only a finished action can be reopened; the button stays in place, greyed, for the others.
        self.reopen_button.setEnabled(record is not None and record.status.finished)

    # ----- changing

    def add(self) -> None:
        self._open_form(None)

    def edit(self) -> None:
        record = self.chosen()
        if record is not None:
            self._open_form(record)

    def _open_form(self, existing: ActionRecord | None) -> None:
        from app.ui.actions.action_dialog import ActionDialog

        dialog = ActionDialog(self, store=self.store, tasks=self.tasks, event_id=self.event_id,
                              topics=self.topics, existing=existing)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        saved = dialog.saved
        dialog.deleteLater()
        if accepted and saved is not None:
            self._forget_undo()
            message = (_("Saved: {status}.").format(status=saved.status.label) if existing
                       else _("Added the action."))
            self._changed(message, saved.id)

    def reopen(self) -> None:
        """A finished action turns out not to be: back to In progress, the day it was done cleared."""
        record = self.chosen()
        if record is None or not record.status.finished:
            return
        from app.store.actions import reopen_action

        self._forget_undo()
        self.tasks.run_in_session(
            self.store, reopen_action, record.id, record.version,
            on_success=while_alive(self, lambda back: self._changed(_("Reopened “{said}”: {status}.").format(
                said=_short(back.details.you_said)[:60], status=back.status.label), back.id)),
            on_failure=while_alive(self, self._failed))

    def delete(self) -> None:
        record = self.chosen()
        if record is None:
            return
        from app.store.actions import delete_action

        def done(_deleted: ActionRecord) -> None:
            self._deleted = record
            self.undo_button.show()
            self._changed(_("Deleted the action “{said}”. Choose Undo to bring it back.").format(
                said=_short(record.details.you_said)[:60]), None)
            self.undo_button.setFocus()

        self.tasks.run_in_session(self.store, delete_action, record.id,
                                  on_success=while_alive(self, done), on_failure=while_alive(self, self._failed))

    def undo(self) -> None:
        record = self._deleted
        if record is None:
            return
        from app.store.actions import restore_action

        self._forget_undo()
        self.tasks.run_in_session(
            self.store, restore_action, record.id,
            on_success=while_alive(self, lambda back: self._changed(_("The action is back."), back.id)),
            on_failure=while_alive(self, self._failed))

    def _forget_undo(self) -> None:
        self._deleted = None
        self.undo_button.hide()

    def _changed(self, message: str, select: str | None) -> None:
        self.outcome.setText(message)
        self.sig_message.emit(message)
        self.sig_changed.emit()
        self.refresh()
        if select is not None:
            self.sig_shown.connect(self._select_once(select))

    def _select_once(self, action_id: str) -> Callable[[], None]:
        def pick() -> None:
            self.sig_shown.disconnect(pick)
            self._select(action_id)
            self.table.setFocus()
        return pick

    def _failed(self, error: Exception) -> None:
        from app.store.errors import StoreError

        reason = str(error) if isinstance(error, StoreError) else _(
            "Involve could not finish that ({kind}); nothing was half-saved.").format(kind=type(error).__name__)
        self.outcome.setText(reason)
        self.print_button.setEnabled(True)

    # ----- the public summary

    def print_summary(self) -> None:
        """Make the public summary of every action listed here (whatever the filter) and preview it."""
        store, event_id, topics, organisation = self.store, self.event_id, dict(self.topics), self.organisation
        title = self.event_name if event_id else _("Across our events")
        self.print_button.setEnabled(False)
        self.outcome.setText(_("Making the summary…"))

        def work() -> tuple[bytes, PdfInfo]:
            from app.services.public_summary import write_public_summary
            from app.ui.common.pdf_preview import pdf_info

            out = io.BytesIO()
            write_public_summary(store, out, event=event_id, organisation=organisation, topics=topics)
            pdf = out.getvalue()
            return pdf, pdf_info(pdf)

        self.tasks.run(work, while_alive(self, lambda made: self._preview(title, *made)),
                       while_alive(self, self._failed))

    def _preview(self, title: str, pdf: bytes, info: PdfInfo) -> None:
        from app.ui.actions.you_said_preview import YouSaidPreview

        self.print_button.setEnabled(True)
        self.outcome.setText("")
        preview = YouSaidPreview(self, pdf=pdf, info=info, title=title)
        preview.sig_done.connect(self.sig_message)
        self.sig_preview_open.emit(preview)
        preview.exec()
        preview.deleteLater()
