"""The window's programmes and evidence pack: opens the Programmes window, and makes the evidence
pack with progress and Cancel, then shows the PDF to print or save, or writes the XLSX.

The pack is read and drawn on a thread of its own, not the store's queue (as event reports are),
so a year's figures never hold up a kiosk's save. Nothing is written until the person chooses
a file; a file is written whole or not at all.

For the main window: ``open_programmes()`` and ``open_evidence_pack()``, and ``shutdown()`` as
the window closes.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.core.i18n import _
from app.ui.common.desk import Desk
from app.ui.common.document_preview import DocumentPreview, PreviewWords
from app.ui.common.pdf_preview import PdfInfo, pdf_info
from app.ui.common.progress_window import close_progress_window, open_progress_window
from app.ui.common.remembered_geometry import RememberedGeometry
from app.ui.common.tasks import TaskPool, while_alive
from app.ui.common.user_guide import NETWORK, add_guide_key

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace
    from app.ui.programmes.window import ProgrammesWindow


@dataclass(frozen=True)
class MadePack:
    title: str
    pdf: bytes | None  # the PDF to preview; None when an XLSX was written
    info: PdfInfo | None
    written: Path | None


def make_pack(store: Store, date_from: dt.date, date_to: dt.date, organisation: str, out: Path | None, *,
              cancelled: Callable[[], bool], progress: Callable[[object], None]) -> MadePack:
    """On a worker: read the figures, then draw the PDF in memory (``out`` None) or write the XLSX to ``out``."""
    from app.services.evidence_pack import (
        EvidenceCancelled,
        read_evidence_pack,
        render_evidence_pdf,
        write_evidence_pack,
    )

    pack = read_evidence_pack(store, date_from, date_to, organisation=organisation)
    if cancelled():
        raise EvidenceCancelled()
    progress(("drawing", 0, 1))

    def step(done: int, total: int) -> None:
        progress(("drawing", done, total))

    if out is None:
        pdf, _pages = render_evidence_pdf(pack, progress=step, cancelled=cancelled)
        return MadePack(pack.title, pdf, pdf_info(pdf), None)
    write_evidence_pack(pack, out, progress=step, cancelled=cancelled)
    return MadePack(pack.title, None, None, out)


class EvidencePreview(DocumentPreview):
    """The evidence pack as it will print, with Print… and Save as PDF…."""

    def __init__(self, parent: QWidget | None, *, pdf: bytes, info: PdfInfo, title: str) -> None:
        super().__init__(parent, pdf=pdf, info=info, title=title, words=PreviewWords(
            window_title=_("Evidence pack: {title}"), file_name=_("{title}.pdf"),
            print_tip=_("Choose a printer and print the evidence pack (Ctrl+P)"),
            save_tip=_("Save the evidence pack as a PDF file, for the annual report or commissioners (Ctrl+S)"),
            print_title=_("Print the evidence pack"), printed=_("The evidence pack was sent to the printer."),
            saved=_("The evidence pack was saved to “{file}”."),
            not_printed=_("The evidence pack could not be printed: {reason}")))
        add_guide_key(self, NETWORK)


class ProgrammesDesk(Desk):
    sig_window_open = Signal(object)
    """The Programmes window is showing (the window)."""
    sig_dialog_shown = Signal(object)
    """The evidence pack's choice of dates is about to open (the dialog)."""
    sig_preview_shown = Signal(object)
    """The evidence pack's preview is open (the dialog)."""
    sig_written = Signal(object)
    """The evidence pack was written to a file (its path)."""
    sig_cancelled = Signal()
    """The person cancelled the evidence pack being made."""
    sig_failed = Signal(str)
    """The evidence pack could not be made (the plain message shown)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.window: ProgrammesWindow | None = None
        self.pack_pool = TaskPool(self, threads=1, long_work=True)
        self.progress: QProgressDialog | None = None
        self._cancel: threading.Event | None = None
        self.last_range: tuple[dt.date, dt.date] | None = None
        workspace.sig_store_changed.connect(self._store_changed)

    def _store_changed(self, store: Store | None) -> None:
        if self.window is not None and self.window.store is not store:
            self.window.close()

    # ----- the Programmes window

    def open_programmes(self) -> None:
        """The menu item "Programmes and decisions…"."""
        store = self.workspace.store
        if store is None:
            return
        if self.window is not None and self.window.store is not store:
            self.window.close()
        if self.window is None:
            from app.ui.programmes.window import ProgrammesWindow

            self.window = ProgrammesWindow(self.owner, store=store, tasks=self.tasks)
            self.window.sig_message.connect(self.sig_message)
            self.window.sig_evidence.connect(self.open_evidence_pack)
            self.window.finished.connect(self._closed)
            RememberedGeometry(self.window, self.workspace.settings, "programmes_window_geometry")
        else:
            self.window.refresh()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self.window.list.setFocus()
        self.sig_window_open.emit(self.window)

    def _closed(self, _result: int) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()

    # ----- the evidence pack

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def open_evidence_pack(self) -> None:
        """The menu item "Evidence pack…": choose dates and a format, then make it."""
        store = self.workspace.store
        if store is None or self.running:
            return
        from app.ui.programmes.evidence_dialog import EvidenceDialog

        owner = self.window if self.window is not None and self.window.isVisible() else self.owner
        start, end = self.last_range or (None, None)
        dialog = EvidenceDialog(owner, date_from=start, date_to=end)
        self.sig_dialog_shown.emit(dialog)
        accepted = dialog.exec() == EvidenceDialog.DialogCode.Accepted
        chosen, suffix = dialog.range(), dialog.suffix()
        dialog.deleteLater()
        if not accepted:
            return
        self.last_range = chosen
        out = None
        if suffix == ".xlsx":
            out = self._ask_where(owner, *chosen)
            if out is None:
                return
        self.make(*chosen, out=out, owner=owner)

    def _ask_where(self, owner: QWidget, start: dt.date, end: dt.date) -> Path | None:
        from app.core.file_names import safe_file_name

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = safe_file_name(_("Evidence pack {start} to {end}.xlsx").format(start=start.isoformat(),
                                                                             end=end.isoformat()), "evidence.xlsx")
        path, _filter = QFileDialog.getSaveFileName(owner, _("Save the evidence pack"), str(Path(folder) / name),
                                                    _("Excel workbooks (*.xlsx)"))
        if not path:
            return None
        return Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")

    def make(self, date_from: dt.date, date_to: dt.date, *, out: Path | None = None,
             owner: QWidget | None = None) -> None:
        """Read and draw (or write) the pack on the worker, with progress and Cancel."""
        store = self.workspace.store
        if store is None or self.running:
            return
        organisation, _contact = self.workspace.organisation()
        cancel = self._cancel = threading.Event()
        self.progress = open_progress_window(owner or self.owner, _("Reading the figures…"),
                                             _("Making the evidence pack"), _("Evidence pack progress"), self.cancel)

        def work(report: Callable[[object], None]) -> MadePack:
            return make_pack(store, date_from, date_to, organisation, out, cancelled=cancel.is_set, progress=report)

        self.pack_pool.run(work, while_alive(self, self._made), while_alive(self, self._failed),
                           on_progress=while_alive(self, self._progressed))

    def cancel(self) -> None:
        """Stop the pack being made; nothing is shown or saved."""
        if self._cancel is not None:
            self._cancel.set()
            if self.progress is not None:
                self.progress.setLabelText(_("Stopping…"))

    def _progressed(self, step: tuple[str, int, int]) -> None:
        if self.progress is None or self._cancel is None or self._cancel.is_set():
            return
        _stage, done, total = step
        self.progress.setLabelText(_("Drawing the evidence pack…"))
        if total:
            self.progress.setRange(0, int(total))
            self.progress.setValue(min(int(done), int(total)))

    def _finish(self) -> bool:
        cancelled = self._cancel is not None and self._cancel.is_set()
        self._cancel = None
        if self.progress is not None:
            close_progress_window(self.progress, self.cancel)
            self.progress = None
        return cancelled

    def _made(self, made: MadePack) -> None:
        if self._finish():
            self._cancelled()
            return
        if made.written is not None:
            message = _("The evidence pack was saved to “{file}”.").format(file=made.written.name)
            self.sig_message.emit(message)
            if self.window is not None:
                self.window.outcome.setText(message)
            self.sig_written.emit(made.written)
            return
        assert made.pdf is not None and made.info is not None
        owner = self.window if self.window is not None and self.window.isVisible() else self.owner
        preview = EvidencePreview(owner, pdf=made.pdf, info=made.info, title=made.title)
        preview.sig_done.connect(self.sig_message)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.open()
        self.sig_preview_shown.emit(preview)

    def _failed(self, error: Exception) -> None:
        from app.services.evidence_pack import EvidenceCancelled
        from app.store.errors import StoreError

        if self._finish() or isinstance(error, EvidenceCancelled):
            self._cancelled()
            return
        if isinstance(error, OSError):
            text = _("The evidence pack could not be written: {reason}. Nothing was saved.").format(
                reason=error.strerror or type(error).__name__)
        elif isinstance(error, (StoreError, ValueError)):
            text = str(error)
        else:
            text = _("The evidence pack could not be made ({kind}).").format(kind=type(error).__name__)
        self.sig_message.emit(_("No evidence pack made."))
        self.sig_failed.emit(text)
        QMessageBox.warning(self.owner, _("No evidence pack"), text)

    def _cancelled(self) -> None:
        self.sig_message.emit(_("The evidence pack was cancelled; nothing was saved."))
        self.sig_cancelled.emit()

    def shutdown(self) -> None:
        """The window is closing: stop a pack being drawn and let the thread end."""
        self.cancel()
        self.pack_pool.wait()
