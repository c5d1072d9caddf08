"""The event page's "Export…": an event's responses, sign-ups and actions as a spreadsheet.

The person chooses what to export and its format in a dialog (warned there, before any file is
chosen, when it holds people's contact details), then the file; reading the store and writing the file run on a
thread of their own, not the store's queue, so a kiosk's save or the dashboard never waits for
an export (a year's event takes tens of seconds). A progress window counts the rows written
and Cancel stops the export, leaving no file; a plain message says what was written or why not.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.core.file_names import safe_file_name
from app.core.i18n import _, ngettext
from app.ui.common.desk import Desk
from app.ui.common.progress_window import close_progress_window, open_progress_window
from app.ui.common.tasks import TaskPool, while_alive

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace

log = logging.getLogger(__name__)


def file_filter(fmt: str) -> str:
    """The file dialog's one type: the format chosen in the export dialog."""
    return _("Excel workbook (*.xlsx)") if fmt == "xlsx" else _("CSV file (*.csv)")


class ExportDesk(Desk):
    sig_exported = Signal(str)
    """A file was written (its path)."""
    sig_cancelled = Signal()
    """The person cancelled an export; nothing was written."""
    sig_progress_shown = Signal(object)
    """The progress window of an export has opened (the ``QProgressDialog``)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.running = False
        self.export_pool = TaskPool(self, threads=1, long_work=True)  # never the store's queue: saves go on meanwhile
        self.progress: QProgressDialog | None = None
        self._cancel: threading.Event | None = None
        page.sig_export.connect(self.export)

    def export(self, event_id: str) -> None:
        record, store = self.page.record, self.workspace.store
        if store is None or record is None or record.id != event_id or self.running:
            return
        from app.ui.reports.export_dialog import ExportChoiceDialog

        # What, and as what, first; a warning about personal data comes here, before any file is chosen.
        choice = ExportChoiceDialog(self.owner, record.name)
        accepted = choice.exec() == QDialog.DialogCode.Accepted
        option, fmt = choice.option, choice.fmt
        choice.deleteLater()
        if not accepted:
            return
        tables = option.tables
        stem = safe_file_name(record.name, _("event"), max_length=80)
        suggested = Path.home() / f"{stem} {record.details.event_date.isoformat()} {_(option.file_words)}.{fmt}"
        chosen, _kind = QFileDialog.getSaveFileName(self.owner, _("Export event data"), str(suggested),
                                                    file_filter(fmt))
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != "." + fmt:  # the dialog leaves the suffix to the person on some systems
            path = path.with_name(path.name + "." + fmt)
        cancel = self._cancel = threading.Event()

        def work(report: Callable[[object], None]) -> dict[str, int]:
            from app.documents.exports import ExportFormat, ExportWhat
            from app.services.exports import export_event

            return export_event(store, event_id, path, ExportFormat(fmt), [ExportWhat(t) for t in tables],
                                progress=lambda done, total: report((done, total)), cancelled=cancel.is_set).counts

        self._set_running(True)
        self.sig_message.emit(_("Exporting “{name}”…").format(name=record.name))
        self.progress = self._progress_window(record.name)
        self.export_pool.run(work, while_alive(self, lambda counts: self._done(path, counts, tables)),
                             while_alive(self, lambda error: self._failed(path, error)),
                             on_progress=while_alive(self, self._progressed))

    def _progress_window(self, name: str) -> QProgressDialog:
        window = open_progress_window(self.owner, _("Reading the event's data…"),
                                      _("Exporting “{name}”").format(name=name), _("Export progress"), self.cancel)
        self.sig_progress_shown.emit(window)
        return window

    def cancel(self) -> None:
        """Stop the export being written; no file is left."""
        if self._cancel is not None:
            self._cancel.set()
            if self.progress is not None:
                self.progress.setLabelText(_("Stopping…"))

    def _progressed(self, step: tuple[int, int]) -> None:
        window = self.progress
        if window is None or self._cancel is None or self._cancel.is_set():
            return
        done, total = step
        if done >= total:
            text = _("Saving the file…")
        else:
            text = ngettext("Written {done} of {total} row…", "Written {done} of {total} rows…", total).format(
                done=f"{done:,}", total=f"{total:,}")
        window.setLabelText(text)
        window.setAccessibleDescription(text)
        window.setRange(0, max(total, 1))
        window.setValue(min(done, total))  # last: a modal window's setValue lets queued events (the end) run

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.page.export_button.setEnabled(not running)

    def _finish(self) -> bool:
        """Close the progress window and allow another export; True if the person cancelled."""
        cancelled = self._cancel is not None and self._cancel.is_set()
        self._cancel = None
        self._set_running(False)
        if self.progress is not None:
            close_progress_window(self.progress, self.cancel)
            self.progress = None
        return cancelled

    def shutdown(self) -> None:
        """The window is closing: stop an export being written and let its thread end."""
        self.cancel()
        self.export_pool.wait()

    def _done(self, path: Path, counts: dict[str, int], tables: tuple[str, ...]) -> None:
        self._finish()  # the file is whole: a Cancel pressed too late changes nothing
        parts = [ngettext("{table}: {n} row", "{table}: {n} rows", n).format(table=table, n=n)
                 for table, n in counts.items()]
        text = _("Saved {file} ({tables}).").format(file=path, tables="; ".join(parts))
        if "signups" in tables:  # warned before the file was chosen; a reminder now it exists
            text += " " + _("Remember: it holds people's contact details.")
        self.sig_message.emit(_("Saved {file}.").format(file=path.name))
        self.sig_exported.emit(str(path))
        QMessageBox.information(self.owner, _("Exported"), text)

    def _failed(self, path: Path, error: Exception) -> None:
        from app.services.exports import ExportCancelled
        from app.store.errors import StoreError

        if self._finish() or isinstance(error, ExportCancelled):
            self.sig_message.emit(_("The export was cancelled; nothing was saved."))
            self.sig_cancelled.emit()
            return
        if isinstance(error, OSError):
            text = _("{file} could not be saved: {reason}. Nothing was written; choose another folder and try "
                     "again.").format(file=path, reason=error.strerror or error)
        elif isinstance(error, StoreError):
            text = str(error)
        else:
            text = _("Involve could not finish the export ({kind}). Nothing was written. Details are in the log "
                     "file.").format(kind=type(error).__name__)
        self.sig_message.emit(_("Export failed."))
        QMessageBox.warning(self.owner, _("Not exported"), text)
