"""Choosing the other organisation to merge with, and the person to name as a contact.

What to choose from is read on the worker; these dialogs only show it and say what was chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.ui.common.dialog_parts import action_buttons, error_label, grow_to_fit
from app.ui.common.tasks import while_alive

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.organisation_contacts import ContactRecord, PersonChoice
    from app.store.organisations import OrganisationRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

SEARCH_DELAY_MS = 250


def _read_merge_choices(session: Session, organisation_id: str) -> list[tuple[OrganisationRecord, bool]]:
    """On the worker: every other organisation, those likely the same as this one first."""
    from app.store.organisations import find_organisation_duplicates, get_organisation, list_organisations

    this = get_organisation(session, organisation_id)
    likely = {o.id for o in find_organisation_duplicates(session, this.details, exclude_id=this.id)}
    others = [o for o in list_organisations(session) if o.id != this.id]
    return sorted(((o, o.id in likely) for o in others), key=lambda pair: not pair[1])


class MergeDialog(QDialog):
    """Merge the organisation on show with another; the person says which of the two to keep."""

    sig_choices_shown = Signal()
    """The organisations to choose from are listed."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, current: OrganisationRecord) -> None:
        super().__init__(parent)
        self.current = current
        self.choices: list[OrganisationRecord] = []
        self.setWindowTitle(_("Merge {name} with…").format(name=current.name))
        intro = QLabel(_("Choose the other listing of {name}. The one not kept is taken off the list; its "
                         "contacts and activities move to the one kept, and their areas, topics and communities "
                         "are combined.").format(name=current.name))
        intro.setWordWrap(True)
        self.others = QListWidget()
        self.others.setAccessibleName(_("Organisations to merge with"))
        self.others.setWordWrap(True)
        self.others.currentRowChanged.connect(lambda _row: self._update())
        others_label = QLabel(_("&Other organisation:"))
        others_label.setBuddy(self.others)
        self.keep_this = QRadioButton()
        self.keep_other = QRadioButton()
        self.keep_this.setChecked(True)
        self.problem = error_label(_("Problem"))
        buttons, self.merge_button, _cancel = action_buttons(_("&Merge"), self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(others_label)
        layout.addWidget(self.others, 1)
        layout.addWidget(self.keep_this)
        layout.addWidget(self.keep_other)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.fontMetrics().lineSpacing() * 24)
        self._update()
        tasks.run_in_session(store, _read_merge_choices, current.id, on_success=while_alive(self, self._show),
                             on_failure=while_alive(self, self._failed))

    def _show(self, choices: list[tuple[OrganisationRecord, bool]]) -> None:
        self.choices = [record for record, _likely in choices]
        for record, likely in choices:
            text = f"{record.name} ({record.kind.label})"
            if record.details.areas:
                text += " · " + "; ".join(record.details.areas[:3])
            if likely:
                text = _("{text} · likely the same").format(text=text)
            self.others.addItem(QListWidgetItem(text))
        if choices:
            self.others.setCurrentRow(0)
        else:
            self._failed(None)
        self.sig_choices_shown.emit()

    def _failed(self, _error: object) -> None:
        self.problem.setText(_("There is no other organisation on the list to merge with."))
        self.problem.show()
        grow_to_fit(self)

    def chosen(self) -> OrganisationRecord | None:
        row = self.others.currentRow()
        return self.choices[row] if 0 <= row < len(self.choices) else None

    def keep_and_duplicate(self) -> tuple[str, str] | None:
        other = self.chosen()
        if other is None:
            return None
        if self.keep_this.isChecked():
            return self.current.id, other.id
        return other.id, self.current.id

    def _update(self) -> None:
        other = self.chosen()
        self.keep_this.setText(_("&Keep {name}").format(name=self.current.name))
        self.keep_this.setAccessibleName(_("Keep {name}").format(name=self.current.name))
        name = other.name if other is not None else _("the other one")
        self.keep_other.setText(_("Keep &the other: {name}").format(name=name))
        self.keep_other.setAccessibleName(_("Keep the other: {name}").format(name=name))
        self.merge_button.setEnabled(other is not None)


class ContactDialog(QDialog):
    """Name a person on this laptop (active, with consent) as a contact at an organisation, with a role."""

    sig_choices_shown = Signal()
    """The people to choose from are listed."""
    sig_saved = Signal(object)
    """The contact was named (its record)."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool,
                 organisation: OrganisationRecord) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.organisation = store, tasks, organisation
        self.choices: list[PersonChoice] = []
        self.saved: ContactRecord | None = None
        self._token = 0
        self.setWindowTitle(_("Add a contact at {name}").format(name=organisation.name))
        intro = QLabel(_("Only people who signed up on this laptop, have not withdrawn and whose consent stands "
                         "can be named."))
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setAccessibleName(_("Find a person"))
        self.search.setPlaceholderText(_("Type part of a name or email"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(_("&Find:"))
        search_label.setBuddy(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.find_people)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.people = QListWidget()
        self.people.setAccessibleName(_("People who can be named"))
        self.people.setWordWrap(True)
        self.role = QLineEdit()
        self.role.setAccessibleName(_("Role"))
        self.role.setPlaceholderText(_("For example Chair, or Volunteer coordinator"))
        role_label = QLabel(_("&Role:"))
        role_label.setBuddy(self.role)
        self.problem = error_label(_("Problem"))
        buttons, self.add_button, _cancel = action_buttons(_("&Add contact"), self.save, self.reject)
        self.add_button.setEnabled(False)
        self.people.currentRowChanged.connect(lambda _row: self.add_button.setEnabled(self.chosen() is not None))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(search_label)
        layout.addWidget(self.search)
        layout.addWidget(self.people, 1)
        layout.addWidget(role_label)
        layout.addWidget(self.role)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 64, self.fontMetrics().lineSpacing() * 24)
        self.find_people()

    def find_people(self) -> None:
        from app.store.organisation_contacts import contact_choices

        self._token += 1
        token = self._token

        def show(found: list[PersonChoice]) -> None:
            if token != self._token:
                return
            self.choices = found
            self.people.clear()
            for choice in found:
                self.people.addItem(f"{choice.name} · {choice.how_to_reach}" if choice.how_to_reach else choice.name)
            if found:
                self.people.setCurrentRow(0)
            self.add_button.setEnabled(bool(found))
            self.sig_choices_shown.emit()

        self.tasks.run_in_session(self.store, contact_choices, self.search.text(),
                                  on_success=while_alive(self, show), on_failure=while_alive(self, self._failed))

    def chosen(self) -> PersonChoice | None:
        row = self.people.currentRow()
        return self.choices[row] if 0 <= row < len(self.choices) else None

    def save(self) -> None:
        from app.store.organisation_contacts import add_contact

        person = self.chosen()
        if person is None:
            return
        self.add_button.setEnabled(False)
        self.tasks.run_in_session(self.store, add_contact, self.store.device_id, self.organisation.id, person.id,
                                  self.role.text(), on_success=while_alive(self, self._done),
                                  on_failure=while_alive(self, self._failed))

    def _done(self, record: ContactRecord) -> None:
        self.saved = record
        self.sig_saved.emit(record)
        self.accept()

    def _failed(self, error: Exception) -> None:
        from app.core.validation import ValidationError
        from app.store.errors import StoreError

        self.add_button.setEnabled(self.chosen() is not None)
        if isinstance(error, ValidationError):
            text = " ".join(error.errors.values())
        elif isinstance(error, StoreError):
            text = str(error)
        else:
            text = _("Involve could not do that ({kind}); nothing was half-saved.").format(kind=type(error).__name__)
        self.problem.setText(text)
        self.problem.show()
        grow_to_fit(self)


def contact_line(contact: ContactRecord) -> str:
    """"Ann Smith, Chair · ann@example.org · 020 7946 0123"."""
    who = _("{name}, {role}").format(name=contact.name, role=contact.role) if contact.role else contact.name
    return f"{who} · {contact.how_to_reach}" if contact.how_to_reach else who

