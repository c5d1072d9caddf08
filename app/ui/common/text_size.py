"""The text size chosen in Settings, applied to the whole application."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app.core.settings import TEXT_SCALE

BASE_POINT_SIZE = 10.5


def apply_text_size(size: str) -> None:
    """Scale every widget's text; the stylesheet sizes are in points, so they follow."""
    font = QFont(QApplication.font())
    font.setPointSizeF(BASE_POINT_SIZE * TEXT_SCALE.get(size, 1.0))
    QApplication.setFont(font)
