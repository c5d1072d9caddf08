"""Making an event report from the GUI: read the figures, draw the PDF, show it to print or save.

The report is read and drawn on a thread of its own, not the store's queue, so a big report
never holds up a kiosk's save or the dashboard: it opens its own connection to the store
(SQLite in WAL mode lets it read beside the writer). A progress window shows how far the
drawing has got, and Cancel stops it between pages; nothing is written to disk until the
person chooses Save as PDF, and then the file is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.core.i18n import _
from app.services.central import DIRECT_KEY, NoCentral, database_address, database_target
from app.services.reports import ReportCancelled, failure_text
from app.ui.common.desk import Desk
from app.ui.common.document_preview import DocumentPreview, PreviewWords
from app.ui.common.pdf_preview import PdfInfo, pdf_info
from app.ui.common.progress_window import close_progress_window, open_progress_window
from app.ui.common.tasks import TaskPool, while_alive
from app.ui.common.user_guide import REPORTS, add_guide_key

if TYPE_CHECKING:
    from app.core.report import ReportSelection
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace
    from sync.connection import CentralTarget

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MadeReport:
    title: str
    pdf: bytes
    info: PdfInfo


def make_report(store: Store, selection: ReportSelection, *, central: CentralTarget | None,
                cancelled: Callable[[], bool], progress: Callable[[object], None]) -> MadeReport:
    """On a worker: the report (from this laptop, or from ``central``) drawn in memory, with its pages' sizes.

    This laptop's is made in a process of its own, so that the window, and a kiosk's saves,
    are not slowed while a long report is made.
    """
    from app.services.reports import report_pdf

    title, pdf = report_pdf(store, selection, central, own_process=True, cancelled=cancelled, progress=progress)
    return MadeReport(title, pdf, pdf_info(pdf))


RANGE_KEYS = ("report_date_from", "report_date_to")


def remembered_range(settings: SettingsFile) -> tuple[dt.date | None, dt.date | None]:
    """The dates of the last report across events, if one was made."""
    try:
        start, end = (dt.date.fromisoformat(str(settings.get(key))) for key in RANGE_KEYS)
    except ValueError:
        return None, None
    return start, end


def remember_range(settings: SettingsFile, start: dt.date, end: dt.date) -> None:
    try:
        settings.update(dict(zip(RANGE_KEYS, (start.isoformat(), end.isoformat()), strict=True)))
    except (OSError, ValueError):  # a read-only settings file must not stop the report
        log.warning("could not keep the report's dates")


class ReportDesk(Desk):
    """The event page's Report… and the window's report across events: progress, then the preview."""

    sig_preview_shown = Signal(object)
    """The preview of a made report is open (the :class:`ReportPreview`)."""
    sig_cancelled = Signal()
    """The person cancelled a report being made."""
    sig_failed = Signal(str)
    """A report could not be made (the plain message shown)."""
    sig_dialog_shown = Signal(object)
    """The choice of a report across events is about to open (the dialog)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.settings = workspace.settings
        self.report_pool = TaskPool(self, threads=1, long_work=True)
        self.progress: QProgressDialog | None = None
        self._cancel: threading.Event | None = None
        self.last_range: tuple[dt.date, dt.date] | None = None  # the dates last chosen, this session
        page.sig_report.connect(self.report_event)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def report_event(self, event_id: str) -> None:
        """The report of one event, from this laptop."""
        from app.core.report import ReportSelection

        self.make(ReportSelection(event_ids=(event_id,)))

    def make(self, selection: ReportSelection, *, central: bool = False) -> None:
        """Read and draw the report for ``selection`` on the worker, with progress and Cancel; then preview it."""
        store = self.workspace.store
        if store is None:
            return
        if self.running:
            self.sig_message.emit(_("A report is already being made; wait for it or cancel it first."))
            return
        address = ""
        if central:
            try:  # checked here, cheaply: a typed address, no password read yet
                address = database_address(self.settings)
            except NoCentral:
                self._fail(_("Reports from the central database need its address and password, which only your "
                             "data team holds. Ask them for the report, or choose this laptop's data."))
                return
        cancel = self._cancel = threading.Event()
        self._set_running(True)
        self.progress = self._progress_window(central)

        def work(report_progress: Callable[[object], None]) -> MadeReport:
            target = database_target(self.settings, address) if central else None
            return make_report(store, selection, central=target, cancelled=cancel.is_set, progress=report_progress)

        self.report_pool.run(work, while_alive(self, self._made), while_alive(self, self._failed),
                      on_progress=while_alive(self, self._progressed))

    def _progress_window(self, central: bool) -> QProgressDialog:
        text = _("Reading the figures from the central database…") if central else _("Reading the figures…")
        return open_progress_window(self.owner, text, _("Making the report"), _("Report progress"), self.cancel)

    def cancel(self) -> None:
        """Stop the report being made (between pages); nothing is shown or saved."""
        if self._cancel is not None:
            self._cancel.set()
            if self.progress is not None:
                self.progress.setLabelText(_("Stopping…"))

    def _progressed(self, step: tuple[str, int, int]) -> None:
        if self.progress is None or self._cancel is None or self._cancel.is_set():
            return
        stage, done, total = step
        if stage == "drawing" and total:
            self.progress.setLabelText(_("Drawing the report…"))
            self.progress.setRange(0, int(total))
            self.progress.setValue(min(int(done), int(total)))

    def _finish(self) -> bool:
        """Close the progress window; True if the person cancelled."""
        cancelled = self._cancel is not None and self._cancel.is_set()
        self._cancel = None
        self._set_running(False)
        if self.progress is not None:
            close_progress_window(self.progress, self.cancel)
            self.progress = None
        return cancelled

    def _made(self, made: MadeReport) -> None:
        if self._finish():
            self._cancelled()
            return
        preview = ReportPreview(self.owner, pdf=made.pdf, info=made.info, title=made.title)
        preview.sig_done.connect(self.sig_message)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.open()
        self.sig_preview_shown.emit(preview)

    def _failed(self, error: Exception) -> None:
        if self._finish() or isinstance(error, ReportCancelled):
            self._cancelled()
            return
        self._fail(failure_text(error))

    def _cancelled(self) -> None:
        self.sig_message.emit(_("The report was cancelled; nothing was saved."))
        self.sig_cancelled.emit()

    def _fail(self, text: str) -> None:
        self.sig_message.emit(_("No report made."))
        self.sig_failed.emit(text)
        QMessageBox.warning(self.owner, _("No report"), text)

    def _set_running(self, running: bool) -> None:
        self.page.report_button.setEnabled(not running)

    def report_across_events(self) -> None:
        """Choose dates, events and where from (the window's Reports menu), then make the report."""
        store = self.workspace.store
        if store is None or self.running:
            return
        from app.ui.reports.report_dialog import ReportAcrossDialog

        start, end = self.last_range or remembered_range(self.settings)
        dialog = ReportAcrossDialog(self.owner, store=store, tasks=self.workspace.tasks,
                                    central_configured=bool(self.settings.get(DIRECT_KEY)),
                                    date_from=start, date_to=end)
        self.sig_dialog_shown.emit(dialog)
        if dialog.exec() != ReportAcrossDialog.DialogCode.Accepted:
            return
        self.last_range = dialog.range()
        remember_range(self.settings, *self.last_range)
        self.make(dialog.selection(), central=dialog.central())

    def shutdown(self) -> None:
        """The window is closing: stop a report being drawn and let the thread end."""
        self.cancel()
        self.report_pool.wait()


class ReportPreview(DocumentPreview):
    """A made report as it will print, with Print… and Save as PDF…."""

    def __init__(self, parent: QWidget | None, *, pdf: bytes, info: PdfInfo, title: str) -> None:
        super().__init__(parent, pdf=pdf, info=info, title=title, words=PreviewWords(
            window_title=_("Report: {title}"), file_name=_("Report - {title}.pdf"),
            print_tip=_("Choose a printer and print the report (Ctrl+P)"),
            save_tip=_("Save the report as a PDF file, to send to commissioners or keep (Ctrl+S)"),
            print_title=_("Print the report"), printed=_("The report was sent to the printer."),
            saved=_("The report was saved to “{file}”."),
            not_printed=_("The report could not be printed: {reason}")))
        add_guide_key(self, REPORTS)
