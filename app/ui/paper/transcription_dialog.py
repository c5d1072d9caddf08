"""Typing in paper: sign-up sheet rows and feedback cards, each exactly once.

Staff type (or scan) the code at the top of a sheet or card, then type what is written. A
row is checked on screen first and saved on the worker with its consent; the store refuses
a row or card already typed in, and that refusal is shown beside the row number, with
nothing saved. Enter saves and moves on; Esc closes, asking first if a row is half typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import fft
from app.core.i18n import N_, _, ngettext
from app.core.sheet_codes import EXAMPLE as CODE_EXAMPLE
from app.core.sheet_codes import SheetKind, parse_sheet_code
from app.core.surveys import Survey
from app.core.transcription import SignupRow, parse_card, parse_signup_row
from app.core.validation import ValidationError
from app.services.paper_entry import (
    OpenedSheet,
    Progress,
    RowSaved,
    WrongEvent,
    load_start,
    open_sheet,
    save_card,
    save_row,
)
from app.store import StoreError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import error_label
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import PAPER, add_guide_key
from app.ui.paper.transcription_forms import CardForm, SignupRowForm, card_answers, fill_progress

if TYPE_CHECKING:
    from app.store.events import EventRecord
    from app.store.practices import PracticeRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

LANGUAGE = "en"
_MATCH_WORDS = {"email": N_("same email"), "phone": N_("same phone number"),
                "name_postcode": N_("same name and postcode")}


class TranscriptionDialog(QDialog):
    """Type in the sign-up sheets and feedback cards collected at one event."""

    sig_saved = Signal(str)
    """A row or card was saved (a sentence saying which)."""

    def __init__(self, parent: QWidget | None, *, record: EventRecord, store: Store, tasks: TaskPool,
                 organisation: str, contact: str, fft_survey: Survey | None) -> None:
        super().__init__(parent)
        self.record, self.store, self.tasks = record, store, tasks
        self.organisation, self.contact = organisation, contact
        self.fft_survey = fft_survey
        self.sheet: OpenedSheet | None = None
        self.busy = False
        self.rows_saved = self.cards_saved = 0
        self.setWindowTitle(_("Type in paper: {event}").format(event=record.name))
        add_guide_key(self, PAPER)

        intro = QLabel(_("Type the code printed at the top of a sheet or card (or scan its QR code), then type "
                         "what is written, box by box. Enter saves and moves to the next row."))
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.code = QLineEdit()
        self.code.setAccessibleName(_("Sheet or card code"))
        self.code.setPlaceholderText(_("For example {example}").format(example=CODE_EXAMPLE))
        self.code.setMaxLength(80)
        code_label = QLabel(_("Sheet or card &code"))
        code_label.setBuddy(self.code)
        self.open_button = QPushButton(_("&Open"))
        self.open_button.setAccessibleName(_("Open sheet"))
        self.open_button.setToolTip(_("Open this sheet or card to type it in (Enter)"))
        self.open_button.clicked.connect(self.open_code)
        self.code_error = error_label(_("Problem with the sheet code"))
        self.sheet_title = CaptionedLabel(_("Sheet open"))
        self.sheet_title.setObjectName("fieldLabel")
        self.sheet_title.setWordWrap(True)

        self.row_form = SignupRowForm()
        if record.details.practice_id:
            self.row_form.default_practice = record.details.practice_id
        answers = card_answers(fft_survey)
        self.card_form = CardForm(answers)
        self.card_form.comment.sig_enter.connect(self.save)
        nothing = QLabel(_("Nothing open yet. Type or scan a code above."))
        nothing.setObjectName("emptyState")
        nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nothing.setWordWrap(True)
        self.forms = QStackedWidget()
        for widget in (nothing, self.row_form, self.card_form):
            self.forms.addWidget(widget)
        # Each form ends with its own Save button, right under the last box typed.
        self.save_buttons: list[QPushButton] = []
        for form, text, name in ((self.row_form, _("&Save row"), _("Save row")),
                                 (self.card_form, _("&Save card"), _("Save card"))):
            save = QPushButton(text)
            save.setAccessibleName(name)
            save.setObjectName("primary")
            save.setToolTip(_("Save and move on (Enter)"))
            save.clicked.connect(self.save)
            line = QHBoxLayout()
            line.addStretch(1)
            line.addWidget(save)
            form.form.addRow("", line)
            self.save_buttons.append(save)
        self.last_saved = CaptionedLabel(_("Last saved"))
        self.last_saved.setObjectName("banner")
        self.last_saved.setWordWrap(True)
        self.last_saved.hide()

        form_card = QFrame()
        form_card.setObjectName("card")
        form_column = QVBoxLayout(form_card)
        form_column.addWidget(self.sheet_title)
        form_column.addWidget(self.forms, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_card)

        self.progress = QListWidget()
        self.progress.setAccessibleName(_("Typed in so far"))
        self.progress.setToolTip(_("Press Enter on a sheet to open it again"))
        self.progress.itemActivated.connect(self._reopen)
        progress_label = QLabel(_("Typed in so far"))
        progress_label.setObjectName("fieldLabel")
        progress_label.setBuddy(self.progress)
        self.progress.setFixedWidth(max(220, self.fontMetrics().horizontalAdvance(CODE_EXAMPLE + ": 88 rows") + 40))
        side = QVBoxLayout()
        side.addWidget(progress_label)
        side.addWidget(self.progress, 1)

        code_row = QHBoxLayout()
        code_row.addWidget(code_label)
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.open_button)
        body = QHBoxLayout()
        body.addWidget(scroll, 1)
        body.addLayout(side)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        for button in (self.open_button, self.close_button, *self.save_buttons):
            button.setAutoDefault(False)  # Enter is routed by where the cursor is (keyPressEvent)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(code_row)
        layout.addWidget(self.code_error)
        layout.addLayout(body, 1)
        layout.addWidget(self.last_saved)
        layout.addWidget(buttons)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(1000, int(screen.width() * 0.92)), min(740, int(screen.height() * 0.9)))
        self.code.setFocus()
        self._load_start()

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None] | None = None,
             failed: Callable[[Exception], None] | None = None) -> None:
        """Store work on the worker; its answer is dropped if this window has been closed meanwhile."""
        self.tasks.run(work, while_alive(self, done), while_alive(self, failed))

    # ----- what is open

    def _load_start(self) -> None:
        store, event_id = self.store, self.record.id

        def done(start: tuple[list[PracticeRecord], Progress]) -> None:
            practices, progress = start
            self.row_form.set_practices(practices)
            self._show_progress(progress)

        self._run(lambda: load_start(store, event_id), done, self._failed_quietly)

    def open_code(self) -> None:
        """Open the sheet or card whose code is typed, if it is one of this event's."""
        if self.busy:
            return
        self._hide_code_error()
        if self._has_typing() and not self._discard_ok():
            if self.sheet is not None:  # keep typing the sheet that is open, under its own code
                self.code.setText(self.sheet.text)
            return
        try:
            code = parse_sheet_code(self.code.text())
        except ValueError as error:
            self._refuse_code(str(error))
            return
        if code.kind is SheetKind.ATTENDANCE:
            self._refuse_code(_("That is an attendance register. Tick who came in Attendance and issues, on "
                                "the event's page."))
            return
        if code.kind is SheetKind.FEEDBACK and self.fft_survey is None:
            self._refuse_code(_("Feedback cards cannot be typed in: the Friends and Family Test survey is not "
                                "on this laptop."))
            return
        self._set_busy(True)
        store, event_id = self.store, self.record.id

        def done(sheet: OpenedSheet) -> None:
            self._set_busy(False)
            self._show_sheet(sheet)

        def failed(error: Exception) -> None:
            self._set_busy(False)
            if isinstance(error, WrongEvent):
                self._refuse_code(_("{code} belongs to “{event}”, not to this event. Type it in from that "
                                    "event's page.").format(code=code.text, event=error.event_name))
            elif isinstance(error, StoreError | ValueError):
                self._refuse_code(str(error))
            else:
                self._refuse_code(_("That sheet could not be opened ({kind}).").format(kind=type(error).__name__))

        self._run(lambda: open_sheet(store, event_id, code), done, failed)

    def _show_sheet(self, sheet: OpenedSheet) -> None:
        if sheet.code.kind is SheetKind.FEEDBACK and sheet.full:
            self._refuse_code(_("Card {code} has already been typed in. To correct or remove it, use "
                                "Responses on the event's page.").format(code=sheet.text))
            return
        if sheet.full:
            self._refuse_code(ngettext("The {rows} row of sheet {code} has been typed in already.",
                                       "All {rows} rows of sheet {code} have been typed in already.",
                                       sheet.rows).format(rows=sheet.rows, code=sheet.text))
            return
        self.sheet = sheet
        self.code.setText(sheet.text)
        if sheet.code.kind is SheetKind.SIGNUP:
            self.row_form.clear(sheet.next_row)
            self.forms.setCurrentWidget(self.row_form)
            self._title_for_sheet()
            self.row_form.name.setFocus()
        else:
            self.card_form.clear()
            self.forms.setCurrentWidget(self.card_form)
            self.sheet_title.setText(_("Feedback card {code}").format(code=sheet.text))
            self.card_form.rating.setFocus()

    def _title_for_sheet(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        entered = len(sheet.entered)
        self.sheet_title.setText(ngettext("Sign-up sheet {code}: {entered} of its {rows} row typed in so far",
                                          "Sign-up sheet {code}: {entered} of its {rows} rows typed in so far",
                                          sheet.rows).format(code=sheet.text, entered=entered, rows=sheet.rows))

    def _close_sheet(self) -> None:
        self.sheet = None
        self.forms.setCurrentIndex(0)
        self.sheet_title.clear()
        self.code.setFocus()
        self.code.selectAll()

    # ----- saving

    def save(self) -> None:
        """Check what is typed and save it on the worker; problems show beside their boxes."""
        sheet = self.sheet
        if sheet is None or self.busy:
            return
        if sheet.code.kind is SheetKind.SIGNUP:
            self._save_row(sheet)
        else:
            self._save_card(sheet)

    def _save_row(self, sheet: OpenedSheet) -> None:
        form = self.row_form
        form.clear_errors()
        try:
            row = parse_signup_row(form.values(), rows=sheet.rows, practice_ids=form.practice_ids)
        except ValidationError as error:
            self._focus(form.show_errors(error.errors))
            return
        if row.row in sheet.entered:
            self._focus(form.show_errors({"row": _(
                "Row {row} of sheet {sheet} has already been entered. To correct what was typed, find the person "
                "in People and choose Edit; if it should not have been typed in at all, choose Remove typed-in "
                "row.").format(row=row.row, sheet=sheet.text)}))
            return
        self._set_busy(True)
        store, event_id, code = self.store, self.record.id, sheet.code
        organisation, contact = self.organisation, self.contact

        def work() -> RowSaved:
            return save_row(store, event_id, code, row, organisation=organisation, contact=contact)

        self._run(work, lambda saved: self._row_saved(row, saved), lambda error: self._row_not_saved(error))

    def _row_saved(self, row: SignupRow, saved: RowSaved) -> None:
        self._set_busy(False)
        self.rows_saved += 1
        assert self.sheet is not None
        self.sheet = saved.sheet
        text = _("Saved row {row} of {sheet}: {name}.").format(row=row.row, sheet=saved.sheet.text, name=saved.name)
        if saved.duplicate is not None:
            name, keys = saved.duplicate
            text += " " + _("This looks like {name}, already signed up ({why}); merge them in People ▸ Find a "
                            "person.").format(name=name, why=", ".join(_(_MATCH_WORDS.get(k, k)) for k in keys))
        self._said(text)
        self._show_progress(saved.progress)
        if saved.sheet.full:
            self._said(text + " " + _("Every row of this sheet is typed in; type the next sheet's code."))
            self.row_form.clear(None)
            self._close_sheet()
            return
        self.row_form.clear(saved.sheet.next_row)
        self._title_for_sheet()
        self.row_form.name.setFocus()

    def _row_not_saved(self, error: Exception) -> None:
        self._set_busy(False)
        from app.store.people import RowAlreadyEntered

        if isinstance(error, ValidationError):
            self._focus(self.row_form.show_errors(error.errors))
        elif isinstance(error, RowAlreadyEntered):
            self._focus(self.row_form.show_errors({"row": str(error)}))
        else:
            reason = str(error) if isinstance(error, StoreError) else type(error).__name__
            self._focus(self.row_form.show_errors({"row": _(
                "This row has not been saved ({reason}). What you typed is still here: press Enter to try "
                "again.").format(reason=reason)}))

    def _save_card(self, sheet: OpenedSheet) -> None:
        form = self.card_form
        form.clear_errors()
        try:
            answers = parse_card(form.values())
        except ValidationError as error:
            self._focus(form.show_errors(error.errors))
            return
        assert self.fft_survey is not None
        self._set_busy(True)
        store, event_id, code, survey = self.store, self.record.id, sheet.code, self.fft_survey

        def done(progress: Progress) -> None:
            self._set_busy(False)
            self.cards_saved += 1
            self._said(_("Saved card {card}.").format(card=sheet.text))
            self._show_progress(progress)
            self.card_form.clear()
            self._close_sheet()

        def failed(error: Exception) -> None:
            self._set_busy(False)
            if isinstance(error, StoreError | ValueError):
                message = str(error)
            else:
                message = _("This card has not been saved ({kind}); press Enter to try again.").format(
                    kind=type(error).__name__)
            self._focus(form.show_errors({"rating": message}))

        self._run(lambda: save_card(store, event_id, code, {fft.SURVEY_ID: survey}, answers), done, failed)

    # ----- small things

    def _said(self, text: str) -> None:
        self.last_saved.setText(text)
        self.last_saved.show()
        self.sig_saved.emit(text)

    def _show_progress(self, progress: Progress) -> None:
        fill_progress(self.progress, progress)

    def sheet_count_text(self, code: str) -> str:
        """What the side list says about one sheet ('' if it is not listed)."""
        for i in range(self.progress.count()):
            if self.progress.item(i).data(Qt.ItemDataRole.UserRole) == code:
                return self.progress.item(i).text()
        return ""

    def _reopen(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        if code:
            self.code.setText(code)
            self.open_code()

    def _refuse_code(self, text: str) -> None:
        """Say why the code cannot be typed in, and close whatever sheet was open: rows typed next must
        never land on a sheet other than the code in the box."""
        if self.sheet is not None or self.forms.currentIndex() != 0:
            self.row_form.clear(None)
            self.card_form.clear()
            self.sheet = None
            self.forms.setCurrentIndex(0)
            self.sheet_title.clear()
        self._show_code_error(text)
        self.code.selectAll()

    def _show_code_error(self, text: str) -> None:
        self.code_error.setText(text)
        self.code_error.show()
        self.code.setFocus()

    def _hide_code_error(self) -> None:
        self.code_error.clear()
        self.code_error.hide()

    def _focus(self, widget: QWidget | None) -> None:
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for save in self.save_buttons:
            save.setEnabled(not busy)
        self.open_button.setEnabled(not busy)

    def _failed_quietly(self, error: Exception) -> None:
        self.progress.clear()
        self.progress.addItem(_("Could not read what has been typed in ({kind}).").format(kind=type(error).__name__))

    def _has_typing(self) -> bool:
        current = self.forms.currentWidget()
        return isinstance(current, SignupRowForm | CardForm) and current.has_typing()

    def _discard_ok(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, _("Lose this row?"),
                          _("What you have typed for this row or card has not been saved."), parent=self)
        discard = box.addButton(_("Lose what I typed"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep typing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if focus is self.code or focus is self.open_button:
                self.open_code()
            elif focus is self.progress:
                item = self.progress.currentItem()
                if item is not None:
                    self._reopen(item)
            elif focus is self.close_button:
                self.reject()
            elif self.sheet is not None:
                self.save()
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Close (Esc): nothing half-typed is lost without asking."""
        if self.busy:
            return
        if self._has_typing() and not self._discard_ok():
            return
        super().reject()

