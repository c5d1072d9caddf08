"""People ▸ GP practices: the organisation's list of practices, for PPG sign-ups and meetings.

Adding, changing and removing run on the worker. A practice removed from the list stays on
the records of people who already chose it; it just cannot be chosen again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.practices import NAME_MAX, validate_practice
from app.core.validation import ValidationError
from app.store import StoreError
from app.ui.common.dialog_parts import action_buttons, close_buttons, error_label, grow_to_fit, outcome_label
from app.ui.common.user_guide import PEOPLE, add_guide_key

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from app.store.practices import PracticeRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool
    from app.ui.people.signup_form import SignupForm


def add_practice_in_place(parent: QWidget, form: SignupForm, *, store: Store, tasks: TaskPool) -> None:
    """From a sign-up form: add a GP practice that is not on the list, and choose it when saved."""
    editor = PracticeEditor(parent, store=store, tasks=tasks)
    accepted = editor.exec() == QDialog.DialogCode.Accepted
    if accepted and editor.saved is not None:
        form.practice_added(editor.saved)
    editor.deleteLater()


class PracticeEditor(QDialog):
    """A practice's name and ODS code, checked beside each field, saved on the worker."""

    def __init__(self, parent: QWidget, *, store: Store, tasks: TaskPool,
                 existing: PracticeRecord | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.existing = store, tasks, existing
        self.saved: PracticeRecord | None = None
        self.saving = False
        self.setWindowTitle(_("Change GP practice") if existing else _("Add a GP practice"))
        add_guide_key(self, PEOPLE)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.name = QLineEdit(existing.name if existing else "")
        self.name.setMaxLength(NAME_MAX)
        self.name.setAccessibleName(_("Practice name"))
        self.name.setPlaceholderText(_("For example: Riverside Surgery"))
        self.code = QLineEdit(existing.code if existing else "")
        self.code.setMaxLength(12)
        self.code.setAccessibleName(_("ODS code"))
        self.code.setPlaceholderText(_("For example: G82001"))
        self.code.setMaximumWidth(self.fontMetrics().averageCharWidth() * 22 + 20)
        self.errors = {"name": error_label(_("Problem with Practice name")),
                       "code": error_label(_("Problem with ODS code"))}
        # One field under another, each with its hint and problem below it at the full width.
        fields = QVBoxLayout()
        fields.setSpacing(4)
        for field, text, edit, hint in (
            ("name", _("&Name *"), self.name, ""),
            ("code", _("&ODS code *"), self.code,
             _("The practice's NHS code: a letter then five digits. Each practice is listed once.")),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            fields.addWidget(label)
            fields.addWidget(edit)
            if hint:
                note = QLabel(hint)
                note.setObjectName("hint")
                note.setWordWrap(True)
                fields.addWidget(note)
            fields.addWidget(self.errors[field])
            fields.addSpacing(8)
        self.problem = error_label(_("Problem saving the practice"))
        buttons, self.save_button, self.cancel_button = action_buttons(_("Save practice"), self.save, self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.name.setFocus()

    def save(self) -> None:
        if self.saving:
            return
        for label in (*self.errors.values(), self.problem):
            label.hide()
        try:
            details = validate_practice(self.name.text(), self.code.text())
        except ValidationError as error:
            self._show_errors(error.errors)
            return
        from app.store.practices import save_practice

        self._set_saving(True)
        self.tasks.run_in_session(self.store, save_practice, self.store.device_id, details,
                                  self.existing.id if self.existing else None,
                                  on_success=self._saved, on_failure=self._not_saved)

    def _saved(self, record: PracticeRecord) -> None:
        self._set_saving(False)
        self.saved = record
        self.accept()

    def _not_saved(self, error: Exception) -> None:
        self._set_saving(False)
        if isinstance(error, ValidationError):
            self._show_errors(error.errors)
            return
        reason = str(error) if isinstance(error, StoreError) else type(error).__name__
        self.problem.setText(_("The practice has not been saved ({reason}).").format(reason=reason))
        self.problem.show()
        grow_to_fit(self)

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)

    def _show_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            label = self.errors.get(field, self.problem)
            label.setText(message)
            label.show()
        (self.name if "name" in errors else self.code).setFocus()
        grow_to_fit(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        grow_to_fit(self)

    def error_text(self, field: str) -> str:
        label = self.errors[field]
        return label.text() if not label.isHidden() else ""

    def reject(self) -> None:
        if not self.saving:
            super().reject()


class PracticesDialog(QDialog):
    """The list of GP practices, with add, change and remove."""

    sig_list_shown = Signal()
    """The list on show is the store's latest."""

    def __init__(self, parent: QWidget, *, store: Store, tasks: TaskPool,
                 practices: Sequence[PracticeRecord]) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.practices: list[PracticeRecord] = []
        self.setWindowTitle(_("GP practices"))
        add_guide_key(self, PEOPLE)
        intro = QLabel(_("The practices people can choose when they ask to join a Patient Participation "
                         "Group, and that PPG meetings belong to."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName(_("GP practices"))
        self.table.setHorizontalHeaderLabels([_("Name"), _("ODS code")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.edit())
        self.empty = QLabel(_("No practices yet. Add the practices in your area with Add practice."))
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.add_button = self._button(_("&Add practice…"), _("Add practice"), self.add)
        self.edit_button = self._button(_("&Change…"), _("Change practice"), self.edit)
        self.remove_button = self._button(_("&Remove…"), _("Remove practice"), self.remove)
        self.outcome = outcome_label()
        close = close_buttons(self.reject)

        side = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            side.addWidget(button)
        side.addStretch(1)
        middle = QHBoxLayout()
        list_column = QVBoxLayout()
        list_column.addWidget(self.table, 1)
        list_column.addWidget(self.empty)
        middle.addLayout(list_column, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(close)
        self.resize(min(self.fontMetrics().averageCharWidth() * 90, 900), 460)
        self.show_practices(practices)
        self.table.setFocus()

    @staticmethod
    def _button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def show_practices(self, practices: Sequence[PracticeRecord], select_id: str | None = None) -> None:
        self.practices = list(practices)
        self.table.setRowCount(len(self.practices))
        for row, practice in enumerate(self.practices):
            for column, text in enumerate((practice.name, practice.code)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setVisible(bool(self.practices))
        self.empty.setVisible(not self.practices)
        ids = [p.id for p in self.practices]
        if select_id in ids:
            self.table.selectRow(ids.index(select_id))
        elif self.practices:
            self.table.selectRow(0)
        self._update_buttons()
        self.sig_list_shown.emit()

    def chosen(self) -> PracticeRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.practices[rows[0].row()] if rows and self.practices else None

    def _update_buttons(self) -> None:
        chosen = self.chosen() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def reload(self, select_id: str | None = None) -> None:
        from app.store.practices import list_practices

        self.tasks.run_in_session(self.store, list_practices,
                                  on_success=lambda found: self.show_practices(found, select_id),
                                  on_failure=self._show_failure)

    def add(self) -> None:
        self._open_editor(None)

    def edit(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self._open_editor(chosen)

    def _open_editor(self, existing: PracticeRecord | None) -> None:
        editor = PracticeEditor(self, store=self.store, tasks=self.tasks, existing=existing)
        if editor.exec() == QDialog.DialogCode.Accepted and editor.saved is not None:
            self.outcome.setText(_("Saved {practice}.").format(practice=editor.saved.label))
            self.reload(editor.saved.id)

    def remove(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Remove {practice}?").format(practice=chosen.label), _(
            "It can no longer be chosen for new sign-ups or PPG meetings. People who already chose it "
            "keep it on their record."), parent=self)
        remove = box.addButton(_("Remove practice"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is not remove:
            return
        from app.store.practices import remove_practice

        def done(_result: None) -> None:
            self.outcome.setText(_("Removed {practice} from the list.").format(practice=chosen.label))
            self.reload()

        self.tasks.run_in_session(self.store, remove_practice, chosen.id, on_success=done, on_failure=self._failed)

    def _failed(self, error: Exception) -> None:
        self._show_failure(error)
        self.reload()  # someone may have changed the list meanwhile: show the latest

    def _show_failure(self, error: Exception) -> None:
        reason = str(error) if isinstance(error, StoreError) else _(
            "Involve could not finish that ({kind}); nothing was half-saved.").format(kind=type(error).__name__)
        self.outcome.setText(reason)
