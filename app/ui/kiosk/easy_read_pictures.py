"""The pictures of easy read, and an answer that is a picture above its short words.

The pictures are SVG files in ``resources/easy_read`` (each has its own <title> and <desc>),
drawn sharp at any size through Qt's SVG image plugin. What a screen reader says for a picture
is its alt text here, translated with the rest of the kiosk's words.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImageReader,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QRadioButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from app.core.fft import DONT_KNOW, GOOD, NEITHER, POOR, VERY_GOOD, VERY_POOR
from app.core.i18n import N_
from app.resources_dir import resources_dir

# Each FFT answer's picture and what it shows, for people who cannot see it.
FFT_PICTURES = {
    VERY_GOOD: ("fft_very_good.svg", N_("A very happy face with a big open smile.")),
    GOOD: ("fft_good.svg", N_("A happy face with a smile.")),
    NEITHER: ("fft_neither.svg", N_("A face with a straight mouth: not happy and not sad.")),
    POOR: ("fft_poor.svg", N_("A sad face with a frown.")),
    VERY_POOR: ("fft_very_poor.svg", N_("A very sad face with a big frown and sad eyebrows.")),
    DONT_KNOW: ("fft_dont_know.svg", N_("A big question mark in a circle.")),
}
PADDING = 12
MIN_PICTURE = 48
GAP = 8  # between the picture and its words


def picture_path(name: str) -> str:
    return str(resources_dir() / "easy_read" / name)


def picture(name: str, size: int, ratio: float | None = None) -> QPixmap:
    """The picture ``name`` drawn at ``size`` pixels square (sharp on high-density screens too)."""
    if ratio is None:
        screen = QGuiApplication.primaryScreen()
        ratio = screen.devicePixelRatio() if screen is not None else 1.0
    reader = QImageReader(picture_path(name))
    reader.setScaledSize(QSize(round(size * ratio), round(size * ratio)))
    pixmap = QPixmap.fromImage(reader.read())
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def picture_size_for(font_height: int) -> int:
    """Pictures give way as the text grows, so six answers still fit one screen: 104 px at normal text."""
    return max(72, min(104, 4000 // max(font_height, 1)))


class PictureAnswer(QRadioButton):
    """One answer: a picture above its words. Chosen by a tap, Space or the arrows, like any answer.

    Its accessible name is its words; its description says what the picture shows. The kiosk's
    stylesheet draws its background, border and focus ring for each state, as for its other answers;
    a chosen one also shows a tick, so the choice never rests on colour alone.
    """

    def __init__(self, value: str, words: str, picture_file: str, alt_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(words, parent)
        self.value = value
        self.picture_file = picture_file
        self.alt_text = alt_text
        self.setProperty("answer", value)
        self.setAccessibleName(words)
        self.setAccessibleDescription(alt_text)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._cache: tuple[int, float, QPixmap] | None = None
        self.together: list[PictureAnswer] = []  # the answers shown with this one, whose pictures match
        self.toggled.connect(self._restyle)

    def picture_size(self) -> int:
        return picture_size_for(self.fontMetrics().height())

    def _words_height(self, width: int) -> int:
        box = QRect(0, 0, max(width - 2 * PADDING, 1), 10_000)
        return self._words_metrics().boundingRect(box, self._text_flags(), self.text()).height()

    def _words_font(self) -> QFont:
        """The words' font: never bold, even chosen (the stylesheet makes a chosen answer bold), so choosing
        never moves anything; a chosen answer shows its border and a tick instead."""
        font = QFont(self.font())
        font.setBold(False)
        return font

    def _words_metrics(self) -> QFontMetrics:
        return QFontMetrics(self._words_font())

    @staticmethod
    def _text_flags() -> int:
        return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return 2 * PADDING + self.picture_size() + GAP + self._words_height(width)

    def sizeHint(self) -> QSize:
        width = max(self.picture_size() + 2 * PADDING, self._words_metrics().horizontalAdvance("M") * 9)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # As wide as the longest single word, so no word is ever cut in two; as low as the words
        # and the smallest picture, which is what gives way when room is short.
        longest = max((self._words_metrics().horizontalAdvance(w) for w in self.text().split()), default=0)
        width = max(MIN_PICTURE, longest) + 2 * PADDING + 8
        return QSize(width, 2 * PADDING + MIN_PICTURE + GAP + self._words_height(width))

    def _room(self) -> int:
        """The picture this tile has room for, above its words."""
        room = self.height() - 2 * PADDING - GAP - self._words_height(self.width())
        return max(MIN_PICTURE, min(self.picture_size(), room))

    def shown_picture_size(self) -> int:
        """The picture's size as drawn now: smaller than it would like when room is short (never the
        words), and the same for every answer of the question, so none looks more important."""
        return min(answer._room() for answer in (self.together or [self]))

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)  # the whole tile answers a tap, not only a small mark

    def _restyle(self) -> None:
        # The stylesheet's :checked rule (bold words, border) needs the style to look again.
        self.style().unpolish(self)
        self.style().polish(self)
        self.update()

    def _pixmap(self, size: int) -> QPixmap:
        ratio = self.devicePixelRatioF()
        if self._cache is None or self._cache[:2] != (size, ratio):
            self._cache = (size, ratio, picture(self.picture_file, size, ratio))
        return self._cache[2]

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        option = QStyleOptionButton()
        option.initFrom(self)
        option.state |= QStyle.StateFlag.State_On if self.isChecked() else QStyle.StateFlag.State_Off
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        colour = self.palette().color(self.foregroundRole())
        if not self.isChecked() and not self.hasFocus():
            # A quiet outline says each picture is a thing to tap; chosen and focused ones get the stylesheet's.
            edge = QColor(colour)
            edge.setAlpha(150)
            painter.setPen(QPen(edge, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 8, 8)

        size = self.shown_picture_size()
        inner = self.rect().adjusted(PADDING, PADDING, -PADDING, -PADDING)
        # Pictures at the top, so those in a row line up whatever the length of their words.
        top = inner.top()
        left = inner.left() + (inner.width() - size) // 2
        painter.drawPixmap(left, top, self._pixmap(size))
        words = QRect(inner.left(), top + size + GAP, inner.width(), inner.bottom() - top - size - GAP + 1)
        painter.setPen(colour)
        painter.setFont(self._words_font())
        painter.drawText(words, self._text_flags(), self.text())
        if self.isChecked():
            self._draw_tick(painter, inner, colour)
        painter.end()

    def _draw_tick(self, painter: QPainter, inner: QRect, colour: QColor) -> None:
        """A filled circle with a tick in the top right corner of a chosen answer."""
        radius = max(14, self.shown_picture_size() // 6)
        centre_x, centre_y = inner.right() - radius + 4, inner.top() + radius - 4
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(centre_x - radius, centre_y - radius, 2 * radius, 2 * radius)
        mark = QColor("#000000") if colour.lightnessF() > 0.5 else QColor("#ffffff")
        pen = QPen(mark, max(3, radius // 4))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        r = radius
        painter.drawPolyline([QPointF(centre_x - r * 0.45, centre_y + r * 0.02),
                              QPointF(centre_x - r * 0.1, centre_y + r * 0.38),
                              QPointF(centre_x + r * 0.5, centre_y - r * 0.35)])
