"""What each kiosk sign-up screen asks: the controls for one step, and its words.

A step is made fresh each time it is shown and destroyed when the person moves on, so
nothing typed outlives the screen except in the sign-up flow itself. Every control has an
accessible name; problems show beside their field, with ⚠ and words, not colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.contact import EMAIL_MAX, NAME_MAX, PHONE_MAX, POSTCODE_MAX
from app.core.signups import ACCESS_NEEDS_MAX, CONTACT_LABELS, INTEREST_LABELS, ContactMethod, Interest
from app.ui.common.answer_editors import LimitedText, RowCheckBox, RowRadioButton, wrapped
from app.ui.kiosk.parts import kiosk_button, kiosk_label

if TYPE_CHECKING:
    from app.core.privacy import RenderedNotice
    from app.core.signup_flow import Practice

Translate = Callable[[str], str]


def step_texts(step: str, tr: Translate) -> tuple[str, str]:
    """The question a step asks and a line of help under it, in the person's language."""
    if step == "interests":
        return tr("What would you like to do?"), tr("Tick all that you are interested in.")
    if step == "practice":
        return (tr("Which GP practice are you registered with?"),
                tr("You can join the Patient Participation Group of the practice where you are a patient."))
    if step == "name":
        return tr("What is your name?"), tr("So we know who we are talking to when we contact you.")
    if step == "contact":
        return tr("How can we contact you?"), tr("Give an email address, a phone number, or both.")
    if step == "contact_method":
        return tr("How would you like us to contact you?"), ""
    if step == "postcode":
        return (tr("What is your postcode?") + " " + tr("(optional)"),
                tr("It helps us tell you about things near where you live."))
    if step == "access_needs":
        return (tr("Do you have any communication or access needs?") + " " + tr("(optional)"),
                tr("For example: large print, an interpreter, British Sign Language, or step-free access. "
                   "Tell us so we can make things work for you."))
    return "", ""  # the consent step shows the privacy notice's own title and summary


class SignupStep(QWidget):
    """The controls of one sign-up screen.

    Each field it asks for is added with ``add_field``: where its problem message goes, the
    control the focus goes to, and how its value is read and filled in.
    """

    def __init__(self, tr: Translate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(10)
        self.error_labels: dict[str, QLabel] = {}
        self.focus_targets: dict[str, QWidget] = {}
        self._readers: dict[str, Callable[[], Any]] = {}
        self._fillers: dict[str, Callable[[Any], None]] = {}
        self.showing_errors = False

    def tr(self, text: str, _disambiguation: str | None = None, _n: int = -1) -> str:
        """In place of Qt's own tr: the person signing up reads their own language."""
        return self._tr(text)

    @property
    def fields(self) -> tuple[str, ...]:
        """The sign-up fields this step sets."""
        return tuple(self._readers)

    def add_field(self, field: str, target: QWidget, read: Callable[[], Any], fill: Callable[[Any], None]) -> None:
        """Ask for ``field``: its hidden problem message goes here, above the control it is about."""
        label = kiosk_label("kioskError")
        label.hide()
        self.layout_.addWidget(label)
        self.error_labels[field] = label
        self.focus_targets[field] = target
        self._readers[field] = read
        self._fillers[field] = fill

    def add_line(self, field: str, edit: QLineEdit) -> None:
        self.add_field(field, edit, edit.text, lambda value: edit.setText(value or ""))
        self.layout_.addWidget(edit)

    def add_field_label(self, text: str, buddy: QWidget) -> None:
        label = kiosk_label("kioskFieldLabel")
        label.setText(text)
        label.setBuddy(buddy)
        self.layout_.addWidget(label)

    def values(self) -> dict[str, Any]:
        return {field: read() for field, read in self._readers.items()}

    def set_values(self, values: Mapping[str, Any]) -> None:
        for field, fill in self._fillers.items():
            fill(values.get(field))

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show each problem beside its field, clear the rest, and put the focus on the first."""
        first: QWidget | None = None
        self.showing_errors = any(errors.get(field) for field in self.error_labels)
        for field, label in self.error_labels.items():
            message = errors.get(field)
            label.setVisible(bool(message))
            label.setText("⚠ " + message if message else "")
            label.setAccessibleName(self.tr("Problem: {message}").format(message=message) if message else "")
            target = self.focus_targets[field]
            target.setAccessibleDescription(label.accessibleName())
            if message and first is None:
                first = target
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_first(self) -> None:
        targets = list(self.focus_targets.values())
        if targets:
            targets[0].setFocus(Qt.FocusReason.TabFocusReason)

    def forget(self) -> None:
        """Empty every box before the step is destroyed, so nothing typed lingers."""
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for box in self.findChildren(LimitedText):
            box.set_text("")


def _line(name: str, max_length: int, *, short: bool = False,
          hints: Qt.InputMethodHint = Qt.InputMethodHint.ImhNone) -> QLineEdit:
    edit = QLineEdit()
    # The stylesheet sets the width in ems, so a box grows with the text size setting.
    edit.setObjectName("kioskShortField" if short else "kioskField")
    edit.setAccessibleName(name)
    edit.setMaxLength(max_length)
    edit.setInputMethodHints(hints)
    return edit


class _Choices(SignupStep):
    """One of several, by large radio buttons: arrows move, Space chooses."""

    def __init__(self, tr: Translate, field: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__(tr)
        self.field = field
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QRadioButton] = []
        for n, (value, text) in enumerate(options):
            button = RowRadioButton(wrapped(text))
            button.setAccessibleName(text)
            button.setProperty("answer", value)
            self.group.addButton(button, n)
            self.buttons.append(button)
        self.add_field(field, self.buttons[0], self._chosen, self._choose)
        for choice in self.buttons:
            self.layout_.addWidget(choice)

    def _chosen(self) -> str | None:
        checked = self.group.checkedButton()
        return None if checked is None else checked.property("answer")

    def _choose(self, value: Any) -> None:
        for button in self.buttons:
            if button.property("answer") == value:
                button.setChecked(True)

    def focus_first(self) -> None:
        (self.group.checkedButton() or self.buttons[0]).setFocus(Qt.FocusReason.TabFocusReason)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        super().show_errors(errors)
        if self.field in errors:
            self.focus_first()


class InterestsStep(SignupStep):
    def __init__(self, tr: Translate, offered: Sequence[Interest]) -> None:
        super().__init__(tr)
        self.boxes: list[QCheckBox] = []
        for interest in offered:
            text = tr(INTEREST_LABELS[interest])
            box = RowCheckBox(wrapped(text))
            box.setAccessibleName(text)
            box.setProperty("answer", interest.value)
            self.boxes.append(box)
        self.add_field("interests", self.boxes[0], self._ticked, self._tick)
        for choice in self.boxes:
            self.layout_.addWidget(choice)

    def _ticked(self) -> list[str]:
        return [b.property("answer") for b in self.boxes if b.isChecked()]

    def _tick(self, value: Any) -> None:
        chosen = set(value or ())
        for box in self.boxes:
            box.setChecked(box.property("answer") in chosen)


class PracticeStep(_Choices):
    def __init__(self, tr: Translate, practices: Sequence[Practice]) -> None:
        # The public know their practice by name; the ODS code is for staff.
        super().__init__(tr, "practice_id", [(p.id, p.name) for p in practices])


class ContactMethodStep(_Choices):
    def __init__(self, tr: Translate, methods: Sequence[ContactMethod]) -> None:
        super().__init__(tr, "contact_method", [(m.value, tr(CONTACT_LABELS[m])) for m in methods])


class NameStep(SignupStep):
    def __init__(self, tr: Translate) -> None:
        super().__init__(tr)
        # The question above is the box's label; a second one would only repeat it.
        self.add_line("name", _line(tr("Your name"), NAME_MAX))


class ContactStep(SignupStep):
    def __init__(self, tr: Translate) -> None:
        super().__init__(tr)
        email = _line(tr("Email address"), EMAIL_MAX, hints=Qt.InputMethodHint.ImhEmailCharactersOnly)
        email.setPlaceholderText(tr("For example: {example}").format(example="name@example.com"))
        phone = _line(tr("Phone number"), PHONE_MAX, short=True, hints=Qt.InputMethodHint.ImhDialableCharactersOnly)
        phone.setPlaceholderText(tr("For example: {example}").format(example="07911 123456"))
        self.add_field_label(tr("Email address"), email)
        self.add_line("email", email)
        self.layout_.addSpacing(12)
        self.add_field_label(tr("Phone number"), phone)
        self.add_line("phone", phone)


class PostcodeStep(SignupStep):
    def __init__(self, tr: Translate) -> None:
        super().__init__(tr)
        postcode = _line(tr("Postcode"), POSTCODE_MAX, short=True,
                         hints=Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText)
        postcode.setPlaceholderText(tr("For example: {example}").format(example="ME14 1XX"))
        self.add_line("postcode", postcode)


class AccessNeedsStep(SignupStep):
    def __init__(self, tr: Translate) -> None:
        super().__init__(tr)
        box = LimitedText(ACCESS_NEEDS_MAX, tr("Communication or access needs"), tr)
        self.add_field("access_needs", box.edit, box.text, lambda value: box.set_text(value or ""))
        self.layout_.addWidget(box)


class ConsentStep(SignupStep):
    """The privacy notice in brief, the way to read all of it, and the tick box that agrees."""

    sig_read_notice = Signal()
    """The person wants to read the whole notice."""

    def __init__(self, tr: Translate, notice: RenderedNotice) -> None:
        super().__init__(tr)
        summary = kiosk_label("kioskBody")
        summary.setText(notice.summary)
        self.read_button = kiosk_button()
        self.read_button.setText(tr("Read the full notice"))
        self.read_button.setAccessibleName(tr("Read the full notice"))
        self.read_button.clicked.connect(self.sig_read_notice)
        self.agree = RowCheckBox(tr("I agree to this privacy notice"))
        self.agree.setObjectName("kioskConsent")
        self.agree.setAccessibleName(tr("I agree to this privacy notice"))
        self.layout_.addWidget(summary)
        self.layout_.addWidget(self.read_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addSpacing(12)
        self.add_field("consent", self.agree, self.agree.isChecked, lambda value: self.agree.setChecked(bool(value)))
        self.layout_.addWidget(self.agree, 0, Qt.AlignmentFlag.AlignLeft)

    def focus_first(self) -> None:
        self.agree.setFocus(Qt.FocusReason.TabFocusReason)


def make_step(step: str, tr: Translate, *, offered: Sequence[Interest], practices: Sequence[Practice],
              methods: Sequence[ContactMethod], notice: RenderedNotice) -> SignupStep:
    if step == "interests":
        return InterestsStep(tr, offered)
    if step == "practice":
        return PracticeStep(tr, practices)
    if step == "name":
        return NameStep(tr)
    if step == "contact":
        return ContactStep(tr)
    if step == "contact_method":
        return ContactMethodStep(tr, methods)
    if step == "postcode":
        return PostcodeStep(tr)
    if step == "access_needs":
        return AccessNeedsStep(tr)
    if step == "consent":
        return ConsentStep(tr, notice)
    raise ValueError(f"no sign-up step called {step!r}")

