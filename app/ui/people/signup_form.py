"""The sign-up form staff fill in for a person: details, interests, how to contact them, consent.
Without a notice it is the same form for correcting a person's details, with no consent part:
consent already given is never asked for or changed again.

The form only gathers and checks; saving is the caller's (adding a GP practice too). Every problem is shown beside
its field, and focus goes to the first field that needs changing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.contact import EMAIL_MAX, NAME_MAX, PHONE_MAX, POSTCODE_MAX, display_phone
from app.core.i18n import _
from app.core.signups import ContactMethod, Interest, PersonStatus, SignupDetails, validate_signup
from app.core.validation import ValidationError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import error_label
from app.ui.people.notice_dialog import NoticeDialog
from app.ui.people.topics_chooser import TopicsChooser

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from app.core.privacy import RenderedNotice
    from app.store.people import PersonRecord
    from app.store.practices import PracticeRecord

# The order problems are looked at in, so focus goes to the first one a person would reach.
FIELD_ORDER = ("name", "email", "phone", "postcode", "contact_method", "access_needs", "interests",
               "practice_id", "topics", "consent")
LABELS = {
    "name": _("Name"), "email": _("Email"), "phone": _("Phone"), "postcode": _("Postcode"),
    "contact_method": _("How should we contact you?"), "access_needs": _("Communication or access needs"),
    "interests": _("What would you like to do?"), "practice_id": _("GP practice"),
    "consent": _("Privacy notice"), "topics": _("Topics they care about"),
}
CONTACT_NAMES = {
    ContactMethod.EMAIL: _("Contact by email"),
    ContactMethod.PHONE: _("Contact by phone call"),
    ContactMethod.TEXT: _("Contact by text message"),
}
NAME_IN_CONSENT_MAX = 40
WIDE_CHARS = 118  # below this width (in average characters) the two columns stack
_UNLISTED = "?"  # a practice typed that matches nothing on the list


def bold(label: QLabel, scale: float = 1.0) -> QLabel:
    """``label`` in bold; a larger ``scale`` makes it a heading, sized by the stylesheet so it
    follows the text size setting as it changes."""
    if scale != 1.0:
        label.setObjectName("sectionHeading")
        return label
    font = QFont()  # only the weight is set: the size still follows the application's
    font.setBold(True)
    label.setFont(font)
    return label


def short_date(moment: dt.datetime | dt.date) -> str:
    """A date the UK way, as a person writes it: 3 Oct 2026 (local time for moments)."""
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone().date() if moment.tzinfo else moment.date()
    return f"{moment.day} {moment:%b %Y}"


def status_label(status: PersonStatus) -> str:
    return {
        PersonStatus.ACTIVE: _("Signed up"),
        PersonStatus.WITHDRAWN: _("Consent withdrawn"),
        PersonStatus.ERASED: _("Erased"),
        PersonStatus.MERGED: _("Merged into another record"),
    }[status]


def interests_text(record: PersonRecord) -> str:
    return "; ".join(i.label for i in record.details.interests)


def match_text(keys: Sequence[str]) -> str:
    """What two sign-ups share, in words: "same email and same phone number"."""
    words = {"email": _("same email"), "phone": _("same phone number"),
             "name_postcode": _("same name and postcode")}
    return _(" and ").join(words[k] for k in keys if k in words)


class SignupForm(QWidget):
    """Name, contact details, interests, GP practice and consent for one sign-up."""

    sig_changed = Signal()
    """Something on the form was changed by the person."""
    sig_add_practice = Signal()
    """Staff asked to add a GP practice that is not on the list yet."""

    def __init__(self, practices: Sequence[PracticeRecord], notice: RenderedNotice | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = notice
        self.practices = list(practices)
        self.errors: dict[str, QLabel] = {}
        self.arranged_by_owner = False  # True when a scroll area's owner calls arrange() with its width

        self.name = self._line(NAME_MAX, _("As they would like to be called"))
        self.email = self._line(EMAIL_MAX, _("For example: name@example.com"))
        self.phone = self._line(PHONE_MAX, _("For example: 07911 123456"))
        self.postcode = self._line(POSTCODE_MAX, _("For example: ME14 1XX"))
        self.postcode.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24 + 24)

        self.contact_group = QButtonGroup(self)
        contact_row = QWidget()
        contact_layout = QHBoxLayout(contact_row)
        contact_layout.setContentsMargins(0, 0, 0, 0)
        self.contact: dict[ContactMethod, QRadioButton] = {}
        for method in ContactMethod:
            radio = QRadioButton(method.label)
            radio.setAccessibleName(CONTACT_NAMES[method])
            radio.toggled.connect(self.sig_changed)
            self.contact_group.addButton(radio)
            self.contact[method] = radio
            contact_layout.addWidget(radio)
        contact_layout.addStretch(1)
        self.contact[ContactMethod.EMAIL].setChecked(True)

        self.access_needs = QPlainTextEdit()
        self.access_needs.setTabChangesFocus(True)
        self.access_needs.setPlaceholderText(_("For example: large print, British Sign Language, "
                                               "hearing loop, step-free access"))
        self.access_needs.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.access_needs.textChanged.connect(self.sig_changed)

        self.interests: dict[Interest, QCheckBox] = {}
        interest_box = QWidget()
        interest_layout = QVBoxLayout(interest_box)
        interest_layout.setContentsMargins(0, 0, 0, 0)
        interest_layout.setSpacing(6)
        for interest in Interest:
            check = QCheckBox(interest.label)
            check.toggled.connect(self.sig_changed)
            self.interests[interest] = check
            interest_layout.addWidget(check)
        self.interests[Interest.PPG].toggled.connect(self._ppg_toggled)

        self.practice = QComboBox()
        self.practice.setEditable(True)
        self.practice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for practice in self.practices:
            self.practice.addItem(practice.label, practice.id)
        self.practice.setCurrentIndex(-1)
        edit = self.practice.lineEdit()
        assert edit is not None  # the box is editable, so it has its line edit
        edit.setPlaceholderText(_("Type part of the name or code"))
        completer = QCompleter(self.practice.model(), self.practice)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.practice.setCompleter(completer)
        self.practice.setMinimumContentsLength(24)
        self.practice.currentTextChanged.connect(self.sig_changed)
        self.no_practices = QLabel(_("No GP practices are on the list yet. Add the person's practice to choose it."))
        self.no_practices.setObjectName("hint")
        self.no_practices.setWordWrap(True)
        self.add_practice = QPushButton(_("A&dd a practice…"))
        self.add_practice.setAccessibleName(_("Add a practice"))
        self.add_practice.setToolTip(_("Add a GP practice that is not on the list, and choose it"))
        self.add_practice.clicked.connect(self.sig_add_practice)
        self.practice_label = QLabel(_("&GP practice *"))
        self.practice_label.setBuddy(self.practice)
        self.practice_hint = QLabel(_("Whose Patient Participation Group they would like to join."))
        self.practice_hint.setObjectName("hint")
        self.practice_hint.setWordWrap(True)

        self.topics = TopicsChooser()
        self.topics.sig_changed.connect(self.sig_changed)

        self.consent = QCheckBox()
        self.consent.setAccessibleName(_("Agreed to the privacy notice"))
        self.consent.toggled.connect(self.sig_changed)
        self.name.textChanged.connect(self._name_changed)
        self._name_changed("")

        self._build(interest_box, contact_row)
        self._ppg_toggled(False)
        order = [self.name, self.email, self.phone, self.postcode, *self.contact.values(), self.access_needs,
                 *self.interests.values(), self.practice, self.add_practice, self.topics]
        if notice is not None:
            order += [self.read_notice, self.consent]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    # ----- building

    def _line(self, limit: int, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(limit)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self.sig_changed)
        return edit

    def _row(self, form: QFormLayout, field: str, text: str, widget: QWidget, hint: str = "") -> None:
        label = QLabel(text)
        label.setBuddy(widget if field != "contact_method" else self.contact[ContactMethod.EMAIL])
        label.setWordWrap(True)
        if field != "contact_method":
            widget.setAccessibleName(LABELS[field])
        form.addRow(label, self._with_error(field, widget, hint))

    def _with_error(self, field: str, widget: QWidget, hint: str = "") -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            note = QLabel(hint)
            note.setObjectName("hint")
            note.setWordWrap(True)
            column.addWidget(note)
        error = error_label(_("Problem with {field}").format(field=LABELS[field]))
        column.addWidget(error)
        self.errors[field] = error
        return holder

    def _build(self, interest_box: QWidget, contact_row: QWidget) -> None:
        details = QFormLayout()
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        details.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        details.setVerticalSpacing(8)
        self._row(details, "name", _("&Name *"), self.name)
        self._row(details, "email", _("E&mail"), self.email, _("Give an email address, a phone number or both."))
        self._row(details, "phone", _("&Phone"), self.phone)
        self._row(details, "postcode", _("Post&code"), self.postcode)
        self._row(details, "contact_method", _("How should we contact you? *"), contact_row)
        self._row(details, "access_needs", _("Communication or &access needs"), self.access_needs)
        left = QFrame()
        left.setObjectName("card")
        left_column = QVBoxLayout(left)
        left_column.addWidget(bold(QLabel(_("About the person"))))
        left_column.addLayout(details)
        left_column.addStretch(1)

        right = QFrame()
        right.setObjectName("card")
        right_column = QVBoxLayout(right)
        heading = bold(QLabel(_("What would you like to do? *")))
        heading.setBuddy(self.interests[Interest.HEALTH_NETWORK])
        interest_box.setAccessibleName(LABELS["interests"])
        right_column.addWidget(heading)
        right_column.addWidget(self._with_error("interests", interest_box, _("Tick every one that applies.")))
        right_column.addSpacing(6)
        right_column.addWidget(self.practice_label)
        self.practice.setAccessibleName(LABELS["practice_id"])
        right_column.addWidget(self.practice)
        right_column.addWidget(self.practice_hint)
        right_column.addWidget(self.no_practices)
        right_column.addWidget(self.add_practice, 0, Qt.AlignmentFlag.AlignLeft)
        # Outside the part that hides, so a problem shows even when there is no list to choose from.
        self.errors["practice_id"] = error_label(_("Problem with {field}").format(field=LABELS["practice_id"]))
        right_column.addWidget(self.errors["practice_id"])
        right_column.addSpacing(6)
        topics_label = bold(QLabel(_("&Topics they care about")))
        topics_label.setBuddy(self.topics)
        right_column.addWidget(topics_label)
        right_column.addWidget(self._with_error("topics", self.topics, _(
            "Optional. Tick the subjects they would like to be asked about: used to find who to involve.")))
        right_column.addStretch(1)

        self.columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.setSpacing(12)
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(columns)
        if self.notice is not None:
            layout.addWidget(self._consent_card(self.notice))

    def _consent_card(self, notice: RenderedNotice) -> QFrame:
        consent = QFrame()
        consent.setObjectName("card")
        consent_column = QVBoxLayout(consent)
        consent_column.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(bold(QLabel(notice.title)))
        top.addStretch(1)
        self.read_notice = QPushButton(_("&Read the full notice…"))
        self.read_notice.setAccessibleName(_("Read the full notice"))
        self.read_notice.setToolTip(_("Every part of the notice, to read with the person"))
        self.read_notice.clicked.connect(self.show_notice)
        top.addWidget(self.read_notice)
        summary = CaptionedLabel(_("Privacy notice summary"), notice.summary)
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        consent_column.addLayout(top)
        consent_column.addWidget(summary)
        consent_column.addWidget(self._with_error("consent", self.consent))
        return consent

    # ----- reacting

    def arrange(self, width: int) -> None:
        """Side by side where ``width`` leaves room; one above the other on a narrow screen or
        with large text. A scroll area holding the form passes its viewport's width."""
        wide = width >= self.fontMetrics().averageCharWidth() * WIDE_CHARS
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if not self.arranged_by_owner:
            self.arrange(event.size().width())
        super().resizeEvent(event)

    def _name_changed(self, text: str) -> None:
        name = " ".join(text.split())
        if len(name) > NAME_IN_CONSENT_MAX:
            name = name[:NAME_IN_CONSENT_MAX - 1].rstrip() + "…"
        who = name or _("The person")
        self.consent.setText(_("{name} has agreed to the privacy notice and asked us to sign them up").format(
            name=who))
        self.consent.setAccessibleName(_("Agreed to the privacy notice: {words}").format(words=self.consent.text()))

    def _ppg_toggled(self, ticked: bool) -> None:
        has_list = bool(self.practices)
        for widget in (self.practice_label, self.practice, self.practice_hint):
            widget.setVisible(ticked and has_list)
        if not ticked:
            self.errors["practice_id"].hide()
        self.practice.setEnabled(ticked and has_list)
        self.no_practices.setVisible(ticked and not has_list)
        self.add_practice.setVisible(ticked)
        if ticked and has_list and self.isVisible():
            self.practice.setFocus()

    def show_notice(self) -> None:
        if self.notice is not None:
            NoticeDialog(self.notice, self).exec()

    def practice_added(self, practice: PracticeRecord) -> None:
        """A practice staff just added: on the list from now on, and chosen for this person."""
        self.practices.append(practice)
        self.practice.addItem(practice.label, practice.id)
        self.practice.setCurrentIndex(self.practice.count() - 1)
        self.errors["practice_id"].hide()
        self._ppg_toggled(self.interests[Interest.PPG].isChecked())
        self.practice.setFocus()

    def fill(self, details: SignupDetails) -> None:
        """Show a stored sign-up's details, to correct them."""
        self.name.setText(details.name)
        self.email.setText(details.email)
        self.phone.setText(display_phone(details.phone))
        self.postcode.setText(details.postcode)
        self.contact[details.contact_method].setChecked(True)
        self.access_needs.setPlainText(details.access_needs)
        for interest, check in self.interests.items():
            check.setChecked(interest in details.interests)
        self.topics.set_values(details.topics)
        index = self.practice.findData(details.practice_id) if details.practice_id else -1
        self.practice.setCurrentIndex(index)

    # ----- reading and checking

    def practice_id(self) -> str | None:
        """The practice chosen, ``None`` when none is, or a marker for a name not on the list."""
        if not self.interests[Interest.PPG].isChecked():
            return None
        text = self.practice.currentText().strip()
        if not text:
            return None
        index = self.practice.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.practice.itemData(index) if index >= 0 else _UNLISTED

    def values(self) -> dict[str, object]:
        checked = self.contact_group.checkedButton()
        method = next((m.value for m, radio in self.contact.items() if radio is checked), "")
        return {
            "name": self.name.text(),
            "email": self.email.text(),
            "phone": self.phone.text(),
            "postcode": self.postcode.text(),
            "interests": [i.value for i, check in self.interests.items() if check.isChecked()],
            "practice_id": self.practice_id(),
            "contact_method": method,
            "access_needs": self.access_needs.toPlainText(),
            "topics": self.topics.values(),
        }

    def has_input(self) -> bool:
        values = self.values()
        return any(values[k] for k in ("name", "email", "phone", "postcode", "interests", "access_needs", "topics")) \
            or self.consent.isChecked()

    def check(self) -> SignupDetails | None:
        """The checked details, or ``None`` with every problem shown beside its field."""
        self.clear_errors()
        errors: dict[str, str] = {}
        details: SignupDetails | None = None
        try:
            details = validate_signup(self.values(), practice_ids={p.id for p in self.practices})
        except ValidationError as error:
            errors = dict(error.errors)
        if "practice_id" in errors and not self.practices:
            errors["practice_id"] = _("There are no GP practices to choose from yet. Add the person's practice "
                                      "with Add a practice…, or untick the Patient Participation Group.")
        if self.notice is not None and not self.consent.isChecked():
            errors["consent"] = _("We can only sign someone up once they have agreed to the privacy notice. "
                                  "Read it with them, then tick this box.")
        if errors:
            self.show_errors(errors)
            return None
        return details

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field; focus on the first field to change."""
        for field, message in errors.items():
            label = self.errors.get(field)
            if label is not None:
                label.setText(message)
                label.show()
        first = next((f for f in FIELD_ORDER if f in errors), None)
        if first is not None:
            self.field_widget(first).setFocus(Qt.FocusReason.OtherFocusReason)

    def error_text(self, field: str) -> str:
        label = self.errors[field]
        return label.text() if not label.isHidden() else ""

    def field_widget(self, field: str) -> QWidget:
        if field == "contact_method":
            return self.contact_group.checkedButton() or self.contact[ContactMethod.EMAIL]
        if field == "interests":
            return self.interests[Interest.HEALTH_NETWORK]
        if field == "practice_id" and not self.practice.isVisibleTo(self):
            return self.interests[Interest.PPG]
        return {"name": self.name, "email": self.email, "phone": self.phone, "postcode": self.postcode,
                "access_needs": self.access_needs, "practice_id": self.practice, "consent": self.consent,
                "topics": self.topics}[field]


def form_scroll_area(form: QWidget) -> QScrollArea:
    """The sign-up form in an area that scrolls up and down only, as the staff dialogs show it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(form)
    return area
