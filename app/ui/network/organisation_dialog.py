"""Adding or correcting an organisation: its name, kind, areas, topics, communities, how to reach
it and notes. Checked as the command line and an import check it; saved on the worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.contact import display_phone
from app.core.i18n import _
from app.core.network import COMMUNITIES, TOPICS, OrganisationKind
from app.core.organisations import validate_organisation
from app.core.validation import ValidationError
from app.ui.common.dialog_parts import action_buttons, error_label, grow_to_fit, scroll_body
from app.ui.common.tasks import while_alive

if TYPE_CHECKING:
    from app.store.organisations import OrganisationRecord
    from app.store.store import Store
    from app.ui.common.captioned_label import CaptionedLabel
    from app.ui.common.tasks import TaskPool

LIST_ROWS = 6  # rows of topics or communities shown before the list scrolls


def checklist(words: dict[str, str], name: str, chosen: tuple[str, ...] = ()) -> QListWidget:
    """A list of ticks, one per value, showing its label."""
    listing = QListWidget()
    listing.setAccessibleName(name)
    for value, label in words.items():
        item = QListWidgetItem(_(label))
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
        listing.addItem(item)
    row = listing.sizeHintForRow(0) if listing.count() else 20
    listing.setMinimumHeight(row * 3 + 6)
    listing.setMaximumHeight(row * LIST_ROWS + 6)
    return listing


def ticked(listing: QListWidget) -> list[str]:
    return [str(item.data(Qt.ItemDataRole.UserRole)) for item in
            (listing.item(i) for i in range(listing.count())) if item.checkState() == Qt.CheckState.Checked]


class OrganisationDialog(QDialog):
    """Add an organisation (``existing`` None) or correct one."""

    sig_saved = Signal(object)
    """The organisation was saved (its record)."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool,
                 existing: OrganisationRecord | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.existing = store, tasks, existing
        self.saved: OrganisationRecord | None = None
        self.setWindowTitle(_("Edit {name}").format(name=existing.name) if existing else _("Add an organisation"))
        d = existing.details if existing else None

        self.name = QLineEdit(d.name if d else "")
        self.name.setAccessibleName(_("Name"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind"))
        for kind in OrganisationKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData((d.kind if d else OrganisationKind.VCS).value))
        self.areas = QLineEdit("; ".join(d.areas) if d else "")
        self.areas.setAccessibleName(_("Areas"))
        self.areas.setPlaceholderText(_("Localities, wards or PCNs, separated by ;"))
        self.topics = checklist(TOPICS, _("Topics"), d.topics if d else ())
        self.communities = checklist(COMMUNITIES, _("Communities served"), d.communities if d else ())
        self.email = QLineEdit(d.email if d else "")
        self.email.setAccessibleName(_("Email"))
        self.phone = QLineEdit(display_phone(d.phone) if d else "")  # as the page shows it; saved the same
        self.phone.setAccessibleName(_("Phone"))
        self.website = QLineEdit(d.website if d else "")
        self.website.setAccessibleName(_("Website"))
        self.notes = QPlainTextEdit(d.notes if d else "")
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 12)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.errors: dict[str, CaptionedLabel] = {}
        rows = (("name", _("&Name:"), self.name), ("kind", _("&Kind:"), self.kind),
                ("areas", _("A&reas:"), self.areas), ("topics", _("&Topics:"), self.topics),
                ("communities", _("&Communities served:"), self.communities), ("email", _("E&mail:"), self.email),
                ("phone", _("&Phone:"), self.phone), ("website", _("&Website:"), self.website),
                ("notes", _("N&otes:"), self.notes))
        for field, text, widget in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            self.errors[field] = error_label(_("Problem with {field}").format(field=text.replace("&", "")[:-1]))
            column.addWidget(self.errors[field])
            form.addRow(label, box)
        self.problem = error_label(_("Problem"))
        buttons, self.save_button, _cancel = action_buttons(_("&Save") if existing else _("&Add"), self.save,
                                                            self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        scroll_body(self, _("Organisation details"))
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.height())

    def values(self) -> dict[str, object]:
        return {"name": self.name.text(), "kind": self.kind.currentData(), "areas": self.areas.text(),
                "topics": ticked(self.topics), "communities": ticked(self.communities),
                "email": self.email.text(), "phone": self.phone.text(), "website": self.website.text(),
                "notes": self.notes.toPlainText()}

    def show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for field, label in self.errors.items():
            message = errors.get(field, "")
            label.setText(message)
            label.setVisible(bool(message))
            if message and first is None:
                first = field
        if first is not None:
            {"name": self.name, "kind": self.kind, "areas": self.areas, "topics": self.topics,
             "communities": self.communities, "email": self.email, "phone": self.phone, "website": self.website,
             "notes": self.notes}[first].setFocus()
        grow_to_fit(self)

    def save(self) -> None:
        try:
            details = validate_organisation(self.values())
        except ValidationError as error:
            self.show_errors(error.errors)
            return
        self.show_errors({})
        self.save_button.setEnabled(False)
        from app.store.organisations import add_organisation, edit_organisation

        done, failed = while_alive(self, self._done), while_alive(self, self._failed)
        existing = self.existing
        if existing is None:
            self.tasks.run_in_session(self.store, add_organisation, self.store.device_id, details,
                                      on_success=done, on_failure=failed)
        else:
            self.tasks.run_in_session(self.store, edit_organisation, existing.id, details, existing.version,
                                      on_success=done, on_failure=failed)

    def _done(self, record: OrganisationRecord) -> None:
        self.saved = record
        self.sig_saved.emit(record)
        self.accept()

    def _failed(self, error: Exception) -> None:
        from app.store.errors import StoreError

        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
            return
        self.problem.setText(str(error) if isinstance(error, StoreError) else _(
            "Involve could not save that ({kind}); nothing was half-saved.").format(kind=type(error).__name__))
        self.problem.show()
        grow_to_fit(self)

