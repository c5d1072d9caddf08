"""The form for adding or editing an event, with each problem shown beside its field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.events import NAME_MAX, SHORT_TEXT_MAX, EventDetails, EventKind, validate_event
from app.core.i18n import _
from app.core.validation import ValidationError


class EventDialog(QDialog):
    """Gathers an event's details; :attr:`details` holds them, checked, once accepted."""

    def __init__(self, parent: QWidget | None = None, *, existing: EventDetails | None = None) -> None:
        super().__init__(parent)
        self.details: EventDetails | None = None
        self.setWindowTitle(_("Edit event") if existing else _("New event"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)

        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.setPlaceholderText(_("For example: Spring health fair"))
        self.kind = QComboBox()
        for kind in EventKind:
            self.kind.addItem(kind.label, kind.value)
        self.event_date = QDateEdit()
        self.event_date.setCalendarPopup(True)
        self.event_date.setDisplayFormat("ddd d MMM yyyy")
        self.event_date.setDate(QDate.currentDate())
        self.has_times = QCheckBox(_("Set start and end times"))
        self.start_time = QTimeEdit(QTime(10, 0))
        self.end_time = QTimeEdit(QTime(13, 0))
        for edit in (self.start_time, self.end_time):
            edit.setDisplayFormat("HH:mm")
            edit.setEnabled(False)
            edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00") + 48)
        self.has_times.toggled.connect(self.start_time.setEnabled)
        self.has_times.toggled.connect(self.end_time.setEnabled)
        self.venue = QLineEdit()
        self.venue.setPlaceholderText(_("For example: Riverside Community Centre"))
        self.locality = QLineEdit()
        self.locality.setPlaceholderText(_("Town, neighbourhood or ward"))
        self.organiser = QLineEdit()
        self.organiser.setPlaceholderText(_("The team organising it"))
        self.partners = QLineEdit()
        self.partners.setPlaceholderText(_("Other organisations taking part, if any"))
        for edit in (self.venue, self.locality, self.organiser, self.partners):
            edit.setMaxLength(SHORT_TEXT_MAX)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(_("Anything the team should know (not shown to the public)"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)

        times = QWidget()
        times_column = QVBoxLayout(times)
        times_column.setContentsMargins(0, 0, 0, 0)
        times_column.addWidget(self.has_times)
        times_row = QHBoxLayout()
        times_row.addWidget(QLabel(_("From")))
        times_row.addWidget(self.start_time)
        times_row.addSpacing(8)
        times_row.addWidget(QLabel(_("to")))
        times_row.addWidget(self.end_time)
        times_row.addStretch(1)
        times_column.addLayout(times_row)

        labels = {
            "name": _("Name"), "kind": _("Kind of event"), "event_date": _("Date"),
            "start_time": _("Times"), "venue": _("Venue"), "locality": _("Locality"),
            "organiser": _("Organising team"), "partners": _("Partner organisations"),
            "notes": _("Notes"),
        }
        field_widgets: dict[str, QWidget] = {
            "name": self.name, "kind": self.kind, "event_date": self.event_date,
            "start_time": times, "venue": self.venue, "locality": self.locality,
            "organiser": self.organiser, "partners": self.partners, "notes": self.notes,
        }
        self._errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for field, widget in field_widgets.items():
            label_text = labels[field] + (" *" if field in ("name", "kind", "event_date") else "")
            label = QLabel(label_text)
            label.setBuddy(widget if field != "start_time" else self.has_times)
            widget.setAccessibleName(labels[field])
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.setAccessibleName(_("Problem with {field}").format(field=labels[field]))
            error.hide()
            self._errors[field] = error
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(label, column)
        self._errors["end_time"] = self._errors["start_time"]
        self.start_time.setAccessibleName(_("Start time"))
        self.end_time.setAccessibleName(_("End time"))
        self._widgets = field_widgets | {"end_time": times}

        required = QLabel(_("* required"))
        required.setObjectName("hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save event"))
        self.save_button.setAccessibleName(_("Save event"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.try_accept)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(required)
        layout.addWidget(buttons)
        if existing is not None:
            self._fill(existing)
        self.name.setFocus()

    def values(self) -> dict[str, object]:
        timed = self.has_times.isChecked()
        return {
            "name": self.name.text(),
            "kind": self.kind.currentData(),
            "event_date": self.event_date.date().toPython(),
            "start_time": self.start_time.time().toPython() if timed else None,
            "end_time": self.end_time.time().toPython() if timed else None,
            "venue": self.venue.text(),
            "locality": self.locality.text(),
            "organiser": self.organiser.text(),
            "partners": self.partners.text(),
            "notes": self.notes.toPlainText(),
        }

    def try_accept(self) -> None:
        """Check the form; accept with :attr:`details` set, or show every problem."""
        for label in self._errors.values():
            label.hide()
        try:
            self.details = validate_event(self.values())
        except ValidationError as error:
            self._show_errors(error.errors)
            return
        self.accept()

    def error_text(self, field: str) -> str:
        label = self._errors[field]
        return label.text() if not label.isHidden() else ""

    def _show_errors(self, errors: dict[str, str]) -> None:
        first: QWidget | None = None
        for field, message in errors.items():
            label = self._errors.get(field)
            if label is None:
                continue
            label.setText(message)
            label.show()
            first = first or self._widgets[field]
        if first is not None:
            first.setFocus()

    def _fill(self, d: EventDetails) -> None:
        self.name.setText(d.name)
        self.kind.setCurrentIndex(self.kind.findData(d.kind.value))
        self.event_date.setDate(QDate(d.event_date.year, d.event_date.month, d.event_date.day))
        if d.start_time or d.end_time:
            self.has_times.setChecked(True)
            self.start_time.setTime(_qtime(d.start_time or dt.time(0, 0)))
            self.end_time.setTime(_qtime(d.end_time or dt.time(23, 59)))
        self.venue.setText(d.venue)
        self.locality.setText(d.locality)
        self.organiser.setText(d.organiser)
        self.partners.setText(d.partners)
        self.notes.setPlainText(d.notes)


def _qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)
