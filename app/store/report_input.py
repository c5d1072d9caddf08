"""Reading the rows a report is made from, from the laptop's store or the central database.

Written against a mapping of table name -> SQLAlchemy ``Table`` so the same queries run on
``app.store.models.Base.metadata.tables`` and on the centre's ``sync.central_schema.SYNCED_TABLES``
(the same column names). Only what the report needs is read; deleted rows are left out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Table, and_, func, or_, select

from app.core.report import ActionInfo, EventInfo, ReportInput, ReportSelection, ResponseInfo
from app.core.survey_versions import versions_reader
from app.store.known_names import _looks_like_a_person

_CHUNK = 500  # ids per IN (...): under SQLite's and every server's limit on bound parameters


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def select_events(connection: Connection, tables: Mapping[str, Table], selection: ReportSelection) -> list[EventInfo]:
    """The live events the selection covers (archived ones included: a report looks back)."""
    events = tables["events"]
    c = events.c
    query = select(c.id, c.name, c.kind, c.event_date, c.start_time, c.end_time, c.venue, c.locality,
                   c.organiser, c.partners, c.survey_ids).where(c.deleted_at.is_(None))
    if selection.date_from is not None:
        query = query.where(c.event_date >= selection.date_from)
    if selection.date_to is not None:
        query = query.where(c.event_date <= selection.date_to)
    rows: list[Row[*tuple[Any, ...]]] = []
    if selection.event_ids:
        for chunk in _chunks(list(dict.fromkeys(selection.event_ids))):
            rows += connection.execute(query.where(c.id.in_(chunk))).all()
    else:
        rows += connection.execute(query).all()
    return [EventInfo(id=r.id, name=r.name, kind=r.kind, event_date=r.event_date, start_time=r.start_time,
                      end_time=r.end_time, venue=r.venue or "", locality=r.locality or "",
                      organiser=r.organiser or "", partners=r.partners or "", survey_ids=_ids(r.survey_ids))
            for r in rows]


def _ids(text: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def read_report_input(connection: Connection, tables: Mapping[str, Table], selection: ReportSelection) -> ReportInput:
    """Everything a report of ``selection`` needs; ``events`` is empty when no event matches."""
    events = select_events(connection, tables, selection)
    ids = [e.id for e in events]
    return ReportInput(selection=selection, events=tuple(events), responses=tuple(_responses(connection, tables, ids)),
                       signups=_signups(connection, tables, ids), attendance=_attendance(connection, tables, ids),
                       actions=tuple(_actions(connection, tables, ids, selection)),
                       known_names=frozenset(read_known_names(connection, tables)))


def _responses(connection: Connection, tables: Mapping[str, Table], ids: list[str]) -> list[ResponseInfo]:
    c = tables["responses"].c
    out, read_versions = [], versions_reader()
    for chunk in _chunks(ids):
        query = (select(c.id, c.event_id, c.mode, c.submitted_at, c.answers, c.survey_versions)
                 .where(c.event_id.in_(chunk), c.deleted_at.is_(None)))
        for rid, event_id, mode, at, answers, versions in connection.execute(query):
            out.append(ResponseInfo(rid, event_id, mode, _aware(at), _answers(answers), read_versions(versions)))
    return out


def _answers(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:   # a damaged row must not stop the report
        return {}
    if not isinstance(value, dict):
        return {}
    # Each survey's answers are a mapping; anything else is damage, left out rather than fatal.
    return {str(k): v for k, v in value.items() if isinstance(v, dict)}


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _signups(connection: Connection, tables: Mapping[str, Table], ids: list[str]) -> int:
    """People who signed up at these events; erased, merged and deleted records are not people reached."""
    c = tables["people"].c
    total = 0
    for chunk in _chunks(ids):
        total += connection.execute(select(func.count()).where(
            c.event_id.in_(chunk), c.deleted_at.is_(None), c.erased_at.is_(None),
            c.merged_into_id.is_(None))).scalar_one()
    return total


def _attendance(connection: Connection, tables: Mapping[str, Table], ids: list[str]) -> int:
    c = tables["attendance"].c
    total = 0
    for chunk in _chunks(ids):
        total += connection.execute(select(func.count()).where(
            c.event_id.in_(chunk), c.deleted_at.is_(None),
            or_(c.person_id.is_not(None), c.guest_name != ""))).scalar_one()
    return total


def _actions(connection: Connection, tables: Mapping[str, Table], ids: list[str],
             selection: ReportSelection) -> list[ActionInfo]:
    """Actions on these events; across events, also those agreed for no event within the dates."""
    c = tables["actions"].c
    columns = (c.id, c.event_id, c.topic, c.response_id, c.you_said, c.we_will, c.owner, c.due_date, c.status,
               c.what_done, c.done_on, c.created_at)
    rows: list[Row[*tuple[Any, ...]]] = []
    for chunk in _chunks(ids):
        rows += connection.execute(select(*columns).where(c.event_id.in_(chunk), c.deleted_at.is_(None))).all()
    if selection.across_events and (selection.date_from or selection.date_to):
        conditions: list[ColumnElement[bool]] = [c.event_id.is_(None), c.deleted_at.is_(None)]
        if selection.date_from:
            conditions.append(c.created_at >= _day_start(selection.date_from))
        if selection.date_to:
            conditions.append(c.created_at < _day_start(selection.date_to + dt.timedelta(days=1)))
        rows += connection.execute(select(*columns).where(and_(*conditions))).all()
    return [ActionInfo(id=r.id, event_id=r.event_id, topic=r.topic, response_id=r.response_id,
                       you_said=r.you_said or "", we_will=r.we_will or "", owner=r.owner or "",
                       due_date=r.due_date, status=r.status, what_done=r.what_done or "", done_on=r.done_on,
                       created_at=_aware(r.created_at)) for r in rows]


def _day_start(day: dt.date) -> dt.datetime:
    # Days are the laptop's local days; times are stored in UTC.
    return dt.datetime.combine(day, dt.time.min).astimezone(dt.UTC)


def read_known_names(connection: Connection, tables: Mapping[str, Table]) -> set[str]:
    """Names to mask, by the rules of app.store.known_names, from the given tables."""
    people, attendance, events = tables["people"].c, tables["attendance"].c, tables["events"].c
    names: set[str] = set()
    names.update(connection.execute(select(people.name).where(people.erased_at.is_(None), people.name != "")).scalars())
    names.update(connection.execute(select(attendance.guest_name).where(attendance.guest_name != "")).scalars())
    organisers = connection.execute(select(events.organiser).where(events.organiser != "").distinct()).scalars()
    names.update(o for o in organisers if _looks_like_a_person(o))
    return {" ".join(n.split()) for n in names if n and n.strip()}
