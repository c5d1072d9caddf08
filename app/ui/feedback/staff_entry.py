"""Staff typing in feedback a person gives them: every question of the event's surveys on one form.

The answers are checked with the same rules as the kiosk's, a problem is shown beside its
question, and the response is saved on the worker with an id made when the form opened, so
pressing Save again after a failure can never save it twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.responses import ResponseError, ResponseMode, check_response
from app.core.surveys import Question, Survey, pick
from app.store import StoreError
from app.ui.common.answer_editors import AnswerEditor, OneOfEditor, editor_for
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import action_buttons, error_label
from app.ui.common.user_guide import RECORD_FEEDBACK, add_guide_key
from app.ui.common.workspace import STAFF_LANGUAGE

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from app.store.corrections import ResponseView
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

log = logging.getLogger(__name__)
COMMENT_LINES = 4


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _bold(label: QLabel) -> QLabel:
    """``label`` in bold; its size still follows the text size setting."""
    font = QFont()
    font.setBold(True)
    label.setFont(font)
    return label


class QuestionBlock(QWidget):
    """One question: its words, any help, the problem with the answer if there is one, the answer."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        words = pick(question.text, STAFF_LANGUAGE)
        self.label = _bold(QLabel(words + (" *" if question.required else "")))
        self.label.setWordWrap(True)
        self.editor: AnswerEditor = editor_for(question, STAFF_LANGUAGE)
        self.label.setBuddy(self.editor)
        self.error = error_label(_("Problem with {question}").format(question=words))
        for comment in self.editor.findChildren(QPlainTextEdit):
            comment.setFixedHeight(comment.fontMetrics().lineSpacing() * COMMENT_LINES + 16)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        if question.help:
            help_text = QLabel(pick(question.help, STAFF_LANGUAGE))
            help_text.setObjectName("hint")
            help_text.setWordWrap(True)
            layout.addWidget(help_text)
        layout.addWidget(self.error)
        layout.addWidget(self.editor)
        # A choice cannot be unticked by clicking it again: an optional one chosen by mistake is cleared here.
        self.clear_button: QPushButton | None = None
        if not question.required and isinstance(self.editor, OneOfEditor):
            self.clear_button = QPushButton(_("Clear answer"))
            self.clear_button.setAccessibleName(_("Clear answer to {question}").format(question=words))
            self.clear_button.setToolTip(_("Leave this question unanswered"))
            self.clear_button.clicked.connect(self.clear_answer)
            self.editor.sig_changed.connect(self._update_clear)
            row = QHBoxLayout()
            row.addWidget(self.clear_button)
            row.addStretch(1)
            layout.addLayout(row)
            self._update_clear()

    def clear_answer(self) -> None:
        """Leave the question unanswered, and keep the keyboard in it."""
        self.editor.set_value(None)
        self.editor.sig_changed.emit()  # clearing checks no button, so the group says nothing itself
        self.editor.focus_first()

    def _update_clear(self) -> None:
        if self.clear_button is not None:
            self.clear_button.setEnabled(self.editor.value() is not None)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()


class StaffEntryDialog(QDialog):
    """The form for one person's feedback, recorded by staff for an event."""

    sig_saved = Signal(str)
    """The feedback was committed to the store (the response's id)."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        event_id: str,
        event_name: str,
        surveys: Mapping[str, Survey],
        missing: Sequence[str] = (),
        store: Store,
        tasks: TaskPool,
        correcting: ResponseView | None = None,
    ) -> None:
        super().__init__(parent)
        self.event_id = event_id
        self.surveys = dict(surveys)
        self.store = store
        self.tasks = tasks
        self.correcting = correcting
        # Made once, so a second try saves the same response; a correction keeps the response's own.
        self.response_id = correcting.id if correcting else str(uuid.uuid4())
        self.saving = False
        add_guide_key(self, RECORD_FEEDBACK)
        if correcting is None:
            self.setWindowTitle(_("Record feedback: {event}").format(event=event_name))
            self.action_text = _("Save feedback")
            note = CaptionedLabel(_("About this feedback"), _(
                "This is saved as feedback recorded by staff. Write down what the person tells you, "
                "but no names or contact details, theirs or anyone else's."))
        else:
            self.setWindowTitle(_("Correct feedback: {event}").format(event=event_name))
            self.action_text = _("Save correction")
            note = CaptionedLabel(_("About this correction"), _(
                "You are correcting feedback {how}, given {when}. Change only what was typed wrongly; the "
                "reason you give is kept with who changed it and when.").format(
                    how=_mode_words(correcting.mode), when=correcting.submitted_at.astimezone().strftime(
                        "%d %b %Y %H:%M")))
        note.setObjectName("banner")
        note.setWordWrap(True)

        self.blocks: dict[tuple[str, str], QuestionBlock] = {}
        form = QFrame()
        form.setObjectName("card")
        column = QVBoxLayout(form)
        column.setContentsMargins(4, 0, 4, 4)
        column.setSpacing(16)
        for survey_id, survey in self.surveys.items():
            column.addWidget(self._section(survey))
            for question in survey.questions:
                block = QuestionBlock(question)
                block.editor.sig_changed.connect(self._apply_conditions)
                self.blocks[(survey_id, question.id)] = block
                column.addWidget(block)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(form)

        self.reason: QLineEdit | None = None
        self.reason_error = error_label(_("Problem with the reason"))
        if correcting is not None:
            self.reason = QLineEdit()
            self.reason.setMaxLength(500)
            self.reason.setAccessibleName(_("Reason for the correction"))
            self.reason.setPlaceholderText(_("For example: ticked the wrong answer"))
            reason_label = _bold(QLabel(_("&Reason for the correction *")))
            reason_label.setBuddy(self.reason)
            column.insertWidget(column.count() - 1, reason_label)
            column.insertWidget(column.count() - 1, self.reason_error)
            column.insertWidget(column.count() - 1, self.reason)

        self.problem = error_label(_("Problem saving the feedback"))
        required = QLabel(_("* required"))
        required.setObjectName("hint")
        buttons, self.save_button, self.cancel_button = action_buttons(self.action_text, self.save, self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(note)
        if missing:
            gone = QLabel(_("Not shown, because this laptop does not have them: {surveys}.").format(
                surveys=", ".join(missing)))
            gone.setObjectName("hint")
            gone.setWordWrap(True)
            layout.addWidget(gone)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.problem)
        layout.addWidget(required)
        layout.addWidget(buttons)
        if correcting is not None:
            self._show_answers(correcting.answers)
        self.initial = self.answers()
        self._apply_conditions()
        self._size_to_screen(form)
        first = next(iter(self.blocks.values()), None)
        if first is not None:
            first.editor.focus_first()

    # ----- the form

    def _section(self, survey: Survey) -> QWidget:
        section = QWidget()
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        title = _bold(QLabel(pick(survey.title, STAFF_LANGUAGE)))
        font = title.font()
        font.setPointSizeF(self.font().pointSizeF() * 1.25)
        title.setFont(font)
        title.setWordWrap(True)
        layout.addWidget(title)
        if survey.intro:
            intro = QLabel(pick(survey.intro, STAFF_LANGUAGE))
            intro.setObjectName("hint")
            intro.setWordWrap(True)
            layout.addWidget(intro)
        return section

    def _size_to_screen(self, form: QWidget) -> None:
        width = self.fontMetrics().averageCharWidth() * 78
        self.setMinimumWidth(min(width, 1200))
        wanted = form.sizeHint().height() + 220
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(width, max(320, min(wanted, int(screen.height() * 0.85))))

    def _show_answers(self, answers: Mapping[str, Mapping[str, Any]]) -> None:
        for (survey_id, question_id), block in self.blocks.items():
            value = answers.get(survey_id, {}).get(question_id)
            if value is not None:
                block.editor.set_value(value)
        self._apply_conditions()

    def _apply_conditions(self) -> None:
        """Show each question only while the answers above it call for it."""
        for survey_id, survey in self.surveys.items():
            given: dict[str, Any] = {}
            for question in survey.questions:
                block = self.blocks[(survey_id, question.id)]
                shown = question.show_if is None or question.show_if.holds(given)
                block.setHidden(not shown)
                value = block.editor.value()
                if shown and not _is_empty(value):
                    given[question.id] = value

    def answers(self) -> dict[str, dict[str, Any]]:
        """What is on the form, question by question, leaving out hidden questions."""
        answers: dict[str, dict[str, Any]] = {}
        for (survey_id, question_id), block in self.blocks.items():
            if not block.isHidden():
                answers.setdefault(survey_id, {})[question_id] = block.editor.value()
        return answers

    def has_answers(self) -> bool:
        """Something typed that would be lost: any answer on a new form, any change on a correction."""
        if self.correcting is not None:
            return self.answers() != self.initial or bool(self.reason and self.reason.text().strip())
        return any(not _is_empty(value) for survey in self.answers().values() for value in survey.values())

    def error_text(self, survey_id: str, question_id: str) -> str:
        error = self.blocks[(survey_id, question_id)].error
        return error.text() if not error.isHidden() else ""

    # ----- saving

    def save(self) -> None:
        """Check the answers; show the first problem beside its question, or save on the worker."""
        if self.saving:
            return
        for block in self.blocks.values():
            block.clear_error()
        self.problem.hide()
        self.reason_error.hide()
        answers = self.answers()
        try:
            check_response(self.surveys, answers)
        except ResponseError as error:
            self._show_problem(error)
            return
        if self.correcting is not None:
            self._save_correction(answers)
            return
        from app.store.responses import submit_response

        self._set_saving(True)
        self.tasks.run_in_session(
            self.store, submit_response, response_id=self.response_id, device_id=self.store.device_id,
            event_id=self.event_id, surveys=self.surveys, answers=answers, mode=ResponseMode.STAFF,
            language=STAFF_LANGUAGE, on_success=self._saved, on_failure=self._not_saved)

    def _save_correction(self, answers: dict[str, dict[str, Any]]) -> None:
        from app.store.corrections import CorrectionRefused, check_reason

        assert self.reason is not None
        try:
            reason = check_reason(self.reason.text())
        except CorrectionRefused as error:
            self.reason_error.setText(str(error))
            self.reason_error.show()
            self.scroll_area.ensureWidgetVisible(self.reason)
            self.reason.setFocus()
            return
        from functools import partial

        from app.services.responses import edit_response

        self._set_saving(True)
        self.tasks.run(partial(edit_response, self.store, self.response_id, self.surveys, answers, reason=reason),
                       self._saved, self._not_saved)

    def _saved(self, _result: object) -> None:
        self._set_saving(False)
        self.sig_saved.emit(self.response_id)
        self.accept()

    def _not_saved(self, error: Exception) -> None:
        self._set_saving(False)
        if isinstance(error, ResponseError):
            self._show_problem(error)
            return
        reason = str(error) if isinstance(error, StoreError) else type(error).__name__
        self.problem.setText(_(
            "The feedback has not been saved ({reason}). Your answers are still here: press {action} "
            "to try again.").format(reason=reason, action=self.action_text))
        self.problem.show()

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)
        self.save_button.setText(_("Saving…") if saving else self.action_text)

    def _show_problem(self, error: ResponseError) -> None:
        block = self.blocks.get((error.survey_id, error.question_id))
        if block is None:
            self.problem.setText(str(error))
            self.problem.show()
            return
        block.show_error(str(error))
        self.scroll_area.ensureWidgetVisible(block)
        block.editor.focus_first()

    def reject(self) -> None:
        """Cancel: nothing is saved, after asking if anything was typed."""
        if self.saving:
            return
        if self.has_answers():
            correcting = self.correcting is not None
            box = QMessageBox(QMessageBox.Icon.Question,
                              _("Discard this correction?") if correcting else _("Discard this feedback?"),
                              _("The changes on this form have not been saved.") if correcting
                              else _("The answers on this form have not been saved."), parent=self)
            discard = box.addButton(_("Discard changes") if correcting else _("Discard feedback"),
                                    QMessageBox.ButtonRole.DestructiveRole)
            keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is not discard:
                return
        super().reject()


def surveys_for(survey_ids: Sequence[str], library: Mapping[str, Survey]) -> tuple[dict[str, Survey], list[str]]:
    """The event's surveys this laptop has, in the event's order, and the ids of any it lacks."""
    found = {sid: library[sid] for sid in survey_ids if sid in library}
    return found, [sid for sid in survey_ids if sid not in library]


def _mode_words(mode: str) -> str:
    return {ResponseMode.STAFF.value: _("recorded by staff"), ResponseMode.PAPER.value: _("typed in from paper")}.get(
        mode, mode)
