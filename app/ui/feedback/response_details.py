"""One response in words, and the dialog that deletes it with the reason why."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from app.core.i18n import _
from app.core.responses import ResponseMode
from app.core.surveys import pick
from app.store import StoreError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.reason_form import ReasonForm
from app.ui.common.user_guide import RECORD_FEEDBACK, add_guide_key
from app.ui.common.workspace import STAFF_LANGUAGE

if TYPE_CHECKING:
    from app.core.surveys import Survey
    from app.store.corrections import ResponseView
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


def answer_text(library: Mapping[str, Survey], survey_id: str, question_id: str) -> dict[str, str]:
    """A question's answer values -> the staff's words for them ({} if this laptop lacks it)."""
    survey = library.get(survey_id)
    if survey is None:
        return {}
    try:
        question = survey.question(question_id)
    except KeyError:
        return {}
    return {option.value: pick(option.text, STAFF_LANGUAGE) for option in question.choices()}


def _question_words(library: Mapping[str, Survey], survey_id: str, question_id: str) -> str:
    survey = library.get(survey_id)
    if survey is None:
        return question_id
    try:
        return pick(survey.question(question_id).text, STAFF_LANGUAGE)
    except KeyError:
        return question_id


def _answer_words(library: Mapping[str, Survey], survey_id: str, question_id: str, value: Any) -> str:
    labels = answer_text(library, survey_id, question_id)
    if isinstance(value, list):
        return "; ".join(labels.get(str(v), str(v)) for v in value) or _("None chosen")
    if value is None or value == "":
        return _("No answer")
    return labels.get(str(value), " ".join(str(value).split()))


def _in_survey_order(library: Mapping[str, Survey], survey_id: str, answers: Mapping[str, Any]) -> list[str]:
    """The answered questions in the order the survey asks them; any it no longer has, after."""
    survey = library.get(survey_id)
    order = [q.id for q in survey.questions] if survey is not None else []
    return [q for q in order if q in answers] + [q for q in answers if q not in order]


def _when(at: Any) -> str:
    return at.astimezone().strftime("%d %b %Y %H:%M")


def details_text(view: ResponseView, library: Mapping[str, Survey]) -> str:
    """Everything about one response, as lines to read: how and when, each answer, each correction."""
    how = ResponseMode(view.mode).label if view.mode in set(ResponseMode) else view.mode
    lines = [_("Given {when}: {how}.").format(when=_when(view.submitted_at), how=how)]
    if view.paper_sheet:
        lines.append(_("Paper card: {code}").format(code=view.paper_sheet))
    if view.raised_by_group:
        lines.append(_("Raised by the group at the meeting."))
    if view.deleted_at is not None:
        by = _(" by {who}").format(who=view.deleted_by) if view.deleted_by else ""
        lines.append(_("DELETED {when}{by}. Reason: {reason}").format(
            when=_when(view.deleted_at), by=by, reason=view.deleted_reason or _("not known here")))
    lines.append("")
    for survey_id, answers in view.answers.items():
        for question_id in _in_survey_order(library, survey_id, answers):
            lines.append(f"{_question_words(library, survey_id, question_id)}")
            lines.append(f"    {_answer_words(library, survey_id, question_id, answers[question_id])}")
    if not any(view.answers.values()):
        lines.append(_("No answers."))
    if view.corrections:
        lines.append("")
        lines.append(_("Corrections:"))
        for c in view.corrections:
            what = _("Deleted") if c.action == "deleted" else _("Corrected")
            who = _("{user} on {laptop}").format(user=c.user_name, laptop=c.laptop) if c.user_name else c.laptop
            lines.append(_("{what} {when} by {who}: {reason}").format(what=what, when=_when(c.at), who=who,
                                                                    reason=c.reason or _("no reason given")))
    return "\n".join(lines)


class DeleteResponseDialog(QDialog):
    """Asks why before deleting one response; the deletion runs on the worker."""

    def __init__(self, parent: QWidget | None, view: ResponseView, *, store: Store, tasks: TaskPool) -> None:
        super().__init__(parent)
        self.view = view
        self.store = store
        self.tasks = tasks
        self.setWindowTitle(_("Delete this response?"))
        add_guide_key(self, RECORD_FEEDBACK)
        what = CaptionedLabel(_("What deleting does"), _(
            "The response given {when} ({how}) will leave every count, report and export, here and at the "
            "centre after the next sync. It is kept, marked deleted, with your reason, your name and the "
            "time.").format(when=_when(view.submitted_at), how=ResponseMode(view.mode).label
                            if view.mode in set(ResponseMode) else view.mode))
        what.setWordWrap(True)
        self.form = ReasonForm(self, label=_("&Why is it being deleted? *"), name=_("Why is it being deleted?"),
                               placeholder=_("For example: typed in twice, or entered at the wrong event"),
                               action=_("Delete response"), busy=_("Deleting…"), on_action=self.delete)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        self.form.add_to(layout)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 60, 900))
        self.form.reason.setFocus()

    def delete(self) -> None:
        reason = self.form.checked_reason()
        if reason is None:
            return
        from app.services.responses import delete_response

        self.form.set_busy(True)
        self.tasks.run(functools.partial(delete_response, self.store, self.view.id, reason),
                       lambda _gone: self.accept(), self._failed)

    def _failed(self, error: Exception) -> None:
        self.form.set_busy(False)
        self.form.problem(str(error) if isinstance(error, StoreError) else _(
            "The response has not been deleted ({kind}); try again.").format(kind=type(error).__name__))
