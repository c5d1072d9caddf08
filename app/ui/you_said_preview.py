"""The public "You said, we did" summary on screen as it will print, with Print… and Save as PDF….

The PDF is made on the worker before this opens; pages are drawn, printed and saved on the
worker too, so a long summary never holds up the window.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, \
    QWidget

from app.core.i18n import _
from app.ui.dialog_parts import outcome_label
from app.ui.pdf_preview import PdfInfo, PdfPreview, prepare_printer, print_pdf, render_page
from app.ui.print_sheets_dialog import safe_file_name
from app.ui.tasks import while_alive

if TYPE_CHECKING:
    from app.ui.tasks import StoreTasks


def save_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all: a temporary file beside it, moved into place."""
    handle, temp = tempfile.mkstemp(prefix=".involve-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


class YouSaidPreview(QDialog):
    """Shows one made summary; nothing is reserved or numbered, so printing twice is harmless."""

    sig_done = Signal(str)
    """Printed or saved (a sentence saying which)."""

    def __init__(self, parent: QWidget | None, *, tasks: StoreTasks, pdf: bytes, info: PdfInfo, title: str) -> None:
        super().__init__(parent)
        self.tasks, self.pdf, self.info, self.title = tasks, pdf, info, title
        self.working = False
        self.setWindowTitle(_("You said, we did: {title}").format(title=title))
        self.preview = PdfPreview(self._render)
        self.outcome = outcome_label()
        about = QLabel(_("This is for the public: it leaves out owners' names and the comments people typed."))
        about.setObjectName("hint")
        about.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setAccessibleName(_("Print"))
        self.print_button.setToolTip(_("Choose a printer and print it (Ctrl+P)"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Save as P&DF…"))
        self.save_button.setAccessibleName(_("Save as PDF"))
        self.save_button.setToolTip(_("Save it as a PDF file, to send or put on the website (Ctrl+S)"))
        self.close_button = QPushButton(_("Close"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_summary)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_summary)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_pdf)

        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.preview, 1)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(820, int(screen.width() * 0.9)), min(900, int(screen.height() * 0.9)))
        self.preview.set_pdf(pdf, info)

    def _run(self, work, done=None, failed=None) -> None:  # noqa: ANN001
        self.tasks.run(work, while_alive(self, done), while_alive(self, failed))

    def _render(self, index: int, dpi: float, show) -> None:  # noqa: ANN001
        pdf = self.pdf

        def work() -> QImage:
            return render_page(pdf, index, dpi)

        self._run(work, show, lambda error: self.preview.set_message(
            _("The preview could not be shown: {reason}").format(reason=_reason(error))))

    def print_summary(self) -> None:
        if self.working:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self.info, self.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print “You said, we did”"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pdf = self.pdf
        self._set_working(True, _("Sending to the printer…"))
        self._run(lambda: print_pdf(pdf, printer),
                  lambda _pages: self._finished(_("Sent to the printer.")),
                  lambda error: self._finished(_("It could not be printed: {reason}").format(reason=_reason(error))))

    def save_pdf(self) -> None:
        if self.working:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / safe_file_name(_("You said, we did - {title}.pdf").format(title=self.title)))
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), suggested, _("PDF files (*.pdf)"))
        if not path:
            return
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        pdf = self.pdf
        self._set_working(True, _("Saving…"))
        self._run(lambda: save_bytes(target, pdf),
                  lambda _none: self._finished(_("Saved to “{file}”.").format(file=target.name)),
                  lambda error: self._finished(_("{file} could not be saved: {reason}. Nothing was written.").format(
                      file=target, reason=_reason(error))))

    def _set_working(self, working: bool, text: str = "") -> None:
        self.working = working
        for button in (self.print_button, self.save_button, self.close_button):
            button.setEnabled(not working)
        if text:
            self.outcome.setText(text)

    def _finished(self, sentence: str) -> None:
        self._set_working(False)
        self.outcome.setText(sentence)
        self.sig_done.emit(sentence)

    def reject(self) -> None:
        if not self.working:
            super().reject()

    def done(self, result: int) -> None:
        self.preview.stop()
        super().done(result)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error) or type(error).__name__
    if isinstance(error, ValueError):
        return str(error).rstrip(".") or type(error).__name__
    return type(error).__name__
