"""Bar charts for the event report, drawn as vectors with reportlab.graphics.

A hidden count ("<5" or "*") gets no bar at all: a bar's length would give the number away.
Its mark is printed where the bar would start instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.core.report import BarRow
from app.documents.fonts import BOLD, REGULAR, register_fonts
from app.documents.script_text import clipped, draw_text

BAR = Color(0.0, 0.37, 0.72)        # NHS blue
BAR_SOFT = Color(0.26, 0.53, 0.79)
TEXT = Color(0.13, 0.13, 0.13)
HINT = Color(0.3, 0.3, 0.3)
AXIS = Color(0.6, 0.6, 0.6)
ROW = 17.0
SIZE = 8.5


@dataclass(frozen=True)
class Label:
    x: float  # where the text starts, or ends when aligned right
    baseline: float
    text: str
    font: str = REGULAR
    colour: Color = TEXT
    align: str = "left"


class LabelledChart(Flowable):
    """Bars drawn as vectors, their labels and counts drawn as the documents draw text (any
    script, in reading order), which a graphics String cannot do."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.labels: list[Label] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803, ARG002 (reportlab's)
        return self.drawing.width, self.drawing.height

    def draw(self) -> None:
        self.drawing.drawOn(self.canv, 0, 0)
        self.canv.saveState()
        for label in self.labels:
            self.canv.setFillColor(label.colour)
            draw_text(self.canv, label.x, label.baseline, label.text, label.font, SIZE, align=label.align)
        self.canv.restoreState()


def bar_chart(rows: Sequence[BarRow], width: float, *, colours: Sequence[Color] | None = None,
              label_share: float = 0.38) -> LabelledChart:
    """Horizontal bars, one per row, each labelled with the printed count (or its "<5"/"*" mark)."""
    register_fonts()
    height = ROW * len(rows) + 6
    drawing = Drawing(width, height)
    chart = LabelledChart(drawing)
    label_width = width * label_share
    value_room = stringWidth("00000", BOLD, SIZE) + 6
    bar_left = label_width + 6
    bar_room = max(width - bar_left - value_room, 20)
    top = max((r.value or 0) for r in rows) if rows else 0
    scale = bar_room / top if top else 0.0
    drawing.add(Line(bar_left, 2, bar_left, height - 2, strokeColor=AXIS, strokeWidth=0.6))
    for i, row in enumerate(rows):
        y = height - ROW * (i + 1)
        chart.labels.append(Label(label_width, y + 4.5, clipped(row.label, REGULAR, SIZE, label_width - 2),
                                  align="right"))
        if row.value is None:
            # Hidden: no bar, only the mark, so the drawing holds no trace of the count.
            chart.labels.append(Label(bar_left + 4, y + 4.5, row.shown, BOLD, HINT))
            continue
        length = row.value * scale
        colour = colours[i % len(colours)] if colours else BAR
        if length > 0:
            drawing.add(Rect(bar_left, y + 2.5, length, ROW - 5, fillColor=colour, strokeColor=None))
        chart.labels.append(Label(bar_left + length + 4, y + 4.5, row.shown, BOLD))
    return chart


# Green for positive answers, grey for neither/don't know, red for negative: colour is never the
# only cue, the labels say the same.
FFT_COLOURS = (Color(0.0, 0.45, 0.25), Color(0.3, 0.6, 0.4), Color(0.55, 0.55, 0.55),
               Color(0.85, 0.45, 0.3), Color(0.7, 0.15, 0.15), Color(0.7, 0.7, 0.7))
