"""The chosen organisation's page: all its details, its contacts with their role and how to
reach them, and the team's notes. It only shows what it is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QListWidget, QVBoxLayout, QWidget

from app.core.contact import display_phone
from app.core.i18n import _, ngettext
from app.core.organisations import community_label, topic_label
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.network.pick_dialogs import contact_line

if TYPE_CHECKING:
    from app.store.organisation_contacts import ContactRecord
    from app.store.organisations import OrganisationRecord

NOTHING = "—"


def _value(caption: str) -> CaptionedLabel:
    label = CaptionedLabel(caption)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reached by Tab, so a screen reader reads it
    return label


class OrganisationPage(QWidget):
    """What is known of one organisation, or a hint when none is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: OrganisationRecord | None = None
        self.contacts: list[ContactRecord] = []
        self.heading = CaptionedLabel(_("Organisation"))
        self.heading.setObjectName("sectionHeading")
        self.heading.setWordWrap(True)
        self.kind = CaptionedLabel(_("Kind"))
        self.kind.setObjectName("subtitle")
        self.kind.setWordWrap(True)
        self.duplicate = CaptionedLabel(_("Warning"))
        self.duplicate.setObjectName("fieldError")
        self.duplicate.setWordWrap(True)
        self.areas = _value(_("Areas"))
        self.topics = _value(_("Topics"))
        self.communities = _value(_("Communities served"))
        self.email = _value(_("Email"))
        self.phone = _value(_("Phone"))
        self.website = _value(_("Website"))
        self.notes = _value(_("Notes"))
        self.contacts_heading = CaptionedLabel("")
        self.contacts_heading.setObjectName("sectionHeading")
        self.contact_list = QListWidget()
        self.contact_list.setAccessibleName(_("Contacts"))
        self.contact_list.setWordWrap(True)
        self.contact_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 8)
        self.no_contacts = QLabel(_("No contacts named yet. Choose Add contact… to name someone who signed up."))
        self.no_contacts.setWordWrap(True)
        self.no_contacts.setObjectName("hint")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in ((_("Areas:"), self.areas), (_("Topics:"), self.topics),
                             (_("Communities:"), self.communities), (_("Email:"), self.email),
                             (_("Phone:"), self.phone), (_("Website:"), self.website)):
            label = QLabel(text)
            label.setObjectName("fieldLabel")
            form.addRow(label, widget)
        notes_label = QLabel(_("Notes"))
        notes_label.setObjectName("sectionHeading")
        self.body = QFrame()
        self.body.setObjectName("card")
        column = QVBoxLayout(self.body)
        column.addWidget(self.heading)
        column.addWidget(self.kind)
        column.addWidget(self.duplicate)
        column.addLayout(form)
        column.addWidget(self.contacts_heading)
        column.addWidget(self.contact_list)
        column.addWidget(self.no_contacts)
        column.addWidget(notes_label)
        column.addWidget(self.notes)
        column.addStretch(1)
        self.hint = QLabel(_("Choose an organisation on the list to see its details and contacts."))
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.body, 1)
        self.show_organisation(None, [])

    def show_organisation(self, record: OrganisationRecord | None, contacts: list[ContactRecord]) -> None:
        self.record, self.contacts = record, contacts
        self.hint.setVisible(record is None)
        self.body.setVisible(record is not None)
        if record is None:
            return
        d = record.details
        self.heading.setText(d.name)
        self.kind.setText(d.kind.label)
        self.duplicate.setText(_("This may be listed twice: another organisation has the same name, email or phone. "
                                 "Use Merge with… if they are the same.") if record.possible_duplicate else "")
        self.duplicate.setVisible(record.possible_duplicate)
        self.areas.setText("; ".join(d.areas) or NOTHING)
        self.topics.setText("; ".join(topic_label(t) for t in d.topics) or NOTHING)
        self.communities.setText("; ".join(community_label(c) for c in d.communities) or NOTHING)
        self.email.setText(d.email or NOTHING)
        self.phone.setText(display_phone(d.phone) or NOTHING)
        self.website.setText(d.website or NOTHING)
        self.notes.setText(d.notes or _("No notes."))
        self.contacts_heading.setText(ngettext("{n} contact", "{n} contacts", len(contacts)).format(n=len(contacts)))
        self.contact_list.clear()
        for contact in contacts:
            self.contact_list.addItem(contact_line(contact))
        self.contact_list.setVisible(bool(contacts))
        rows = max(1, min(len(contacts), 5))
        self.contact_list.setFixedHeight(self.contact_list.sizeHintForRow(0) * rows + 8 if contacts else 0)
        self.no_contacts.setVisible(not contacts)

    def chosen_contact(self) -> ContactRecord | None:
        row = self.contact_list.currentRow()
        return self.contacts[row] if 0 <= row < len(self.contacts) else None
