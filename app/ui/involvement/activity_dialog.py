"""The form for logging an activity in a member's involvement log, or editing one."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.core.i18n import _
from app.core.involvement import ROLE_MAX, TITLE_MAX, ActivityDetails, validate_activity
from app.core.network import ActivityKind, Level
from app.ui.common.saving_form import SavingForm
from app.ui.involvement.forms import date_edit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.activities import ActivityRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


def _save_activity(session: Session, details: ActivityDetails, *, device_id: str, person_id: str,
                   existing: ActivityRecord | None) -> ActivityRecord:
    """On the worker: log the activity, or change ``existing`` if nobody saved it meanwhile."""
    from app.store.activities import add_activity, update_activity

    if existing is None:
        return add_activity(session, device_id, details, person_id=person_id)
    return update_activity(session, existing.id, details, existing.version)


class ActivityDialog(SavingForm):
    """Gathers an activity's details for ``person_id`` and saves them; :attr:`saved` holds the record."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, person_id: str, name: str,
                 existing: ActivityRecord | None = None) -> None:
        super().__init__(parent, _("Edit activity: {name}").format(name=name) if existing else
                         _("Log an activity: {name}").format(name=name), _("&Save activity"),
                         _("Activity details"), store=store, tasks=tasks, check=self.check,
                         save=partial(_save_activity, device_id=store.device_id, person_id=person_id,
                                      existing=existing))
        self.existing = existing
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 80, 860))
        self.kind = QComboBox()
        for kind in ActivityKind:
            self.kind.addItem(kind.label, kind.value)
        self.title = QLineEdit()
        self.title.setMaxLength(TITLE_MAX)
        self.title.setPlaceholderText(_("What it was, for example Urgent care reading group"))
        self.day = date_edit()
        self.hours = QLineEdit()
        self.hours.setPlaceholderText(_("1.5, 1:30 or 90m"))
        self.role = QLineEdit()
        self.role.setMaxLength(ROLE_MAX)
        self.role.setPlaceholderText(_("For example Reader, Panel member, Chair"))
        self.level = QComboBox()
        for level in Level:
            self.level.addItem(level.label, level.value)
        self.level.setCurrentIndex(self.level.findData(Level.INVOLVE.value))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        level_hint = QLabel(_("How far up the ladder of participation: informed, consulted, involved, "
                              "collaborating, or co-producing."))
        level_hint.setObjectName("hint")
        level_hint.setWordWrap(True)
        self.add_field("kind", _("&Kind"), self.kind, required=True)
        self.add_field("title", _("&What"), self.title, required=True)
        self.add_field("activity_date", _("&Date"), self.day, required=True)
        self.add_field("minutes", _("&Hours"), self.hours)
        self.add_field("role", _("&Role"), self.role)
        self.add_field("level", _("&Level"), self.level, hint=level_hint)
        self.add_field("notes", _("&Notes"), self.notes)
        self.finish_layout()
        if existing is not None:
            self._fill(existing.details)
        self.title.setFocus()

    def _fill(self, d: ActivityDetails) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.kind.value)))
        self.title.setText(d.title)
        day = QDate(d.activity_date.year, d.activity_date.month, d.activity_date.day)
        self.day.setMaximumDate(max(QDate.currentDate(), day))
        self.day.setDate(day)
        self.hours.setText(f"{d.minutes // 60}:{d.minutes % 60:02d}" if d.minutes else "")
        self.role.setText(d.role)
        self.level.setCurrentIndex(max(0, self.level.findData(d.level.value)))
        self.notes.setPlainText(d.notes)

    def values(self) -> dict[str, Any]:
        kept = self.existing.details if self.existing else None
        return {"kind": self.kind.currentData(), "title": self.title.text(),
                "activity_date": self.day.date().toPython(), "minutes": self.hours.text(),
                "role": self.role.text(), "level": self.level.currentData(), "notes": self.notes.toPlainText(),
                "event_id": kept.event_id if kept else None, "programme_id": kept.programme_id if kept else None}

    def check(self) -> ActivityDetails:
        return validate_activity(self.values(), today=dt.date.today())
