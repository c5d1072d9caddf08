"""Printing sign-up sheets, feedback cards and attendance registers, with a preview of the real PDF.

The preview shows the numbers the next print would get without taking them. Numbers are
taken (``record_print_run``) only when the person prints or saves, in the same worker job
that makes the PDF, so numbering carries on between runs and no two sheets share a code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.file_names import safe_file_name
from app.core.i18n import N_, _
from app.core.sheet_codes import SheetKind
from app.services.print_runs import CardTexts, SheetRequest, printed_words
from app.store import StoreError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import error_label
from app.ui.common.pdf_preview import PdfPreview, prepare_printer, print_pdf, render_page
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import PAPER, add_guide_key
from app.ui.paper.sheet_making import PreviewSheets, make_sheets

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from app.store.events import EventRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

MAX_COPIES = 200
DEFAULT_COPIES = 5
MAX_GUEST_ROWS = 60
DEFAULT_GUEST_ROWS = 10
PREVIEW_DELAY_MS = 350  # wait for the person to stop changing the numbers before making a new preview
# Each kind: its name, then the label of the number box (with its Alt key) and that box's name.
_KIND_TEXT = {
    SheetKind.SIGNUP: (N_("Sign-up sheets"), N_("&How many sheets:"), N_("How many sheets")),
    SheetKind.FEEDBACK: (N_("Feedback cards"), N_("&How many cards:"), N_("How many cards")),
    SheetKind.ATTENDANCE: (N_("Attendance register"), N_("&Blank rows for guests:"), N_("Blank rows for guests")),
}


class PrintSheetsDialog(QDialog):
    """Choose what to print and how many, look at it, then print it or save it as a PDF."""

    sig_printed = Signal(str)
    """Sheets were printed or saved (the sentence saying which)."""

    def __init__(self, parent: QWidget | None, *, record: EventRecord, store: Store, tasks: TaskPool,
                 organisation: str, contact: str, card_texts: CardTexts | None, is_ppg: bool) -> None:
        super().__init__(parent)
        self.record = record
        self.store = store
        self.tasks = tasks
        self.organisation, self.contact, self.card_texts = organisation, contact, card_texts
        self.preview_made: PreviewSheets | None = None
        self.working = False
        self._previewing = self._preview_again = False
        self.setWindowTitle(_("Print sheets: {event}").format(event=record.name))
        add_guide_key(self, PAPER)

        self.kinds = QButtonGroup(self)
        self.kind_buttons: dict[SheetKind, QRadioButton] = {}
        choices = QVBoxLayout()
        choices.setSpacing(4)
        for kind, key_text in ((SheetKind.SIGNUP, _("&Sign-up sheets")), (SheetKind.FEEDBACK, _("&Feedback cards")),
                               (SheetKind.ATTENDANCE, _("&Attendance register"))):
            if kind is SheetKind.ATTENDANCE and not is_ppg:
                continue  # a register is only for a PPG meeting's members
            radio = QRadioButton(key_text)
            radio.setAccessibleName(_(_KIND_TEXT[kind][0]))
            self.kinds.addButton(radio)
            self.kind_buttons[kind] = radio
            choices.addWidget(radio)
        if card_texts is None:
            self.kind_buttons[SheetKind.FEEDBACK].setEnabled(False)
            self.kind_buttons[SheetKind.FEEDBACK].setToolTip(
                _("The Friends and Family Test survey is not on this laptop, so cards cannot be made."))
        self.kind_buttons[SheetKind.SIGNUP].setChecked(True)
        self.kinds.buttonToggled.connect(self._kind_toggled)

        self.about_kind = QLabel()
        self.about_kind.setObjectName("hint")
        self.about_kind.setWordWrap(True)
        self.count_label = QLabel()
        self.count = QSpinBox()
        self.count.setRange(1, MAX_COPIES)
        self.count.setValue(DEFAULT_COPIES)
        self._counting_guests = False
        self._remembered = {False: DEFAULT_COPIES, True: DEFAULT_GUEST_ROWS}
        self.count.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000") + 60)
        self.count_label.setBuddy(self.count)
        self.count.valueChanged.connect(self._options_changed)
        self.large_print = QCheckBox(_("&Large print"))
        self.large_print.setAccessibleName(_("Large print"))
        self.large_print.setToolTip(_("16 point text and bigger boxes, for people who find small print hard to read"))
        self.large_print.toggled.connect(self._options_changed)
        self.numbers = CaptionedLabel(_("Sheet numbers"))
        self.numbers.setWordWrap(True)
        self.done_label = CaptionedLabel(_("Printed"))
        self.done_label.setObjectName("banner")
        self.done_label.setWordWrap(True)
        self.done_label.hide()
        self.problem = error_label(_("Problem printing"))

        count_row = QHBoxLayout()
        count_row.addWidget(self.count)
        count_row.addStretch(1)
        what = QLabel(_("What to print"))
        what.setObjectName("fieldLabel")
        options = QFrame()
        options.setObjectName("card")
        column = QVBoxLayout(options)
        column.setSpacing(8)
        column.addWidget(what)
        column.addLayout(choices)
        column.addWidget(self.about_kind)
        column.addSpacing(6)
        column.addWidget(self.count_label)
        column.addLayout(count_row)
        column.addWidget(self.large_print)
        column.addSpacing(6)
        column.addWidget(self.numbers)
        column.addWidget(self.done_label)
        column.addWidget(self.problem)
        column.addStretch(1)
        options.setFixedWidth(max(300, self.fontMetrics().averageCharWidth() * 40))

        self.preview = PdfPreview(self._render)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName(_("Working"))
        self.busy_label = QLabel()
        self.busy_label.setObjectName("hint")

        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setAccessibleName(_("Print"))
        self.print_button.setToolTip(_("Choose a printer and print these (Ctrl+P)"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Save as P&DF…"))
        self.save_button.setAccessibleName(_("Save as PDF"))
        self.save_button.setToolTip(_("Save these as a PDF file to print later or send to a print shop (Ctrl+S)"))
        self.close_button = QPushButton(_("Close"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_sheets)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_sheets)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save_pdf)

        bottom = QHBoxLayout()
        bottom.addWidget(self.busy)
        bottom.addWidget(self.busy_label, 1)
        bottom.addWidget(buttons)
        body = QHBoxLayout()
        body.addWidget(options)
        body.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.make_preview)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(1100, int(screen.width() * 0.92)), min(760, int(screen.height() * 0.9)))
        self._kind_changed()
        self.kind_buttons[SheetKind.SIGNUP].setFocus()

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None] | None = None,
             failed: Callable[[Exception], None] | None = None) -> None:
        """Store work on the worker; its answer is dropped if this window has been closed meanwhile."""
        self.tasks.run(work, while_alive(self, done), while_alive(self, failed))

    # ----- choices

    def kind(self) -> SheetKind:
        return next(kind for kind, radio in self.kind_buttons.items() if radio.isChecked())

    def choose(self, kind: SheetKind) -> None:
        self.kind_buttons[kind].setChecked(True)

    def request(self) -> SheetRequest:
        kind = self.kind()
        register = kind is SheetKind.ATTENDANCE
        return SheetRequest(
            event_id=self.record.id, kind=kind, count=1 if register else self.count.value(),
            guest_rows=self.count.value() if register else 0, large_print=self.large_print.isChecked(),
            organisation=self.organisation, contact=self.contact, card=self.card_texts)

    def _kind_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.count_label.setText(_(_KIND_TEXT[kind][1]))
        self.count.setAccessibleName(_(_KIND_TEXT[kind][2]))
        # The box holds copies for sheets and cards but guest rows for a register; each keeps its own number.
        was_register = self._counting_guests
        self._remembered[was_register] = self.count.value()
        self._counting_guests = kind is SheetKind.ATTENDANCE
        self.count.blockSignals(True)
        self.count.setRange(*((0, MAX_GUEST_ROWS) if self._counting_guests else (1, MAX_COPIES)))
        self.count.setValue(self._remembered[self._counting_guests])
        self.count.blockSignals(False)
        self._options_changed()

    def _options_changed(self) -> None:
        self.preview_made = None
        self._set_buttons()
        self.numbers.setText("")
        self.preview.set_message(_("Making the preview…"))
        self._preview_timer.start()

    def _describe(self, made: PreviewSheets) -> None:
        self.about_kind.setText(made.about)
        what = printed_words(made.kind, made.first, made.last)
        if made.kind is SheetKind.FEEDBACK:
            text = _("These will be {what}. Each print carries on the numbering, so every card has its own code "
                     "and is typed back in only once.")
        else:
            text = _("These will be {what}. Each print carries on the numbering, so every sheet has its own code "
                     "and is typed back in only once.")
        self.numbers.setText(text.format(what=what))

    # ----- the preview

    def make_preview(self) -> None:
        """Make the PDF as it would print now, on the worker, and show it."""
        if not self.isVisible():
            return
        if self._previewing:
            self._preview_again = True
            return
        self._previewing, self._preview_again = True, False
        self._set_busy(_("Making the preview…"))
        store, request = self.store, self.request()

        def work() -> PreviewSheets:
            return make_sheets(store, request, reserve=False)

        def done(made: PreviewSheets) -> None:
            self._preview_finished()
            if self._preview_again or request != self.request():
                return
            self.preview_made = made
            self._set_buttons()
            self._describe(made)
            self.preview.set_pdf(made.pdf, made.info)

        def failed(error: Exception) -> None:
            self._preview_finished()
            self.preview.set_message(_("The preview could not be made: {reason}").format(reason=_reason(error)))

        self._run(work, done, failed)

    def _preview_finished(self) -> None:
        self._previewing = False
        if self._preview_again:
            self.make_preview()
        elif not self.working:
            self._set_busy("")

    def _render(self, index: int, dpi: float, show: Callable[[QImage], None]) -> None:
        made = self.preview_made
        if made is None:
            return
        pdf = made.pdf

        def work() -> QImage:
            return render_page(pdf, index, dpi)

        self._run(work, show, lambda error: self.preview.set_message(
            _("The preview could not be shown: {reason}").format(reason=_reason(error))))

    # ----- printing and saving

    def print_sheets(self) -> None:
        """Choose a printer, then number, make and print the sheets."""
        made = self.preview_made
        if made is None or self.working:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, made.info, made.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print {what}").format(what=made.title.lower()))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._reserve_and_make(None, lambda done: self._send_to_printer(done, printer))

    def _send_to_printer(self, made: PreviewSheets, printer: QPrinter) -> None:
        self._set_working(True, _("Sending to the printer…"))
        pdf = made.pdf

        def printed(_pages: int) -> None:
            self._set_working(False)
            self._finished(_("{what} sent to the printer.").format(what=printed_words(made.kind, made.first, made.last,
                                                                                       start=True)))

        def failed(error: Exception) -> None:
            self._set_working(False)
            self._show_problem(_("{what} were numbered but could not be printed: {reason}. Print again; the new "
                                 "ones carry on from the next number.").format(
                what=printed_words(made.kind, made.first, made.last, start=True), reason=_reason(error)))
            self._options_changed()

        self._run(lambda: print_pdf(pdf, printer), printed, failed)

    def save_pdf(self) -> None:
        """Ask where, then number, make and save the sheets as a PDF file."""
        made = self.preview_made
        if made is None or self.working:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / safe_file_name(f"{made.title} - {self.record.name}.pdf", "sheets.pdf"))
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), suggested, _("PDF files (*.pdf)"))
        if not path:
            return
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")

        def saved(done: PreviewSheets) -> None:
            self._finished(_("{what} saved to “{file}”.").format(
                what=printed_words(done.kind, done.first, done.last, start=True), file=target.name))

        self._reserve_and_make(target, saved)

    def _reserve_and_make(self, save_to: Path | None, then: Callable[[PreviewSheets], None]) -> None:
        self._set_working(True, _("Numbering and making the sheets…"))
        self.problem.hide()
        store, request, preview = self.store, self.request(), self.preview_made

        def work() -> PreviewSheets:
            return make_sheets(store, request, reserve=True, save_to=save_to, reuse=preview)

        def done(made: PreviewSheets) -> None:
            self._set_working(False)
            then(made)

        def failed(error: Exception) -> None:
            self._set_working(False)
            self._show_problem(_("Nothing was printed or saved, and no numbers were used: {reason}").format(
                reason=_reason(error)))

        self._run(work, done, failed)

    def _finished(self, sentence: str) -> None:
        self.done_label.setText(sentence)
        self.done_label.show()
        self.sig_printed.emit(sentence)
        self._options_changed()  # the preview moves on to the next numbers

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _set_working(self, working: bool, text: str = "") -> None:
        self.working = working
        self._set_buttons()
        self._set_busy(text if working else _("Making the preview…") if self._previewing else "")

    def _set_busy(self, text: str) -> None:
        self.busy.setVisible(bool(text))
        self.busy_label.setText(text)

    def _set_buttons(self) -> None:
        ready = self.preview_made is not None and not self.working
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.close_button.setEnabled(not self.working)

    def reject(self) -> None:
        if self.working:
            return  # numbers are being taken; closing now would leave the person not knowing which
        super().reject()

    def done(self, result: int) -> None:
        # A closed window wants no more previews: nothing new goes to the worker after this.
        self._preview_timer.stop()
        self.preview.stop()
        super().done(result)


def _reason(error: Exception) -> str:
    if isinstance(error, StoreError | ValueError | OSError):
        return str(error).rstrip(".") or type(error).__name__
    return type(error).__name__
