"""The rows an event's exports are made from: its responses, and the sign-ups that may be shared.

Plain snapshots, safe to hand to another thread. Sign-ups are filtered here, in the store,
so no caller can forget the rule: only people whose consent still allows contact.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.contact import display_phone
from app.core.signups import ConsentMethod, ContactMethod, Interest, PersonStatus
from app.core.survey_versions import versions_of
from app.store.events import EventRecord, get_event
from app.store.models import Consent, GpPractice, Person, Response


@dataclass(frozen=True)
class ResponseRow:
    id: str
    submitted_at: dt.datetime  # UTC
    mode: str
    language: str
    paper_sheet: str | None
    paper_row: int | None
    raised_by_group: bool
    answers: dict[str, dict[str, Any]]  # survey id -> question id -> stored answer
    versions: dict[str, int] = field(default_factory=dict)  # survey id -> the version it was answered with


@dataclass(frozen=True)
class SignupRow:
    name: str
    email: str
    phone: str  # as a person reads it, not E.164
    postcode: str
    interests: tuple[Interest, ...]
    practice_name: str
    practice_code: str
    contact_method: ContactMethod
    access_needs: str
    consent_method: ConsentMethod
    notice_id: str
    notice_version: int
    consent_given_at: dt.datetime  # UTC


@dataclass(frozen=True)
class ExportRows:
    event: EventRecord
    responses: list[ResponseRow]
    signups: list[SignupRow]


def read_export_rows(session: Session, event_id: str) -> ExportRows:
    """Everything an event's exports hold; ``NotFound`` if the event is gone."""
    return ExportRows(get_event(session, event_id), response_rows(session, event_id), signup_rows(session, event_id))


def response_rows(session: Session, event_id: str) -> list[ResponseRow]:
    """Every live response to the event, oldest first (id breaks ties, so the order is stable)."""
    query = (select(Response.id, Response.submitted_at, Response.mode, Response.language, Response.paper_sheet,
                    Response.paper_row, Response.raised_by_group, Response.answers, Response.survey_versions)
             .where(Response.event_id == event_id, Response.deleted_at.is_(None))
             .order_by(Response.submitted_at, Response.id))
    return [ResponseRow(rid, at, mode, language, sheet, row, bool(group), json.loads(answers), versions_of(versions))
            for rid, at, mode, language, sheet, row, group, answers, versions in session.execute(query)]


def signup_rows(session: Session, event_id: str) -> list[SignupRow]:
    """People who signed up at the event and may still be contacted, by name.

    Left out: anyone withdrawn, erased or merged into another record, deleted, or without a
    consent that is still in force.
    """
    people = session.execute(
        select(Person, GpPractice.name, GpPractice.code)
        .outerjoin(GpPractice, GpPractice.id == Person.practice_id)
        .where(Person.event_id == event_id, Person.deleted_at.is_(None),
               Person.status == PersonStatus.ACTIVE.value, Person.withdrawn_at.is_(None),
               Person.erased_at.is_(None), Person.merged_into_id.is_(None))
    ).all()
    if not people:
        return []
    in_force: dict[str, Consent] = {}
    ids = [person.id for person, _name, _code in people]
    for start in range(0, len(ids), 500):  # under SQLite's limit on bound parameters
        for given in session.scalars(select(Consent).where(
                Consent.person_id.in_(ids[start:start + 500]), Consent.withdrawn_at.is_(None),
                Consent.deleted_at.is_(None)).order_by(Consent.given_at, Consent.id)):
            in_force[given.person_id] = given  # the latest consent in force wins
    rows = []
    for person, practice_name, practice_code in people:
        consent = in_force.get(person.id)
        if consent is None:
            continue
        interests = tuple(i for i in Interest if i.value in set(json.loads(person.interests)))
        rows.append(SignupRow(
            name=person.name, email=person.email, phone=display_phone(person.phone), postcode=person.postcode,
            interests=interests, practice_name=practice_name or "", practice_code=practice_code or "",
            contact_method=ContactMethod(person.contact_method), access_needs=person.access_needs,
            consent_method=ConsentMethod(consent.method), notice_id=consent.notice_id,
            notice_version=consent.notice_version, consent_given_at=consent.given_at))
    rows.sort(key=lambda r: (r.name.casefold(), r.email, r.phone))
    return rows
