"""Bar charts for the event report, drawn as vectors with reportlab.graphics.

A hidden count ("<5" or "*") gets no bar at all: a bar's length would give the number away.
Its mark is printed where the bar would start instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.core.report import BarRow
from app.documents.fonts import BOLD, REGULAR, register_fonts

BAR = Color(0.0, 0.37, 0.72)        # NHS blue
BAR_SOFT = Color(0.26, 0.53, 0.79)
TEXT = Color(0.13, 0.13, 0.13)
HINT = Color(0.3, 0.3, 0.3)
AXIS = Color(0.6, 0.6, 0.6)
ROW = 17.0
SIZE = 8.5


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def bar_chart(rows: Sequence[BarRow], width: float, *, colours: Sequence[Color] | None = None,
              label_share: float = 0.38) -> Drawing:
    """Horizontal bars, one per row, each labelled with the printed count (or its "<5"/"*" mark)."""
    register_fonts()
    height = ROW * len(rows) + 6
    drawing = Drawing(width, height)
    label_width = width * label_share
    value_room = stringWidth("00000", BOLD, SIZE) + 6
    bar_left = label_width + 6
    bar_room = max(width - bar_left - value_room, 20)
    top = max((r.value or 0) for r in rows) if rows else 0
    scale = bar_room / top if top else 0.0
    drawing.add(Line(bar_left, 2, bar_left, height - 2, strokeColor=AXIS, strokeWidth=0.6))
    for i, row in enumerate(rows):
        y = height - ROW * (i + 1)
        drawing.add(String(label_width, y + 4.5, _fit(row.label, REGULAR, SIZE, label_width - 2),
                           fontName=REGULAR, fontSize=SIZE, fillColor=TEXT, textAnchor="end"))
        if row.value is None:
            # Hidden: no bar, only the mark, so the drawing holds no trace of the count.
            drawing.add(String(bar_left + 4, y + 4.5, row.shown, fontName=BOLD, fontSize=SIZE, fillColor=HINT))
            continue
        length = row.value * scale
        colour = colours[i % len(colours)] if colours else BAR
        if length > 0:
            drawing.add(Rect(bar_left, y + 2.5, length, ROW - 5, fillColor=colour, strokeColor=None))
        drawing.add(String(bar_left + length + 4, y + 4.5, row.shown, fontName=BOLD, fontSize=SIZE, fillColor=TEXT))
    return drawing


# Green for positive answers, grey for neither/don't know, red for negative: colour is never the
# only cue, the labels say the same.
FFT_COLOURS = (Color(0.0, 0.45, 0.25), Color(0.3, 0.6, 0.4), Color(0.55, 0.55, 0.55),
               Color(0.85, 0.45, 0.3), Color(0.7, 0.15, 0.15), Color(0.7, 0.7, 0.7))
