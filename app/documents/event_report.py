"""The event report as a PDF: A4, DejaVu fonts, "Page n of m", generated date, small-number footnote.

Built with reportlab's platypus so long text wraps and tables split across pages. Every piece
of text from the data goes through :func:`report_story.para`, which escapes ``<``, ``>`` and ``&``
and drops characters a PDF cannot hold, so a 2,000-character comment or stray markup never
breaks the layout. A file path is written whole or not at all.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from app.core.i18n import _
from app.core.report import Report
from app.documents.fonts import REGULAR, register_fonts
from app.documents.report_story import GREY, MARGIN, build_story, local_time
from app.documents.script_text import clipped, draw_text
from app.store.atomic_file import write_bytes_atomically

FOOTER_SIZE = 7.5


class Cancelled(Exception):
    """The person stopped the report before it was written; nothing was saved."""


def _numbered_canvas(report: Report, pages: list[int]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each can say "Page n of m"."""
    generated = _("Generated {when}").format(when=local_time(report.generated_at))
    footnote = _("Small numbers: <5 means 1 to 4 people; * is a total (or a count) left out so that a small "
                 "number cannot be worked out from it.")

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
            footer = clipped(f"{report.title} · {generated}", REGULAR, FOOTER_SIZE, width * 0.62)
            draw_text(self, MARGIN, 13 * mm, footer, REGULAR, FOOTER_SIZE)
            draw_text(self, width - MARGIN, 13 * mm, _("Page {n} of {m}").format(n=self._pageNumber, m=total), REGULAR,
                      FOOTER_SIZE, align="right")
            draw_text(self, MARGIN, 9.5 * mm, clipped(footnote, REGULAR, FOOTER_SIZE, width - 2 * MARGIN), REGULAR,
                      FOOTER_SIZE)
            self.restoreState()

    return NumberedCanvas


class _Document(BaseDocTemplate):
    def __init__(self, target: BinaryIO, report: Report, total: int, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        super().__init__(target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=16 * mm,
                         bottomMargin=22 * mm, title=report.title, author="Involve", creator="Involve",
                         subject=_("Feedback report"))
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


def render_report(report: Report, *, progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> tuple[bytes, int]:
    """The PDF's bytes and its page count."""
    register_fonts()
    if cancelled is not None and cancelled():
        raise Cancelled()
    story = build_story(report, A4[0] - 2 * MARGIN)
    buffer = io.BytesIO()
    pages: list[int] = []
    total = len(story)  # build() empties the list as it lays it out
    document = _Document(buffer, report, total, progress, cancelled)
    document.build(story, canvasmaker=_numbered_canvas(report, pages))
    if progress is not None:
        progress(total, total)
    return buffer.getvalue(), pages[-1] if pages else 0


def write_report_pdf(out: Path | BinaryIO, report: Report, *, progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> int:
    """Write the report as a PDF; returns the number of pages.

    A path is written under a temporary name and moved into place, so a failure or a
    cancellation never leaves half a PDF; ``Cancelled`` is raised when ``cancelled()`` says so.
    """
    data, pages = render_report(report, progress=progress, cancelled=cancelled)
    if not isinstance(out, (str, os.PathLike)):
        out.write(data)
        return pages
    write_bytes_atomically(Path(out), data, suffix=".pdf")
    return pages
