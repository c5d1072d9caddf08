"""The form for adding or editing a programme or decision, each problem shown beside its field.

The dialog saves on the worker itself, so a problem only the store can see (someone else saved
first, it was removed) is shown in place and nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from app.core.i18n import N_, _
from app.core.programmes import NAME_MAX, Duty, ProgrammeDetails, validate_programme
from app.core.validation import EARLIEST_DATE, LATEST_DATE
from app.ui.common.saving_form import SavingForm
from app.ui.common.user_guide import ACTIONS, add_guide_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.programmes import ProgrammeRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

LABELS = {"name": N_("&Name"), "decision": N_("&Decision it informs"), "duty": N_("Involvement d&uty"),
          "duty_notes": N_("&Why it applied or not"), "start_date": N_("S&tart date"), "end_date": N_("&End date"),
          "what_changed": N_("What c&hanged"), "feedback_given": N_("&Feedback given")}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class OptionalDate(QWidget):
    """A date picker with a "No … date" tick beside it, as the action form's due date: ticked, the
    picker is greyed out and the date is unknown."""

    def __init__(self, none_text: str) -> None:
        super().__init__()
        self.edit = QDateEdit(QDate.currentDate())
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self.edit.setDateRange(_qdate(EARLIEST_DATE), _qdate(LATEST_DATE))
        self.none = QCheckBox(none_text)
        self.none.toggled.connect(lambda checked: self.edit.setEnabled(not checked))
        self.none.setChecked(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.none)
        row.addStretch(1)

    def date(self) -> dt.date | None:
        day = self.edit.date().toPython()
        return None if self.none.isChecked() or not isinstance(day, dt.date) else day

    def set_date(self, day: dt.date | None) -> None:
        if day is not None:
            self.edit.setDate(_qdate(day))
        self.none.setChecked(day is None)


def _save_programme(session: Session, details: ProgrammeDetails, *, device_id: str,
                    existing: ProgrammeRecord | None) -> ProgrammeRecord:
    """On the worker: add the programme, or change ``existing`` if nobody saved it meanwhile."""
    from app.store.programmes import add_programme, update_programme

    if existing is None:
        return add_programme(session, device_id, details)
    return update_programme(session, existing.id, details, existing.version)


class ProgrammeDialog(SavingForm):
    """Gathers a programme's details and saves them; :attr:`saved` holds the record once accepted."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool,
                 existing: ProgrammeRecord | None = None) -> None:
        super().__init__(parent, _("Edit programme") if existing else _("New programme or decision"),
                         _("&Save programme"), _("Programme details"), store=store, tasks=tasks,
                         check=lambda: validate_programme(self.values()),
                         save=partial(_save_programme, device_id=store.device_id, existing=existing),
                         not_saved=_("The programme could not be saved ({kind}). Nothing was half-saved; "
                                     "try again."))
        self.existing = existing
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
        self.start_date, self.end_date = OptionalDate(_("No start date")), OptionalDate(_("No end date"))
        self.what_changed = self._text_box(_("What changed as a result of what people told us"))
        self.feedback_given = self._text_box(_("What participants were told about the outcome, and how"))

        fields: dict[str, QWidget] = {
            "name": self.name, "decision": self.decision, "duty": self.duty, "duty_notes": self.duty_notes,
            "start_date": self.start_date, "end_date": self.end_date, "what_changed": self.what_changed,
            "feedback_given": self.feedback_given}
        for field, widget in fields.items():
            self.add_field(field, _(LABELS[field]), widget, required=field == "name",
                           control=widget.edit if isinstance(widget, OptionalDate) else None)
        self.finish_layout()
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
        self.start_date.set_date(d.start_date)
        self.end_date.set_date(d.end_date)
        self.what_changed.setPlainText(d.what_changed)
        self.feedback_given.setPlainText(d.feedback_given)

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "decision": self.decision.toPlainText(), "duty": self.duty.currentData(),
                "duty_notes": self.duty_notes.toPlainText(), "start_date": self.start_date.date(),
                "end_date": self.end_date.date(), "what_changed": self.what_changed.toPlainText(),
                "feedback_given": self.feedback_given.toPlainText()}
