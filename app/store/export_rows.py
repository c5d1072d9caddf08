"""The rows an event's exports are made from: its responses, and the sign-ups that may be shared.

Responses are streamed: a year's event holds 100,000 of them, so they are read a thousand at a
time as the file is written, never all held at once; what the file's heading needs (how many
there are and which questions were answered) is asked of SQLite first. Sign-ups are plain
snapshots, filtered here, in the store, so no caller can forget the rule: only people whose
consent still allows contact.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from app.core.contact import display_phone
from app.core.signups import ConsentMethod, ContactMethod, Interest, PersonStatus
from app.core.survey_versions import versions_reader
from app.store.events import EventRecord, get_event
from app.store.models import Consent, GpPractice, Person, Response


class ResponseRow(NamedTuple):
    """One response as exported; a tuple, as an export makes one for each of 100,000 rows."""

    id: str
    submitted_at: dt.datetime  # UTC
    mode: str
    language: str
    paper_sheet: str | None
    paper_row: int | None
    raised_by_group: bool
    answers: dict[str, dict[str, Any]]  # survey id -> question id -> stored answer
    versions: dict[str, int]  # survey id -> the version it was answered with


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
    """An event's rows. ``responses`` may be a stream (:func:`read_export_rows`), read once and only
    while its session is open; ``response_count`` and ``answered`` then say ahead what it holds."""

    event: EventRecord
    responses: Iterable[ResponseRow]
    signups: list[SignupRow]
    response_count: int | None = None  # None: ``responses`` is a list, count it
    answered: Sequence[tuple[str, str]] | None = None  # None: ``responses`` is a list, look in it

    def count(self) -> int:
        if self.response_count is not None:
            return self.response_count
        assert isinstance(self.responses, Sequence), "a stream of responses comes with its count"
        return len(self.responses)

    def answered_questions(self) -> Sequence[tuple[str, str]]:
        """(survey id, question id) of every answer the responses hold, in the order first met."""
        if self.answered is not None:
            return self.answered
        assert isinstance(self.responses, Sequence), "a stream of responses comes with what it answers"
        seen: dict[tuple[str, str], None] = {}
        for row in self.responses:
            seen.update(dict.fromkeys(_pairs(row.answers)))
        return list(seen)


def _pairs(answers: dict[str, dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(survey id, question id) of each answer a response holds, in the order it holds them."""
    for survey_id, questions in answers.items():
        for question_id in questions:
            yield survey_id, question_id


def _live_in_order(query: Query, event_id: str) -> Query:
    """The event's live responses, oldest first (id breaks ties, so the order is stable)."""
    return (query.where(Response.event_id == event_id, Response.deleted_at.is_(None))
            .order_by(Response.submitted_at, Response.id).execution_options(yield_per=CHUNK))


CHUNK = 1000  # responses read from SQLite at a time
Query = TypeVar("Query", bound=Select)  # a select of any columns


def read_export_rows(session: Session, event_id: str) -> ExportRows:
    """Everything an event's exports hold, the responses as a stream; ``NotFound`` if the event is gone."""
    event = get_event(session, event_id)
    live = (Response.event_id == event_id, Response.deleted_at.is_(None))
    count = session.scalar(select(func.count()).select_from(Response).where(*live)) or 0
    return ExportRows(event, response_rows(session, event_id), signup_rows(session, event_id), count,
                      answered_questions(session, event_id))


def response_rows(session: Session, event_id: str) -> Iterator[ResponseRow]:
    """Every live response to the event, oldest first (id breaks ties, so the order is stable),
    read :data:`CHUNK` at a time as they are used."""
    query = _live_in_order(select(Response.id, Response.submitted_at, Response.mode, Response.language,
                                  Response.paper_sheet, Response.paper_row, Response.raised_by_group,
                                  Response.answers, Response.survey_versions), event_id)
    loads, read_versions = json.loads, versions_reader()
    for rid, at, mode, language, sheet, row, group, answers, versions in session.execute(query):
        yield ResponseRow(rid, at, mode, language, sheet, row, bool(group), loads(answers), read_versions(versions))


# Each (survey, question) pair the event's responses answer; SQLite keeps only the pairs.
_ANSWERED = text("""
    SELECT DISTINCT s.key, q.key FROM responses AS r, json_each(r.answers) AS s, json_each(s.value) AS q
    WHERE r.event_id = :event_id AND r.deleted_at IS NULL
""")


def answered_questions(session: Session, event_id: str) -> list[tuple[str, str]]:
    """(survey id, question id) of every answer the event's live responses hold, in the order a
    reader of them oldest first meets them, without holding the responses: SQLite lists the
    pairs, then the responses are read in order only until each pair has been met."""
    waiting = {(survey_id, question_id)
               for survey_id, question_id in session.execute(_ANSWERED, {"event_id": event_id})}
    met: list[tuple[str, str]] = []
    if not waiting:
        return met
    result = session.execute(_live_in_order(select(Response.answers), event_id))
    try:
        for (answers,) in result:
            for pair in _pairs(json.loads(answers)):
                if pair in waiting:
                    waiting.discard(pair)
                    met.append(pair)
            if not waiting:
                break
    finally:
        result.close()
    return met


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
