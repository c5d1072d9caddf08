"""Finding a person who signed up, seeing their consent, and acting on their wishes:
correcting their details, withdrawing consent, erasing them, or merging two records of the
same person. The list points out everyone who may be signed up twice.

Searching and every change run on the worker; the window only shows and asks.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
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
from app.core.signups import PersonStatus
from app.store import StoreError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons, outcome_label
from app.ui.common.flow_layout import FlowLayout
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import PEOPLE, add_guide_key
from app.ui.common.window_place import keep_place, restore_place
from app.ui.people.person_details import (
    DetailsPane,
    Found,
    PersonView,
    found_text,
    load_person,
    search_with_practices,
)
from app.ui.people.signup_form import short_date, status_label

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from sqlalchemy.orm import Session

    from app.store.people import PersonRecord
    from app.store.practices import PracticeRecord
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

SEARCH_DELAY_MS = 300
COLUMNS = (_("Name"), _("Contact"), _("Postcode"), _("Status"), _("Duplicate?"), _("Signed up"))
NAME_COLUMN, CONTACT_COLUMN, DUPLICATE_COLUMN = 0, 1, 4
PLACE_SETTING = "people_window_geometry"
SIDE_BY_SIDE_CHARS = 150  # below this width (in average characters) the details go under the list


class PeopleWindow(QDialog):
    """People ▸ Find a person: search, details and what can be done for the chosen person."""

    sig_changed = Signal()
    """A person was changed, withdrawn, erased or merged (sign-up counts may have changed)."""
    sig_message = Signal(str)
    """A short message for the status bar."""
    sig_results_shown = Signal()
    sig_duplicates_counted = Signal()  # the count of possible duplicates on the whole list is shown
    """A search's results are on the list."""
    sig_details_shown = Signal()
    """The chosen person's details are in the pane."""
    sig_involvement_wanted = Signal(str, str)
    """Show this member's involvement log (their id and name)."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool,
                 settings: SettingsFile | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.settings = settings
        self.results: list[PersonRecord] = []
        self.practices: dict[str, str] = {}
        self.duplicate_ids: set[str] = set()
        # How many on the whole list may be signed up twice: counted after the first results
        # are shown, and again after each change made here.
        self._duplicates_in_all: int | None = None
        self.view: PersonView | None = None
        self._search_token = self._details_token = 0
        self.setWindowTitle(_("People"))
        add_guide_key(self, PEOPLE)

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
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Name and contact share what is left, cut short with "…" (the whole text is in the
        # tooltip and the details), so every column shows however narrow the window.
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CONTACT_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 8)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.found = CaptionedLabel(_("How many people were found"))
        self.found.setObjectName("hint")
        self.found.setWordWrap(True)
        self.only_duplicates = QCheckBox(_("Possible &duplicates only"))
        self.only_duplicates.setAccessibleName(_("Possible duplicates only"))
        self.only_duplicates.setToolTip(_("Only people who share an email, a phone number, or a name and postcode "
                                          "with someone else on the list"))
        self.only_duplicates.toggled.connect(lambda _on: self.search_now())
        self.duplicate_count = CaptionedLabel(_("How many possible duplicates"))
        self.duplicate_count.setObjectName("hint")

        self.details = DetailsPane()
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_scroll.setWidget(self.details)
        self.edit_button = self._action(_("E&dit…"), _("Edit"), _("Correct this person's details"), self.edit)
        self.withdraw_button = self._action(_("&Withdraw consent…"), _("Withdraw consent"),
                                            _("Stop all contact with this person"), self.withdraw)
        self.erase_button = self._action(_("&Erase…"), _("Erase"),
                                         _("Remove all of this person's details for good"), self.erase)
        self.merge_button = self._action(_("&Merge with…"), _("Merge with"),
                                         _("Join this record with another record of the same person"), self.merge)
        self.log_button = self._action(_("Involvement &log…"), _("Involvement log"),
                                       _("What this person has taken part in, their hours, and their claims"),
                                       self._show_log)
        self.remove_row_button = self._action(_("Remove typed-in &row…"), _("Remove typed-in row"),
                                              _("Take back a sign-up typed in from a paper sheet by mistake"),
                                              self.remove_row)

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.only_duplicates)
        filters.addWidget(self.duplicate_count, 1)
        left_column.addLayout(filters)
        left_column.addWidget(self.table, 1)
        left_column.addWidget(self.found)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(details_scroll, 1)
        actions = QWidget()
        flow = FlowLayout(actions)  # the buttons wrap onto a second line in a narrow window
        flow.setContentsMargins(0, 0, 0, 0)
        for button in (self.edit_button, self.log_button, self.merge_button, self.withdraw_button, self.erase_button,
                       self.remove_row_button):
            flow.addWidget(button)
        right_column.addWidget(actions)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
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
        if settings is None or not restore_place(self, settings, PLACE_SETTING):
            self.resize(min(self.fontMetrics().averageCharWidth() * 150, 1200, int(screen.width() * 0.95)),
                        min(640, int(screen.height() * 0.9)))
        self.finished.connect(self._keep_place)
        self._update_actions()
        self.search_now()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The list beside the details where there is room for every column, else above them."""
        super().resizeEvent(event)
        wide = event.size().width() >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE_CHARS
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            across = self.splitter.width() if wide else self.splitter.height()
            self.splitter.setSizes([across * 3 // 5, across - across * 3 // 5] if wide
                                   else [across // 2, across - across // 2])

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

        def done(result: Found) -> None:
            if token == self._search_token:
                self._show_results(result)

        self.tasks.run_in_session(self.store, search_with_practices, self.search.text(),
                                  self.only_duplicates.isChecked(),
                                  on_success=while_alive(self, done), on_failure=while_alive(self, self._failed))

    def _show_results(self, result: Found) -> None:
        chosen = self.chosen_id()
        found = result.people
        self.results, self.practices, self.duplicate_ids = found, result.practices, result.duplicates
        self._fill(found)
        self.found.setText(found_text(len(found), result.erased, duplicates_only=self.only_duplicates.isChecked(),
                                       searched=bool(self.search.text().strip())))
        if result.duplicates_in_all is not None:
            self._show_duplicate_count(result.duplicates_in_all)
        elif self._duplicates_in_all is None:
            self._count_duplicates()
        ids = [r.id for r in found]
        row = ids.index(chosen) if chosen in ids else (0 if found else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._selection_changed()
        self.sig_results_shown.emit()

    def _count_duplicates(self) -> None:
        from app.store.people import count_possible_duplicates

        self.tasks.run_in_session(self.store, count_possible_duplicates,
                                  on_success=while_alive(self, self._show_duplicate_count),
                                  on_failure=while_alive(self, self._failed))

    def _show_duplicate_count(self, n: int) -> None:
        self._duplicates_in_all = n
        self.duplicate_count.setText(ngettext("{n} possible duplicate", "{n} possible duplicates", n).format(n=n)
                                     if n else _("No possible duplicates"))
        self.only_duplicates.setEnabled(bool(n) or self.only_duplicates.isChecked())
        self.sig_duplicates_counted.emit()

    def _fill(self, found: list[PersonRecord]) -> None:
        """Put ``found`` on the list. Columns sized to their contents would be measured again for
        every cell put in (seconds for 200 people), so they are fixed while filling and sized once."""
        header = self.table.horizontalHeader()
        fitted = [column for column in range(len(COLUMNS))
                  if header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents]
        for column in fitted:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.table.setUpdatesEnabled(False)
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(len(found))
            for row, record in enumerate(found):
                maybe_twice = _("Possibly") if record.id in self.duplicate_ids else ""
                cells = (record.name, record.contact_line, record.details.postcode, status_label(record.status),
                         maybe_twice, short_date(record.created_at))
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, record.id)
                    item.setToolTip(text)
                    self.table.setItem(row, column, item)
        finally:
            self.table.blockSignals(False)
            for column in fitted:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            self.table.setUpdatesEnabled(True)

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
        self.edit_button.setEnabled(view is not None and view.record.status is PersonStatus.ACTIVE)
        self.edit_button.setToolTip(_("Correct this person's details") if view is None
                                    or view.record.status is PersonStatus.ACTIVE else
                                    _("Consent was withdrawn: their details are kept only so that they are never "
                                      "contacted, and cannot be changed"))
        self.withdraw_button.setEnabled(view is not None and view.record.status is PersonStatus.ACTIVE)
        self.erase_button.setEnabled(view is not None)
        self.log_button.setEnabled(view is not None and view.record.status is PersonStatus.ACTIVE)
        self.merge_button.setEnabled(view is not None and (len(self.results) > 1 or bool(view.duplicates)))
        from app.ui.people.remove_row_dialog import typed_rows_of

        self.remove_row_button.setEnabled(view is not None and view.record.status is PersonStatus.ACTIVE
                                          and bool(typed_rows_of(view.record)))

    # ----- acting

    def edit(self) -> None:
        """Correct the chosen person's details, once the practices to choose from are read."""
        if self.view is None or self.view.record.status is not PersonStatus.ACTIVE:
            return
        record = self.view.record

        def show(practices: list[PracticeRecord]) -> None:
            from app.ui.people.edit_dialog import EditPersonDialog

            dialog = EditPersonDialog(self, store=self.store, tasks=self.tasks, person=record, practices=practices)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            saved = dialog.saved
            dialog.deleteLater()  # it holds a person's details: not kept hidden for the session
            self._set_busy(False)
            if accepted and saved is not None:
                self._done(_("Saved {name}'s details. Their consent records are unchanged.").format(name=saved.name))

        from app.ui.people.edit_dialog import practices_for

        self._set_busy(True)
        self.tasks.run_in_session(self.store, practices_for, record.details.practice_id,
                                  on_success=while_alive(self, show), on_failure=while_alive(self, self._failed))

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

    def _show_log(self) -> None:
        if self.view is not None:
            self.sig_involvement_wanted.emit(self.view.record.id, self.view.record.name)

    def remove_row(self) -> None:
        """Take back a sign-up row typed in by mistake, with the reason why."""
        from app.ui.people.remove_row_dialog import remove_typed_row

        if self.view is not None and (message := remove_typed_row(self, self.view.record, self.store,
                                                                                 self.tasks)) is not None:
            self._done(message)

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
            self._done(message)

        self._set_busy(True)
        self.tasks.run(work, while_alive(self, done), while_alive(self, self._failed))

    def _done(self, message: str) -> None:
        self.outcome.setText(message)
        self.sig_message.emit(message)
        self.sig_changed.emit()
        self._duplicates_in_all = None  # counted again with the results
        self.search_now()

    def _keep_place(self, _result: int) -> None:
        if self.settings is not None:
            keep_place(self, self.settings, PLACE_SETTING)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.edit_button, self.withdraw_button, self.erase_button, self.merge_button,
                       self.remove_row_button, self.log_button):
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
