"""The two forms staff type paper into: one row of a sign-up sheet, and one feedback card.

Each box follows the paper: ticked boxes are typed as the letters or numbers printed beside
them, and what they mean is shown underneath as they are typed, so a slip is seen at once.
Neither form saves anything itself; the dialog reads :meth:`values` and shows problems
beside their boxes with :meth:`show_errors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import fft
from app.core.i18n import _, ngettext
from app.core.signups import ACCESS_NEEDS_MAX, CONTACT_LETTERS, INTEREST_LETTERS, INTEREST_SHORT_LABELS
from app.core.transcription import COMMENT_MAX, parse_ticks
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import error_label

if TYPE_CHECKING:
    from app.core.surveys import Survey
    from app.services.paper_entry import Progress
    from app.store.practices import PracticeRecord

COMMENT_LINES = 4
# Problems the sign-up rules name by their own field, shown beside the box typed into.
_BOX_FOR_FIELD = {"interests": "ticks", "contact_method": "contact"}


def _hint(text: str = "", caption: str = "") -> QLabel:
    label = CaptionedLabel(caption, text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class _Form(QWidget):
    """Boxes in a form, each with its problem label beneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(6)
        self.boxes: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def _row(self, field: str, label_text: str, name: str, box: QWidget, *extra: QWidget,
             beside: QWidget | None = None) -> None:
        """A labelled box; ``extra`` go under it, ``beside`` to its right (for a narrow box)."""
        label = QLabel(label_text)
        label.setBuddy(box)
        box.setAccessibleName(name)
        error = error_label(_("Problem with {field}").format(field=name))
        column = QVBoxLayout()
        column.setSpacing(2)
        if beside is None:
            column.addWidget(box)
        else:
            line = QHBoxLayout()
            line.addWidget(box)
            line.addWidget(beside, 1)
            column.addLayout(line)
        for widget in extra:
            column.addWidget(widget)
        column.addWidget(error)
        self.form.addRow(label, column)
        self.boxes[field] = box
        self.errors[field] = error

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_errors(self, errors: dict[str, str]) -> QWidget | None:
        """Show each problem beside its box; the first box with a problem, to put the cursor in."""
        shown = set()
        for field, message in errors.items():
            field = _BOX_FOR_FIELD.get(field, field)
            label = self.errors.get(field)
            if label is None:
                continue
            label.setText(message)
            label.show()
            shown.add(field)
        # The cursor goes to the first problem down the form, as the person reads it.
        return next((box for field, box in self.boxes.items() if field in shown), None)

    def error_text(self, field: str) -> str:
        label = self.errors[field]
        return label.text() if not label.isHidden() else ""


class SignupRowForm(_Form):
    """One row of a sign-up sheet, box by box as printed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._practices: list[PracticeRecord] = []
        self.default_practice: str | None = None  # a PPG meeting's own practice, offered when P is ticked
        self.row = QLineEdit()
        self.row.setMaxLength(6)
        self.row.setFixedWidth(self.fontMetrics().horizontalAdvance("00000") + 24)
        self.name = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(10)
        self.ticks = QLineEdit()
        self.ticks.setMaxLength(20)
        self.ticks.setPlaceholderText(_("For example HPN"))
        self.ticks_meaning = _hint(caption=_("What the ticks mean"))
        self.practice = QComboBox()
        self.contact = QLineEdit()
        self.contact.setMaxLength(3)
        self.contact.setFixedWidth(self.fontMetrics().horizontalAdvance("MMM") + 24)
        self.contact_meaning = _hint(caption=_("What the contact letter means"))
        self.access_needs = QLineEdit()
        self.access_needs.setMaxLength(ACCESS_NEEDS_MAX)
        self.consent = QLineEdit()
        self.consent.setMaxLength(3)
        self.consent.setFixedWidth(self.fontMetrics().horizontalAdvance("MMM") + 24)
        self.consent.setPlaceholderText("Y")

        letters = " ".join(INTEREST_LETTERS.values())
        self._row("row", _("&Row number"), _("Row number"), self.row,
                  beside=_hint(_("Filled in with the next row not typed in yet.")))
        self._row("name", _("&Name"), _("Name"), self.name)
        self._row("email", _("&Email"), _("Email"), self.email)
        self._row("phone", _("&Phone"), _("Phone"), self.phone)
        self._row("postcode", _("Pos&tcode"), _("Postcode"), self.postcode)
        self._row("ticks", _("Ways to get &involved"), _("Ways to get involved"), self.ticks, self.ticks_meaning)
        self._row("practice_id", _("&GP practice"), _("GP practice"), self.practice)
        self._row("contact", _("Contact &by (E, C, T)"), _("Contact by"), self.contact, beside=self.contact_meaning)
        self._row("access_needs", _("Access nee&ds"), _("Access needs"), self.access_needs)
        self._row("consent", _("Consent ticked (&Y)"), _("Consent ticked"), self.consent,
                  beside=_hint(_("Type Y when the “I agree” box is ticked.")))
        self.ticks.setToolTip(_("The letters of the boxes ticked: {letters}").format(letters=letters))
        self.contact.setToolTip(_("E for email, C for a phone call, T for a text message; blank if none is ticked"))
        self.consent.setToolTip(_("Y when the person ticked the consent box. Rows without it cannot be entered."))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.ticks.textChanged.connect(self._ticks_changed)
        self.contact.textChanged.connect(self._contact_changed)
        self.set_practices([])
        self._ticks_changed()
        self._contact_changed()

    def set_practices(self, practices: Sequence[PracticeRecord]) -> None:
        chosen = self.practice.currentData()
        self._practices = list(practices)
        self.practice.clear()
        self.practice.addItem(_("None (only needed when P is ticked)"), None)
        for practice in practices:
            self.practice.addItem(practice.label, practice.id)
        index = self.practice.findData(chosen)
        self.practice.setCurrentIndex(max(index, 0))

    @property
    def practice_ids(self) -> list[str]:
        return [p.id for p in self._practices]

    def _ticks_changed(self) -> None:
        letters = {letter: interest for interest, letter in INTEREST_LETTERS.items()}
        error = self.errors["ticks"]
        try:
            chosen = parse_ticks(self.ticks.text(), letters)
        except ValueError as problem:  # said at once, so the slip is put right before Enter
            error.setText(str(problem))
            error.show()
            chosen = ()
        else:
            error.hide()
        if chosen:
            self.ticks_meaning.setText(_("Ticked: {ways}").format(
                ways=" · ".join(_(INTEREST_SHORT_LABELS[i]) for i in chosen)))
        else:
            self.ticks_meaning.setText(" · ".join(f"{i.letter} {_(INTEREST_SHORT_LABELS[i])}"
                                                  for i in INTEREST_LETTERS))
        wants_ppg = any(i.letter == "P" for i in chosen)
        self.practice.setEnabled(wants_ppg)
        if wants_ppg and self.practice.currentData() is None and self.default_practice:
            self.practice.setCurrentIndex(max(self.practice.findData(self.default_practice), 0))
        if not wants_ppg:
            self.practice.setCurrentIndex(0)

    def _contact_changed(self) -> None:
        text = self.contact.text().strip().upper()
        methods = {letter: method for method, letter in CONTACT_LETTERS.items()}
        if not text:
            self.contact_meaning.setText(_("Left blank: by email if an email address is given, otherwise by phone."))
        elif text in methods:
            self.contact_meaning.setText(methods[text].label)
        else:
            self.contact_meaning.setText(_("Use E (email), C (phone call) or T (text message)."))

    def values(self) -> dict[str, object]:
        """What is typed, named as ``parse_signup_row`` takes it."""
        return {
            "row": self.row.text(), "name": self.name.text(), "email": self.email.text(),
            "phone": self.phone.text(), "postcode": self.postcode.text(), "ticks": self.ticks.text(),
            "practice_id": self.practice.currentData() if self.practice.isEnabled() else None,
            "contact": self.contact.text(), "access_needs": self.access_needs.text(),
            "consent": self.consent.text(),
        }

    def has_typing(self) -> bool:
        """Anything typed beyond the row number, which is filled in for the person."""
        return any(str(v).strip() for k, v in self.values().items() if k not in ("row", "practice_id"))

    def clear(self, next_row: int | None) -> None:
        for box in (self.name, self.email, self.phone, self.postcode, self.ticks, self.contact,
                    self.access_needs, self.consent):
            box.clear()
        self.row.setText(str(next_row) if next_row else "")
        self.practice.setCurrentIndex(0)
        self.clear_errors()


class CommentEdit(QPlainTextEdit):
    """A comment box where Enter saves the card, as in every other box; Shift+Enter starts a new line."""

    sig_enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.sig_enter.emit()
            return
        super().keyPressEvent(event)


class CardForm(_Form):
    """One feedback card: the number of the box ticked and the comment written."""

    def __init__(self, answers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.answers = list(answers)
        self.rating = QLineEdit()
        self.rating.setMaxLength(2)
        self.rating.setFixedWidth(self.fontMetrics().horizontalAdvance("000") + 24)
        self.rating_meaning = _hint(caption=_("The answer ticked"))
        key = QWidget()
        grid = QGridLayout(key)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        for n, answer in enumerate(self.answers, start=1):
            grid.addWidget(QLabel(f"<b>{n}</b>&nbsp;&nbsp;{answer}"), (n - 1) % 3, (n - 1) // 3)
        key.setAccessibleName(_("The six answers on the card"))
        self.comment = CommentEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * COMMENT_LINES + 16)
        comment_hint = _hint(_("Enter saves the card; Shift+Enter starts a new line. Up to {limit} characters.").format(
            limit=COMMENT_MAX))
        self._row("rating", _("&Box ticked (1 to 6)"), _("Box ticked"), self.rating, key, beside=self.rating_meaning)
        self._row("comment", _("Co&mment"), _("Comment"), self.comment, comment_hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.rating.textChanged.connect(self._rating_changed)
        self._rating_changed()

    def _rating_changed(self) -> None:
        text = self.rating.text().strip()
        if not text:
            self.rating_meaning.setText(_("Leave empty if no box, or more than one, is ticked."))
        elif text.isdigit() and 1 <= int(text) <= len(self.answers):
            self.rating_meaning.setText(self.answers[int(text) - 1])
        else:
            self.rating_meaning.setText(_("Type a number from 1 to {n}.").format(n=len(self.answers)))

    def values(self) -> dict[str, object]:
        return {"rating": self.rating.text(), "comment": self.comment.toPlainText()}

    def has_typing(self) -> bool:
        return any(str(v).strip() for v in self.values().values())

    def clear(self) -> None:
        self.rating.clear()
        self.comment.clear()
        self.clear_errors()


def fill_progress(listing: QListWidget, progress: Progress) -> None:
    """The side list of what of this event is typed in so far."""
    listing.clear()
    for line in progress.signup:
        item = QListWidgetItem(ngettext("{code}: {n} row", "{code}: {n} rows", line.rows_entered).format(
            code=line.code, n=line.rows_entered))
        item.setData(Qt.ItemDataRole.UserRole, line.code)
        listing.addItem(item)
    if progress.cards:
        item = QListWidgetItem(ngettext("Feedback cards: {n} typed in", "Feedback cards: {n} typed in",
                                        len(progress.cards)).format(n=len(progress.cards)))
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        listing.addItem(item)
        for code in progress.cards:
            card = QListWidgetItem(_("{code}: entered").format(code=code))
            card.setFlags(card.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            listing.addItem(card)
    if not progress.signup and not progress.cards:
        listing.addItem(_("Nothing typed in yet."))


def card_answers(survey: Survey | None) -> list[str]:
    """The six answers as the card prints them, numbered in ``fft.ANSWERS`` order."""
    from app.services.print_runs import card_texts

    texts = card_texts(survey)
    return list(texts.answers) if texts else [answer.replace("_", " ") for answer in fft.ANSWERS]
