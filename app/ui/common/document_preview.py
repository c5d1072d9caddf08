"""A made PDF (a report, a public summary) on screen as it will print, with Print… and Save as PDF….

Pages are drawn, printed and saved beside the store's queue, so a printer driver that takes
its time never holds up the kiosk's saves or the window. Nothing is reserved or numbered in
these documents, so printing twice is harmless, and nothing is saved until asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.file_names import safe_file_name
from app.core.i18n import _
from app.ui.common.dialog_parts import outcome_label
from app.ui.common.pdf_preview import PdfInfo, PdfPreview, prepare_printer, print_pdf, render_page
from app.ui.common.tasks import TaskPool, while_alive


def save_bytes(path: Path, data: bytes) -> None:
    from app.store.atomic_file import write_bytes_atomically  # written whole or not at all

    write_bytes_atomically(path, data, suffix=".pdf")


@dataclass(frozen=True)
class PreviewWords:
    """What one kind of document is called in the dialog's titles, tips and messages."""

    window_title: str     # "Report: {title}"
    file_name: str        # "Report - {title}.pdf"
    print_tip: str
    save_tip: str
    print_title: str
    printed: str
    saved: str            # "… “{file}”."
    not_printed: str      # "… {reason}"
    hint: str = ""


def reason(error: Exception) -> str:
    """An error in a few plain words, never a traceback."""
    if isinstance(error, OSError):
        return (error.strerror or str(error) or type(error).__name__).rstrip(".")
    if isinstance(error, ValueError):
        return str(error).rstrip(".") or type(error).__name__
    return type(error).__name__


class DocumentPreview(QDialog):
    sig_done = Signal(str)
    """Printed or saved (a sentence saying which)."""

    def __init__(self, parent: QWidget | None, *, pdf: bytes, info: PdfInfo, title: str,
                 words: PreviewWords) -> None:
        super().__init__(parent)
        self.pdf, self.info, self.title, self.words = pdf, info, title, words
        self.working = False
        self.drawing_pool = TaskPool(self, threads=1, long_work=True)
        self.setWindowTitle(words.window_title.format(title=title))
        self.preview = PdfPreview(self._render)
        self.outcome = outcome_label()

        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setAccessibleName(_("Print"))
        self.print_button.setToolTip(words.print_tip)
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Save as P&DF…"))
        self.save_button.setAccessibleName(_("Save as PDF"))
        self.save_button.setToolTip(words.save_tip)
        self.close_button = QPushButton(_("Close"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save_pdf)

        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        if words.hint:
            hint = QLabel(words.hint)
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(self.preview, 1)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(860, int(screen.width() * 0.9)), min(960, int(screen.height() * 0.9)))
        self.preview.set_pdf(pdf, info)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[Exception], None]) -> None:
        self.drawing_pool.run(work, while_alive(self, done), while_alive(self, failed))

    def _render(self, index: int, dpi: float, show: Callable[[QImage], None]) -> None:
        pdf = self.pdf
        self._run(lambda: render_page(pdf, index, dpi), show, lambda error: self.preview.set_message(
            _("The preview could not be shown: {reason}").format(reason=reason(error))))

    def print_document(self) -> None:
        if self.working:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self.info, self.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.words.print_title)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pdf, words = self.pdf, self.words
        self._set_working(True, _("Sending to the printer…"))
        self._run(lambda: print_pdf(pdf, printer), lambda _pages: self._finished(words.printed),
                  lambda error: self._finished(words.not_printed.format(reason=reason(error))))

    def save_pdf(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.working:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / safe_file_name(self.words.file_name.format(title=self.title), "document.pdf"))
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), suggested, _("PDF files (*.pdf)"))
        if not path:
            return
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        pdf, words = self.pdf, self.words
        self._set_working(True, _("Saving…"))
        self._run(lambda: save_bytes(target, pdf),
                  lambda _none: self._finished(words.saved.format(file=target.name)),
                  lambda error: self._finished(_("{file} could not be saved: {reason}. Nothing was written.").format(
                      file=target, reason=reason(error))))

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
