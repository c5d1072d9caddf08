"""A control for answering each type of survey question, shared by the kiosk and staff entry.

Every control carries an accessible name (the question or option text) and works by
keyboard alone: arrows move within a group of choices, Space ticks, Tab moves on.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.surveys import Question, QuestionType, pick

WRAP_CHARS = 42


class RowCheckBox(QCheckBox):
    """A tick box that ticks wherever its row is tapped, not only on the box and words."""

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)


class RowRadioButton(QRadioButton):
    """A choice chosen wherever its row is tapped, not only on the circle and words."""

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)


class AnswerEditor(QWidget):
    """Gathers the answer to one question.

    Each kind below provides ``value()``, the answer in the form ``check_answer`` takes, and
    ``set_value(value)``.
    """

    sig_changed = Signal()
    """The answer changed."""

    def __init__(self, question: Question, language: str, parent: QWidget | None = None,
                 tr: Callable[[str], str] = _) -> None:
        super().__init__(parent)
        self.question = question
        self.language = language
        self._tr = tr  # the translator for the person answering, who may not read the staff's language
        self.setAccessibleName(pick(question.text, language))

    def tr(self, text: str, _disambiguation: str | None = None, _n: int = -1) -> str:
        """In place of Qt's own tr, which knows nothing of the kiosk's language."""
        return self._tr(text)

    if TYPE_CHECKING:  # every editor below has both; declared here so callers of any editor are checked
        def value(self) -> Any:
            """The answer as the survey stores it (None when not answered)."""

        def set_value(self, value: Any) -> None:
            """Show a stored answer (None clears it)."""

    def focus_first(self) -> None:
        self.focusNextChild()


class OneOfEditor(AnswerEditor):
    """One answer of several, by exclusive buttons each holding its answer in its "answer"
    property: what radio-button choices and the kiosk's easy-read pictures have in common."""

    group: QButtonGroup
    buttons: Sequence[QAbstractButton]

    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.sig_changed.emit()

    def value(self) -> Any:
        checked = self.group.checkedButton()
        return None if checked is None else checked.property("answer")

    def set_value(self, value: Any) -> None:
        for button in self.buttons:
            if button.property("answer") == (None if value is None else str(value)):
                button.setChecked(True)
                return
        self.group.setExclusive(False)
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)

    def focus_first(self) -> None:
        (self.group.checkedButton() or self.buttons[0]).setFocus(Qt.FocusReason.TabFocusReason)


class ChoiceEditor(OneOfEditor):
    """Single choice, yes/no and rating: one of several, by radio buttons."""

    def __init__(self, question: Question, language: str, parent: QWidget | None = None,
                 tr: Callable[[str], str] = _) -> None:
        super().__init__(question, language, parent, tr)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        horizontal = question.type is QuestionType.RATING
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QRadioButton] = []
        for n, option in enumerate(question.choices()):
            button = RowRadioButton(wrapped(pick(option.text, language)))
            button.setProperty("answer", option.value)
            button.setAccessibleName(pick(option.text, language))
            self.group.addButton(button, n)
            self.buttons.append(button)
            if horizontal:
                layout.addWidget(button, 0, n)
            else:
                layout.addWidget(button, n, 0)
        if horizontal and (question.min_label or question.max_label):
            low, high = QLabel(pick(question.min_label, language)), QLabel(pick(question.max_label, language))
            high.setAlignment(Qt.AlignmentFlag.AlignRight)
            layout.addWidget(low, 1, 0, 1, 2)
            layout.addWidget(high, 1, len(self.buttons) - 2, 1, 2)
            self.buttons[0].setAccessibleDescription(low.text())
            self.buttons[-1].setAccessibleDescription(high.text())
        self.group.buttonToggled.connect(self._toggled)


class MultipleEditor(AnswerEditor):
    """Any number of options, by tick boxes; an exclusive option clears the others."""

    def __init__(self, question: Question, language: str, parent: QWidget | None = None,
                 tr: Callable[[str], str] = _) -> None:
        super().__init__(question, language, parent, tr)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for option in question.options:
            box = RowCheckBox(wrapped(pick(option.text, language)))
            box.setProperty("answer", option.value)
            box.setProperty("exclusive", option.exclusive)
            box.setAccessibleName(pick(option.text, language))
            box.toggled.connect(lambda checked, b=box: self._toggled(b, checked))
            layout.addWidget(box)
            self.boxes.append(box)

    def _toggled(self, box: QCheckBox, checked: bool) -> None:
        if checked:
            for other in self.boxes:
                if other is not box and (box.property("exclusive") or other.property("exclusive")):
                    other.setChecked(False)
        self.sig_changed.emit()

    def value(self) -> Any:
        return [b.property("answer") for b in self.boxes if b.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for box in self.boxes:
            box.setChecked(box.property("answer") in chosen)

    def focus_first(self) -> None:
        self.boxes[0].setFocus(Qt.FocusReason.TabFocusReason)


class LimitedText(QWidget):
    """A box for a few lines of text with a visible count of what is left; it stops at the limit.

    Shared by free-text questions and the kiosk sign-up's access needs.
    """

    sig_changed = Signal()
    """The text changed."""

    def __init__(self, limit: int, accessible_name: str, tr: Callable[[str], str] = _,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self._tr = tr
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(accessible_name)
        self.counter = QLabel()
        self.counter.setObjectName("hint")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.counter)
        self.edit.textChanged.connect(self._changed)
        self._changed()

    def tr(self, text: str, _disambiguation: str | None = None, _n: int = -1) -> str:
        """In place of Qt's own tr, which knows nothing of the kiosk's language."""
        return self._tr(text)

    def _changed(self) -> None:
        text = self.edit.toPlainText()
        if len(text) > self.limit:
            # Keep the person's place: cut what went past the limit where it went in, not the end.
            position = self.edit.textCursor().position()
            over = len(text) - self.limit
            start = max(position - over, 0)
            self.edit.setPlainText(text[:start] + text[position:])
            cursor = self.edit.textCursor()
            cursor.setPosition(start)
            self.edit.setTextCursor(cursor)
            return
        if len(text) == self.limit:
            self.counter.setText(self.tr("{limit} of {limit} characters: that is as much as fits.").format(
                limit=self.limit))
        else:
            self.counter.setText(self.tr("{used} of {limit} characters").format(used=len(text), limit=self.limit))
        self.sig_changed.emit()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)


class TextEditor(AnswerEditor):
    """Free text with a visible count of what is left; it stops at the limit."""

    def __init__(self, question: Question, language: str, parent: QWidget | None = None,
                 tr: Callable[[str], str] = _) -> None:
        super().__init__(question, language, parent, tr)
        self.limit = question.max_length
        self.box = LimitedText(question.max_length, pick(question.text, language), tr)
        self.edit = self.box.edit
        self.counter = self.box.counter
        if question.help:
            self.edit.setAccessibleDescription(pick(question.help, language))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self.box.sig_changed.connect(self.sig_changed)

    def value(self) -> Any:
        return self.box.text()

    def set_value(self, value: Any) -> None:
        self.box.set_text("" if value is None else str(value))

    def focus_first(self) -> None:
        self.edit.setFocus(Qt.FocusReason.TabFocusReason)


class LineEditor(AnswerEditor):
    """A short answer on one line: a number, a date, or the first part of a postcode."""

    PLACEHOLDERS = {QuestionType.NUMBER: "3", QuestionType.DATE: "2026-03-14"}

    def __init__(self, question: Question, language: str, parent: QWidget | None = None,
                 tr: Callable[[str], str] = _) -> None:
        super().__init__(question, language, parent, tr)
        self.edit = QLineEdit()
        self.edit.setMaxLength(question.max_length if question.type is QuestionType.TEXT else 20)
        self.edit.setAccessibleName(pick(question.text, language))
        placeholder = self.PLACEHOLDERS.get(question.type) or ("CT1" if question.format else "")
        if placeholder:
            self.edit.setPlaceholderText(self.tr("For example: {example}").format(example=placeholder))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.edit.textChanged.connect(self.sig_changed)

    def value(self) -> Any:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_first(self) -> None:
        self.edit.setFocus(Qt.FocusReason.TabFocusReason)


def wrapped(text: str, width: int = WRAP_CHARS) -> str:
    """Break a long answer over lines: a choice button cannot wrap its own words, and a long one
    (say an ethnic group in Polish) would otherwise push the page wider than the screen."""
    return textwrap.fill(text, width=width, break_long_words=False) if len(text) > width else text


def editor_for(question: Question, language: str, parent: QWidget | None = None,
               tr: Callable[[str], str] = _) -> AnswerEditor:
    kind = question.type
    if kind in (QuestionType.SINGLE, QuestionType.YES_NO, QuestionType.RATING):
        return ChoiceEditor(question, language, parent, tr)
    if kind is QuestionType.MULTIPLE:
        return MultipleEditor(question, language, parent, tr)
    if kind is QuestionType.TEXT and not question.format and question.max_length > 100:
        return TextEditor(question, language, parent, tr)
    return LineEditor(question, language, parent, tr)
