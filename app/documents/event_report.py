"""The event report as a PDF: A4, DejaVu fonts, "Page n of m", generated date, small-number footnote.

Built with reportlab's platypus so long text wraps and tables split across pages. Every piece
of text from the data goes through :func:`report_story.para`, which escapes ``<``, ``>`` and ``&``
and drops characters a PDF cannot hold, so a 2,000-character comment or stray markup never
breaks the layout. A file path is written whole or not at all. The pages' furniture, progress
and Cancel are :mod:`app.documents.report_pdf`'s, shared with the evidence pack.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4

from app.core.i18n import _
from app.core.report import Report
from app.documents.fonts import register_fonts
from app.documents.report_pdf import Cancelled, PageFooter, render_pdf, save_pdf
from app.documents.report_story import MARGIN, build_story


def render_report(report: Report, *, progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> tuple[bytes, int]:
    """The PDF's bytes and its page count."""
    register_fonts()
    if cancelled is not None and cancelled():
        raise Cancelled()
    return render_pdf(build_story(report, A4[0] - 2 * MARGIN), PageFooter(report.title, report.generated_at),
                      title=report.title, subject=_("Feedback report"), progress=progress, cancelled=cancelled)


def write_report_pdf(out: Path | BinaryIO, report: Report, *, progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> int:
    """Write the report as a PDF; returns the number of pages.

    A path is written under a temporary name and moved into place, so a failure or a
    cancellation never leaves half a PDF; ``Cancelled`` is raised when ``cancelled()`` says so.
    """
    data, pages = render_report(report, progress=progress, cancelled=cancelled)
    save_pdf(out, data)
    return pages
