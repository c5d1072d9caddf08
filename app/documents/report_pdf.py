"""What the report PDFs share (the event report and the evidence pack): A4 pages with the same
furniture ("title · Generated when", "Page n of m", the small-numbers footnote), progress and
Cancel between flowables, and a file written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from app.core.i18n import _
from app.documents.fonts import REGULAR
from app.documents.report_story import GREY, MARGIN, local_time
from app.documents.script_text import clipped, draw_text
from app.store.atomic_file import write_bytes_atomically

FOOTER_SIZE = 7.5


class Cancelled(Exception):
    """The person stopped the report before it was written; nothing was saved."""


@dataclass(frozen=True)
class PageFooter:
    """What each page's footer prints: the report's (short) title and when it was made."""

    title: str
    generated_at: dt.datetime
    footnote: str | None = None  # the small-numbers footnote; None: the reports' own, with "*"


def numbered_canvas(footer: PageFooter, pages: list[int]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each can say "Page n of m";
    the page count is appended to ``pages`` when it is saved."""
    generated = _("Generated {when}").format(when=local_time(footer.generated_at))
    footnote = footer.footnote or _("Small numbers: <5 means 1 to 4 people; * is a total (or a count) left out so "
                                    "that a small number cannot be worked out from it.")

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            pages.append(total)
            for state in self._saved:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _height = self._pagesize
            self.saveState()
            self.setFont(REGULAR, FOOTER_SIZE)
            self.setFillColor(GREY)
            self.setStrokeColor(GREY)
            self.setLineWidth(0.4)
            self.line(MARGIN, 17 * mm, width - MARGIN, 17 * mm)
            line = clipped(f"{footer.title} · {generated}", REGULAR, FOOTER_SIZE, width * 0.62)
            draw_text(self, MARGIN, 13 * mm, line, REGULAR, FOOTER_SIZE)
            draw_text(self, width - MARGIN, 13 * mm, _("Page {n} of {m}").format(n=self._pageNumber, m=total), REGULAR,
                      FOOTER_SIZE, align="right")
            draw_text(self, MARGIN, 9.5 * mm, clipped(footnote, REGULAR, FOOTER_SIZE, width - 2 * MARGIN), REGULAR,
                      FOOTER_SIZE)
            self.restoreState()

    return NumberedCanvas


class ReportDocument(BaseDocTemplate):
    """An A4 report with one full-width frame a page; reports progress and hears Cancel after
    each flowable it lays out (``total`` of them)."""

    def __init__(self, target: BinaryIO, *, title: str, subject: str, total: int,
                 progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> None:
        super().__init__(target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=16 * mm,
                         bottomMargin=22 * mm, title=title, author="Involve", creator="Involve", subject=subject)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._total, self._done = total, 0
        self._progress, self._cancelled = progress, cancelled

    def afterFlowable(self, _flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        self._done = min(self._done + 1, self._total)
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()
        if self._progress is not None:
            self._progress(self._done, self._total)


def render_pdf(story: Sequence[Flowable], footer: PageFooter, *, title: str, subject: str,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> tuple[bytes, int]:
    """Lay ``story`` out on numbered pages: the PDF's bytes and its page count."""
    flowables = list(story)  # build() empties the list it is given as it lays it out
    total = len(flowables)
    buffer = io.BytesIO()
    pages: list[int] = []
    document = ReportDocument(buffer, title=title, subject=subject, total=total, progress=progress,
                              cancelled=cancelled)
    document.build(flowables, canvasmaker=numbered_canvas(footer, pages))
    if progress is not None:
        progress(total, total)
    return buffer.getvalue(), pages[-1] if pages else 0


def save_pdf(out: Path | BinaryIO, data: bytes) -> None:
    """Write the PDF to a stream, or to a path under a temporary name moved into place, so a
    failure never leaves half a file."""
    if not isinstance(out, (str, os.PathLike)):
        out.write(data)
        return
    write_bytes_atomically(Path(out), data, suffix=".pdf")
