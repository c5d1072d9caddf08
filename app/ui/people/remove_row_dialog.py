"""People ▸ Remove typed-in row…: take back a sign-up typed in from paper by mistake, with the reason."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.core.i18n import _
from app.store import StoreError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import action_buttons, error_label, grow_to_fit
from app.ui.common.user_guide import PEOPLE, add_guide_key

if TYPE_CHECKING:
    from app.store.people import PersonRecord
    from app.store.store import Store
    from app.store.typed_rows import RowRemoved, TypedRow
    from app.ui.common.tasks import TaskPool

REASON_LINES = 3


def typed_rows_of(record: PersonRecord) -> list[TypedRow]:
    """The sheet rows this record was typed in from and still holds."""
    from app.core.signups import ConsentMethod
    from app.store.typed_rows import TypedRow

    return [TypedRow(c.id, c.paper_sheet, c.paper_row) for c in record.consents
            if c.method is ConsentMethod.PAPER and c.withdrawn_at is None and c.paper_sheet and c.paper_row]


class RemoveTypedRowDialog(QDialog):
    """Which typed-in row (when the record holds more than one) and why; removed on the worker."""

    def __init__(self, parent: QWidget | None, person: PersonRecord, rows: list[TypedRow], *, store: Store,
                 tasks: TaskPool) -> None:
        super().__init__(parent)
        self.person = person
        self.rows = rows
        self.store = store
        self.tasks = tasks
        self.removed: RowRemoved | None = None
        self.setWindowTitle(_("Remove a row typed in by mistake?"))
        add_guide_key(self, PEOPLE)
        stays = len([c for c in person.consents if c.withdrawn_at is None]) > 1  # other sign-ups on the record
        what = CaptionedLabel(_("What removing does"), (_(
            "Use this when a row was typed in by mistake: the wrong sheet, a row crossed out, or one typed twice. "
            "The row is taken off {name}'s record and can be typed in again; their other sign-ups stay.")
            if stays else _(
            "Use this when a row was typed in by mistake: the wrong sheet, a row crossed out, or one typed twice. "
            "{name}'s details are removed for good, here, in the backups and at the centre after the next sync, "
            "and the row can be typed in again. Your reason, your name and the time are kept; what was typed "
            "is not.")).format(name=person.name))
        what.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        self.row_choice = QComboBox()
        self.row_choice.setAccessibleName(_("Which row"))
        for row in rows:
            self.row_choice.addItem(str(row), row.consent_id)
        row_label = QLabel(_("&Row:"))
        row_label.setBuddy(self.row_choice)
        if len(rows) > 1:
            layout.addWidget(row_label)
            layout.addWidget(self.row_choice)
        else:
            self.row_choice.hide()
            only = CaptionedLabel(_("Which row"), _("Typed in from {row}.").format(row=rows[0]) if rows else "")
            layout.addWidget(only)
        label = QLabel(_("&Why is it being removed? *"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(_("Why is it being removed?"))
        self.reason.setPlaceholderText(_("For example: typed from the wrong sheet"))
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * REASON_LINES + 16)
        label.setBuddy(self.reason)
        self.error = error_label(_("Problem with the reason"))
        buttons, self.remove_button, self.cancel_button = action_buttons(_("Remove row"), self.remove, self.reject)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 60, 900))
        self.reason.setFocus()

    def remove(self) -> None:
        from app.store.corrections import CorrectionRefused, check_reason

        try:
            reason = check_reason(self.reason.toPlainText())
        except CorrectionRefused as error:
            self._problem(str(error))
            self.reason.setFocus()
            return
        from app.services.typed_rows import remove_typed_row

        self.remove_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.remove_button.setText(_("Removing…"))
        self.tasks.run(functools.partial(remove_typed_row, self.store, self.person.id,
                                         str(self.row_choice.currentData()), reason), self._removed, self._failed)

    def _removed(self, removed: RowRemoved) -> None:
        self.removed = removed
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.remove_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.remove_button.setText(_("Remove row"))
        self._problem(str(error) if isinstance(error, StoreError) else _(
            "The row has not been removed ({kind}); try again.").format(kind=type(error).__name__))

    def _problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        grow_to_fit(self)


def remove_typed_row(window: QWidget, record: PersonRecord, store: Store, tasks: TaskPool) -> str | None:
    """Ask which row and why, remove it on the window's worker; what to tell staff, or None if nothing changed."""
    rows = typed_rows_of(record)
    if not rows:
        return None
    dialog = RemoveTypedRowDialog(window, record, rows, store=store, tasks=tasks)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    removed = dialog.removed
    dialog.deleteLater()
    if not accepted or removed is None:
        return None
    if removed.person_removed:
        return _("Removed {row}: {name} was erased, and the row can be typed in again.").format(
            row=removed.row, name=removed.name)
    return _("Removed {row} from {name}'s record; it can be typed in again.").format(row=removed.row,
                                                                                   name=removed.name)
