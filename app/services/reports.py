"""The event report, from this laptop or from the central database: read it, then draw it.

``involve report`` and the window's Report… and Reports ▸ Report across events… all run this,
so a report says the same whichever front end made it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, BinaryIO

from app.core.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from app.core.report import Report, ReportSelection
    from app.store.store import Store
    from sync.connection import CentralTarget

WHOLE_ID = 36  # characters in an event's id


class ReportCancelled(Exception):
    """The person pressed Cancel; not a failure."""


def event_ids(store: Store, refs: Iterable[str], *, central: bool) -> tuple[str, ...]:
    """Each event's id, once, in the order given; an id or a unique start of one.

    From the centre, a whole id of an event another laptop holds is taken as given.
    """
    from app.store.errors import NotFound
    from app.store.events import resolve_event

    found: list[str] = []
    with store.session() as session:
        for ref in refs:
            try:
                found.append(resolve_event(session, ref).id)
            except NotFound:
                if not (central and len(ref.strip()) == WHOLE_ID):
                    raise
                found.append(ref.strip())
    return tuple(dict.fromkeys(found))


def read_report(store: Store, selection: ReportSelection, central: CentralTarget | None = None, *,
                own_process: bool = False, cancelled: Callable[[], bool] = lambda: False) -> Report:
    """The report's figures: this laptop's, or every laptop's from ``central``.

    ``own_process``: this laptop's is made in a process of its own, as the desktop app makes it
    (see :func:`app.store.reports.local_report`); ``cancelled`` is then asked as it works.
    """
    if central is None:
        from app.store.reports import local_report
        from app.store.side_process import Cancelled

        try:
            return local_report(store, selection, own_process=own_process, cancelled=cancelled)
        except Cancelled:
            raise ReportCancelled() from None
    from sync.central_report import central_report

    return central_report(central, selection, store=store)


def draw_report(report: Report, out: Path | BinaryIO, *, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] = lambda: False) -> int:
    """Draw ``report`` as a PDF (whole or not at all, for a file); its number of pages.

    ``cancelled`` is asked between pages: :class:`ReportCancelled` if it says so.
    """
    from app.documents.event_report import write_report_pdf
    from app.documents.report_pdf import Cancelled

    try:
        return write_report_pdf(out, report, progress=progress, cancelled=cancelled)
    except Cancelled:
        raise ReportCancelled() from None


def report_pdf(store: Store, selection: ReportSelection, central: CentralTarget | None = None, *,
               own_process: bool = False, cancelled: Callable[[], bool] = lambda: False,
               progress: Callable[[tuple[str, int, int]], None] = lambda _step: None) -> tuple[str, bytes]:
    """Read and draw the report in memory: its title and PDF, for a preview.

    ``progress`` hears ("reading", 0, 0), then ("drawing", page, pages); ``cancelled`` is asked
    after reading (while reading too, in its ``own_process``) and between pages
    (:class:`ReportCancelled`).
    """
    progress(("reading", 0, 0))
    report = read_report(store, selection, central, own_process=own_process, cancelled=cancelled)
    if cancelled():
        raise ReportCancelled()
    out = io.BytesIO()
    draw_report(report, out, progress=lambda done, total: progress(("drawing", done, total)), cancelled=cancelled)
    return report.title, out.getvalue()


def failure_text(error: Exception) -> str:
    """Why a report could not be made, in plain words (never a traceback)."""
    from app.store.errors import StoreError
    from sync.errors import SyncError

    if isinstance(error, StoreError | SyncError):  # both hold one plain sentence
        return str(error)
    if isinstance(error, OSError):
        return _("The report could not be made: {reason}.").format(reason=(error.strerror or str(error)).rstrip("."))
    return _("Involve could not make the report ({kind}). Nothing was saved. Details are in the log file.").format(
        kind=type(error).__name__)
