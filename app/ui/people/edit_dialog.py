"""Correcting a person's details: the sign-up form, filled in and checked as a new sign-up is,
without its consent part. Consent records are never rewritten by a correction; a person who
withdrew or was erased is not offered this at all (the store refuses it too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from app.core.i18n import _
from app.core.validation import ValidationError
from app.store import StoreError
from app.ui.common.dialog_parts import action_buttons, error_label
from app.ui.common.tasks import while_alive
from app.ui.people.practices_dialog import add_practice_in_place
from app.ui.people.signup_form import SignupForm, form_scroll_area

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from sqlalchemy.orm import Session

    from app.store.people import PersonRecord
    from app.store.practices import PracticeRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


def practices_for(session: Session, practice_id: str | None) -> list[PracticeRecord]:
    """On the worker: the practices to choose from, with the person's own even if it has since
    been taken off the list (so that correcting their phone number does not cost them their PPG)."""
    from app.store.models import GpPractice
    from app.store.practices import PracticeRecord, list_practices

    found = list_practices(session)
    own = session.get(GpPractice, practice_id) if practice_id else None
    if own is not None and own.id not in {p.id for p in found}:
        found.append(PracticeRecord(own.id, _("{name} — no longer on the list").format(name=own.name), own.code))
    return found


class EditPersonDialog(QDialog):
    """A person's details to correct; saved on the worker, consent records untouched."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, person: PersonRecord,
                 practices: Sequence[PracticeRecord]) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.person = store, tasks, person
        self.saving = False
        self.saved: PersonRecord | None = None
        self.setWindowTitle(_("Change {name}'s details").format(name=person.name))

        self.form = SignupForm(practices, None)
        self.form.arranged_by_owner = True
        self.form.fill(person.details)
        self.form.sig_add_practice.connect(lambda: add_practice_in_place(self, self.form, store=store, tasks=tasks))
        self.before = self.form.values()
        self.scroll_area = form_scroll_area(self.form)
        note = QLabel(_("Correct what was written down wrongly, or what the person asked to change. Their consent "
                        "records stay exactly as they were given."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.problem = error_label(_("Problem saving the changes"))
        buttons, self.save_button, self.cancel_button = action_buttons(_("Save changes"), self.save, self.reject)
        self.save_button.setToolTip(_("Save these changes (Ctrl+S)"))
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        width = min(self.fontMetrics().averageCharWidth() * 140, 1100)
        self.setMinimumWidth(min(width, 600))
        screen = (self.parentWidget() or self).screen().availableGeometry()
        wanted = self.form.sizeHint().height() + 140
        self.resize(min(width, int(screen.width() * 0.95)), max(420, min(wanted, int(screen.height() * 0.9))))
        self.form.name.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.form.arrange(self.scroll_area.viewport().width())

    def save(self) -> None:
        if self.saving:
            return
        self.problem.hide()
        details = self.form.check()
        if details is None:
            focused = self.form.focusWidget()
            if focused is not None:
                self.scroll_area.ensureWidgetVisible(focused)
            return
        from app.store.people import edit_person

        self._set_saving(True)
        self.tasks.run_in_session(self.store, edit_person, self.person.id, details,
                                  on_success=while_alive(self, self._saved),
                                  on_failure=while_alive(self, self._not_saved))

    def _saved(self, record: PersonRecord) -> None:
        self._set_saving(False)
        self.saved = record
        self.accept()

    def _not_saved(self, error: Exception) -> None:
        self._set_saving(False)
        if isinstance(error, ValidationError):
            self.form.show_errors(error.errors)
            return
        reason = str(error) if isinstance(error, StoreError) else type(error).__name__
        self.problem.setText(_("The changes have not been saved ({reason}).").format(reason=reason))
        self.problem.show()

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setText(_("Saving…") if saving else _("Save changes"))
        self.save_button.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)

    def reject(self) -> None:
        """Esc or Cancel: close, asking first if something was changed."""
        if self.saving:
            return
        if self.form.values() != self.before:
            box = QMessageBox(QMessageBox.Icon.Question, _("Discard these changes?"),
                              _("The changes on this form have not been saved."), parent=self)
            discard = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
            keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is not discard:
                return
        super().reject()
