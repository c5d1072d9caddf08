"""The Friends and Family Test in easy read: a short question, and a picture above each answer's words.

:class:`EasyReadFftQuestion` is an answer editor like those of ``app.ui.common.answer_editors``
(``value()``, ``set_value()``, ``focus_first()``, ``sig_changed``), made for the FFT's rating
question. It records the FFT's own six answers, so what it saves is scored and returned to NHS
England exactly as the usual question's answers are. The words of each answer are the survey's
own, in the person's language; the question above them is a shorter, easy-read one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.core.fft import ANSWERS
from app.core.i18n import _
from app.core.surveys import Question, pick
from app.ui.common.answer_editors import OneOfEditor
from app.ui.kiosk.easy_read_pictures import FFT_PICTURES, PictureAnswer
from app.ui.kiosk.parts import kiosk_label

COLUMNS = 3  # two rows of three: big enough to tap, and all six on one screen


def _label(object_name: str, text: str) -> QLabel:
    label = kiosk_label(object_name)
    label.setText(text)
    return label


class EasyReadFftQuestion(OneOfEditor):
    """The FFT rating question in easy read. ``question`` is the FFT survey's rating question."""

    def __init__(self, question: Question, language: str, parent: QWidget | None = None,
                 tr: Callable[[str], str] = _) -> None:
        super().__init__(question, language, parent, tr)
        options = question.choices()
        if tuple(option.value for option in options) != ANSWERS:
            raise ValueError(f"easy read is for the FFT's six answers, not those of {question.id!r}")
        self.heading = _label("kioskQuestion", self.tr("How was our service?"))
        self.help = _label("kioskHelp", self.tr("Choose one picture."))
        # The answers are one group named by the question, so a screen reader says the question
        # on entering it; the name is the heading's own words, shown just above.
        self.answers = QGroupBox()
        self.answers.setFlat(True)
        self.answers.setStyleSheet("QGroupBox { border: none; margin: 0; padding: 0; }")
        self.answers.setAccessibleName(self.heading.text())
        self.answers.setAccessibleDescription(self.help.text())
        self.setAccessibleName(self.heading.text())
        grid = QGridLayout(self.answers)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[PictureAnswer] = []
        for n, option in enumerate(options):
            file_name, alt_text = FFT_PICTURES[option.value]
            button = PictureAnswer(option.value, pick(option.text, language), file_name, self.tr(alt_text))
            self.group.addButton(button, n)
            self.buttons.append(button)
            grid.addWidget(button, n // COLUMNS, n % COLUMNS)
        for button in self.buttons:
            button.together = self.buttons
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        self.heading.setBuddy(self.buttons[0])
        self.group.buttonToggled.connect(self._toggled)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.help)
        layout.addSpacing(4)
        layout.addWidget(self.answers)
