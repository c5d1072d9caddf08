"""Reading and writing events. Callers get plain snapshots, safe to hand between threads."""

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
from app.store.models import Event, GpPractice, utcnow

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
    """Save new details; with ``expected_version``, refuse if someone saved in between."""
    event = _live(session, event_id)
    _check_practice(session, details)
    if expected_version is not None and event.version != expected_version:
        raise StaleEdit(_("This event was changed elsewhere while you were editing it. "
                          "Close it and open it again to see the latest details."))
    columns = _columns(details)
    if any(getattr(event, name) != value for name, value in columns.items()):
        for name, value in columns.items():
            setattr(event, name, value)
    session.flush()
    return _record(event)


def set_archived(session: Session, event_id: str, archived: bool) -> EventRecord:
    event = _live(session, event_id)
    if (event.archived_at is not None) != archived:
        event.archived_at = utcnow() if archived else None
    session.flush()
    return _record(event)


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
