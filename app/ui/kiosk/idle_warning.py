"""The warning before the kiosk starts again for the next person (WCAG 2.2.1, timing adjustable).

It takes the whole screen, so nothing the person gave stays in view while it counts down, and
offers two large buttons: more time (back to where they were, answers kept) or start again now.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QBoxLayout, QGroupBox, QVBoxLayout, QWidget

from app.ui.kiosk.announce import announce
from app.ui.kiosk.parts import centred_page, fit_page, kiosk_button, kiosk_label, kiosk_panel
from app.ui.kiosk.scroll_cue import MoreBelowCue

Translate = Callable[[str], str]
WARNING_SECONDS = 30  # at least 20 s, as WCAG asks, to read the warning and reach a button


class IdleWarningScreen(QWidget):
    sig_more_time = Signal()
    """The person is still there: back to where they were."""
    sig_start_again = Signal()
    """Throw away what was given and show the welcome screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskOffer")  # sized like the other screens that must fit without scrolling
        self.title = kiosk_label("kioskTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead = kiosk_label("kioskOfferText")
        self.lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.more_time_button = kiosk_button(primary=True)
        self.more_time_button.clicked.connect(self.sig_more_time)
        self.start_again_button = kiosk_button()
        self.start_again_button.clicked.connect(self.sig_start_again)
        # A group named by the warning round its two buttons: a screen reader moving the focus
        # to "I need more time" says the warning too, even one that does not hear announcements
        # (Orca 43 does not).
        buttons = self.choices = QGroupBox()
        buttons.setObjectName("kioskChoices")
        row = QBoxLayout(QBoxLayout.Direction.TopToBottom, buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(20)
        row.addWidget(self.more_time_button)
        row.addWidget(self.start_again_button)
        panel, inner = kiosk_panel(spacing=24)
        inner.addWidget(self.title)
        inner.addWidget(self.lead)
        inner.addWidget(buttons, 0, Qt.AlignmentFlag.AlignHCenter)
        # At the larger text sizes it may scroll, with a cue that the buttons are below.
        self._page, self._scroll = centred_page(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self._scroll)
        self._more_below = MoreBelowCue(self._scroll, self)

    def show_texts(self, tr: Translate, seconds_left: int, *, first: bool,
                   plural: Callable[[str, str, int], str] | None = None) -> None:
        """Show how long is left; ``first`` when it has just appeared, to announce it and take the focus."""
        self.title.setText(tr("Are you still there?"))
        counted = plural or (lambda one, many, n: tr(one if n == 1 else many))
        self.lead.setText(counted("This screen will start again in {seconds} second and clear your answers.",
                                  "This screen will start again in {seconds} seconds and clear your answers.",
                                  seconds_left).format(seconds=seconds_left))
        self.more_time_button.setText(tr("I need more time"))
        self.more_time_button.setAccessibleName(tr("I need more time"))
        self.start_again_button.setText(tr("Start again"))
        self.start_again_button.setAccessibleName(tr("Start again"))
        self._more_below.show_texts(tr)
        if first:  # named once, not each second: a name that keeps changing is read out again and again
            self.choices.setAccessibleName(" ".join((self.title.text(), self.lead.text())))
            self.more_time_button.setFocus(Qt.FocusReason.OtherFocusReason)
            announce(self, " ".join((self.title.text(), self.lead.text())), assertive=True)
        QTimer.singleShot(0, self, lambda: fit_page(self._page))  # the count may take another line

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter presses the focused button; no other key decides for the person.
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if focused is self.more_time_button or focused is self.start_again_button:
                focused.click()
            return
        super().keyPressEvent(event)
