"""The involvement log: activities of members (and organisations), their totals, and the entries
PPG meeting registers feed in. Callers get plain snapshots, safe to hand between threads.

One live entry per member per meeting: marking a member present at a PPG meeting logs it
(:func:`record_meeting`), marking them absent removes it, a member already logged for the
meeting by hand is not logged twice, and merging two records of one person keeps one.

An entry keeps its own copy of the meeting's name, day and length, so when the meeting is
renamed, moved or its times change, the entries for it follow in the same transaction
(:func:`app.store.events.follow_meeting`) and go up at the next sync; what staff changed by
hand in an entry stays as they wrote it.

A member who withdrew, was erased or was merged cannot have anything new logged. Erasure
removes their log with everything else (:func:`erase_involvement`): the entries and claims
become tombstones with their notes and descriptions emptied, so the erasure reaches the centre
too; their hours drop out of later totals. Withdrawal leaves the log as it was (it is a record
of what they did, and contacts no one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.core.i18n import _
from app.core.involvement import ActivityDetails
from app.core.network import ActivityKind, Level
from app.core.signups import PersonStatus
from app.store.errors import NotFound, StoreError
from app.store.events import MIN_PREFIX, AmbiguousRef, StaleEdit, meeting_facts
from app.store.models import Activity, Claim, Event, Organisation, Person, Programme, utcnow

_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])
MEETING_LEVEL = Level.INVOLVE  # a PPG member at their group's meeting


class NotLoggable(StoreError):
    """The person withdrew, was erased or was merged; nothing new goes in their log."""


class AlreadyLogged(StoreError):
    """The member's log already holds this event."""


class ActivityStaleEdit(StaleEdit):
    """The entry changed since the person opened it; their edit was not saved."""


@dataclass(frozen=True)
class ActivityRecord:
    """One log entry as stored, with the names of its event and programme."""

    id: str
    version: int
    details: ActivityDetails
    person_id: str | None
    organisation_id: str | None
    event_name: str  # "" when not linked to an event
    programme_name: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def from_register(self) -> bool:
        """Logged from a PPG meeting's register."""
        return self.details.kind is ActivityKind.PPG_MEETING and self.details.event_id is not None

    def as_json(self) -> dict[str, object]:
        d = self.details
        return {"id": self.id, "person_id": self.person_id, "organisation_id": self.organisation_id,
                "kind": d.kind.value, "title": d.title, "date": d.activity_date.isoformat(),
                "minutes": d.minutes, "hours": round(d.minutes / 60, 2), "role": d.role, "level": d.level.value,
                "event_id": d.event_id, "event": self.event_name, "programme_id": d.programme_id,
                "programme": self.programme_name, "notes": d.notes, "version": self.version}


@dataclass(frozen=True)
class Totals:
    """How much was logged: entries, minutes, and both by rung of the ladder."""

    count: int = 0
    minutes: int = 0
    people: int = 0  # different members
    count_by_level: dict[Level, int] = field(default_factory=dict)
    minutes_by_level: dict[Level, int] = field(default_factory=dict)

    @property
    def hours(self) -> float:
        return self.minutes / 60

    def as_json(self) -> dict[str, object]:
        return {"count": self.count, "minutes": self.minutes, "hours": round(self.hours, 2), "people": self.people,
                "by_level": {level.value: {"count": self.count_by_level.get(level, 0),
                                           "minutes": self.minutes_by_level.get(level, 0)} for level in Level}}


# ----- writing

def add_activity(session: Session, device_id: str, details: ActivityDetails, *, person_id: str | None = None,
                 organisation_id: str | None = None) -> ActivityRecord:
    """Log an activity for a member or an organisation (exactly one of them)."""
    if (person_id is None) == (organisation_id is None):
        raise StoreError(_("An activity is logged for one member or one organisation."))
    if person_id is not None:
        check_loggable(session, person_id)
        _check_once(session, person_id, details.event_id)
    else:
        _live_organisation(session, organisation_id or "")
    _check_links(session, details)
    activity = Activity(device_id=device_id, person_id=person_id, organisation_id=organisation_id,
                        **_columns(details))
    session.add(activity)
    session.flush()
    return _record(session, activity)


def update_activity(session: Session, activity_id: str, details: ActivityDetails,
                    expected_version: int | None = None) -> ActivityRecord:
    """Save new details; with ``expected_version``, refuse if someone saved in between."""
    activity = _live(session, activity_id)
    if expected_version is not None and activity.version != expected_version:
        raise ActivityStaleEdit(_("This entry was changed elsewhere while you were editing it. Close it and open "
                                  "it again to see the latest details."))
    if activity.person_id is not None:
        check_loggable(session, activity.person_id)
        if details.event_id != activity.event_id:
            _check_once(session, activity.person_id, details.event_id)
    _check_links(session, details)
    for name, value in _columns(details).items():
        if getattr(activity, name) != value:
            setattr(activity, name, value)
    session.flush()
    return _record(session, activity)


def delete_activity(session: Session, activity_id: str) -> ActivityRecord:
    """Remove an entry from the log (a tombstone the sync sends)."""
    activity = _live(session, activity_id)
    activity.deleted_at = utcnow()
    session.flush()
    return _record(session, activity)


def record_meeting(session: Session, device_id: str, event_id: str, person_id: str, present: bool) -> None:
    """Keep a member's log in step with a PPG meeting's register: one live entry for the meeting
    while they are marked present, none once they are marked absent.

    An entry they already have for the meeting (logged by hand, or fed in before) is kept and
    not doubled; one removed by an earlier "absent" comes back. Nothing is logged for someone
    who withdrew, was erased or merged, nor for a meeting that was deleted.
    """
    rows = list(session.scalars(select(Activity).where(Activity.person_id == person_id,
                                                       Activity.event_id == event_id)))
    live = [row for row in rows if row.deleted_at is None]
    if not present:
        now = utcnow()
        for row in live:
            if row.kind == ActivityKind.PPG_MEETING.value:
                row.deleted_at = now
        session.flush()
        return
    if live:
        return
    event = session.get(Event, event_id)
    if event is None or event.deleted_at is not None or _why_not(session.get(Person, person_id)) is not None:
        return
    fed = [row for row in rows if row.kind == ActivityKind.PPG_MEETING.value]
    if fed:
        row = max(fed, key=lambda r: r.updated_at)
        row.deleted_at = None
        _fill_from_meeting(row, event)
    else:
        row = Activity(device_id=device_id, person_id=person_id, event_id=event_id, notes="", role="",
                       programme_id=None)
        _fill_from_meeting(row, event)
        session.add(row)
    session.flush()


def move_involvement(session: Session, from_id: str, to_id: str) -> None:
    """A duplicate's log and claims become the kept person's (when two records of one person are
    merged); of two entries for the same meeting, the kept person's stays and the other goes."""
    kept_events = {row.event_id for row in session.scalars(select(Activity).where(
        Activity.person_id == to_id, Activity.deleted_at.is_(None), Activity.event_id.is_not(None)))}
    now = utcnow()
    for row in session.scalars(select(Activity).where(Activity.person_id == from_id)):
        row.person_id = to_id
        if row.deleted_at is None and row.event_id is not None and row.event_id in kept_events:
            row.deleted_at = now
    for claim in session.scalars(select(Claim).where(Claim.person_id == from_id)):
        claim.person_id = to_id
    session.flush()


def erase_involvement(session: Session, person_id: str) -> None:
    """Part of erasing a person: their log entries and claims become tombstones, with the notes,
    role and description (free text that may say anything about them) emptied."""
    now = utcnow()
    for row in session.scalars(select(Activity).where(Activity.person_id == person_id)):
        row.notes, row.role = "", ""
        row.deleted_at = row.deleted_at or now
    for claim in session.scalars(select(Claim).where(Claim.person_id == person_id)):
        claim.description = ""
        claim.deleted_at = claim.deleted_at or now
    session.flush()


# ----- reading

def get_activity(session: Session, activity_id: str) -> ActivityRecord:
    return _record(session, _live(session, activity_id))


def list_activities(session: Session, *, person_id: str | None = None, organisation_id: str | None = None,
                    date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[ActivityRecord]:
    """Live entries, latest first: a member's, an organisation's, or everyone's (neither given)."""
    query = (select(Activity, Event.name, Programme.name)
             .outerjoin(Event, Event.id == Activity.event_id)
             .outerjoin(Programme, Programme.id == Activity.programme_id)
             .where(Activity.deleted_at.is_(None)))
    query = _filtered(query, person_id, organisation_id, date_from, date_to)
    query = query.order_by(Activity.activity_date.desc(), Activity.created_at.desc(), Activity.id)
    return [_snapshot(a, event or "", programme or "") for a, event, programme in session.execute(query)]


def activity_totals(session: Session, *, person_id: str | None = None, organisation_id: str | None = None,
                    date_from: dt.date | None = None, date_to: dt.date | None = None) -> Totals:
    """Entries, time and rungs of the ladder logged for a member, an organisation, or everyone."""
    query = select(Activity.person_id, Activity.minutes, Activity.level).where(Activity.deleted_at.is_(None))
    query = _filtered(query, person_id, organisation_id, date_from, date_to)
    count = minutes = 0
    people: set[str] = set()
    counts: dict[Level, int] = {}
    times: dict[Level, int] = {}
    for who, mins, level_value in session.execute(query):
        level = _level(level_value)
        count += 1
        minutes += mins
        counts[level] = counts.get(level, 0) + 1
        times[level] = times.get(level, 0) + mins
        if who:
            people.add(who)
    return Totals(count, minutes, len(people), counts, times)


def resolve_activity(session: Session, ref: str) -> ActivityRecord:
    """The one live entry whose id is ``ref`` or starts with it."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFound(_("Give at least {n} characters of the activity's id.").format(n=MIN_PREFIX))
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = session.scalars(select(Activity).where(Activity.deleted_at.is_(None),
                                                     Activity.id.like(escaped + "%", escape="\\")).limit(2)).all()
    if not matches:
        raise NotFound(_("No activity has an id starting '{ref}'.").format(ref=ref))
    if len(matches) > 1:
        raise AmbiguousRef(_("More than one activity has an id starting '{ref}'; give more of it.").format(ref=ref))
    return _record(session, matches[0])


def check_loggable(session: Session, person_id: str) -> None:
    """Raise ``NotLoggable`` (one sentence) unless the person may have something new logged."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(_("That person is no longer on the list."))
    refused = _why_not(person)
    if refused is not None:
        raise NotLoggable(refused)


# ----- inside

def _why_not(person: Person | None) -> str | None:
    if person is None:
        return _("That person is no longer on the list.")
    status = PersonStatus(person.status)
    if status is PersonStatus.WITHDRAWN:
        return _("{name} withdrew their consent, so nothing new can be logged for them.").format(name=person.name)
    if status is PersonStatus.ERASED:
        return _("This person's details were erased, so nothing can be logged for them.")
    if status is PersonStatus.MERGED or person.deleted_at is not None:
        return _("This record was merged into another one; log it for that record instead.")
    return None


def _check_once(session: Session, person_id: str, event_id: str | None) -> None:
    if event_id is None:
        return
    taken = session.scalar(select(Activity.id).where(Activity.person_id == person_id, Activity.event_id == event_id,
                                                     Activity.deleted_at.is_(None)).limit(1))
    if taken is not None:
        raise AlreadyLogged(_("This member's log already has that event; edit that entry instead."))


def _check_links(session: Session, details: ActivityDetails) -> None:
    if details.event_id is not None:
        event = session.get(Event, details.event_id)
        if event is None or event.deleted_at is not None:
            raise NotFound(_("That event no longer exists."))
    if details.programme_id is not None:
        programme = session.get(Programme, details.programme_id)
        if programme is None or programme.deleted_at is not None:
            raise NotFound(_("That programme no longer exists."))


def _live_organisation(session: Session, organisation_id: str) -> None:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.deleted_at is not None:
        raise NotFound(_("That organisation is no longer on the list."))


def _live(session: Session, activity_id: str) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None or activity.deleted_at is not None:
        raise NotFound(_("That entry is no longer in the log; someone may have removed it."))
    return activity


def _fill_from_meeting(row: Activity, event: Event) -> None:
    facts = meeting_facts(event)
    row.kind = ActivityKind.PPG_MEETING.value
    row.title, row.activity_date, row.minutes = facts.title, facts.day, facts.minutes
    row.level = MEETING_LEVEL.value


def _filtered(query: _Query, person_id: str | None, organisation_id: str | None, date_from: dt.date | None,
              date_to: dt.date | None) -> _Query:
    if person_id is not None:
        query = query.where(Activity.person_id == person_id)
    if organisation_id is not None:
        query = query.where(Activity.organisation_id == organisation_id)
    if date_from is not None:
        query = query.where(Activity.activity_date >= date_from)
    if date_to is not None:
        query = query.where(Activity.activity_date <= date_to)
    return query


def _columns(details: ActivityDetails) -> dict[str, object]:
    return {"kind": details.kind.value, "title": details.title, "activity_date": details.activity_date,
            "minutes": details.minutes, "role": details.role, "level": details.level.value,
            "event_id": details.event_id, "programme_id": details.programme_id, "notes": details.notes}


def _level(value: str) -> Level:
    try:
        return Level(value)
    except ValueError:  # a rung from a newer version of the app
        return MEETING_LEVEL


def _kind(value: str) -> ActivityKind:
    try:
        return ActivityKind(value)
    except ValueError:
        return ActivityKind.OTHER


def _snapshot(activity: Activity, event_name: str, programme_name: str) -> ActivityRecord:
    details = ActivityDetails(
        kind=_kind(activity.kind), title=activity.title, activity_date=activity.activity_date,
        level=_level(activity.level), minutes=activity.minutes, role=activity.role, event_id=activity.event_id,
        programme_id=activity.programme_id, notes=activity.notes)
    return ActivityRecord(activity.id, activity.version, details, activity.person_id, activity.organisation_id,
                          event_name, programme_name, activity.created_at, activity.updated_at)


def _record(session: Session, activity: Activity) -> ActivityRecord:
    event = session.get(Event, activity.event_id) if activity.event_id else None
    programme = session.get(Programme, activity.programme_id) if activity.programme_id else None
    return _snapshot(activity, event.name if event else "", programme.name if programme else "")
