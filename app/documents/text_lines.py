"""A paragraph of people's text for platypus documents, when a reportlab Paragraph cannot
print it: text in a script the main face lacks, or right to left.

A Paragraph puts the words of a right-to-left sentence in the wrong order, and breaking a
line reordered beforehand would put its lines in the wrong order. This flowable wraps the
text in reading order first, then draws each line through :func:`script_text.draw_text`.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from app.documents.layout import wrap
from app.documents.script_text import draw_text, reads_right_to_left


class TextLines(Flowable):
    """Lines of text in a paragraph style's face, size, leading, colour and alignment."""

    def __init__(self, paragraphs: Sequence[str], style: ParagraphStyle, *,
                 broken: Sequence[str] | None = None) -> None:
        super().__init__()
        self.paragraphs = list(paragraphs)
        self.style = style
        self.broken = list(broken) if broken is not None else None  # lines of a part already split
        self.lines: list[str] = []
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        # A paragraph that starts in a right-to-left script and wraps is set against the right,
        # where its reader's eye goes back to; a single line keeps the document's alignment.
        self.rtl = bool(self.paragraphs) and reads_right_to_left(self.paragraphs[0])
        self.wraps = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803, ARG002 (reportlab's names)
        style = self.style
        if self.broken is not None:
            self.lines = self.broken
        else:
            self.lines = [line for text in self.paragraphs
                          for line in (wrap(text, style.fontName, style.fontSize, availWidth) or [""])]
            self.wraps = len(self.lines) > len(self.paragraphs)
        self.width, self.height = availWidth, len(self.lines) * style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        room = int((availHeight + 1e-6) // self.style.leading)
        if room < 1 or room >= len(self.lines):
            return []
        first = TextLines(self.paragraphs, self.style, broken=self.lines[:room])
        rest = TextLines(self.paragraphs, self.style, broken=self.lines[room:])
        first.wraps = rest.wraps = self.wraps
        rest.spaceBefore = 0
        return [first, rest]

    def draw(self) -> None:
        style = self.style
        if style.alignment == TA_CENTER:
            align, x = "center", self.width / 2
        elif style.alignment == TA_RIGHT or (self.rtl and self.wraps):
            align, x = "right", self.width
        else:
            align, x = "left", 0.0
        self.canv.setFillColor(style.textColor)
        baseline = self.height - style.fontSize
        for line in self.lines:
            draw_text(self.canv, x, baseline, line, style.fontName, style.fontSize, align=align)
            baseline -= style.leading
