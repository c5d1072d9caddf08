"""The privacy notice in easy read: a picture beside each part, and one short sentence to a line.

:class:`EasyReadNoticeScreen` works as the kiosk's usual notice screen does (``show_notice``,
``clear``, ``sig_done``, ``scroll_area``, ``done_button``), for the notice from
``app.store.notices.current_easy_read_notice``: its summary and each section get a picture, and
each line of a section's text is shown on a line of its own. A cue under the page says when there
is more below, not only the scroll bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_
from app.core.privacy import RenderedNotice
from app.ui.kiosk.easy_read_pictures import picture, picture_size_for
from app.ui.kiosk.parts import kiosk_button, kiosk_label, kiosk_scroll, leaves_notice, start_again_button

Translate = Callable[[str], str]
# The pictures for the summary and each section, in the order of privacy-notice-easy-read.json.
NOTICE_PICTURES = (
    ("notice_about.svg", N_("A card with a person's picture and lines of writing.")),
    ("notice_who.svg", N_("Two people standing together.")),
    ("notice_what.svg", N_("A clipboard with a list written on it.")),
    ("notice_why.svg", N_("A letter in an envelope.")),
    ("notice_how_long.svg", N_("A calendar.")),
    ("notice_stop.svg", N_("A hand held up to say stop.")),
)


def _label(object_name: str, text: str = "") -> QLabel:
    label = kiosk_label(object_name)
    label.setText(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class NoticePicture(QLabel):
    """One picture of the notice; a screen reader says what it shows."""

    def __init__(self, file_name: str, alt_text: str, size: int) -> None:
        super().__init__()
        self.file_name, self.alt_text = file_name, alt_text
        self.setPixmap(picture(file_name, size))
        self.setFixedSize(size, size)
        self.setAccessibleName(alt_text)


class EasyReadNoticeScreen(QWidget):
    """The easy-read privacy notice, to read at leisure, and the way back to the sign-up."""

    sig_done = Signal()
    """The person has finished reading."""
    sig_start_again = Signal()
    """The person wants to throw away what they gave and start again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _label("kioskQuestion")
        self._parts = QVBoxLayout()
        self._parts.setSpacing(20)
        body = self._body = QWidget()
        body.setObjectName("kioskPanel")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(40, 24, 40, 24)
        inner.setSpacing(20)
        inner.addWidget(self.title)
        inner.addLayout(self._parts)
        inner.addStretch(1)
        scroll = self.scroll_area = kiosk_scroll(body)
        scroll.setObjectName("kioskNoticeScroll")
        # Keyboard users scroll it too: it takes the focus, then the arrows and Page Down move it.
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        bar = scroll.verticalScrollBar()
        bar.valueChanged.connect(self._show_more_cue)
        bar.rangeChanged.connect(self._show_more_cue)
        self.more_below = _label("kioskHelp")
        self.more_below.hide()
        self.done_button = kiosk_button(primary=True)
        self.done_button.clicked.connect(self.sig_done)
        self.start_again_button = start_again_button()
        self.start_again_button.clicked.connect(self.sig_start_again)
        # The cue on a line of its own above the buttons: with Start again beside Back to sign-up
        # there is no room left for it on theirs at the largest text.
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_again_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.more_below)
        layout.addLayout(buttons)
        self.setTabOrder(scroll, self.done_button)
        self.setTabOrder(self.done_button, self.start_again_button)
        self.pictures: list[NoticePicture] = []

    def show_notice(self, notice: RenderedNotice, tr: Translate) -> None:
        """Show ``notice`` (the easy-read one, in the person's language); ``tr`` translates the kiosk's words."""
        self.clear()
        self.title.setText(notice.title)
        size = picture_size_for(self.fontMetrics().height() * 2)
        parts = [("", notice.summary), *notice.sections]
        for n, (heading, text) in enumerate(parts):
            file_name, alt_text = NOTICE_PICTURES[min(n, len(NOTICE_PICTURES) - 1)]
            image = NoticePicture(file_name, tr(alt_text), size)
            self.pictures.append(image)
            words = QVBoxLayout()
            words.setSpacing(6)
            if heading:
                words.addWidget(_label("kioskFieldLabel", heading))
            for sentence in (line.strip() for line in text.splitlines()):
                if sentence:
                    words.addWidget(_label("kioskBody", sentence))
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.setSpacing(24)
            row_layout.addWidget(image, 0, Qt.AlignmentFlag.AlignTop)
            row_layout.addLayout(words, 1)
            self._parts.addWidget(row)
        self.scroll_area.setAccessibleName(tr("Privacy notice: {title}").format(title=notice.title))
        self.scroll_area.setAccessibleDescription(notice.full_text)
        self.more_below.setText("▼ " + tr("There is more below. Scroll down to read it."))
        self.done_button.setText(tr("Back to sign-up"))
        self.done_button.setAccessibleName(tr("Back to sign-up"))
        self.start_again_button.setText(tr("Start again"))
        self.start_again_button.setAccessibleName(tr("Start again"))
        QTimer.singleShot(0, self, self._fit)
        self.scroll_area.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit(self) -> None:
        layout = self._body.layout()
        if layout is not None:
            layout.invalidate()
            self._body.setMinimumHeight(layout.totalMinimumSize().height())
        self._show_more_cue()

    def _show_more_cue(self) -> None:
        bar = self.scroll_area.verticalScrollBar()
        self.more_below.setVisible(bool(self.title.text()) and bar.value() < bar.maximum())

    def clear(self) -> None:
        """Nothing of the notice stays (the next person may not want the same language)."""
        while self._parts.count():
            item = self._parts.takeAt(0)
            widget = None if item is None else item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.pictures = []
        self.title.clear()
        self.more_below.hide()
        self.scroll_area.verticalScrollBar().setValue(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not leaves_notice(self, event, self.sig_done.emit):
            super().keyPressEvent(event)
