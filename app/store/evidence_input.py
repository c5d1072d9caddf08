"""What the annual evidence pack counts, read from this laptop's store for a date range.

Both days of the range are included. An event counts by its date, and only once it has been
held: an event after today is planned, not held, and is counted apart. An entry in a member's
involvement log by the day of the activity, an action by the day it was done, and a programme
if it ran at any time in the range (one with no dates counts throughout). Deleted records never
count; nor do people whose record was erased or merged into another (they are counted once,
as the one they were merged into).

Only counts and the words staff wrote about actions and programmes leave here: never a name.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.actions import ActionStatus
from app.core.programmes import Duty, ProgrammeDetails, overlaps
from app.store.models import Action, Activity, Attendance, Event, Person, Programme, ProgrammeLink, Response


@dataclass(frozen=True)
class ActivityFigures:
    """Entries of members' logs of one kind, or at one level: how many, by how many people, how long."""

    activities: int
    people: int  # distinct members (people and organisations each count once)
    minutes: int


@dataclass(frozen=True)
class DoneAction:
    you_said: str
    what_done: str
    done_on: dt.date
    event_name: str  # "" when agreed across events
    topic: str | None


@dataclass(frozen=True)
class ProgrammeFigures:
    id: str
    details: ProgrammeDetails
    events: int  # its linked events held in the range
    responses: int  # feedback given at those events
    signups: int  # people who signed up at those events (a person may also have given feedback)
    actions_done: int  # its linked actions done in the range


@dataclass(frozen=True)
class EvidenceInput:
    date_from: dt.date
    date_to: dt.date
    held_to: dt.date  # the last day whose events count as held: date_to, or today if that is sooner
    events_planned: int  # events in the range after today, not counted as held
    events_by_kind: dict[str, int]  # event kind value -> events held
    responses_by_kind: dict[str, int]
    signups_by_kind: dict[str, int]
    attendance: int  # people on PPG meeting registers (members and guests)
    people_involved: int  # distinct people with an entry in their involvement log
    organisations_involved: int  # distinct organisations with an entry
    activities_by_kind: dict[str, ActivityFigures]
    activities_by_level: dict[str, ActivityFigures]
    activities_all: ActivityFigures
    actions_done: tuple[DoneAction, ...]
    actions_not_possible: int
    actions_open: int  # agreed at events in the range and not yet finished
    programmes: tuple[ProgrammeFigures, ...]


def read_evidence(session: Session, date_from: dt.date, date_to: dt.date, *,
                  today: dt.date | None = None) -> EvidenceInput:
    """The figures for ``date_from`` to ``date_to``, both days included; events after ``today``
    (the real today by default) are planned, not held."""
    held_to = min(date_to, today or dt.date.today())
    kind_of: dict[str, str] = dict(session.execute(select(Event.id, Event.kind).where(
        Event.deleted_at.is_(None), Event.event_date >= date_from, Event.event_date <= held_to)).all())
    planned = session.scalar(select(func.count()).select_from(Event).where(
        Event.deleted_at.is_(None), Event.event_date > held_to, Event.event_date >= date_from,
        Event.event_date <= date_to)) or 0
    ids = list(kind_of)
    responses = _per_event(session, select(Response.event_id, func.count()).where(
        Response.deleted_at.is_(None)).group_by(Response.event_id), Response.event_id, ids)
    signups = _per_event(session, select(Person.event_id, func.count()).where(
        Person.deleted_at.is_(None), Person.erased_at.is_(None), Person.merged_into_id.is_(None))
        .group_by(Person.event_id), Person.event_id, ids)
    attendance = sum(_per_event(session, select(Attendance.event_id, func.count()).where(
        Attendance.deleted_at.is_(None)).group_by(Attendance.event_id), Attendance.event_id, ids).values())
    by_kind: Counter[str] = Counter(kind_of.values())
    responses_by_kind: Counter[str] = Counter()
    signups_by_kind: Counter[str] = Counter()
    for event_id, kind in kind_of.items():
        responses_by_kind[kind] += responses.get(event_id, 0)
        signups_by_kind[kind] += signups.get(event_id, 0)

    rows = session.execute(select(Activity.person_id, Activity.organisation_id, Activity.kind, Activity.level,
                                  Activity.minutes).where(
        Activity.deleted_at.is_(None), Activity.activity_date >= date_from, Activity.activity_date <= date_to)).all()
    people = {p for p, _o, _k, _l, _m in rows if p}
    organisations = {o for _p, o, _k, _l, _m in rows if o}

    def figures(chosen: list) -> ActivityFigures:
        members = {("p", p) if p else ("o", o) for p, o, _k, _l, _m in chosen if p or o}
        return ActivityFigures(len(chosen), len(members), sum(max(0, m or 0) for *_rest, m in chosen))

    done, not_possible, still_open = _actions(session, date_from, date_to)
    kinds = sorted({k for _p, _o, k, _l, _m in rows})
    levels = sorted({lv for _p, _o, _k, lv, _m in rows})
    return EvidenceInput(
        date_from=date_from, date_to=date_to, held_to=held_to, events_planned=int(planned),
        events_by_kind=dict(by_kind),
        responses_by_kind=dict(responses_by_kind), signups_by_kind=dict(signups_by_kind), attendance=attendance,
        people_involved=len(people), organisations_involved=len(organisations),
        activities_by_kind={k: figures([r for r in rows if r[2] == k]) for k in kinds},
        activities_by_level={lv: figures([r for r in rows if r[3] == lv]) for lv in levels},
        activities_all=figures(list(rows)),
        actions_done=done, actions_not_possible=not_possible, actions_open=still_open,
        programmes=_programmes(session, date_from, date_to, held_to, responses, signups),
    )


def _per_event(session: Session, query: Select[Any, int], column: InstrumentedAttribute[Any],
               ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(ids), 500):  # SQLite's limit on bound values, with room to spare
        for event_id, count in session.execute(query.where(column.in_(ids[start:start + 500]))):
            found[str(event_id)] = int(count)
    return found


def _actions(session: Session, date_from: dt.date, date_to: dt.date) -> tuple[tuple[DoneAction, ...], int, int]:
    """Actions done in the range, those that could not be done, and those agreed at its events still open."""
    live_event = (Event.deleted_at.is_(None)) | (Action.event_id.is_(None))
    rows = session.execute(select(Action, Event.name, Event.event_date).outerjoin(
        Event, Event.id == Action.event_id).where(Action.deleted_at.is_(None), live_event)).all()
    done: list[DoneAction] = []
    not_possible = still_open = 0
    for action, event_name, event_date in rows:
        in_range = action.done_on is not None and date_from <= action.done_on <= date_to
        if action.status == ActionStatus.DONE.value and in_range and action.done_on is not None:
            done.append(DoneAction(action.you_said, action.what_done, action.done_on, event_name or "", action.topic))
        elif action.status == ActionStatus.NOT_POSSIBLE.value and in_range:
            not_possible += 1
        elif action.status in (ActionStatus.AGREED.value, ActionStatus.IN_PROGRESS.value) \
                and event_date is not None and date_from <= event_date <= date_to:
            still_open += 1
    done.sort(key=lambda a: (a.done_on, a.event_name, a.you_said))
    return tuple(done), not_possible, still_open


def _programmes(session: Session, date_from: dt.date, date_to: dt.date, held_to: dt.date,
                responses: dict[str, int], signups: dict[str, int]) -> tuple[ProgrammeFigures, ...]:
    from app.store.programmes import _details  # one reading of a programme's columns

    found = []
    for programme in session.scalars(select(Programme).where(Programme.deleted_at.is_(None))):
        details = _details(programme)
        if not overlaps(details, date_from, date_to):
            continue
        event_ids = set(session.scalars(select(ProgrammeLink.event_id).join(Event, Event.id == ProgrammeLink.event_id)
                                        .where(ProgrammeLink.programme_id == programme.id,
                                               ProgrammeLink.deleted_at.is_(None), Event.deleted_at.is_(None),
                                               Event.event_date >= date_from, Event.event_date <= held_to)))
        done = session.scalar(select(func.count()).select_from(ProgrammeLink).join(
            Action, Action.id == ProgrammeLink.action_id).where(
            ProgrammeLink.programme_id == programme.id, ProgrammeLink.deleted_at.is_(None),
            Action.deleted_at.is_(None), Action.status == ActionStatus.DONE.value,
            Action.done_on >= date_from, Action.done_on <= date_to)) or 0
        found.append(ProgrammeFigures(programme.id, details, len(event_ids),
                                      sum(responses.get(e, 0) for e in event_ids if e),
                                      sum(signups.get(e, 0) for e in event_ids if e), int(done)))
    order = {Duty.YES: 0, Duty.NO: 1, Duty.UNDECIDED: 2}
    found.sort(key=lambda p: (order[p.details.duty], p.details.name.casefold(), p.id))
    return tuple(found)
