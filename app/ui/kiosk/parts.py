"""The parts every kiosk screen is built from: labels, buttons, panels, scrolling pages, and
how a page is fitted to the screen at any text size.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

TOUCH_TARGET_PX = 52  # comfortably above the 44 px minimum for a fingertip


def kiosk_label(object_name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def kiosk_panel(*, spacing: int) -> tuple[QWidget, QVBoxLayout]:
    """The white card the welcome and thank-you screens sit on."""
    panel = QWidget()
    panel.setObjectName("kioskPanel")
    inner = QVBoxLayout(panel)
    inner.setContentsMargins(48, 48, 48, 48)
    inner.setSpacing(spacing)
    return panel, inner


def kiosk_button(primary: bool = False) -> QPushButton:
    button = QPushButton()
    button.setObjectName("kioskPrimary" if primary else "")
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def start_again_button() -> QPushButton:
    """The way out on every screen after the first: throws away what was given and starts afresh."""
    button = kiosk_button()
    button.setObjectName("kioskStartAgain")
    return button


def kiosk_scroll(body: QWidget) -> QScrollArea:
    """A borderless scroll area for a page taller than the screen, scrolled by a finger too.

    It scrolls up and down only: at any text size a page is made to fit the screen's width.
    """
    scroll = QScrollArea()
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setObjectName("kioskScroll")
    scroll.viewport().setAutoFillBackground(False)
    # Long lists of answers scroll with a finger drag, not only with the scroll bar.
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return scroll


def centred_page(panel: QWidget) -> tuple[QWidget, QScrollArea]:
    """``panel`` centred up and down on a page that scrolls only when a larger text size leaves
    no other way to show it all: the page, and its scroll area."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.addStretch(1)
    column.addWidget(panel)
    column.addStretch(2)
    scroll = kiosk_scroll(page)
    page.setAutoFillBackground(False)  # the scroll area turned it on; the kiosk's colour shows through
    return page, scroll


def fit_page(body: QWidget) -> None:
    """Make a scrolled page tall enough for everything on it at full size.

    The scroll area sizes its page by height-for-width, which undercounts a long list of
    answers and squeezes them; once styled, insist on room for every answer at full size.
    """
    layout = body.layout()
    if layout is None:  # nothing on the page yet
        return
    body.setMinimumHeight(0)  # what an earlier arrangement needed is no guide to this one
    _invalidate_all(body)
    body.setMinimumHeight(layout.totalMinimumSize().height())


SCROLL_BAR_PX = 28  # as wide as the kiosk style makes it, so a page that comes to scroll still fits
CUE_SLACK_PX = 16  # a page that scrolls by less than this has no more answers to show


def wrap_to_fit(choice: QAbstractButton, room: int) -> None:
    """Break a tick box's or choice's words over lines so it fits ``room`` pixels, whatever the text size.

    Its full words are its accessible name. They are measured in bold, as a chosen answer is shown.
    """
    text = choice.accessibleName()
    choice.ensurePolished()
    font = QFont(choice.font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    lines = choice.text().splitlines() or [""]
    extra = choice.sizeHint().width() - max(choice.fontMetrics().horizontalAdvance(line) for line in lines)
    width = len(text)
    wrapped_lines = [text]
    while width > 12:
        wrapped_lines = textwrap.wrap(text, width=width, break_long_words=False) or [text]
        if max(metrics.horizontalAdvance(line) for line in wrapped_lines) + extra <= room:
            break
        width -= 2
    choice.setText("\n".join(wrapped_lines))


def wrap_choices(container: QWidget, room: int) -> None:
    for choice in container.findChildren(QAbstractButton):
        if isinstance(choice, (QCheckBox, QRadioButton)):
            wrap_to_fit(choice, room)


def _invalidate_all(body: QWidget) -> None:
    """Forget every size worked out inside ``body``: answers may just have been moved about."""
    for layout in body.findChildren(QLayout):
        layout.invalidate()
    for widget in body.findChildren(QWidget):
        if widget.layout() is not None:
            widget.updateGeometry()  # its parent's layout keeps its size hints until told
    own = body.layout()
    if own is not None:
        own.invalidate()


def needed_height(body: QWidget, width: int) -> int:
    """How tall ``body`` is when laid out at ``width`` with everything at its natural size."""
    layout = body.layout()
    if layout is None:
        return 0
    _invalidate_all(body)
    natural = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    return max(natural, layout.totalMinimumSize().height())


def enter_moves_on(screen: QWidget, event: QKeyEvent, move_on: Callable[[], None]) -> bool:
    """Enter on a step screen: presses a focused button, else moves on; True if it was used.

    Enter only moves on; choosing is Space, the arrows or a tap, so a hurried Enter never
    records an answer the person did not pick. In a box of several lines Enter starts a new
    line, and Ctrl+Enter moves on.
    """
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    focused = screen.focusWidget()
    if isinstance(focused, QPlainTextEdit) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return False
    if isinstance(focused, QPushButton):
        focused.click()
    else:
        move_on()
    return True


def leaves_notice(screen: QWidget, event: QKeyEvent, done: Callable[[], None]) -> bool:
    """On a privacy notice: Escape, or Enter on a button, goes back to the sign-up. True if it did."""
    if event.key() == Qt.Key.Key_Escape or (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(screen.focusWidget(), QAbstractButton)):
        done()
        return True
    return False
