"""Pieces every form dialog shares: the problem message beside a field, and the button row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget

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
