"""A small horizontal bar chart drawn with QPainter, and a big-number figure for the dashboard.

QtCharts is not in PySide6-Essentials and would make the installer much bigger, so the
event dashboard draws its own. Colour never carries meaning alone: every bar has its words
beside it and its count printed at its end, and the chart's accessible description says
the same numbers in a sentence for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.common.captioned_label import CaptionedLabel

TEXT = QColor("#212b32")
SECONDARY = QColor("#4c6272")
TRACK = QColor("#e8edee")
NHS_BLUE = QColor("#005eb8")


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    colour: str = "#005eb8"
    note: str = ""  # printed after the count, e.g. "(40%)"


class BarChart(QWidget):
    """Bars across the widget, one a row: the words, the bar, then its count."""

    def __init__(self, name: str, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: tuple[Bar, ...] = ()
        self.empty_text = empty_text
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_bars((), description=empty_text)

    def set_bars(self, bars: Sequence[Bar], *, description: str) -> None:
        """Show ``bars``; ``description`` says their numbers in words (for screen readers)."""
        self.bars = tuple(bars)
        self.setAccessibleDescription(description)
        self.setToolTip(description)
        self.updateGeometry()
        self.update()

    # ----- sizes follow the font, so large text settings make a larger chart

    def _fonts(self) -> tuple[QFont, QFont]:
        label = QFont(self.font())
        label.setPointSizeF(label.pointSizeF() * 1.15)
        count = QFont(label)
        count.setBold(True)
        return label, count

    def _row_height(self) -> int:
        # Room for a long label on two lines ("Getting a GP appointment" in a narrow window).
        label, count = (QFontMetrics(f) for f in self._fonts())
        return max(int(count.height() * 1.9), label.lineSpacing() * 2 + 4)

    def sizeHint(self) -> QSize:
        rows = max(1, len(self.bars))
        return QSize(360, rows * self._row_height() + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_font, count_font = self._fonts()
        if not self.bars:
            painter.setFont(label_font)
            painter.setPen(SECONDARY)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                             | Qt.TextFlag.TextWordWrap, self.empty_text)
            return
        label_metrics, count_metrics = QFontMetrics(label_font), QFontMetrics(count_font)
        width = self.width()
        gap = 10
        label_w = min(max(label_metrics.horizontalAdvance(b.label) for b in self.bars) + 4, int(width * 0.42))
        count_w = max(count_metrics.horizontalAdvance(_count_text(b)) for b in self.bars) + 4
        track_x = label_w + gap
        track_w = max(20, width - track_x - gap - count_w)
        most = max((b.count for b in self.bars), default=0) or 1
        row_h = self._row_height()
        bar_h = int(row_h * 0.62)
        for i, bar in enumerate(self.bars):
            top = i * row_h
            painter.setFont(label_font)
            painter.setPen(TEXT)
            painter.drawText(QRectF(0, top, label_w, row_h), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, _fit(bar.label, label_metrics,
                                                                                             label_w, row_h))
            bar_top = top + (row_h - bar_h) / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TRACK)
            painter.drawRoundedRect(QRectF(track_x, bar_top, track_w, bar_h), 3, 3)
            length = track_w * bar.count / most
            if bar.count:
                painter.setBrush(QColor(bar.colour))
                painter.drawRoundedRect(QRectF(track_x, bar_top, max(length, 4), bar_h), 3, 3)
            painter.setFont(count_font)
            painter.setPen(QPen(TEXT))
            painter.drawText(QRectF(track_x + track_w + gap, top, count_w, row_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, _count_text(bar))
        painter.end()


def _fit(label: str, metrics: QFontMetrics, width: int, height: int) -> str:
    """``label`` as it fits in the box: wrapped if it fits on its lines, else cut short with an ellipsis."""
    flags = int(Qt.AlignmentFlag.AlignRight | Qt.TextFlag.TextWordWrap)
    if metrics.boundingRect(0, 0, width, 10_000, flags, label).height() <= height:
        return label
    while len(label) > 1:
        label = label[:-1].rstrip()
        if metrics.boundingRect(0, 0, width, 10_000, flags, label + "…").height() <= height:
            return label + "…"
    return label


def _count_text(bar: Bar) -> str:
    return f"{bar.count:,} {bar.note}".strip()


class Figure(CaptionedLabel):
    """One figure at the stall: a big number with a caption under it.

    Its text is the whole sentence ("All responses: 12"), which is what screen readers say
    and what a person selecting it copies; only the drawing splits it into number and caption.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent=parent)
        self.big = ""
        self.caption = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_figure(self, sentence: str, big: str, caption: str) -> None:
        self.setText(sentence)
        self.big, self.caption = big, caption
        self.updateGeometry()
        self.update()

    def _fonts(self) -> tuple[QFont, QFont]:
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.6)
        big.setBold(True)
        return big, QFont(self.font())

    def sizeHint(self) -> QSize:
        big, small = (QFontMetrics(f) for f in self._fonts())
        width = max(big.horizontalAdvance(self.big or "888"), small.horizontalAdvance(self.caption)) + 8
        return QSize(max(width, 110), big.height() + small.height() + 6)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        big_font, small_font = self._fonts()
        big_h = QFontMetrics(big_font).height()
        painter.setFont(big_font)
        painter.setPen(TEXT)
        painter.drawText(QRectF(0, 0, self.width(), big_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.big)
        painter.setFont(small_font)
        painter.setPen(SECONDARY)
        painter.drawText(QRectF(0, big_h + 2, self.width(), self.height() - big_h - 2),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.caption)
        painter.end()
