"""The text size chosen in Settings, applied to the whole application, at once.

Widgets styled by the application's stylesheet keep the font they were polished with when
only the application font changes, and the stylesheet's headings are sized in points of
their own; so both the font and the stylesheet (its point sizes scaled) are set again, which
makes Qt polish every open window afresh.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app.core.settings import TEXT_SCALE

BASE_POINT_SIZE = 10.5
_STYLESHEET_AT_NORMAL = "involve_stylesheet_at_normal"  # the application's property holding it
_SCALE = "involve_text_scale"  # the application's property holding the text size's scale, once applied
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")


def set_base_stylesheet(app: QApplication, stylesheet: str) -> None:
    """Style the application with ``stylesheet`` (written for normal text), scaled to today's text size."""
    app.setProperty(_STYLESHEET_AT_NORMAL, stylesheet)
    scale = app.property(_SCALE)
    app.setStyleSheet(scaled_stylesheet(stylesheet, scale if isinstance(scale, float) else 1.0))


def scaled_stylesheet(stylesheet: str, scale: float) -> str:
    """``stylesheet`` with every size in points multiplied by ``scale``."""
    return _POINTS.sub(lambda m: f"{round(float(m.group(1)) * scale, 1)}pt", stylesheet)


def apply_text_size(size: str) -> None:
    """Scale every widget's text, in every open window, headings included."""
    scale = TEXT_SCALE.get(size, 1.0)
    font = QFont(QApplication.font())
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    QApplication.setFont(font)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    app.setProperty(_SCALE, float(scale))
    base = app.property(_STYLESHEET_AT_NORMAL)
    if isinstance(base, str):
        app.setStyleSheet(scaled_stylesheet(base, scale))
