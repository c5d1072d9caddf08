"""Who should we involve? The people and organisations matching a search, ranked, consent first.

Consent is the heart of it. A person is found only if all of these hold, decided in SQL before
anything else is read:

- they are active: not withdrawn, erased, merged into another record or deleted;
- at least one of their consents is live (neither withdrawn nor deleted);
- they chose an interest that covers the kind of contact asked
  (:attr:`app.core.matching.ContactKind.interests`; by default the health network, focus
  groups or surveys).

An organisation is found unless it was deleted or merged into another; its contacts (people
named at it) are listed only if each passes the same test. Only the columns a result shows are
read; how well each candidate matches, and why, is :mod:`app.core.matching`'s.
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from app.core.matching import (
    OrganisationFacts,
    PersonFacts,
    PersonScorer,
    Score,
    Search,
    rank_key,
    score_organisation,
)
from app.core.network import area_key
from app.core.signups import ContactMethod, Interest, PersonStatus
from app.store.models import Consent, Event, Organisation, OrganisationContact, Person


@dataclass(frozen=True)
class PersonFound:
    id: str
    name: str
    email: str
    phone: str
    postcode: str
    contact_method: ContactMethod
    points: int
    why: str

    kind = "person"


@dataclass(frozen=True)
class ContactFound:
    """A person named at an organisation, whose consent covers the contact."""

    person_id: str
    name: str
    role: str
    email: str
    phone: str
    contact_method: ContactMethod


@dataclass(frozen=True)
class OrganisationFound:
    id: str
    name: str
    kind_of: str  # an app.core.network.OrganisationKind value
    email: str
    phone: str
    website: str
    points: int
    why: str
    contacts: tuple[ContactFound, ...] = ()

    kind = "organisation"


@dataclass(frozen=True)
class Found:
    """A search's results: people and organisations, each ranked best first."""

    search: Search
    people: tuple[PersonFound, ...]
    organisations: tuple[OrganisationFound, ...]

    def ranked(self) -> list[PersonFound | OrganisationFound]:
        """People and organisations in one list: best match first, then by name."""
        return list(self.best_first)

    @cached_property
    def best_first(self) -> tuple[PersonFound | OrganisationFound, ...]:
        people: Iterable[PersonFound | OrganisationFound] = self.people  # both are ranked already
        return tuple(heapq.merge(people, self.organisations, key=_rank))


def _rank(result: PersonFound | OrganisationFound) -> tuple[int, bool, str, str]:
    reachable = bool(result.email or result.phone or isinstance(result, OrganisationFound) and result.contacts)
    return rank_key(result.points, result.name, reachable=reachable)


def reachable(interests: Sequence[Interest]) -> tuple[ColumnElement[bool], ...]:
    """Where-clauses on ``Person``: active, with a live consent, and an interest among ``interests``.

    SQLite tests them in this order: the look-up of consents, the dearest, comes last. Put a
    search's own (more selective) clauses before these."""
    live_consent = exists().where(Consent.person_id == Person.id, Consent.withdrawn_at.is_(None),
                                  Consent.deleted_at.is_(None))
    return (or_(*(func.instr(Person.interests, f'"{i.value}"') > 0 for i in interests)),
            Person.status == PersonStatus.ACTIVE.value, Person.deleted_at.is_(None),
            Person.merged_into_id.is_(None), Person.withdrawn_at.is_(None), Person.erased_at.is_(None),
            live_consent)


def find_who_to_involve(session: Session, search: Search) -> Found:
    """The people whose consent covers ``search.contact`` and the organisations that match it,
    each scored and ranked (see the module's docstring for who may be found at all)."""
    _room_for_everyone(session)
    people = _people(session, search)
    organisations = _organisations(session, search)
    found = Found(search, tuple(sorted(people, key=_rank)), tuple(sorted(organisations, key=_rank)))
    found.best_first  # noqa: B018 (ranked here, on the worker, not by the window on the GUI thread)
    return found


# A search reads every person: 20,000 sign-ups fill about 12 MB of pages. With SQLite's page cache
# smaller than that, each search read (and decrypted) every page again: 50 ms, not 8.
SEARCH_CACHE_KIB = 24_000


def _room_for_everyone(session: Session) -> None:
    """Let this connection's page cache hold the people, consents and organisations a search reads
    (it grows only as pages are read; other connections keep theirs)."""
    connection = session.connection()
    size = connection.exec_driver_sql("PRAGMA cache_size").scalar() or 0
    pages = connection.exec_driver_sql("PRAGMA page_size").scalar() or 4096
    kib = -size if size < 0 else size * pages // 1024
    if kib < SEARCH_CACHE_KIB:
        connection.exec_driver_sql(f"PRAGMA cache_size = -{SEARCH_CACHE_KIB}")


def _like_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _people(session: Session, search: Search) -> list[PersonFound]:
    clauses: list[ColumnElement[bool]] = []
    if search.topic:
        clauses.append(func.instr(Person.topics, f'"{search.topic}"') > 0)
    places: dict[str, str] = {}
    if search.area:
        wanted = area_key(search.area)
        compact = search.area.replace(" ", "")
        if compact.isascii() and compact.isalnum() and len(compact) <= 4:  # could be a postcode district or area
            clauses.append(func.substr(Person.postcode, 1, len(compact)) == compact.upper())
        places = {row.id: row.locality for row in session.execute(
            select(Event.id, Event.locality).where(Event.locality != "")) if area_key(row.locality) == wanted}
        if places:
            # Who signed up at those events, looked up once (not once for each of 20,000 people).
            at_event = select(Consent.person_id).where(Consent.event_id.in_(places), Consent.deleted_at.is_(None))
            clauses += [Person.event_id.in_(places), Person.id.in_(at_event)]
    if not clauses:
        return []
    # Whether the topic is theirs, asked of SQL: no JSON is read for 20,000 people. Plain rows
    # (not the ORM's): a search may find thousands.
    has_topic = (func.instr(Person.topics, f'"{search.topic}"') > 0) if search.topic else literal(False)
    rows = session.connection().execute(
        select(Person.id, Person.name, Person.email, Person.phone, Person.postcode, Person.contact_method,
               has_topic.label("has_topic"), Person.event_id)
        .where(or_(*clauses), *reachable(search.contact.interests))).all()
    localities = _localities(session, places) if places else {}
    scorer = PersonScorer(search)
    mine = (search.topic,) if search.topic else ()
    methods = {m.value: m for m in ContactMethod}
    # The score depends only on the topic, the postcode's district and the places: thousands of
    # people share a few dozen of those, so each is scored (and put in words) once.
    scores: dict[tuple[bool, str, tuple[str, ...]], tuple[int, str]] = {}
    found = []
    for person_id, name, email, phone, postcode, method, topic_hit, event_id in rows:
        places_of = tuple(sorted({*localities.get(person_id, ()), places.get(event_id or "", "")})) if places else ()
        key = (bool(topic_hit), postcode.split(" ", 1)[0], places_of)
        score = scores.get(key)
        if score is None:
            scored = scorer.score(PersonFacts(topics=mine if topic_hit else (), postcode=postcode,
                                              localities=places_of))
            score = scores[key] = (scored.points, scored.why)
        if score[0]:
            found.append(PersonFound(person_id, name, email, phone, postcode, methods[method], *score))
    return found


def _localities(session: Session, places: dict[str, str]) -> dict[str, set[str]]:
    """The matching places where each person signed up (their consents' events), by person."""
    by_person: dict[str, set[str]] = defaultdict(set)
    for person_id, event_id in session.connection().execute(select(Consent.person_id, Consent.event_id).where(
            Consent.event_id.in_(places), Consent.deleted_at.is_(None))):
        if event_id is not None:
            by_person[person_id].add(places[event_id])
    return by_person


def _organisations(session: Session, search: Search) -> list[OrganisationFound]:
    clauses: list[ColumnElement[bool]] = []
    if search.topic:
        clauses.append(Organisation.topics.like(f'%"{_like_text(search.topic)}"%', escape="\\"))
    if search.community:
        clauses.append(Organisation.communities.like(f'%"{_like_text(search.community)}"%', escape="\\"))
    if search.area:  # loosely here (LIKE ignores case for ASCII only); exactly when scored
        area = " ".join(search.area.split())
        clauses.append(Organisation.areas.like(f"%{_like_text(area)}%", escape="\\") if area.isascii()
                       else Organisation.areas != "[]")
    if not clauses:
        return []
    candidates = (Organisation.deleted_at.is_(None), Organisation.merged_into_id.is_(None), or_(*clauses))
    # Topic and community are asked of SQL (exact: values in quotes); only areas need reading.
    has_topic = func.instr(Organisation.topics, f'"{search.topic}"') > 0 if search.topic else literal(False)
    has_community = (func.instr(Organisation.communities, f'"{search.community}"') > 0 if search.community
                     else literal(False))
    rows = session.connection().execute(
        select(Organisation.id, Organisation.name, Organisation.kind, Organisation.email, Organisation.phone,
               Organisation.website, has_topic, Organisation.areas if search.area else literal("[]"), has_community)
        .where(*candidates)).all()
    scores: dict[tuple[bool, str, bool], Score] = {}
    scored = []
    for org_id, name, kind, email, phone, website, topic_hit, areas, community_hit in rows:
        key = (bool(topic_hit), areas, bool(community_hit))
        score = scores.get(key)
        if score is None:
            score = scores[key] = score_organisation(search, OrganisationFacts(
                topics=(search.topic,) if topic_hit and search.topic else (), areas=_list(areas),
                communities=(search.community,) if community_hit and search.community else ()))
        if score.points:
            scored.append(((org_id, name, kind, email, phone, website), score))
    contacts = organisation_contacts(session, select(Organisation.id).where(*candidates),
                                     search.contact.interests) if scored else {}
    return [OrganisationFound(*row, score.points, score.why, tuple(contacts.get(row[0], ())))
            for row, score in scored]


def organisation_contacts(session: Session, organisation_ids: Sequence[str] | Select[Any],
                          interests: Sequence[Interest]) -> dict[str, list[ContactFound]]:
    """Each organisation's contacts whose consent covers a contact for ``interests``, by name.

    ``organisation_ids`` may be a query of them. SQLite reads the contact rows of those
    organisations through their index, then each contact's person by id (a test checks this
    plan), never every person."""
    found: dict[str, list[ContactFound]] = defaultdict(list)
    for organisation_id, role, person_id, name, email, phone, method in session.connection().execute(
            select(OrganisationContact.organisation_id, OrganisationContact.role, Person.id, Person.name,
                   Person.email, Person.phone, Person.contact_method)
            .join(Person, Person.id == OrganisationContact.person_id)
            .where(OrganisationContact.organisation_id.in_(organisation_ids), OrganisationContact.deleted_at.is_(None),
                   *reachable(interests))):
        found[organisation_id].append(ContactFound(person_id, name, role, email, phone, ContactMethod(method)))
    for contacts in found.values():
        contacts.sort(key=lambda c: c.name.casefold())
    return found


def _list(text: str | None) -> list[Any]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []
