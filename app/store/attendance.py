"""PPG meetings: who attended (members and guests), and issues the group raised."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.i18n import _
from app.core.meeting_issues import ISSUE_QUESTION, ISSUE_SURVEY
from app.core.responses import ResponseMode
from app.core.surveys import Survey
from app.core.validation import clean_text
from app.store.activities import record_meeting
from app.store.errors import NotFound
from app.store.events import get_event
from app.store.models import Attendance, Response, utcnow
from app.store.people import PersonRecord, ppg_members
from app.store.responses import submit_response

GUEST_NAME_MAX = 200


@dataclass(frozen=True)
class RegisterLine:
    member: PersonRecord
    present: bool


@dataclass(frozen=True)
class Guest:
    id: str
    name: str


@dataclass(frozen=True)
class Register:
    members: tuple[RegisterLine, ...]
    guests: tuple[Guest, ...]

    @property
    def present_count(self) -> int:
        return sum(line.present for line in self.members) + len(self.guests)


def register(session: Session, event_id: str) -> Register:
    """The members of the event's PPG, each marked present or not, and the guests."""
    event = get_event(session, event_id)
    rows = list(session.scalars(select(Attendance).where(Attendance.event_id == event_id,
                                                         Attendance.deleted_at.is_(None))))
    present = {row.person_id for row in rows if row.person_id}
    members = ppg_members(session, event.details.practice_id) if event.details.practice_id else []
    guests = tuple(Guest(row.id, row.guest_name) for row in sorted(rows, key=lambda r: r.created_at)
                   if row.person_id is None)
    return Register(tuple(RegisterLine(m, m.id in present) for m in members), guests)


def set_present(session: Session, device_id: str, event_id: str, person_id: str, present: bool) -> None:
    """Mark a member present or absent; their involvement log gains or loses the meeting with it."""
    row = session.scalar(select(Attendance).where(Attendance.event_id == event_id,
                                                  Attendance.person_id == person_id))
    if row is None:
        if present:
            session.add(Attendance(device_id=device_id, event_id=event_id, person_id=person_id))
    elif (row.deleted_at is None) != present:
        row.deleted_at = None if present else utcnow()
    session.flush()
    record_meeting(session, device_id, event_id, person_id, present)  # the member's involvement log


def add_guest(session: Session, device_id: str, event_id: str, name: object) -> Guest:
    text = " ".join(clean_text(name, max_length=GUEST_NAME_MAX).split())
    if not text:
        raise ValueError(_("Type the guest's name."))
    row = Attendance(device_id=device_id, event_id=event_id, person_id=None, guest_name=text)
    session.add(row)
    session.flush()
    return Guest(row.id, text)


def remove_guest(session: Session, guest_id: str) -> None:
    """Take a guest off the register; their name is removed, not just hidden."""
    row = session.get(Attendance, guest_id)
    if row is None or row.deleted_at is not None or row.person_id is not None:
        raise NotFound(_("That guest is no longer on the register."))
    row.guest_name = ""
    row.deleted_at = utcnow()


def record_group_issue(session: Session, device_id: str, event_id: str, issue: object,
                       topics: Sequence[str] = (), topics_survey: Survey | None = None) -> str:
    """An issue raised at the meeting, saved as staff-recorded feedback from the group.

    Raises ``ResponseError`` (a ``ValueError``) when the issue is empty or a topic is unknown.
    """
    response_id = str(uuid.uuid4())
    surveys = {ISSUE_SURVEY.id: ISSUE_SURVEY}
    answers: dict[str, dict[str, object]] = {ISSUE_SURVEY.id: {ISSUE_QUESTION: issue}}
    if topics_survey is not None:
        surveys[topics_survey.id] = topics_survey
        answers[topics_survey.id] = {"topics": list(topics)} if topics else {}
    submit_response(session, response_id=response_id, device_id=device_id, event_id=event_id,
                    surveys=surveys, answers=answers, mode=ResponseMode.STAFF, language="en",
                    raised_by_group=True)
    return response_id


def group_issues(session: Session, event_id: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(id, issue, topics) for each issue the group raised at this event, oldest first."""
    rows = session.execute(select(Response.id, Response.answers).where(
        Response.event_id == event_id, Response.raised_by_group.is_(True), Response.deleted_at.is_(None))
        .order_by(Response.submitted_at))
    issues = []
    for rid, answers in rows:
        given = json.loads(answers)
        issues.append((rid, given.get(ISSUE_SURVEY.id, {}).get(ISSUE_QUESTION, ""),
                       tuple(given.get("topics", {}).get("topics", ()))))
    return issues
