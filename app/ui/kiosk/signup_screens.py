"""The kiosk's sign-up screens: the offer to get involved, each sign-up step, the full notice.

Like the feedback screens they only show things and report what the person did; the kiosk
window decides what happens next. Text comes from ``tr``, the person's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.kiosk.announce import announce
from app.ui.kiosk.parts import (
    TOUCH_TARGET_PX,
    centred_page,
    fit_page,
    kiosk_button,
    kiosk_label,
    kiosk_panel,
    kiosk_scroll,
    leaves_notice,
    start_again_button,
    wrap_choices,
)
from app.ui.kiosk.screens import StepPage
from app.ui.kiosk.scroll_cue import MoreBelowCue
from app.ui.kiosk.signup_steps import SignupStep, make_step, step_texts

if TYPE_CHECKING:
    from app.core.privacy import RenderedNotice
    from app.core.signup_flow import SignupFlow

Translate = Callable[[str], str]


class OfferScreen(QWidget):
    """After feedback is saved: would the person like to get involved?"""

    sig_yes = Signal()
    sig_no = Signal()
    sig_start_again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskOffer")
        # Neither answer is chosen for the person: the screen itself holds the focus on arrival,
        # so Enter does nothing until they Tab to, or tap, Yes or No.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # to show that it has the focus
        self.start_again_button = start_again_button()
        self.start_again_button.clicked.connect(self.sig_start_again)
        self.saved = kiosk_label("kioskLead")
        self.saved.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = kiosk_label("kioskTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead = kiosk_label("kioskOfferText")
        self.lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = kiosk_label("kioskError")
        self.error.hide()
        self.yes_button = kiosk_button(primary=True)
        self.yes_button.clicked.connect(self.sig_yes)
        self.no_button = kiosk_button()
        self.no_button.clicked.connect(self.sig_no)
        # Side by side when they fit, one above the other when the text size makes them wide.
        buttons = QWidget()
        self._buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight, buttons)
        self._buttons.setContentsMargins(0, 0, 0, 0)
        self._buttons.setSpacing(24)
        self._buttons.addWidget(self.yes_button)
        self._buttons.addWidget(self.no_button)
        self._panel, inner = kiosk_panel(spacing=24)
        inner.addWidget(self.saved)
        inner.addWidget(self.title)
        inner.addWidget(self.lead)
        inner.addWidget(self.error)
        inner.addSpacing(8)
        inner.addWidget(buttons, 0, Qt.AlignmentFlag.AlignHCenter)
        # It scrolls only if a larger text size leaves no other way to show it all, with a cue
        # that Yes and No are below.
        self._page, self._scroll = centred_page(self._panel)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.start_again_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addLayout(top)
        layout.addWidget(self._scroll)
        self._more_below = MoreBelowCue(self._scroll, self)
        self.setTabOrder(self.yes_button, self.no_button)
        self.setTabOrder(self.no_button, self.start_again_button)

    def show_texts(self, tr: Translate, *, ppg: bool = False) -> None:
        """``ppg``: a GP practice's patient group can be chosen (there are practices to choose from)."""
        self.saved.setText(tr("Thank you. Your answers have been saved."))
        self.title.setText(tr("Would you like to get involved?"))
        if ppg:
            self.lead.setText(tr("You could join the local health network or your GP practice's patient group, get "
                                 "our newsletter, or take part in surveys and focus groups. Signing up is kept apart "
                                 "from the answers you just gave, which stay anonymous."))
        else:  # promise only what the sign-up offers
            self.lead.setText(tr("You could join the local health network, get our newsletter, or take part in "
                                 "surveys and focus groups. Signing up is kept apart from the answers you just gave, "
                                 "which stay anonymous."))
        self.yes_button.setText(tr("Yes, tell me more"))
        self.yes_button.setAccessibleName(tr("Yes, tell me more"))
        self.no_button.setText(tr("No, thank you"))
        self.no_button.setAccessibleName(tr("No, thank you"))
        self.start_again_button.setText(tr("Start again"))
        self.start_again_button.setAccessibleName(tr("Start again"))
        self._more_below.show_texts(tr)
        # The screen is what has the focus, so a screen reader says what it is about.
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(self.lead.text())
        self.show_error("", tr)
        self.set_busy(False)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self, " ".join((self.saved.text(), self.title.text(), self.lead.text())))
        QTimer.singleShot(0, self, self._arrange)

    def _arrange(self) -> None:
        layout = self._panel.layout()
        assert layout is not None  # laid out when the screen was made
        margins = layout.contentsMargins()
        room = self._scroll.viewport().width() - margins.left() - margins.right()
        wanted = self.yes_button.sizeHint().width() + self.no_button.sizeHint().width() + self._buttons.spacing()
        self._buttons.setDirection(QBoxLayout.Direction.LeftToRight if wanted <= room
                                   else QBoxLayout.Direction.TopToBottom)
        fit_page(self._page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def show_error(self, message: str, tr: Translate) -> None:
        self.error.setText("⚠ " + message if message else "")
        self.error.setAccessibleName(tr("Problem: {message}").format(message=message) if message else "")
        self.error.setVisible(bool(message))
        if message:
            announce(self.error, self.error.accessibleName(), assertive=True)
        QTimer.singleShot(0, self, self._arrange)

    def set_busy(self, busy: bool) -> None:
        self.yes_button.setEnabled(not busy)
        self.no_button.setEnabled(not busy)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Only a button says yes or no; Enter presses the one with the focus, nothing else does.
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if isinstance(focused, QAbstractButton):
                focused.click()
            return
        super().keyPressEvent(event)


class SignupScreen(StepPage):
    """One sign-up step: its question, its controls, and Back / Next (Sign me up on the last)."""

    sig_read_notice = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(headings=1, parent=parent)
        self.step: SignupStep | None = None
        self.spoken: list[str] = []
        """What reading aloud says of the step on screen."""
        self.step_name = ""
        (self.heading,) = self.headings

    def show_step(self, flow: SignupFlow) -> None:
        """Replace whatever was on screen with the flow's current step, filled in from the flow."""
        self.clear()
        tr, name = flow.tr, flow.current
        self.step_name = name
        number, total = flow.progress()
        self._show_texts_of_frame(tr)
        progress = tr("Step {number} of {total}").format(number=number, total=total)
        self.progress.setText(progress)
        self.heading.setText(tr("Sign up to get involved"))
        question, help_text = step_texts(name, tr)
        self.question.setText(question or flow.notice.title)
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        self.label_answers(self.question.text(), ". ".join(t for t in (progress, help_text) if t))
        step = self.step = make_step(name, tr, offered=flow.interests_offered(), practices=flow.practices,
                                     methods=flow.contact_methods(), notice=flow.notice)
        step.set_values(flow.values)
        for target in step.findChildren(QAbstractButton):
            target.setMinimumHeight(TOUCH_TARGET_PX)
        if hasattr(step, "sig_read_notice"):
            step.sig_read_notice.connect(self.sig_read_notice)
        self._slot.addWidget(step)
        step.show()
        # For reading aloud: the question, where the person is, its help, then any choices.
        choices = [b.text() for b in step.findChildren(QAbstractButton) if b.isCheckable() and b.text()]
        self.spoken = [self.question.text(), progress, help_text, *choices]
        self.back_button.setText(tr("Back"))
        self.back_button.setAccessibleName(tr("Back"))
        self.next_button.setText(tr("Sign me up") if flow.is_last else tr("Next"))
        self.next_button.setAccessibleName(self.next_button.text())
        self.set_busy(False)
        if any(isinstance(w, (QLineEdit, QPlainTextEdit)) for w in step.findChildren(QWidget)):
            # A text box says only its own name when it takes the focus: say where the person is.
            announce(self, ". ".join(t for t in (progress, self.question.text(), help_text) if t))
        QTimer.singleShot(0, self, self._settle)

    def _settle(self) -> None:
        # The new step is not laid out (or focusable) until the event loop runs.
        if self.step is not None:
            wrap_choices(self.step, self.room_for_answers())
        fit_page(self._body)
        if self.step is not None and not self.error.isVisible() and not self.step.showing_errors:
            self.step.focus_first()

    def show_errors(self, errors: dict[str, str]) -> None:
        if self.step is not None:
            self.step.show_errors(errors)
            said = [label.accessibleName() for f, label in self.step.error_labels.items() if errors.get(f)]
            if said:
                announce(self, " ".join(said), assertive=True)
            first = next((f for f in self.step.error_labels if f in errors), None)
            if first is not None:
                shown = (self.step.focus_targets[first], self.step.error_labels[first])
                QTimer.singleShot(0, self, lambda: self._after_errors(shown))

    def _after_errors(self, shown: tuple[QWidget, ...]) -> None:
        fit_page(self._body)  # the messages made the page taller
        for widget in shown:  # the control, then the message just above it
            # The person may have moved on (and the step been destroyed) before this runs.
            if shiboken6.isValid(widget) and self.step is not None and self.step.isAncestorOf(widget):
                self._scroll.ensureWidgetVisible(widget, 0, 24)

    def show_error(self, message: str, tr: Translate) -> None:
        """A problem with the whole step (saving failed), above its controls."""
        self._show_error_text(message, tr)
        QTimer.singleShot(0, self, lambda: fit_page(self._body))
        self._scroll.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        """Destroy the step on screen now, with what was typed in it."""
        self._clear_error()
        if self.step is not None:
            step, self.step = self.step, None
            step.forget()
            self._slot.removeWidget(step)
            step.hide()
            step.setParent(None)  # out of the window's tree at once, not at the next event loop
            step.deleteLater()
        self.step_name = ""
        for label in (self.progress, self.heading, self.question, self.help):
            label.clear()
        self.label_answers("", "")


class NoticeScreen(QWidget):
    """The whole privacy notice, to read at leisure, and the way back to the sign-up."""

    sig_done = Signal()
    sig_start_again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = kiosk_label("kioskQuestion")
        self.start_again_button = start_again_button()
        self.start_again_button.clicked.connect(self.sig_start_again)
        self._sections = QVBoxLayout()
        self._sections.setSpacing(8)
        body = self._body = QWidget()
        body.setObjectName("kioskPanel")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(40, 24, 40, 24)
        inner.setSpacing(16)
        inner.addWidget(self.title)
        inner.addLayout(self._sections)
        inner.addStretch(1)
        scroll = self.scroll_area = kiosk_scroll(body)
        # Keyboard users scroll it too: it takes the focus, then the arrows and Page Down move it.
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        scroll.setObjectName("kioskNoticeScroll")
        self.done_button = kiosk_button(primary=True)
        self.done_button.clicked.connect(self.sig_done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_again_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(12)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.setTabOrder(scroll, self.done_button)
        self.setTabOrder(self.done_button, self.start_again_button)

    def show_notice(self, notice: RenderedNotice, tr: Translate) -> None:
        self.clear()
        self.title.setText(notice.title)
        for heading, text in (("", notice.summary), *notice.sections):
            if heading:
                label = kiosk_label("kioskFieldLabel")
                label.setText(heading)
                self._sections.addSpacing(8)
                self._sections.addWidget(label)
            body = kiosk_label("kioskBody")
            body.setText(text)
            body.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self._sections.addWidget(body)
        self.scroll_area.setAccessibleName(tr("Privacy notice: {title}").format(title=notice.title))
        self.scroll_area.setAccessibleDescription(notice.full_text)
        self.done_button.setText(tr("Back to sign-up"))
        self.done_button.setAccessibleName(tr("Back to sign-up"))
        self.start_again_button.setText(tr("Start again"))
        self.start_again_button.setAccessibleName(tr("Start again"))
        QTimer.singleShot(0, self, lambda: fit_page(self._body))
        self.scroll_area.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        while self._sections.count():
            item = self._sections.takeAt(0)
            widget = None if item is None else item.widget()
            if widget is not None:
                widget.setParent(None)
        self.title.clear()
        self.scroll_area.verticalScrollBar().setValue(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not leaves_notice(self, event, self.sig_done.emit):
            super().keyPressEvent(event)

