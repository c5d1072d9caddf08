"""A label a screen reader reads as "caption: what it shows", such as "Responses today: 42".

Setting an accessible name on a plain QLabel replaces its text for screen readers, so a
number or a problem message would be announced only by its caption. This label keeps its
name made of both, and updates it whenever its text changes.
"""

from __future__ import annotations

from PySide6.QtGui import Qt, QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QWidget

from app.core.i18n import _


def plain_text(text: str) -> str:
    """``text`` as a screen reader hears it: markup removed, spaces and lines run together."""
    if Qt.mightBeRichText(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(text.split())


class CaptionedLabel(QLabel):
    """A label that shows a value or a message, named for screen readers by a caption and its text."""

    def __init__(self, caption: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption = caption
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's own name, so every caller keeps the name right
        super().setText(text)
        self._name()

    def clear(self) -> None:
        self.setText("")

    def _name(self) -> None:
        shown = plain_text(self.text())
        if not self._caption:
            self.setAccessibleName(shown)
        elif not shown or shown.casefold().startswith(self._caption.casefold()):
            self.setAccessibleName(shown or self._caption)  # the text already says what it is
        else:
            self.setAccessibleName(_("{caption}: {text}").format(caption=self._caption, text=shown))
