"""People ▸ Remove typed-in row…: take back a sign-up typed in from paper by mistake, with the reason."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from app.core.i18n import _
from app.store import StoreError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.reason_form import ReasonForm
from app.ui.common.user_guide import PEOPLE, add_guide_key

if TYPE_CHECKING:
    from app.store.people import PersonRecord
    from app.store.store import Store
    from app.store.typed_rows import RowRemoved, TypedRow
    from app.ui.common.tasks import TaskPool

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
        self.form = ReasonForm(self, label=_("&Why is it being removed? *"), name=_("Why is it being removed?"),
                               placeholder=_("For example: typed from the wrong sheet"), action=_("Remove row"),
                               busy=_("Removing…"), on_action=self.remove)
        self.form.add_to(layout)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 60, 900))
        self.form.reason.setFocus()

    def remove(self) -> None:
        reason = self.form.checked_reason()
        if reason is None:
            return
        from app.services.typed_rows import remove_typed_row

        self.form.set_busy(True)
        self.tasks.run(functools.partial(remove_typed_row, self.store, self.person.id,
                                         str(self.row_choice.currentData()), reason), self._removed, self._failed)

    def _removed(self, removed: RowRemoved) -> None:
        self.removed = removed
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.form.set_busy(False)
        self.form.problem(str(error) if isinstance(error, StoreError) else _(
            "The row has not been removed ({kind}); try again.").format(kind=type(error).__name__))


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
