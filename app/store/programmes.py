"""Programmes and decisions: reading and writing them, and linking the events and "you said, we
did" actions that informed them. Callers get plain snapshots, safe to hand between threads.

Programmes are shared records (any laptop may correct one, as with events, and they come down
to every laptop). A link is made on one laptop: an event is shared, so a link to one reads the
same everywhere the link is; an action stays on the laptop that made it. There is at most one
live link per programme and event, and per programme and action: linking again changes nothing,
and linking after an unlink brings the old link back rather than making a second one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.actions import ActionStatus
from app.core.i18n import _
from app.core.programmes import Duty, ProgrammeDetails
from app.store.errors import NotFound, StoreError
from app.store.events import MIN_PREFIX, AmbiguousRef
from app.store.models import Action, Activity, Event, Person, Programme, ProgrammeLink, Response, utcnow


@dataclass(frozen=True)
class ProgrammeRecord:
    """One programme as stored, with how many events and actions are linked to it."""

    id: str
    version: int
    details: ProgrammeDetails
    created_at: dt.datetime
    updated_at: dt.datetime
    events: int = 0
    actions: int = 0

    @property
    def name(self) -> str:
        return self.details.name

    def as_json(self) -> dict[str, object]:
        d = self.details
        return {
            "id": self.id, "name": d.name, "decision": d.decision, "duty": d.duty.value,
            "duty_notes": d.duty_notes, "what_changed": d.what_changed, "feedback_given": d.feedback_given,
            "start_date": d.start_date.isoformat() if d.start_date else None,
            "end_date": d.end_date.isoformat() if d.end_date else None,
            "events": self.events, "actions": self.actions, "version": self.version,
        }


@dataclass(frozen=True)
class LinkedEvent:
    link_id: str
    event_id: str
    name: str
    kind: str
    event_date: dt.date
    responses: int
    signups: int


@dataclass(frozen=True)
class LinkedAction:
    link_id: str
    action_id: str
    you_said: str
    we_will: str
    status: ActionStatus
    what_done: str
    done_on: dt.date | None
    event_name: str  # "" when agreed across events


@dataclass(frozen=True)
class LinkedActivity:
    """An entry of a member's involvement log recorded against the programme (no name: the
    programme's page shows what was done, not who)."""

    id: str
    title: str
    kind: str
    activity_date: dt.date
    minutes: int
    level: str


@dataclass(frozen=True)
class ProgrammeReach:
    """Who the programme's linked events reached, and the time members gave to it."""

    events: int
    responses: int
    signups: int
    activities: int
    minutes: int


class ProgrammeStaleEdit(StoreError):
    """The programme changed since the person opened it; their edit was not saved."""


# ----- programmes

def add_programme(session: Session, device_id: str, details: ProgrammeDetails) -> ProgrammeRecord:
    programme = Programme(device_id=device_id, **_columns(details))
    session.add(programme)
    session.flush()
    return _record(session, programme)


def update_programme(session: Session, programme_id: str, details: ProgrammeDetails,
                     expected_version: int | None = None) -> ProgrammeRecord:
    """Save new details; with ``expected_version``, refuse if someone saved in between."""
    programme = _live(session, programme_id)
    if expected_version is not None and programme.version != expected_version:
        raise ProgrammeStaleEdit(_("This programme was changed elsewhere while you were editing it. Close it "
                                   "and open it again to see the latest details."))
    columns = _columns(details)
    if any(getattr(programme, name) != value for name, value in columns.items()):
        for name, value in columns.items():
            setattr(programme, name, value)
        session.flush()
    return _record(session, programme)


def delete_programme(session: Session, programme_id: str) -> ProgrammeRecord:
    """Delete a programme and its links (tombstones the sync sends). Activities recorded against
    it keep their entries in members' logs."""
    programme = _live(session, programme_id)
    now = utcnow()
    programme.deleted_at = now
    for link in session.scalars(select(ProgrammeLink).where(ProgrammeLink.programme_id == programme_id,
                                                            ProgrammeLink.deleted_at.is_(None))):
        link.deleted_at = now
    session.flush()
    return _record(session, programme)


def get_programme(session: Session, programme_id: str) -> ProgrammeRecord:
    return _record(session, _live(session, programme_id))


def list_programmes(session: Session) -> list[ProgrammeRecord]:
    """Every live programme: the latest to start first, those with no start date last, then by name."""
    programmes = session.scalars(select(Programme).where(Programme.deleted_at.is_(None))).all()
    counts = _link_counts(session)
    found = [_snapshot(p, *counts.get(p.id, (0, 0))) for p in programmes]
    return sorted(found, key=lambda r: (r.details.start_date is None,
                                        -(r.details.start_date or dt.date.min).toordinal(),
                                        r.name.casefold(), r.id))


def resolve_programme(session: Session, ref: str) -> ProgrammeRecord:
    """The one live programme whose id is ``ref`` or starts with it."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFound(_("Give at least {n} characters of the programme's id.").format(n=MIN_PREFIX))
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = session.scalars(select(Programme).where(Programme.deleted_at.is_(None),
                                                      Programme.id.like(escaped + "%", escape="\\")).limit(2)).all()
    if not matches:
        raise NotFound(_("No programme has an id starting '{ref}'.").format(ref=ref))
    if len(matches) > 1:
        raise AmbiguousRef(_("More than one programme has an id starting '{ref}'; give more of it.").format(ref=ref))
    return _record(session, matches[0])


# ----- links

def link_event(session: Session, device_id: str, programme_id: str, event_id: str) -> LinkedEvent:
    """Say that an event informed the programme; linking twice keeps one link."""
    _live(session, programme_id)
    event = session.get(Event, event_id)
    if event is None or event.deleted_at is not None:
        raise NotFound(_("That event no longer exists."))
    link = _link(session, device_id, programme_id, event_id=event_id)
    return _linked_events(session, [link.id])[0]


def link_action(session: Session, device_id: str, programme_id: str, action_id: str) -> LinkedAction:
    """Say that a "you said, we did" action belongs to the programme; linking twice keeps one link."""
    _live(session, programme_id)
    action = session.get(Action, action_id)
    if action is None or action.deleted_at is not None:
        raise NotFound(_("That action no longer exists."))
    link = _link(session, device_id, programme_id, action_id=action_id)
    return _linked_actions(session, [link.id])[0]


def unlink(session: Session, link_id: str) -> None:
    """Remove a link (a tombstone). The event or action itself is untouched."""
    link = session.get(ProgrammeLink, link_id)
    if link is None or link.deleted_at is not None:
        raise NotFound(_("That link was already removed."))
    link.deleted_at = utcnow()
    session.flush()


def programme_events(session: Session, programme_id: str) -> list[LinkedEvent]:
    """The live events linked to the programme, latest first, with their responses and sign-ups."""
    ids = session.scalars(select(ProgrammeLink.id).where(
        ProgrammeLink.programme_id == programme_id, ProgrammeLink.deleted_at.is_(None),
        ProgrammeLink.event_id.is_not(None))).all()
    found = _linked_events(session, list(ids))
    return sorted(found, key=lambda e: (-e.event_date.toordinal(), e.name.casefold(), e.link_id))


def programme_actions(session: Session, programme_id: str) -> list[LinkedAction]:
    """The live actions linked to the programme: open ones first, then done, latest done first."""
    ids = session.scalars(select(ProgrammeLink.id).where(
        ProgrammeLink.programme_id == programme_id, ProgrammeLink.deleted_at.is_(None),
        ProgrammeLink.action_id.is_not(None))).all()
    found = _linked_actions(session, list(ids))
    return sorted(found, key=lambda a: (a.status.finished, -(a.done_on or dt.date.min).toordinal(),
                                        a.we_will.casefold(), a.link_id))


def programme_activities(session: Session, programme_id: str) -> list[LinkedActivity]:
    """Entries of members' involvement logs recorded against the programme, latest first."""
    query = (select(Activity).where(Activity.programme_id == programme_id, Activity.deleted_at.is_(None))
             .order_by(Activity.activity_date.desc(), Activity.title, Activity.id))
    return [LinkedActivity(a.id, a.title, a.kind, a.activity_date, a.minutes, a.level)
            for a in session.scalars(query)]


def programme_reach(session: Session, programme_id: str) -> ProgrammeReach:
    """Responses and sign-ups at the programme's live events, and members' time recorded against it."""
    events = programme_events(session, programme_id)
    activities = session.execute(select(func.count(), func.coalesce(func.sum(Activity.minutes), 0)).where(
        Activity.programme_id == programme_id, Activity.deleted_at.is_(None))).one()
    return ProgrammeReach(len(events), sum(e.responses for e in events), sum(e.signups for e in events),
                          int(activities[0]), int(activities[1]))


# ----- inside

def _live(session: Session, programme_id: str) -> Programme:
    programme = session.get(Programme, programme_id)
    if programme is None or programme.deleted_at is not None:
        raise NotFound(_("That programme no longer exists; someone may have deleted it."))
    return programme


def _link(session: Session, device_id: str, programme_id: str, *, event_id: str | None = None,
          action_id: str | None = None) -> ProgrammeLink:
    """The link for this pair: the live one, else one removed before (brought back), else a new one."""
    pair = (ProgrammeLink.event_id == event_id) if event_id else (ProgrammeLink.action_id == action_id)
    query = select(ProgrammeLink).where(ProgrammeLink.programme_id == programme_id, pair)
    links = session.scalars(query.order_by(ProgrammeLink.deleted_at.is_not(None), ProgrammeLink.created_at)).all()
    if links and links[0].deleted_at is None:
        return links[0]
    if links:
        links[0].deleted_at = None
        session.flush()
        return links[0]
    link = ProgrammeLink(device_id=device_id, programme_id=programme_id, event_id=event_id, action_id=action_id)
    session.add(link)
    session.flush()
    return link


def _linked_events(session: Session, link_ids: list[str]) -> list[LinkedEvent]:
    if not link_ids:
        return []
    rows = session.execute(select(ProgrammeLink.id, Event).join(Event, Event.id == ProgrammeLink.event_id).where(
        ProgrammeLink.id.in_(link_ids), Event.deleted_at.is_(None))).all()
    event_ids = [event.id for _link_id, event in rows]
    responses = dict(session.execute(select(Response.event_id, func.count()).where(
        Response.event_id.in_(event_ids), Response.deleted_at.is_(None)).group_by(Response.event_id)).all())
    # As the event report counts sign-ups: erased, merged and deleted records are not people reached.
    signups = dict(session.execute(select(Person.event_id, func.count()).where(
        Person.event_id.in_(event_ids), Person.deleted_at.is_(None), Person.erased_at.is_(None),
        Person.merged_into_id.is_(None)).group_by(Person.event_id)).all())
    return [LinkedEvent(link_id, e.id, e.name, e.kind, e.event_date, int(responses.get(e.id, 0)),
                        int(signups.get(e.id, 0))) for link_id, e in rows]


def _linked_actions(session: Session, link_ids: list[str]) -> list[LinkedAction]:
    if not link_ids:
        return []
    rows = session.execute(select(ProgrammeLink.id, Action, Event.name)
                           .join(Action, Action.id == ProgrammeLink.action_id)
                           .outerjoin(Event, Event.id == Action.event_id)
                           .where(ProgrammeLink.id.in_(link_ids), Action.deleted_at.is_(None))).all()
    found = []
    for link_id, action, event_name in rows:
        try:
            status = ActionStatus(action.status)
        except ValueError:  # a status from a newer version of the app: shown as still open
            status = ActionStatus.IN_PROGRESS
        found.append(LinkedAction(link_id, action.id, action.you_said, action.we_will, status, action.what_done,
                                  action.done_on, event_name or ""))
    return found


def _link_counts(session: Session, programme_id: str | None = None) -> dict[str, tuple[int, int]]:
    """Programme id -> (live events linked, live actions linked)."""
    def count(column: object, target: type[Event] | type[Action]) -> dict[str, int]:
        query = (select(ProgrammeLink.programme_id, func.count())
                 .join(target, target.id == column)
                 .where(ProgrammeLink.deleted_at.is_(None), target.deleted_at.is_(None)))
        if programme_id is not None:
            query = query.where(ProgrammeLink.programme_id == programme_id)
        return dict(session.execute(query.group_by(ProgrammeLink.programme_id)).all())

    events, actions = count(ProgrammeLink.event_id, Event), count(ProgrammeLink.action_id, Action)
    return {pid: (events.get(pid, 0), actions.get(pid, 0)) for pid in set(events) | set(actions)}


def _columns(details: ProgrammeDetails) -> dict[str, object]:
    values = {f.name: getattr(details, f.name) for f in fields(details) if f.name != "duty"}
    values["duty_applies"] = details.duty.stored
    return values


def _details(programme: Programme) -> ProgrammeDetails:
    return ProgrammeDetails(
        name=programme.name, decision=programme.decision, duty=Duty.from_stored(programme.duty_applies),
        duty_notes=programme.duty_notes, what_changed=programme.what_changed,
        feedback_given=programme.feedback_given, start_date=programme.start_date, end_date=programme.end_date)


def _snapshot(programme: Programme, events: int = 0, actions: int = 0) -> ProgrammeRecord:
    return ProgrammeRecord(programme.id, programme.version, _details(programme), programme.created_at,
                           programme.updated_at, events, actions)


def _record(session: Session, programme: Programme) -> ProgrammeRecord:
    counts = _link_counts(session, programme.id).get(programme.id, (0, 0))
    return _snapshot(programme, *counts)
