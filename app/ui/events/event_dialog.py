"""The form for adding or editing an event, with each problem shown beside its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.events import (
    DEFAULT_SURVEYS,
    NAME_MAX,
    SERVICE_MAX,
    SHORT_TEXT_MAX,
    EventDetails,
    EventKind,
    validate_event,
)
from app.core.i18n import _
from app.core.validation import EARLIEST_DATE, LATEST_DATE, ValidationError
from app.ui.common.dialog_parts import action_buttons, error_label, scroll_body
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import PLAN_EVENT, add_guide_key

if TYPE_CHECKING:
    from app.store.practices import PracticeRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


class EventDialog(QDialog):
    """Gathers an event's details; :attr:`details` holds them, checked, once accepted.

    ``surveys`` maps each survey this laptop has to its title, in the order to offer them.
    The GP practices a PPG meeting can be for are read on ``tasks``'s worker from ``store``
    (none are offered without them).
    """

    def __init__(self, parent: QWidget | None = None, *, existing: EventDetails | None = None,
                 surveys: Mapping[str, str] | None = None, store: Store | None = None,
                 tasks: TaskPool | None = None) -> None:
        super().__init__(parent)
        self.details: EventDetails | None = None
        self._existing_surveys = existing.survey_ids if existing is not None else ()
        self._practice_id = existing.practice_id if existing is not None else None
        self._practices_loaded = False
        self.setWindowTitle(_("Edit event") if existing else _("New event"))
        add_guide_key(self, PLAN_EVENT)
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
        self.event_date.setDateRange(QDate(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day),
                                     QDate(LATEST_DATE.year, LATEST_DATE.month, LATEST_DATE.day))
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
        for line in (self.venue, self.locality, self.organiser, self.partners):
            line.setMaxLength(SHORT_TEXT_MAX)
        self.service = QLineEdit()
        self.service.setMaxLength(SERVICE_MAX)
        self.service.setPlaceholderText(_("For example: Riverside Surgery, or a site code"))
        self.service.setToolTip(_("The NHS service or site this event's feedback is about, e.g. a practice or ward. "
                                  "Leave blank if it is about more than one."))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(_("Anything the team should know (not shown to the public)"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.surveys = self._survey_boxes(surveys or {}, existing.survey_ids if existing else DEFAULT_SURVEYS)
        self.easy_read = QCheckBox(_("Offer the Friends and Family Test in easy read at the kiosk"))
        self.easy_read.setToolTip(_("People can choose easy read: a picture above each answer, short words, and an "
                                    "easy-read privacy notice."))
        self.practice = QComboBox()
        self.practice.addItem(_("Reading the list of practices…"), None)
        self.practice.setEnabled(False)
        self.practice_hint = QLabel(_("The practice whose PPG meets; its members go on the register."))
        self.practice_hint.setObjectName("hint")
        self.practice_hint.setWordWrap(True)

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
            "name": _("Name"), "kind": _("Kind of event"), "practice_id": _("GP practice"), "event_date": _("Date"),
            "start_time": _("Times"), "venue": _("Venue"), "locality": _("Locality"),
            "organiser": _("Organising team"), "partners": _("Partner organisations"),
            "service": _("Service (for the FFT return)"), "notes": _("Notes"), "survey_ids": _("Feedback surveys"),
        }
        field_widgets: dict[str, QWidget] = {
            "name": self.name, "kind": self.kind, "practice_id": self.practice, "event_date": self.event_date,
            "start_time": times, "venue": self.venue, "locality": self.locality,
            "organiser": self.organiser, "partners": self.partners, "service": self.service, "notes": self.notes,
            "survey_ids": self.surveys,
        }
        self._errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for field, widget in field_widgets.items():
            label_text = labels[field] + (" *" if field in ("name", "kind", "event_date", "survey_ids") else "")
            label = QLabel(label_text)
            label.setBuddy(self._survey_checks[0] if field == "survey_ids" and self._survey_checks
                           else self.has_times if field == "start_time" else widget)
            widget.setAccessibleName(labels[field])
            error = error_label(_("Problem with {field}").format(field=labels[field]))
            self._errors[field] = error
            column = QVBoxLayout()
            column.setSpacing(2)
            if field == "survey_ids":
                hint = QLabel(_("What people are asked, at the kiosk and by staff."))
                hint.setObjectName("hint")
                column.addWidget(hint)
            column.addWidget(widget)
            if field == "survey_ids":
                column.addWidget(self.easy_read)
            if field == "practice_id":
                column.addWidget(self.practice_hint)
                self._practice_row = form.rowCount()
            column.addWidget(error)
            form.addRow(label, column)
        self._errors["end_time"] = self._errors["start_time"]
        self._errors["easy_read"] = self._errors["survey_ids"]
        self.start_time.setAccessibleName(_("Start time"))
        self.end_time.setAccessibleName(_("End time"))
        self._widgets = field_widgets | {"end_time": times, "easy_read": self.easy_read}
        if self._survey_checks:
            self._widgets["survey_ids"] = self._survey_checks[0]

        required = QLabel(_("* required"))
        required.setObjectName("hint")
        buttons, self.save_button, _cancel = action_buttons(_("Save event"), self.try_accept, self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.try_accept)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(required)
        layout.addWidget(buttons)
        scroll_body(self, _("Event details"))
        self._form = form
        if existing is not None:
            self._fill(existing)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.name.setFocus()
        self._load_practices(store, tasks)

    # ----- the GP practice, for a PPG meeting

    def _is_ppg(self) -> bool:
        return self.kind.currentData() == EventKind.PPG_MEETING.value

    def _kind_changed(self) -> None:
        self._form.setRowVisible(self._practice_row, self._is_ppg())
        if not self._is_ppg():
            self._errors["practice_id"].hide()

    def _load_practices(self, store: Store | None, tasks: TaskPool | None) -> None:
        if store is None or tasks is None:
            self.set_practices([])
            return
        from app.store.practices import list_practices

        def loaded(practices: list[PracticeRecord]) -> None:
            if shiboken6.isValid(self):
                self.set_practices(practices)

        def failed(_error: Exception) -> None:
            if shiboken6.isValid(self):
                self.set_practices([])

        tasks.run_in_session(store, list_practices, on_failure=failed,
                             on_success=while_alive(self, self.set_practices))

    def set_practices(self, practices: Sequence[PracticeRecord]) -> None:
        """Offer ``practices``, keeping the one chosen (or the event's own) if it is still listed."""
        wanted = self.practice.currentData() if self._practices_loaded else self._practice_id
        self._practices_loaded = True
        self.practice.clear()
        self.practice.addItem(_("Not chosen yet"), None)
        for practice in practices:
            self.practice.addItem(practice.label, practice.id)
        self.practice.setEnabled(True)
        index = self.practice.findData(wanted) if wanted else 0
        self.practice.setCurrentIndex(max(index, 0))
        if wanted and index < 0:
            self._show_errors({"practice_id": _("The practice this meeting was for is no longer on the list; "
                                                "choose another.")})
            self.name.setFocus()
        if not practices:
            self.practice_hint.setText(_("No GP practices are on the list yet. Add them with People ▸ GP "
                                         "practices, then choose one here."))

    def chosen_practice(self) -> str | None:
        if not self._is_ppg():
            return None
        if not self._practices_loaded:
            return self._practice_id  # the list is still being read: keep what the event had
        return self.practice.currentData()

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
            "service": self.service.text(),
            "notes": self.notes.toPlainText(),
            "survey_ids": self.chosen_surveys(),
            "practice_id": self.chosen_practice(),
            "easy_read": self.easy_read.isChecked(),
        }

    def chosen_surveys(self) -> list[str]:
        """The ticked surveys: the event's own order kept, newly ticked ones after it."""
        ticked = [box.property("survey") for box in self._survey_checks if box.isChecked()]
        kept = [sid for sid in self._existing_surveys if sid in ticked]
        return kept + [sid for sid in ticked if sid not in kept]

    def try_accept(self) -> None:
        """Check the form; accept with :attr:`details` set, or show every problem."""
        for label in self._errors.values():
            label.hide()
        values = self.values()
        errors: dict[str, str] = {}
        try:
            self.details = validate_event(values)
        except ValidationError as error:
            errors = dict(error.errors)
        if not values["survey_ids"]:
            # An empty list would mean "the default" to the rules below; here it is a slip.
            errors["survey_ids"] = _("Choose at least one survey.")
        if errors:
            self.details = None
            self._show_errors(errors)
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

    def _survey_boxes(self, titles: Mapping[str, str], ticked: tuple[str, ...]) -> QWidget:
        """One tick box per survey; an event's survey missing from this laptop is still listed."""
        offered = dict(titles)
        for survey_id in ticked:
            offered.setdefault(survey_id, _("{survey} (not on this laptop)").format(survey=survey_id))
        box_column = QWidget()
        column = QVBoxLayout(box_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self._survey_checks: list[QCheckBox] = []
        for survey_id, title in offered.items():
            check = QCheckBox(title)
            check.setProperty("survey", survey_id)
            check.setChecked(survey_id in ticked)
            column.addWidget(check)
            self._survey_checks.append(check)
        return box_column

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
        self.service.setText(d.service)
        self.notes.setPlainText(d.notes)
        self.easy_read.setChecked(d.easy_read)


def _qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)
