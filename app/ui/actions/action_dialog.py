"""The form for adding or editing a "you said, we did" action, each problem shown beside its field.

The dialog saves on the worker itself, so a problem only the store can see (the comment was
deleted, someone else saved first) is shown in place and nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.core.actions import OWNER_MAX, ActionDetails, ActionStatus, validate_action
from app.core.i18n import N_, _
from app.ui.common.saving_form import SavingForm
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import ACTIONS, add_guide_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.actions import ActionRecord, CommentChoice
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

COMMENT_SHOWN = 70  # characters of a comment in the picker's line; the tooltip has more
FFT_WORDS = {"very_good": N_("Very good"), "good": N_("Good"), "neither": N_("Neither good nor poor"),
             "poor": N_("Poor"), "very_poor": N_("Very poor"), "dont_know": N_("Don't know")}


def _save_action(session: Session, details: ActionDetails, *, device_id: str,
                 existing: ActionRecord | None) -> ActionRecord:
    """On the worker: add the action, or change ``existing`` if nobody saved it meanwhile."""
    from app.store.actions import add_action, update_action

    if existing is None:
        return add_action(session, device_id, details)
    return update_action(session, existing.id, details, existing.version)


class _EnterSaves(QObject):
    """Enter in a text box saves the form (Shift+Enter starts a new line)."""

    def __init__(self, parent: QObject, save: Callable[[], None]) -> None:
        super().__init__(parent)
        self.save = save

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.save()
            return True
        return False


def comment_line(choice: CommentChoice) -> str:
    """'14 Apr 10:02 · Poor · “The wait was long…”': one comment (or issue the PPG raised) as the picker lists it."""
    when = choice.submitted_at.astimezone().strftime("%d %b %H:%M").lstrip("0")
    text = " ".join(choice.text.split())
    if len(text) > COMMENT_SHOWN:
        text = text[:COMMENT_SHOWN - 1].rstrip() + "…"
    if choice.raised_by_group:
        rating = _("Raised by the group")
    else:
        rating = _(FFT_WORDS[choice.fft_answer]) if choice.fft_answer in FFT_WORDS else _("No FFT answer")
    return f"{when} · {rating} · “{text}”"


class ActionDialog(SavingForm):
    """Gathers an action's details and saves them; :attr:`saved` holds the record once accepted.

    ``event_id`` None makes an action agreed across events (no comment can be linked).
    ``topics`` maps each topics-survey value to its words.
    """

    sig_comments_shown = Signal()
    """The event's comments are in the picker."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, event_id: str | None,
                 topics: Mapping[str, str], existing: ActionRecord | None = None) -> None:
        super().__init__(parent, _("Edit action") if existing else _("New action"), _("Save action"),
                         _("Action details"), store=store, tasks=tasks, check=self._checked,
                         save=partial(_save_action, device_id=store.device_id, existing=existing),
                         keys=_("* required. Enter saves; Shift+Enter starts a new line; Esc cancels."),
                         not_saved=_("The action could not be saved ({kind}). Nothing was half-saved; try "
                                     "again."))
        self.event_id = existing.details.event_id if existing is not None else event_id
        self.topics = dict(topics)
        self.existing = existing
        add_guide_key(self, ACTIONS)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 96, 900))  # within a 1024-pixel screen

        self.you_said = self._text_box(_("What people told us, in their words or a short summary"))
        self.we_will = self._text_box(_("What was agreed in answer"))
        self.topic = QComboBox()
        self.topic.addItem(_("No topic"), None)
        for value, words in self.topics.items():
            self.topic.addItem(words, value)
        self.comment = QComboBox()
        self.comment.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.comment.setMinimumContentsLength(30)
        self.comment.addItem(_("No comment linked"), None)
        self.comment.setToolTip(_("A comment given at the event, or an issue a PPG raised at its meeting, "
                                  "that this action answers"))
        self.owner = QLineEdit()
        self.owner.setMaxLength(OWNER_MAX)
        self.owner.setPlaceholderText(_("Who in the team sees it through (never shown to the public)"))
        self.no_due = QCheckBox(_("No due date"))
        self.due = QDateEdit(QDate.currentDate().addMonths(3))
        self.status = QComboBox()
        for status in ActionStatus:
            self.status.addItem(status.label, status.value)
        self.what_done = self._text_box(_("What was done, or why it could not be done"))
        self.done_on = QDateEdit(QDate.currentDate())
        for edit in (self.due, self.done_on):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.no_due.toggled.connect(lambda checked: self.due.setEnabled(not checked))
        self.what_done_hint = QLabel()
        self.what_done_hint.setObjectName("hint")
        self.what_done_hint.setWordWrap(True)

        due_row = QWidget()
        due_layout = QHBoxLayout(due_row)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due)
        due_layout.addWidget(self.no_due)
        due_layout.addStretch(1)

        labels = {"you_said": _("You said"), "we_will": _("We will"), "topic": _("Topic"),
                  "response_id": _("Linked comment"), "owner": _("Owner"), "due_date": _("Due by"),
                  "status": _("Status"), "what_done": _("What was done"), "done_on": _("Done on")}
        widgets: dict[str, QWidget] = {"you_said": self.you_said, "we_will": self.we_will, "topic": self.topic,
                                       "response_id": self.comment, "owner": self.owner, "due_date": due_row,
                                       "status": self.status, "what_done": self.what_done, "done_on": self.done_on}
        self._labels = {field: self.add_field(field, labels[field], widget, required=field in ("you_said", "we_will"),
                                              hint=self.what_done_hint if field == "what_done" else None,
                                              control=self.due if field == "due_date" else None)
                        for field, widget in widgets.items()}
        for field, box in (("you_said", self.you_said), ("we_will", self.we_will), ("what_done", self.what_done)):
            box.textChanged.connect(lambda field=field: self.hide_error(field))  # fixed as they type
        self.finish_layout()
        self.status.currentIndexChanged.connect(self._status_changed)
        if existing is not None:
            self._fill(existing.details)
        self._status_changed()
        self.you_said.setFocus()
        self._load_comments(existing.details.response_id if existing else None, existing.comment if existing else "")

    def _text_box(self, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        box.installEventFilter(_EnterSaves(box, self.try_accept))
        return box

    # ----- filling and reading

    def _fill(self, d: ActionDetails) -> None:
        self.you_said.setPlainText(d.you_said)
        self.we_will.setPlainText(d.we_will)
        if d.topic is not None and self.topic.findData(d.topic) < 0:  # a topic this laptop's survey lacks
            self.topic.addItem(d.topic, d.topic)
        self.topic.setCurrentIndex(max(0, self.topic.findData(d.topic)))
        self.owner.setText(d.owner)
        self.no_due.setChecked(d.due_date is None)
        if d.due_date is not None:
            self.due.setDate(QDate(d.due_date.year, d.due_date.month, d.due_date.day))
        self.status.setCurrentIndex(self.status.findData(d.status.value))
        self.what_done.setPlainText(d.what_done)
        if d.done_on is not None:
            self.done_on.setDate(QDate(d.done_on.year, d.done_on.month, d.done_on.day))

    def _status_changed(self) -> None:
        status = ActionStatus(self.status.currentData())
        self.done_on.setEnabled(status.finished)
        self._labels["done_on"].setEnabled(status.finished)
        self.what_done_hint.setText({
            ActionStatus.DONE: _("Printed for the public as “We did”."),
            ActionStatus.NOT_POSSIBLE: _("Printed for the public as “Why we could not”."),
        }.get(status, _("Progress notes for the team; the public summary prints this once it is done.")))

    def values(self) -> dict[str, Any]:
        status = ActionStatus(self.status.currentData())
        return {
            "you_said": self.you_said.toPlainText(), "we_will": self.we_will.toPlainText(),
            "event_id": self.event_id, "topic": self.topic.currentData(), "response_id": self.comment.currentData(),
            "owner": self.owner.text(), "due_date": None if self.no_due.isChecked() else self.due.date().toPython(),
            "status": status.value, "what_done": self.what_done.toPlainText(),
            "done_on": self.done_on.date().toPython() if status.finished else None,
        }

    # ----- the comments of the event

    def _load_comments(self, linked: str | None, linked_text: str) -> None:
        if self.event_id is None:
            self.comment.setEnabled(False)
            self.comment.setItemText(0, _("Only an action for an event can be linked to a comment"))
            return
        self.comment.setEnabled(False)
        from app.store.actions import linkable_comments

        def show(choices: list[CommentChoice]) -> None:
            if shiboken6.isValid(self):
                self.set_comments(choices, linked, linked_text)

        self.tasks.run_in_session(
            self.store, linkable_comments, self.event_id, on_success=show,
            on_failure=while_alive(self, lambda _error: self.set_comments([], linked, "")))

    def set_comments(self, choices: Sequence[CommentChoice], linked: str | None, linked_text: str) -> None:
        wanted = self.comment.currentData() or linked
        self.comment.clear()
        self.comment.addItem(_("No comment linked") if choices else _("This event has no comments yet"), None)
        for choice in choices:
            self.comment.addItem(comment_line(choice), choice.response_id)
            self.comment.setItemData(self.comment.count() - 1, choice.text, Qt.ItemDataRole.ToolTipRole)
        if wanted and self.comment.findData(wanted) < 0 and linked_text:  # kept even if the list lacks it
            self.comment.addItem(f"“{linked_text[:COMMENT_SHOWN]}”", wanted)
        self.comment.setCurrentIndex(max(0, self.comment.findData(wanted)) if wanted else 0)
        self.comment.setEnabled(True)
        self.sig_comments_shown.emit()

    # ----- saving

    def _checked(self) -> ActionDetails:
        topics = list(self.topics) + ([self.topic.currentData()] if self.topic.currentData() else [])
        return validate_action(self.values(), today=dt.date.today(), topics=topics)
