""""You said, we did": reading and writing actions. Callers get plain snapshots, safe to hand
between threads.

Staff screens show a linked comment as it was typed; the public summary never prints one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import fft
from app.core.actions import ActionDetails, ActionStatus, is_overdue
from app.core.i18n import _
from app.core.meeting_issues import ISSUE_QUESTION, ISSUE_SURVEY_ID
from app.core.validation import ValidationError
from app.store.errors import NotFound
from app.store.events import MIN_PREFIX, AmbiguousRef, StaleEdit
from app.store.models import Action, Event, Response, utcnow

COMMENT_PREVIEW = 200  # characters of a comment shown in the picker


@dataclass(frozen=True)
class ActionRecord:
    """One action as stored, with its event's name and date and the comment it is linked to."""

    id: str
    version: int
    details: ActionDetails
    event_name: str  # "" when agreed across events
    event_date: dt.date | None
    comment: str  # the linked comment as typed, "" when none
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def status(self) -> ActionStatus:
        return self.details.status

    def overdue(self, today: dt.date) -> bool:
        return is_overdue(self.details, today)

    def as_json(self) -> dict[str, object]:
        d = self.details
        return {
            "id": self.id, "event_id": d.event_id, "event": self.event_name,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "topic": d.topic, "response_id": d.response_id, "you_said": d.you_said, "we_will": d.we_will,
            "owner": d.owner, "due_date": d.due_date.isoformat() if d.due_date else None,
            "status": d.status.value, "what_done": d.what_done,
            "done_on": d.done_on.isoformat() if d.done_on else None, "version": self.version,
        }


@dataclass(frozen=True)
class CommentChoice:
    """A comment an action can be linked to, as the picker lists it."""

    response_id: str
    submitted_at: dt.datetime  # UTC
    fft_answer: str | None  # the stored FFT answer value, such as "poor"
    text: str  # the first COMMENT_PREVIEW characters
    raised_by_group: bool = False  # an issue a PPG raised at its meeting, not one person's comment


class ActionStaleEdit(StaleEdit):
    """The action changed since the person opened it; their edit was not saved."""


def add_action(session: Session, device_id: str, details: ActionDetails, *,
               topics: Collection[str] | None = None) -> ActionRecord:
    _check_links(session, details, topics)
    action = Action(device_id=device_id, **_columns(details))
    session.add(action)
    session.flush()
    return _record(session, action)


def update_action(session: Session, action_id: str, details: ActionDetails, expected_version: int | None = None, *,
                  topics: Collection[str] | None = None) -> ActionRecord:
    """Save new details; with ``expected_version``, refuse if someone saved in between."""
    action = _live(session, action_id)
    if expected_version is not None and action.version != expected_version:
        raise ActionStaleEdit(_("This action was changed elsewhere while you were editing it. "
                                "Close it and open it again to see the latest details."))
    _check_links(session, details, topics)
    columns = _columns(details)
    if any(getattr(action, name) != value for name, value in columns.items()):
        for name, value in columns.items():
            setattr(action, name, value)
    session.flush()
    return _record(session, action)


def reopen_action(session: Session, action_id: str, expected_version: int | None = None) -> ActionRecord:
    """Put a finished action (done, or could not be done) back in progress: the day it was done
    is cleared, and what was written about it stays as the team's notes. An open one is unchanged."""
    action = _live(session, action_id)
    if expected_version is not None and action.version != expected_version:
        raise ActionStaleEdit(_("This action was changed elsewhere meanwhile. Close it and open it again to see "
                                "the latest details."))
    if action.status in (ActionStatus.DONE.value, ActionStatus.NOT_POSSIBLE.value):
        action.status = ActionStatus.IN_PROGRESS.value
        action.done_on = None
        session.flush()
    return _record(session, action)


def delete_action(session: Session, action_id: str) -> ActionRecord:
    """Delete an action (a tombstone the sync sends, so other laptops and the centre drop it too)."""
    action = _live(session, action_id)
    action.deleted_at = utcnow()
    session.flush()
    return _record(session, action)


def restore_action(session: Session, action_id: str) -> ActionRecord:
    """Undo a deletion."""
    action = session.get(Action, action_id)
    if action is None:
        raise NotFound(_("That action no longer exists."))
    if action.deleted_at is not None:
        action.deleted_at = None
    session.flush()
    return _record(session, action)


def get_action(session: Session, action_id: str) -> ActionRecord:
    return _record(session, _live(session, action_id))


def list_actions(session: Session, event_id: str | None = None, *, include_finished: bool = True,
                 date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[ActionRecord]:
    """An event's actions, or every event's (``event_id`` None). Open ones first, soonest due first
    (those with no date after), then finished ones, latest done first.

    ``date_from``/``date_to`` keep actions whose event falls in the range; an action agreed
    across events counts by the day it was agreed.
    """
    query = (select(Action, Event.name, Event.event_date)
             .outerjoin(Event, Event.id == Action.event_id)
             .where(Action.deleted_at.is_(None), Event.deleted_at.is_(None)))
    if event_id is not None:
        query = query.where(Action.event_id == event_id)
    rows = session.execute(query).all()
    comments = _comments(session, [a.response_id for a, _n, _d in rows if a.response_id])
    found = []
    for action, name, day in rows:
        record = _snapshot(action, name or "", day, comments.get(action.response_id or "", ""))
        if not include_finished and record.status.finished:
            continue
        when = day or record.created_at.astimezone().date()  # the local day, as reports count it
        if (date_from is not None and when < date_from) or (date_to is not None and when > date_to):
            continue
        found.append(record)
    return sorted(found, key=_order)


def resolve_action(session: Session, ref: str) -> ActionRecord:
    """The one live action whose id is ``ref`` or starts with it."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFound(_("Give at least {n} characters of the action's id.").format(n=MIN_PREFIX))
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = session.scalars(select(Action).where(Action.deleted_at.is_(None),
                                                   Action.id.like(escaped + "%", escape="\\")).limit(2)).all()
    if not matches:
        raise NotFound(_("No action has an id starting '{ref}'.").format(ref=ref))
    if len(matches) > 1:
        raise AmbiguousRef(_("More than one action has an id starting '{ref}'; give more of it.").format(ref=ref))
    return _record(session, matches[0])


def linkable_comments(session: Session, event_id: str) -> list[CommentChoice]:
    """The event's responses with a comment, and the issues its PPG raised, oldest first, for the
    "Linked comment" picker: an action agreed for a raised issue is linked to it, so the PPG
    network counts the two as one issue."""
    query = (select(Response.id, Response.submitted_at, Response.fft_rating, Response.answers,
                    Response.raised_by_group)
             .where(Response.event_id == event_id, Response.deleted_at.is_(None))
             .order_by(Response.submitted_at, Response.id))
    found = []
    for rid, at, rating, answers, raised in session.execute(query):
        text = _comment_of(answers)
        if text:
            found.append(CommentChoice(rid, at, rating, text[:COMMENT_PREVIEW], bool(raised)))
    return found


# ----- inside

def _order(record: ActionRecord) -> tuple:
    d = record.details
    if not d.status.finished:
        return (0, d.due_date or dt.date.max, record.created_at, record.id)
    done = d.done_on or dt.date.min
    return (1, -done.toordinal(), -record.created_at.timestamp(), record.id)


def _live(session: Session, action_id: str) -> Action:
    action = session.get(Action, action_id)
    if action is None or action.deleted_at is not None:
        raise NotFound(_("That action no longer exists; someone may have deleted it."))
    return action


def _check_links(session: Session, details: ActionDetails, topics: Collection[str] | None) -> None:
    """The event exists, the linked comment is one of that event's, the topic is a topics answer."""
    errors: dict[str, str] = {}
    if details.event_id is not None:
        event = session.get(Event, details.event_id)
        if event is None or event.deleted_at is not None:
            raise NotFound(_("That event no longer exists."))
    if details.response_id is not None:
        response = session.get(Response, details.response_id)
        if details.event_id is None:
            errors["response_id"] = _("Only an action for an event can be linked to one of its comments.")
        elif response is None or response.deleted_at is not None or response.event_id != details.event_id:
            errors["response_id"] = _("That comment is not one of this event's; choose one from the list.")
    if details.topic is not None and topics is not None and details.topic not in topics:
        errors["topic"] = _("'{topic}' is not one of the feedback topics.").format(topic=details.topic)
    if errors:
        raise ValidationError(errors)


def _columns(details: ActionDetails) -> dict[str, object]:
    values = {f.name: getattr(details, f.name) for f in fields(details)}
    values["status"] = details.status.value
    return values


def _comment_of(answers: str) -> str:
    """The FFT comment, or the words of an issue a PPG raised (kept as a response of its own)."""
    try:
        given = json.loads(answers)
        comment = given.get(fft.SURVEY_ID, {}).get(fft.COMMENT_QUESTION) or \
            given.get(ISSUE_SURVEY_ID, {}).get(ISSUE_QUESTION)
    except (ValueError, AttributeError):
        return ""
    return comment.strip() if isinstance(comment, str) else ""


def _comments(session: Session, response_ids: list[str]) -> dict[str, str]:
    if not response_ids:
        return {}
    query = select(Response.id, Response.answers).where(Response.id.in_(set(response_ids)),
                                                        Response.deleted_at.is_(None))
    return {rid: _comment_of(answers) for rid, answers in session.execute(query)}


def _snapshot(action: Action, event_name: str, event_date: dt.date | None, comment: str) -> ActionRecord:
    try:
        status = ActionStatus(action.status)
    except ValueError:  # a status from a newer version of the app: shown as still open
        status = ActionStatus.IN_PROGRESS
    details = ActionDetails(
        you_said=action.you_said, we_will=action.we_will, event_id=action.event_id, topic=action.topic,
        response_id=action.response_id, owner=action.owner, due_date=action.due_date, status=status,
        what_done=action.what_done, done_on=action.done_on)
    return ActionRecord(action.id, action.version, details, event_name, event_date, comment,
                        action.created_at, action.updated_at)


def _record(session: Session, action: Action) -> ActionRecord:
    event = session.get(Event, action.event_id) if action.event_id else None
    comment = _comments(session, [action.response_id]).get(action.response_id, "") if action.response_id else ""
    return _snapshot(action, event.name if event else "", event.event_date if event else None, comment)
