"""Reading and writing events. Callers get plain snapshots, safe to hand between threads.

Members' log entries for an event keep their own copy of its name, day and length (each is a
row of its own, synced and reported on its own); when the event changes, :func:`follow_meeting`
brings them in line in the same transaction, and their new versions go up at the next sync.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.events import FIELDS, EventDetails, EventKind
from app.core.i18n import _
from app.core.validation import ValidationError
from app.store.errors import NotFound, StoreError
from app.store.models import Activity, Event, GpPractice, utcnow

MIN_PREFIX = 4


@dataclass(frozen=True)
class EventRecord:
    """One event as stored, detached from any session."""

    id: str
    version: int
    details: EventDetails
    created_at: dt.datetime
    updated_at: dt.datetime
    archived_at: dt.datetime | None

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def name(self) -> str:
        return self.details.name

    def as_json(self) -> dict[str, object]:
        d = self.details
        return {
            "id": self.id,
            "name": d.name,
            "kind": d.kind.value,
            "date": d.event_date.isoformat(),
            "start_time": d.start_time.strftime("%H:%M") if d.start_time else None,
            "end_time": d.end_time.strftime("%H:%M") if d.end_time else None,
            "venue": d.venue,
            "locality": d.locality,
            "organiser": d.organiser,
            "partners": d.partners,
            "notes": d.notes,
            "surveys": list(d.survey_ids),
            "practice_id": d.practice_id,
            "service": d.service,
            "easy_read": d.easy_read,
            "archived": self.archived,
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class MeetingFacts:
    """What a log entry for an event keeps its own copy of: the name, the day and how long it ran."""

    title: str
    day: dt.date
    minutes: int


def meeting_facts(event: Event) -> MeetingFacts:
    return MeetingFacts(event.name[:200], event.event_date, meeting_minutes(event.start_time, event.end_time))


def meeting_minutes(start: dt.time | None, end: dt.time | None) -> int:
    """How long a meeting ran, from its start and end times; 0 when either is unknown."""
    if start is None or end is None:
        return 0
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else 0


class AmbiguousRef(NotFound):
    """More than one event's id starts with what was given."""


class StaleEdit(StoreError):
    """The event changed since the person opened it; their edit was not saved."""


def _record(event: Event) -> EventRecord:
    plain = {name: getattr(event, name) for name in FIELDS if name not in ("kind", "survey_ids")}
    details = EventDetails(**plain, kind=EventKind(event.kind), survey_ids=tuple(json.loads(event.survey_ids)))
    return EventRecord(event.id, event.version, details, event.created_at, event.updated_at,
                       event.archived_at)


def add_event(session: Session, device_id: str, details: EventDetails) -> EventRecord:
    _check_practice(session, details)
    event = Event(device_id=device_id, **_columns(details))
    session.add(event)
    session.flush()
    return _record(event)


def update_event(session: Session, event_id: str, details: EventDetails,
                 expected_version: int | None = None) -> EventRecord:
    """Save new details; with ``expected_version``, refuse if someone saved in between.

    Members' log entries for the event follow a new name, day or times, in the same transaction.
    """
    event = _live(session, event_id)
    _check_practice(session, details)
    if expected_version is not None and event.version != expected_version:
        raise StaleEdit(_("This event was changed elsewhere while you were editing it. "
                          "Close it and open it again to see the latest details."))
    before = meeting_facts(event)
    columns = _columns(details)
    if any(getattr(event, name) != value for name, value in columns.items()):
        for name, value in columns.items():
            setattr(event, name, value)
    session.flush()
    follow_meeting(session, event.id, before)
    return _record(event)


def set_archived(session: Session, event_id: str, archived: bool) -> EventRecord:
    event = _live(session, event_id)
    if (event.archived_at is not None) != archived:
        event.archived_at = utcnow() if archived else None
    session.flush()
    return _record(event)


def follow_meeting(session: Session, event_id: str, before: MeetingFacts) -> int:
    """Bring members' (and organisations') live log entries for an event in line with it after it
    changed from ``before``, here or in a change that came down from the centre.

    Each entry's title, date and length that still say what the event said before take what it
    says now; one that staff changed by hand stays as it is. Returns how many entries changed.
    """
    event = session.get(Event, event_id)
    if event is None:
        return 0
    now = meeting_facts(event)
    if now == before:
        return 0
    changed = 0
    for row in session.scalars(select(Activity).where(Activity.event_id == event_id, Activity.deleted_at.is_(None))):
        was = (row.title, row.activity_date, row.minutes)
        if row.title == before.title:
            row.title = now.title
        if row.activity_date == before.day:
            row.activity_date = now.day
        if row.minutes == before.minutes:
            row.minutes = now.minutes
        changed += was != (row.title, row.activity_date, row.minutes)
    session.flush()
    return changed


def get_event(session: Session, event_id: str) -> EventRecord:
    return _record(_live(session, event_id))


def list_events(session: Session, *, include_archived: bool = False) -> list[EventRecord]:
    """Events latest date first, then latest start time, then most recently made."""
    query = select(Event).where(Event.deleted_at.is_(None))
    if not include_archived:
        query = query.where(Event.archived_at.is_(None))
    query = query.order_by(Event.event_date.desc(), Event.start_time.desc(), Event.created_at.desc())
    return [_record(e) for e in session.scalars(query)]


def resolve_event(session: Session, ref: str) -> EventRecord:
    """The one event whose id is ``ref`` or starts with it."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFound(_("Give at least {n} characters of the event's id.").format(n=MIN_PREFIX))
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = session.scalars(
        select(Event).where(Event.deleted_at.is_(None), Event.id.like(escaped + "%", escape="\\"))
        .limit(2)
    ).all()
    if not matches:
        raise NotFound(_("No event has an id starting '{ref}'.").format(ref=ref))
    if len(matches) > 1:
        raise AmbiguousRef(_("More than one event has an id starting '{ref}'; give more of it.").format(ref=ref))
    return _record(matches[0])


def count_events(session: Session) -> dict[str, int]:
    live = Event.deleted_at.is_(None)
    total = session.scalar(select(func.count()).select_from(Event).where(live)) or 0
    archived = session.scalar(select(func.count()).select_from(Event).where(live, Event.archived_at.is_not(None))) or 0
    pending = session.scalar(select(func.count()).select_from(Event).where(Event.version > Event.synced_version)) or 0
    return {"events": total, "archived_events": archived, "events_waiting_to_sync": pending}


def _live(session: Session, event_id: str) -> Event:
    event = session.get(Event, event_id)
    if event is None or event.deleted_at is not None:
        raise NotFound(_("That event no longer exists."))
    return event


def _check_practice(session: Session, details: EventDetails) -> None:
    if details.practice_id is None:
        return
    practice = session.get(GpPractice, details.practice_id)
    if practice is None or practice.deleted_at is not None:
        raise ValidationError({"practice_id": _("That GP practice is not on the list; choose one from the list.")})


def _columns(details: EventDetails) -> dict[str, object]:
    values = {f.name: getattr(details, f.name) for f in fields(details)}
    values["kind"] = details.kind.value
    values["survey_ids"] = json.dumps(list(details.survey_ids))
    return values
