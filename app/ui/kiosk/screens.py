"""The kiosk's feedback screens: the welcome (attract) screen, a question, and thank you.

The sign-up screens that may follow feedback are in ``signup_screens``; both use the
builders here, so every screen looks and behaves alike.

Screens only show things and report what the person did; the kiosk window decides what
happens next. Text comes from ``tr``, the translator for the language the person chose.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.fft import RATING_QUESTION
from app.core.fft import SURVEY_ID as FFT_SURVEY
from app.core.kiosk_flow import Step
from app.core.surveys import QuestionType, pick
from app.ui.common.answer_editors import AnswerEditor, ChoiceEditor, editor_for
from app.ui.kiosk.access_options import AccessOptions
from app.ui.kiosk.announce import announce
from app.ui.kiosk.answer_layout import COLUMN_GAP_PX, arrange_choices, arrange_scale
from app.ui.kiosk.easy_read import EasyReadFftQuestion
from app.ui.kiosk.kiosk_voice import CHOICES
from app.ui.kiosk.parts import (
    CUE_SLACK_PX,
    SCROLL_BAR_PX,
    TOUCH_TARGET_PX,
    centred_page,
    enter_moves_on,
    fit_page,
    kiosk_button,
    kiosk_label,
    kiosk_panel,
    kiosk_scroll,
    needed_height,
    start_again_button,
    wrap_choices,
)
from app.ui.kiosk.scroll_cue import MoreBelowCue

Translate = Callable[[str], str]
# Native names, so people find their own language whatever is on screen now.
LANGUAGE_NAMES = {
    "en": "English", "pl": "Polski", "ne": "नेपाली", "ro": "Română", "lt": "Lietuvių", "bg": "Български",
    "tr": "Türkçe", "pa": "ਪੰਜਾਬੀ", "ur": "اردو", "gu": "ગુજરાતી", "ta": "தமிழ்", "ar": "العربية",
}


class AttractScreen(QWidget):
    sig_start = Signal()
    """The person wants to begin."""
    sig_language = Signal(str)
    """The person chose a language (its code)."""
    sig_staff = Signal()
    """Staff want to leave kiosk mode."""

    def __init__(self, languages: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWelcome")
        self.title = kiosk_label("kioskTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead = kiosk_label("kioskLead")
        self.lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = kiosk_button(primary=True)
        self.start_button.clicked.connect(self.sig_start)
        self.language_label = kiosk_label("kioskHelp")
        self.language_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.language_buttons: dict[str, QPushButton] = {}
        # Not an exclusive group: each language is its own Tab stop; show_texts marks the chosen one.
        languages_row = QHBoxLayout()
        languages_row.addStretch(1)
        for code in languages:
            button = kiosk_button()
            button.setObjectName("kioskLanguage")
            button.setCheckable(True)
            button.setText(LANGUAGE_NAMES.get(code, code))
            button.setAccessibleName(LANGUAGE_NAMES.get(code, code))
            button.clicked.connect(lambda _checked=False, c=code: self.sig_language.emit(c))
            languages_row.addWidget(button)
            self.language_buttons[code] = button
        languages_row.addStretch(1)
        self.staff_button = kiosk_button()
        self.staff_button.setObjectName("kioskStaff")
        self.staff_button.clicked.connect(self.sig_staff)
        # Which event answers are recorded for, so staff (and the public) can see it is the right one.
        self.event_label = kiosk_label("kioskEvent")
        self.access = AccessOptions()

        # Spaced tightly enough that all of it fits 1024x768 without scrolling, in Polish too.
        panel, inner = kiosk_panel(spacing=8)
        inner.setContentsMargins(40, 12, 40, 12)
        inner.addWidget(self.title)
        inner.addWidget(self.lead)
        inner.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addSpacing(4)
        inner.addWidget(self.language_label)
        inner.addLayout(languages_row)
        inner.addSpacing(6)
        inner.addWidget(self.access)

        top_row = QHBoxLayout()
        top_row.addWidget(self.event_label, 1)
        top_row.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignTop)
        # At the largest text the page scrolls rather than grow past the screen.
        self._page, self._scroll = centred_page(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 12, 32, 12)
        layout.setSpacing(8)
        layout.addLayout(top_row)
        layout.addWidget(self._scroll, 1)

    def show_texts(self, tr: Translate, language: str) -> None:
        self.title.setText(tr("Have your say about local health services"))
        self.lead.setText(tr("Tap the screen or press any key to start. It takes about a minute, "
                             "and you do not need to give your name."))
        self.start_button.setText(tr("Start"))
        self.start_button.setAccessibleName(tr("Start"))
        self.language_label.setText(tr("Choose your language"))
        self.staff_button.setText(tr("Staff"))
        self.staff_button.setAccessibleName(tr("Staff: leave kiosk mode"))
        for code, button in self.language_buttons.items():
            if button.isChecked() != (code == language):
                button.setChecked(code == language)
                # The chosen one is in bold: it needs measuring again, or its words would be squeezed.
                button.style().unpolish(button)
                button.style().polish(button)
                button.updateGeometry()
        self.access.show_texts(tr)
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self, self._fit)

    def _fit(self) -> None:
        # The panel's margins either side, and room for a scroll bar should the page come to scroll.
        self.access.arrange(self._scroll.viewport().width() - 2 * 40 - SCROLL_BAR_PX)
        fit_page(self._page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit)

    def show_event(self, text: str) -> None:
        self.event_label.setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        focused = self.focusWidget()
        navigation = {Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Right,
                      Qt.Key.Key_Up, Qt.Key.Key_Down}
        if event.key() in navigation:
            super().keyPressEvent(event)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and \
                isinstance(focused, QAbstractButton):
            focused.click()
        elif event.text() or event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_start.emit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, _event: QMouseEvent) -> None:
        # A tap anywhere that is not a button starts, as the screen says.
        self.sig_start.emit()


class StepPage(QWidget):
    """The frame of every one-at-a-time kiosk page: progress and Start again, a scrolling card
    holding the texts and a slot for the answers, a cue when there is more below, then Back and
    Next, which never scroll out of sight.

    The answers sit in a group whose accessible name is the question, then the progress and
    the help (and, while one shows, the problem before them all), so a screen reader moving
    into them says what is asked. All of it is in the name, which every screen reader says on
    entering a group; Orca, for one, says nothing of a group's description.
    """

    sig_next = Signal()
    """The person wants the next page (or to send, on the last)."""
    sig_back = Signal()
    """The person wants the previous page."""
    sig_start_again = Signal()
    """The person wants to throw away what they gave and start again."""

    def __init__(self, headings: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = kiosk_label("kioskProgress")
        self.headings = [kiosk_label("kioskHelp") for _n in range(headings)]
        self.question = kiosk_label("kioskQuestion")
        self.help = kiosk_label("kioskHelp")
        self.error = kiosk_label("kioskError")
        self.error.hide()
        self.back_button = kiosk_button()
        self.back_button.clicked.connect(self.sig_back)
        self.next_button = kiosk_button(primary=True)
        self.next_button.clicked.connect(self.sig_next)
        self.start_again_button = start_again_button()
        self.start_again_button.clicked.connect(self.sig_start_again)
        # A tap on it shows the next answers; keyboard users reach them with the arrows and Tab.
        self.more_below = QPushButton()
        self.more_below.setObjectName("kioskMore")
        self.more_below.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.more_below.hide()
        self.more_below.clicked.connect(self._scroll_down)

        self.answers = QGroupBox()
        self.answers.setObjectName("kioskAnswers")
        self._answers_label = ("", "")  # the question, and the progress and help
        self._slot = QVBoxLayout(self.answers)
        self._slot.setContentsMargins(0, 0, 0, 0)
        body = self._body = QWidget()
        body.setObjectName("kioskPanel")
        inner = self._inner = QVBoxLayout(body)
        inner.setContentsMargins(32, 12, 32, 12)
        inner.setSpacing(8)
        # The problem, if any, sits between the question and its answers, where the eye is.
        for widget in (*self.headings, self.question, self.help, self.error, self.answers):
            inner.addWidget(widget)
        inner.addStretch(1)
        scroll = self._scroll = kiosk_scroll(body)
        bar = scroll.verticalScrollBar()
        bar.rangeChanged.connect(self._show_more_cue)
        bar.valueChanged.connect(self._show_more_cue)

        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.start_again_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 12, 32, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        # Over the foot of the list it is about: it takes no room from the answers, Back or Next.
        self.more_below.setParent(self)

    def label_answers(self, question: str, description: str) -> None:
        """Name the answers' group by the question; ``description`` is the progress and help."""
        self._answers_label = (question, description)
        self._name_answers()

    def _name_answers(self) -> None:
        question, description = self._answers_label
        problem = self.error.accessibleName() if not self.error.isHidden() else ""
        self.answers.setAccessibleName(" ".join(part for part in (problem, question, description) if part))

    def room_for_answers(self) -> int:
        """How wide an answer may be without the page growing wider than the screen."""
        margins = self._inner.contentsMargins()
        return self._scroll.contentsRect().width() - margins.left() - margins.right() - SCROLL_BAR_PX

    def _scroll_down(self) -> None:
        bar = self._scroll.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep() * 3 // 4)

    def _show_more_cue(self) -> None:
        bar = self._scroll.verticalScrollBar()
        # A few pixels of margin left below the last answer are not "more answers".
        more = bar.maximum() - bar.value() > CUE_SLACK_PX
        if more:
            cue, area = self.more_below, self._scroll.geometry()
            cue.adjustSize()
            cue.move(area.center().x() - cue.width() // 2, area.bottom() - cue.height() - 8)
            cue.raise_()
        self.more_below.setVisible(more)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_more_cue()

    def _show_texts_of_frame(self, tr: Translate) -> None:
        self.start_again_button.setText(tr("Start again"))
        self.start_again_button.setAccessibleName(tr("Start again"))
        self.more_below.setText(tr("More answers below") + " ▼")
        self.more_below.setAccessibleName(tr("More answers below"))

    def _show_error_text(self, message: str, tr: Translate) -> None:
        # Words and a symbol as well as colour, so the message does not rely on colour.
        self.error.setText("⚠ " + message)
        self.error.setAccessibleName(tr("Problem: {message}").format(message=message))
        self.error.show()
        self._name_answers()  # heard again on the way back into the answers
        announce(self.error, self.error.accessibleName(), assertive=True)

    def _clear_error(self) -> None:
        self.error.hide()
        self.error.clear()
        self.error.setAccessibleName("")
        self._name_answers()
        self._scroll.verticalScrollBar().setValue(0)

    def set_busy(self, busy: bool) -> None:
        # Start again too: pressed while the answers are being saved, it could not take them back.
        for button in (self.next_button, self.back_button, self.start_again_button):
            button.setEnabled(not busy)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not enter_moves_on(self, event, self.sig_next.emit):
            super().keyPressEvent(event)


class QuestionScreen(StepPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(headings=1, parent=parent)
        self.editor: AnswerEditor | None = None
        self.spoken: list[str] = []
        """What reading aloud says of this question: the question, where the person is, its help, the answers."""
        (self.intro,) = self.headings
        self._editor_slot = self._slot
        self._fit_pending = False
        self._scroll.installEventFilter(self)

    def show_step(self, step: Step, *, language: str, tr: Translate, number: int, total: int, given: object,
                  first: bool, last: bool, easy_read: bool = False) -> None:
        """Replace whatever was on screen with this question; nothing of an earlier one stays.

        With ``easy_read``, the FFT's rating question is the pictorial one, which shows its own
        short question and help: the screen's own are hidden meanwhile."""
        self.clear()
        survey, question = step.survey, step.question
        self._show_texts_of_frame(tr)
        progress = tr("Question {number} of {total}").format(number=number, total=total)
        pictures = easy_read and survey.id == FFT_SURVEY and question.id == RATING_QUESTION
        # The survey's name shares the line with the progress, leaving the card to the question.
        self.progress.setText(progress if pictures else progress + "  ·  " + pick(survey.title, language))
        self.intro.setText(pick(survey.intro, language) if step.first_of_survey and survey.intro else "")
        self.intro.setVisible(bool(self.intro.text()) and not pictures)
        text = pick(question.text, language)
        self.question.setText(text if question.required else text + " " + tr("(optional)"))
        self.question.setVisible(not pictures)
        help_text = pick(question.help, language)
        self.help.setText(help_text)
        self.help.setVisible(bool(question.help) and not pictures)
        if pictures:
            easy = EasyReadFftQuestion(question, language, tr=tr)
            # Its own group of pictures is the one named by the question, where the person is and
            # the help; the screen's group around it is left unnamed, so nothing is said twice.
            easy.answers.setAccessibleName(" ".join((easy.heading.text(), progress + ".", easy.help.text())))
            easy.answers.setAccessibleDescription("")
            self.label_answers("", "")
            self.editor = easy
            self.spoken = [easy.heading.text(), progress, easy.help.text(), *(b.text() for b in easy.buttons)]
        else:
            self.label_answers(self.question.text(), ". ".join(t for t in (progress, help_text) if t))
            self.editor = editor_for(question, language, tr=tr)
            options = question.choices() if question.type in CHOICES else ()
            self.spoken = [self.question.text(), progress, help_text, *(pick(o.text, language) for o in options)]
        # The group around it carries the question. Named again inside, the group would look to
        # screen readers like a wrapper of no meaning (Orca skips it), and the question goes unsaid.
        self.editor.setAccessibleName("")
        self.editor.set_value(given)
        for target in self.editor.findChildren(QAbstractButton):
            target.setMinimumHeight(TOUCH_TARGET_PX)
        QTimer.singleShot(0, self, self._fit_page)
        self._editor_slot.addWidget(self.editor)
        self.editor.show()
        self.back_button.setText(tr("Back"))
        self.back_button.setAccessibleName(tr("Back"))
        self.back_button.setVisible(not first)
        self.next_button.setText(tr("Send my answers") if last else tr("Next"))
        self.next_button.setAccessibleName(self.next_button.text())
        self.set_busy(False)
        if not isinstance(self.editor, ChoiceEditor | EasyReadFftQuestion) and not self.editor.findChildren(QCheckBox):
            # A text box says only its own name when it takes the focus: say where the person is.
            announce(self, ". ".join(t for t in (progress, self.question.text(), help_text) if t))
        # The new answers are not on screen until the event loop runs; focus them then.
        QTimer.singleShot(0, self, self._focus_editor)

    def _focus_editor(self) -> None:
        if self.editor is not None:
            self.editor.focus_first()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A new size (the window, the text size, the cue) may call for another arrangement of the answers.
        # The scroll area, not its viewport: a scroll bar coming and going must not rearrange the answers,
        # or they would go back and forth between one column and two.
        if event.type() == QEvent.Type.Resize and watched is self._scroll and not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_page)
        return False

    def _fit_page(self) -> None:
        self._fit_pending = False
        editor = self.editor
        if editor is None:
            fit_page(self._body)
            return
        room = self.room_for_answers()
        if isinstance(editor, ChoiceEditor) and editor.question.type is QuestionType.RATING:
            across = sum(b.sizeHint().width() + COLUMN_GAP_PX for b in editor.buttons)
            # A long scale, or large text: one point above the next, between the words for each end.
            arrange_scale(editor, across=across <= room)
        choices = editor if isinstance(editor, ChoiceEditor) and editor.question.type is not QuestionType.RATING \
            else None
        if choices is not None:
            arrange_choices(choices, columns=1)
        wrap_choices(editor, room)
        fit_page(self._body)
        area = self._scroll.contentsRect()
        half = (room - COLUMN_GAP_PX) // 2
        if choices is not None and needed_height(self._body, area.width() - SCROLL_BAR_PX) > area.height():
            # Too tall for the screen: two columns, so a short list (the FFT's six) needs no scrolling;
            # unless a word too long for half the page would be cut, when one column scrolls instead.
            arrange_choices(choices, columns=2)
            wrap_choices(choices, half)
            if any(b.minimumSizeHint().width() > half for b in choices.buttons):
                arrange_choices(choices, columns=1)
                wrap_choices(choices, room)
            fit_page(self._body)

    def clear(self) -> None:
        self._clear_error()
        self._scroll.horizontalScrollBar().setValue(0)
        if self.editor is not None:
            self._editor_slot.removeWidget(self.editor)
            self.editor.hide()
            self.editor.setParent(None)  # out of the window's tree at once, with what was typed
            self.editor.deleteLater()
            self.editor = None
        for label in (self.question, self.help, self.intro, self.progress):
            label.clear()
        self.question.show()
        self.spoken = []
        self.label_answers("", "")

    def show_error(self, message: str, tr: Translate) -> None:
        self._show_error_text(message, tr)
        if self.editor is not None:
            self.editor.focus_first()


class ThanksScreen(QWidget):
    sig_done = Signal()
    """The person (or the countdown) finished with this screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = kiosk_label("kioskTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead = kiosk_label("kioskLead")
        self.lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = kiosk_label("kioskHelp")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = kiosk_button(primary=True)
        self.done_button.clicked.connect(self.sig_done)
        panel, inner = kiosk_panel(spacing=24)
        inner.addWidget(self.title)
        inner.addWidget(self.lead)
        inner.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.countdown)
        # At the larger text sizes it may scroll, with a cue that there is more below.
        self._page, self._scroll = centred_page(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self._scroll)
        self._more_below = MoreBelowCue(self._scroll, self)

    def show_texts(self, tr: Translate, seconds_left: int, lead: str | None = None) -> None:
        """Thank the person; ``lead`` says what happens next (by default, for feedback)."""
        self.title.setText(tr("Thank you"))
        self.lead.setText(lead or tr("Your answers have been saved. They help us improve local health services."))
        self.done_button.setText(tr("Finish"))
        self.done_button.setAccessibleName(tr("Finish"))
        self.countdown.setText(tr("This screen starts again in {seconds} s.").format(seconds=seconds_left))
        self._more_below.show_texts(tr)
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self, lambda: fit_page(self._page))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            super().keyPressEvent(event)
        else:
            self.sig_done.emit()
