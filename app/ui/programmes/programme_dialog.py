"""The form for adding or editing a programme or decision, each problem shown beside its field.

The dialog saves on the worker itself, so a problem only the store can see (someone else saved
first, it was removed) is shown in place and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _
from app.core.programmes import NAME_MAX, Duty, ProgrammeDetails, validate_programme
from app.core.validation import ValidationError
from app.ui.common.dialog_parts import action_buttons, error_label, grow_to_fit, scroll_body
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import ACTIONS, add_guide_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.programmes import ProgrammeRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

LABELS = {"name": N_("Name"), "decision": N_("Decision it informs"), "duty": N_("Involvement duty"),
          "duty_notes": N_("Why (duty)"), "start_date": N_("Start date"), "end_date": N_("End date"),
          "what_changed": N_("What changed"), "feedback_given": N_("Feedback given")}


def _save_programme(session: Session, device_id: str, details: ProgrammeDetails,
                    existing: ProgrammeRecord | None) -> ProgrammeRecord:
    """On the worker: add the programme, or change ``existing`` if nobody saved it meanwhile."""
    from app.store.programmes import add_programme, update_programme

    if existing is None:
        return add_programme(session, device_id, details)
    return update_programme(session, existing.id, details, existing.version)


class ProgrammeDialog(QDialog):
    """Gathers a programme's details and saves them; :attr:`saved` holds the record once accepted."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool,
                 existing: ProgrammeRecord | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.existing = store, tasks, existing
        self.saved: ProgrammeRecord | None = None
        self.saving = False
        self.setWindowTitle(_("Edit programme") if existing else _("New programme or decision"))
        add_guide_key(self, ACTIONS)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 90, 880))

        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.setPlaceholderText(_("For example: Urgent care redesign"))
        self.decision = self._text_box(_("The decision the involvement informed"))
        self.duty = QComboBox()
        for duty in Duty:
            self.duty.addItem(duty.label, duty.value)
        self.duty.setCurrentIndex(self.duty.findData(Duty.UNDECIDED.value))
        self.duty_notes = self._text_box(_("Why the public involvement duty applied, or why it did not"))
        self.start_date, self.end_date = QLineEdit(), QLineEdit()
        for edit in (self.start_date, self.end_date):
            edit.setPlaceholderText(_("YYYY-MM-DD, or blank"))
            edit.setMaxLength(10)
        self.what_changed = self._text_box(_("What changed as a result of what people told us"))
        self.feedback_given = self._text_box(_("What participants were told about the outcome, and how"))

        self._widgets: dict[str, QWidget] = {
            "name": self.name, "decision": self.decision, "duty": self.duty, "duty_notes": self.duty_notes,
            "start_date": self.start_date, "end_date": self.end_date, "what_changed": self.what_changed,
            "feedback_given": self.feedback_given}
        self._errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for field, widget in self._widgets.items():
            words = _(LABELS[field])
            label = QLabel(words + (" *" if field == "name" else ""))
            label.setBuddy(widget)
            widget.setAccessibleName(words)
            error = error_label(_("Problem with {field}").format(field=words))
            self._errors[field] = error
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(label, column)
        self.problem = error_label(_("Problem"))
        keys = QLabel(_("* required. Ctrl+S saves; Esc cancels."))
        keys.setObjectName("hint")
        keys.setWordWrap(True)
        buttons, self.save_button, _cancel = action_buttons(_("&Save programme"), self.try_accept, self.reject)
        self.save_button.setDefault(True)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.try_accept)

        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(keys)
        layout.addWidget(buttons)
        scroll_body(self, _("Programme details"))
        if existing is not None:
            self._fill(existing.details)
        self.name.setFocus()

    def _text_box(self, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        return box

    def _fill(self, d: ProgrammeDetails) -> None:
        self.name.setText(d.name)
        self.decision.setPlainText(d.decision)
        self.duty.setCurrentIndex(self.duty.findData(d.duty.value))
        self.duty_notes.setPlainText(d.duty_notes)
        self.start_date.setText(d.start_date.isoformat() if d.start_date else "")
        self.end_date.setText(d.end_date.isoformat() if d.end_date else "")
        self.what_changed.setPlainText(d.what_changed)
        self.feedback_given.setPlainText(d.feedback_given)

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "decision": self.decision.toPlainText(), "duty": self.duty.currentData(),
                "duty_notes": self.duty_notes.toPlainText(), "start_date": self.start_date.text(),
                "end_date": self.end_date.text(), "what_changed": self.what_changed.toPlainText(),
                "feedback_given": self.feedback_given.toPlainText()}

    def try_accept(self) -> None:
        if self.saving:
            return
        try:
            details = validate_programme(self.values())
        except ValidationError as error:
            self._show_errors(error.errors)
            return
        self._show_errors({})
        self._set_saving(True)
        self.tasks.run_in_session(self.store, _save_programme, self.store.device_id, details, self.existing,
                                  on_success=while_alive(self, self._saved), on_failure=while_alive(self, self._failed))

    def _saved(self, record: ProgrammeRecord) -> None:
        self._set_saving(False)
        self.saved = record
        self.accept()

    def _failed(self, error: Exception) -> None:
        from app.store.errors import StoreError

        self._set_saving(False)
        if isinstance(error, StoreError):
            self._show_errors({}, problem=str(error))
        else:
            self._show_errors({}, problem=_("The programme could not be saved ({kind}). Nothing was half-saved; "
                                            "try again.").format(kind=type(error).__name__))

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)

    def _show_errors(self, errors: Mapping[str, str], *, problem: str = "") -> None:
        first: QWidget | None = None
        for field, label in self._errors.items():
            message = errors.get(field, "")
            label.setText(message)
            label.setVisible(bool(message))
            if message and first is None:
                first = self._widgets[field]
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if first is not None:
            first.setFocus()
        grow_to_fit(self)

    def reject(self) -> None:
        if not self.saving:
            super().reject()
