"""Finding a person who signed up, seeing their consent, and acting on their wishes:
withdrawing consent, erasing them, or merging two records of the same person.

Searching and every change run on the worker; the window only shows and asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.contact import display_phone
from app.core.i18n import _, ngettext
from app.core.signups import PersonStatus
from app.store import StoreError
from app.ui.common.dialog_parts import close_buttons, outcome_label
from app.ui.common.tasks import while_alive
from app.ui.people.signup_form import bold, interests_text, match_text, short_date, status_label

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from sqlalchemy.orm import Session

    from app.store.people import ConsentRecord, PersonRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

SEARCH_DELAY_MS = 300
COLUMNS = (_("Name"), _("Contact"), _("Postcode"), _("Status"), _("Signed up"))


@dataclass(frozen=True)
class PersonView:
    """A person with the names that go with the ids on their record, read together on the worker."""

    record: PersonRecord
    practice: str = ""
    events: dict[str, str] = field(default_factory=dict)
    devices: dict[str, str] = field(default_factory=dict)
    # Others who look like the same person: (record, what they share), to offer a merge.
    duplicates: tuple[tuple[PersonRecord, str], ...] = ()


def practice_label(session: Session, practice_id: str | None) -> str:
    from app.store.models import GpPractice

    practice = session.get(GpPractice, practice_id) if practice_id else None
    if practice is None:
        return ""
    label = f"{practice.name} ({practice.code})"
    return label + _(" — no longer on the list") if practice.deleted_at is not None else label


def load_person(session: Session, person_id: str) -> PersonView:
    from sqlalchemy import select

    from app.store.models import Device, Event
    from app.store.people import find_duplicates, get_person, matching_keys

    record = get_person(session, person_id)
    duplicates = tuple((other, match_text(matching_keys(record.details, other.details)))
                       for other in find_duplicates(session, record.details.keys(), exclude_id=record.id))
    event_ids = {c.event_id for c in record.consents if c.event_id} | {record.event_id} - {None}
    device_ids = {c.device_id for c in record.consents}
    events = {e.id: e.name for e in session.scalars(select(Event).where(Event.id.in_(event_ids)))}
    devices = {d.id: d.name for d in session.scalars(select(Device).where(Device.id.in_(device_ids)))}
    return PersonView(record, practice_label(session, record.details.practice_id), events, devices, duplicates)


def search_with_practices(session: Session, text: str) -> tuple[list[PersonRecord], dict[str, str]]:
    """The people matching ``text``, and the label of each practice they chose (by its id)."""
    from app.store.people import search_people

    found = search_people(session, text)
    ids = {p.details.practice_id for p in found if p.details.practice_id}
    return found, {pid: practice_label(session, pid) for pid in ids}


def consent_text(consent: ConsentRecord, view: PersonView, this_device: str) -> str:
    """One consent record in words, for the details pane."""
    how = consent.method.label
    if consent.paper_sheet:
        how += _(" (sheet {sheet}, row {row})").format(sheet=consent.paper_sheet, row=consent.paper_row)
    if consent.event_id:
        how += _(" at “{event}”").format(event=view.events.get(consent.event_id, _("an event not on this laptop")))
    when = consent.given_at.astimezone()
    device = view.devices.get(consent.device_id, _("another laptop"))
    if consent.device_id == this_device:
        device = _("this laptop ({name})").format(name=device)
    lines = [
        _("Privacy notice “{id}”, version {version}").format(id=consent.notice_id, version=consent.notice_version),
        how,
        _("Given {date} at {time}, recorded on {device}").format(date=short_date(when), time=f"{when:%H:%M}",
                                                                 device=device),
    ]
    if consent.withdrawn_at is not None:
        lines.append(_("Withdrawn {date}").format(date=short_date(consent.withdrawn_at)))
    return "\n".join(lines)


class DetailsPane(QFrame):
    """Everything kept about the chosen person, including each consent record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.heading = bold(QLabel(), 1.2)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(_("Chosen person"))
        self.duplicates = QLabel()
        self.duplicates.setObjectName("banner")
        self.duplicates.setWordWrap(True)
        self.duplicates.setAccessibleName(_("Possibly the same person"))
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for key, text in (("status", _("Status")), ("contact", _("Contact details")), ("postcode", _("Postcode")),
                          ("interests", _("Wants to")), ("practice", _("GP practice")),
                          ("method", _("Contact by")), ("access", _("Access needs")),
                          ("signed_up", _("Signed up"))):
            value = QLabel()
            value.setWordWrap(True)
            value.setAccessibleName(text)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(text)
            label.setObjectName("fieldLabel")
            form.addRow(label, value)
            self.values[key] = value
        self.consents = QLabel()
        self.consents.setWordWrap(True)
        self.consents.setTextFormat(Qt.TextFormat.PlainText)
        self.consents.setAccessibleName(_("Consent records"))
        self.consents.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QWidget()
        # Never squeezed below what its text needs: the pane scrolls instead.
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(form)
        body.addSpacing(6)
        body.addWidget(bold(QLabel(_("Consent records"))))
        body.addWidget(self.consents)
        self.empty = QLabel(_("Choose a person on the list to see everything kept about them."))
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.show_view(None, "")

    def show_view(self, view: PersonView | None, this_device: str) -> None:
        self.body.setVisible(view is not None)
        self.heading.setVisible(view is not None)
        self.empty.setVisible(view is None)
        self.duplicates.setVisible(bool(view and view.duplicates))
        if view is None:
            return
        if view.duplicates:
            self.duplicates.setText(_("Possibly the same person as {people}. Use Merge with… to join the records.")
                                    .format(people="; ".join(f"{other.name} ({shared})"
                                                             for other, shared in view.duplicates)))
        record, d = view.record, view.record.details
        self.heading.setText(record.name)
        status = status_label(record.status)
        if record.withdrawn_at is not None:
            status += _(" on {date}").format(date=short_date(record.withdrawn_at))
        where = view.events.get(record.event_id or "", "")
        signed = short_date(record.created_at) + (_(" at “{event}”").format(event=where) if where else "")
        texts = {
            "status": status, "contact": "\n".join(p for p in (d.email, display_phone(d.phone)) if p),
            "postcode": d.postcode, "interests": interests_text(record), "practice": view.practice,
            "method": d.contact_method.label, "access": d.access_needs, "signed_up": signed,
        }
        for key, label in self.values.items():
            text = texts[key]
            label.setText(text or _("Not given"))
            label.setProperty("empty", not text)
            label.style().unpolish(label)
            label.style().polish(label)
        lines = [consent_text(c, view, this_device) for c in record.consents]
        self.consents.setText("\n\n".join(lines) or _("No consent records."))


class PeopleWindow(QDialog):
    """People ▸ Find a person: search, details and what can be done for the chosen person."""

    sig_changed = Signal()
    """A person was withdrawn, erased or merged (sign-up counts may have changed)."""
    sig_message = Signal(str)
    """A short message for the status bar."""
    sig_results_shown = Signal()
    """A search's results are on the list."""
    sig_details_shown = Signal()
    """The chosen person's details are in the pane."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.results: list[PersonRecord] = []
        self.practices: dict[str, str] = {}
        self.view: PersonView | None = None
        self._search_token = self._details_token = 0
        self.setWindowTitle(_("People"))

        self.search = QLineEdit()
        self.search.setAccessibleName(_("Search people"))
        self.search.setPlaceholderText(_("Type part of a name, email, phone number or postcode"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(_("&Find:"))
        search_label.setBuddy(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.search.setFocus)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(_("People found"))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # The contact column takes what is left, but never so little that it shows nothing.
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 14)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.found = QLabel()
        self.found.setObjectName("hint")
        self.found.setAccessibleName(_("How many people were found"))

        self.details = DetailsPane()
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_scroll.setWidget(self.details)
        self.withdraw_button = self._action(_("&Withdraw consent…"), _("Withdraw consent"),
                                            _("Stop all contact with this person"), self.withdraw)
        self.erase_button = self._action(_("&Erase…"), _("Erase"),
                                         _("Remove all of this person's details for good"), self.erase)
        self.merge_button = self._action(_("&Merge with…"), _("Merge with"),
                                         _("Join this record with another record of the same person"), self.merge)

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.table, 1)
        left_column.addWidget(self.found)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(details_scroll, 1)
        actions = QHBoxLayout()
        for button in (self.merge_button, self.withdraw_button, self.erase_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right_column.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 420])
        splitter.setChildrenCollapsible(False)

        self.outcome = outcome_label()
        close = close_buttons(self.reject)
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(self.fontMetrics().averageCharWidth() * 150, 1200, int(screen.width() * 0.95)),
                    min(640, int(screen.height() * 0.9)))
        self._update_actions()
        self.search_now()

    def _action(self, text: str, name: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # ----- searching

    def search_now(self) -> None:
        """Search for what is typed, on the worker; an answer to an older search is dropped."""
        self._timer.stop()
        self._search_token += 1
        token = self._search_token

        def done(result: tuple[list[PersonRecord], dict[str, str]]) -> None:
            if token == self._search_token:
                self._show_results(*result)

        self.tasks.run_in_session(self.store, search_with_practices, self.search.text(),
                                  on_success=while_alive(self, done), on_failure=while_alive(self, self._failed))

    def _show_results(self, found: list[PersonRecord], practices: dict[str, str]) -> None:
        chosen = self.chosen_id()
        self.results, self.practices = found, practices
        self.table.blockSignals(True)
        self.table.setRowCount(len(found))
        for row, record in enumerate(found):
            cells = (record.name, record.contact_line, record.details.postcode, status_label(record.status),
                     short_date(record.created_at))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record.id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        if self.search.text().strip():
            self.found.setText(ngettext("{n} person found", "{n} people found", len(found)).format(n=len(found))
                               if found else _("No one matches that. Check the spelling, or try part of it."))
        else:
            self.found.setText(ngettext("{n} person signed up", "{n} people signed up", len(found)).format(
                n=len(found)) if found else _("No one has signed up on this laptop yet."))
        ids = [r.id for r in found]
        row = ids.index(chosen) if chosen in ids else (0 if found else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._selection_changed()
        self.sig_results_shown.emit()

    def chosen_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _selection_changed(self) -> None:
        person_id = self.chosen_id()
        self._details_token += 1
        if person_id is None:
            self._show_view(None)
            return
        if self.view is not None and self.view.record.id != person_id:
            self._show_view(None)
        token = self._details_token

        def done(view: PersonView) -> None:
            if token == self._details_token:
                self._show_view(view)

        self.tasks.run_in_session(self.store, load_person, person_id,
                                  on_success=while_alive(self, done), on_failure=while_alive(self, self._failed))

    def _show_view(self, view: PersonView | None) -> None:
        self.view = view
        self.details.show_view(view, self.store.device_id)
        self._update_actions()
        if view is not None:
            self.sig_details_shown.emit()

    def _update_actions(self) -> None:
        view = self.view
        self.withdraw_button.setEnabled(view is not None and view.record.status is PersonStatus.ACTIVE)
        self.erase_button.setEnabled(view is not None)
        self.merge_button.setEnabled(view is not None and (len(self.results) > 1 or bool(view.duplicates)))

    # ----- acting

    def withdraw(self) -> None:
        if self.view is None or self.view.record.status is not PersonStatus.ACTIVE:
            return
        record = self.view.record
        if not self._confirm(
            _("Withdraw {name}'s consent?").format(name=record.name),
            _("We will not contact {name} again about anything. Their postcode, interests, GP practice and "
              "access needs are removed now. Their name, email and phone number are kept only so that we "
              "never contact them again, for example if they turn up on another list.").format(name=record.name),
            _("Withdraw consent"),
        ):
            return
        self._change(lambda session: _people().withdraw_consent(session, record.id),
                     _("Consent withdrawn for {name}. They will not be contacted again.").format(name=record.name))

    def erase(self) -> None:
        if self.view is None:
            return
        record = self.view.record
        if not self._confirm(
            _("Erase {name} for good?").format(name=record.name),
            _("All of {name}'s personal details are removed for good: name, email, phone number, postcode, "
              "interests, GP practice and access needs. Only a blank record remains, so that the erasure also "
              "reaches the central database at the next sync. This cannot be undone.").format(name=record.name),
            _("Erase {name} for good").format(name=record.name),
        ):
            return
        self._change(lambda session: _people().erase_person(session, record.id),
                     _("The person's details were erased, here and in the backups. Only a blank record remains, "
                       "for the next sync."), in_copies=True)

    def merge(self) -> None:
        if self.view is None:
            return
        from app.ui.people.signup_dialog import MergeDialog

        current = self.view.record
        likely = [other for other, _shared in self.view.duplicates]
        others = likely + [r for r in self.results if r.id != current.id and r.id not in {o.id for o in likely}]
        dialog = MergeDialog(self, current, others, self.practices)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.keep is None or dialog.other is None:
            return
        keep, other = dialog.keep, dialog.other
        self._change(lambda session: _people().merge_people(session, keep.id, other.id),
                     _("Merged: {name}'s record now holds both sign-ups and every consent.").format(name=keep.name))

    def _confirm(self, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def _change(self, change: Callable[[Session], Any], message: str, *, in_copies: bool = False) -> None:
        store = self.store

        def work() -> None:
            with store.session() as session:
                change(session)
            store.flush_log()  # what was removed must not wait in the write-ahead log
            if in_copies:
                store.erase_in_copies()

        def done(_result: None) -> None:
            self._set_busy(False)
            self.outcome.setText(message)
            self.sig_message.emit(message)
            self.sig_changed.emit()
            self.search_now()

        self._set_busy(True)
        self.tasks.run(work, while_alive(self, done), while_alive(self, self._failed))

    def _set_busy(self, busy: bool) -> None:
        for button in (self.withdraw_button, self.erase_button, self.merge_button):
            button.setEnabled(not busy)
        if not busy:
            self._update_actions()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        reason = str(error) if isinstance(error, StoreError) else _(
            "Involve could not finish that ({kind}); nothing was half-saved.").format(kind=type(error).__name__)
        self.outcome.setText(reason)
        if isinstance(error, StoreError):  # someone may have changed the person meanwhile: show the latest
            self.search_now()


def _people() -> ModuleType:
    """The store's people functions, loaded on the worker."""
    from app.store import people

    return people
