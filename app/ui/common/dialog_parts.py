"""Pieces every form dialog shares: the problem message beside a field, and the button row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialogButtonBox,
    QFrame,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.ui.common.captioned_label import CaptionedLabel


def error_label(caption: str = "") -> CaptionedLabel:
    """A hidden, wrapping problem message, styled as one; a screen reader hears the caption
    and the message ("Problem with Name: Enter a name.")."""
    label = CaptionedLabel(caption)
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def action_buttons(
    action_text: str,
    on_action: Callable[[], None],
    on_cancel: Callable[[], None],
    *,
    cancel_text: str | None = None,
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """The row with the dialog's own action (named by what it does) and Cancel.

    Plain buttons with roles, not Qt's standard Save: on desktops that put icons on standard
    buttons, a floppy disk would sit on "Leave kiosk" or "Merge", which save nothing."""
    buttons = QDialogButtonBox()
    action = buttons.addButton(action_text, QDialogButtonBox.ButtonRole.AcceptRole)
    action.setAccessibleName(action_text.replace("&", ""))
    cancel = buttons.addButton(cancel_text or _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_action)
    buttons.rejected.connect(on_cancel)
    return buttons, action, cancel


def outcome_label() -> CaptionedLabel:
    """A line saying what the last action did ("Ann Smith's consent was withdrawn")."""
    label = CaptionedLabel(_("What was done"))
    label.setWordWrap(True)
    return label


def close_buttons(on_close: Callable[[], object]) -> QDialogButtonBox:
    """The row of a window that changes things as it goes, so has only Close."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
    buttons.rejected.connect(on_close)
    return buttons


def grow_to_fit(widget: QWidget) -> None:
    """Make ``widget`` taller when a message appears, so wrapped lines never overlap
    (layouts leave that to us)."""
    layout = widget.layout()
    if layout is None:  # nothing laid out, so nothing to make room for
        return
    layout.activate()
    needed = layout.totalHeightForWidth(widget.width())
    if needed > widget.height():
        widget.resize(widget.width(), needed)


TITLE_BAR_ROOM = 48  # a window manager's title bar, and a little air, above a window on a full screen


def scrolling(content: QWidget, name: str) -> QScrollArea:
    """``content`` in a frameless area that scrolls up and down when the screen is too short for it;
    the buttons go outside it, so they are always on screen."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setAccessibleName(name)
    content.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    return area


def fit_to_screen(window: QWidget, wanted: QSize) -> None:
    """Open ``window`` at ``wanted`` size, but never larger than its screen leaves room for."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry().size() if screen is not None else wanted
    window.resize(min(wanted.width(), room.width()), min(wanted.height(), room.height() - TITLE_BAR_ROOM))


class _FitOnShow(QObject):
    """Opens a dialog whose fields scroll at the size they need, within its screen."""

    def __init__(self, dialog: QWidget, area: QScrollArea) -> None:
        super().__init__(dialog)
        self.area = area
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            body, layout = self.area.widget(), watched.layout()
            if body is not None and layout is not None:
                rest = layout.totalSizeHint().height() - self.area.sizeHint().height()
                bar = self.area.verticalScrollBar().sizeHint().width()
                width = max(watched.width(), body.sizeHint().width() + bar + 24)
                body_layout = body.layout()
                content = (body_layout.totalHeightForWidth(width) if body_layout is not None
                           and body_layout.hasHeightForWidth() else body.sizeHint().height())
                fit_to_screen(watched, QSize(width, content + rest + 8))
        return False


def scroll_body(dialog: QWidget, name: str, *, keep: int = 1, fit: bool = True) -> QScrollArea:
    """Put everything in ``dialog``'s column but its last ``keep`` rows (the buttons) in an area that
    scrolls, so the buttons stay on a short screen at a large text size; with ``fit``, the dialog
    opens as tall as its fields need, within its screen."""
    layout = dialog.layout()
    assert isinstance(layout, QBoxLayout)
    body = QWidget()
    column = QVBoxLayout(body)
    column.setContentsMargins(0, 0, 0, 0)
    for _index in range(layout.count() - keep):
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            column.addWidget(widget, stretch)
        elif inner is not None:
            inner.setParent(None)
            column.addLayout(inner, stretch)
        else:
            column.addItem(item)
    area = scrolling(body, name)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # a narrow screen scrolls across too
    layout.insertWidget(0, area, 1)
    if fit:
        _FitOnShow(dialog, area)
    return area
