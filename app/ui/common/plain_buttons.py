"""The app's look: Fusion, without the icons some desktops put on dialog buttons.

GNOME and KDE themes tell Qt to draw an icon on every standard dialog button. Those icons
follow the button's kind, not its words: an OK renamed "Make report" shows a return arrow,
a Save renamed "Merge" a floppy disk. Involve's buttons say what they do in words, so they
carry no icons, whatever the desktop.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleHintReturn, QStyleOption, QWidget


class PlainButtonsStyle(QProxyStyle):
    """A style like the one it wraps, but whose dialog buttons never have icons."""

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,  # noqa: N802 - Qt's name
                  widget: QWidget | None = None, returnData: QStyleHintReturn | None = None) -> int:  # noqa: N803
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0
        return super().styleHint(hint, option, widget, returnData)
