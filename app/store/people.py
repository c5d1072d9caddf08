"""People who signed up: saving a sign-up with its consent, duplicates, withdrawal, erasure.

No sign-up is saved without a consent record, and the two are written in one transaction.
Sign-ups made at the kiosk carry only the day (midnight UTC) as their time, so a sign-up
cannot be matched to the feedback the same person gave a moment before: any response that
day at that event could be theirs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.contact import display_phone
from app.core.i18n import _
from app.core.network import TOPICS
from app.core.signups import (
    ConsentMethod,
    ContactMethod,
    DuplicateKeys,
    Interest,
    PersonStatus,
    SignupDetails,
    duplicate_keys,
)
from app.core.validation import ValidationError
from app.store.activities import erase_involvement, move_involvement
from app.store.errors import NotFound, StoreError
from app.store.events import MIN_PREFIX, AmbiguousRef
from app.store.models import Attendance, Consent, GpPractice, Person, RowRemoval, utcnow

SEARCH_LIMIT = 200


class RowAlreadyEntered(StoreError):
    """This row of this paper sheet (or this card) has been typed in already."""


class NotEditable(StoreError):
    """The person withdrew, was erased or was merged: their details are no longer ours to change."""


@dataclass(frozen=True)
class ConsentGiven:
    """How consent to a notice reached us, for the record saved with a sign-up."""

    notice_id: str
    notice_version: int
    method: ConsentMethod
    event_id: str | None = None
    paper_sheet: str | None = None
    paper_row: int | None = None


@dataclass(frozen=True)
class ConsentRecord:
    id: str
    notice_id: str
    notice_version: int
    method: ConsentMethod
    event_id: str | None
    paper_sheet: str | None
    paper_row: int | None
    given_at: dt.datetime
    withdrawn_at: dt.datetime | None
    device_id: str


@dataclass(frozen=True)
class PersonRecord:
    """One person as stored, detached from any session."""

    id: str
    version: int
    status: PersonStatus
    details: SignupDetails
    event_id: str | None
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None
    consents: tuple[ConsentRecord, ...] = ()

    @property
    def name(self) -> str:
        return self.details.name

    @property
    def contact_line(self) -> str:
        """Email and phone as a person reads them, for lists and registers."""
        return " · ".join(part for part in (self.details.email, display_phone(self.details.phone)) if part)


def _details(person: Person) -> SignupDetails:
    interests = tuple(Interest(v) for v in json.loads(person.interests) if v in Interest._value2member_map_)
    return SignupDetails(name=person.name, email=person.email, phone=person.phone, postcode=person.postcode,
                         interests=interests, practice_id=person.practice_id,
                         contact_method=ContactMethod(person.contact_method), access_needs=person.access_needs,
                         topics=tuple(v for v in json.loads(person.topics or "[]") if v in TOPICS))


def _consent(c: Consent) -> ConsentRecord:
    return ConsentRecord(c.id, c.notice_id, c.notice_version, ConsentMethod(c.method), c.event_id, c.paper_sheet,
                         c.paper_row, c.given_at, c.withdrawn_at, c.device_id)


def _record(session: Session, person: Person, *, with_consents: bool = True) -> PersonRecord:
    consents: tuple[ConsentRecord, ...] = ()
    if with_consents:
        rows = session.scalars(select(Consent).where(Consent.person_id == person.id).order_by(Consent.given_at))
        consents = tuple(_consent(c) for c in rows)
    return PersonRecord(person.id, person.version, PersonStatus(person.status), _details(person), person.event_id,
                        person.created_at, person.withdrawn_at, consents)


def _coarse(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _set_details(person: Person, details: SignupDetails) -> None:
    keys = details.keys()
    person.name, person.email, person.phone, person.postcode = (
        details.name, details.email, details.phone, details.postcode)
    person.interests = json.dumps([i.value for i in details.interests])
    person.practice_id = details.practice_id
    person.contact_method = details.contact_method.value
    person.access_needs = details.access_needs
    person.topics = json.dumps(list(details.topics))
    person.email_key, person.phone_key, person.name_postcode_key = keys.email, keys.phone, keys.name_postcode


def save_signup(session: Session, device_id: str, details: SignupDetails, consent: ConsentGiven,
                *, event_id: str | None = None, now: dt.datetime | None = None) -> PersonRecord:
    """Save a new person with their consent, both or neither.

    Raises ``RowAlreadyEntered`` when the consent names a paper sheet row already typed in,
    and ``ValidationError`` when the chosen GP practice is not on the list.
    """
    if details.practice_id is not None:
        practice = session.get(GpPractice, details.practice_id)
        if practice is None or practice.deleted_at is not None:
            raise ValidationError({"practice_id": _("That GP practice is not on the list; choose one from the list.")})
    now = now or utcnow()
    if consent.method is ConsentMethod.KIOSK:
        now = _coarse(now)
    person = Person(device_id=device_id, created_at=now, updated_at=now, event_id=event_id,
                    status=PersonStatus.ACTIVE.value)
    _set_details(person, details)
    record = Consent(device_id=device_id, created_at=now, updated_at=now, person_id=person.id,
                     notice_id=consent.notice_id, notice_version=consent.notice_version,
                     method=consent.method.value, event_id=consent.event_id or event_id,
                     paper_sheet=consent.paper_sheet, paper_row=consent.paper_row, given_at=now)
    try:
        with session.begin_nested():
            session.add(person)
            session.flush()
            record.person_id = person.id
            session.add(record)
            session.flush()
    except IntegrityError:
        if consent.paper_sheet is not None and _paper_row_taken(session, record.event_id, consent.paper_sheet,
                                                                consent.paper_row):
            raise RowAlreadyEntered(_("Row {row} of sheet {sheet} has already been entered.").format(
                row=consent.paper_row, sheet=consent.paper_sheet)) from None
        raise
    return _record(session, person)


def _paper_row_taken(session: Session, event_id: str | None, sheet: str, row: int | None) -> bool:
    return (session.scalar(select(func.count()).select_from(Consent).where(
        Consent.event_id == event_id, Consent.paper_sheet == sheet, Consent.paper_row == row)) or 0) > 0


def find_duplicates(session: Session, keys: DuplicateKeys, *, exclude_id: str | None = None) -> list[PersonRecord]:
    """People already stored who share an email, a phone number, or a name and postcode."""
    present = keys.present()
    if not present:
        return []
    clauses = []
    if keys.email:
        clauses.append(Person.email_key == keys.email)
    if keys.phone:
        clauses.append(Person.phone_key == keys.phone)
    if keys.name_postcode:
        clauses.append(Person.name_postcode_key == keys.name_postcode)
    query = select(Person).where(or_(*clauses), Person.deleted_at.is_(None),
                                 Person.status.in_([PersonStatus.ACTIVE.value, PersonStatus.WITHDRAWN.value]))
    if exclude_id is not None:
        query = query.where(Person.id != exclude_id)
    return [_record(session, p) for p in session.scalars(query.order_by(Person.created_at))]


def matching_keys(a: SignupDetails, b: SignupDetails) -> list[str]:
    """Which of email, phone and name-with-postcode two sign-ups share."""
    ka, kb = a.keys(), b.keys()
    return [name for name, value in ka.present().items() if kb.present().get(name) == value]


def get_person(session: Session, person_id: str) -> PersonRecord:
    return _record(session, _live(session, person_id))


def _live(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise NotFound(_("That person is no longer on the list."))
    return person


def why_not_editable(status: PersonStatus, name: str) -> str | None:
    """Why a person's details may not be changed, in a sentence; None when they may."""
    if status is PersonStatus.WITHDRAWN:
        return _("{name} withdrew their consent, so their details cannot be changed: we keep only what stops us "
                 "contacting them.").format(name=name)
    if status is PersonStatus.ERASED:
        return _("This person's details were erased; there is nothing left to change.")
    if status is PersonStatus.MERGED:
        return _("This record was merged into another one; change that record instead.")
    return None


def edit_person(session: Session, person_id: str, details: SignupDetails) -> PersonRecord:
    """Correct a person's details, checked as a new sign-up is. Their consent records stay exactly
    as they were given: an edit is a correction, not a new agreement.

    Raises ``NotEditable`` for a person who withdrew, was erased or was merged, and
    ``ValidationError`` when the chosen GP practice is not on the list (the one they already
    have may stay, even if it has since been taken off the list).
    """
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(_("That person is no longer on the list."))
    refused = why_not_editable(PersonStatus(person.status), person.name)
    if refused is None and person.deleted_at is not None:
        refused = why_not_editable(PersonStatus.MERGED, person.name)
    if refused is not None:
        raise NotEditable(refused)
    if details.practice_id is not None and details.practice_id != person.practice_id:
        practice = session.get(GpPractice, details.practice_id)
        if practice is None or practice.deleted_at is not None:
            raise ValidationError({"practice_id": _("That GP practice is not on the list; choose one from the list.")})
    _set_details(person, details)
    session.flush()
    return _record(session, person)


def resolve_person(session: Session, ref: str) -> PersonRecord:
    """The one person whose id is ``ref`` or starts with it, erased and merged ones included (so
    that what is said of them is true, not "not found")."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFound(_("Give at least {n} characters of the person's id.").format(n=MIN_PREFIX))
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = session.scalars(select(Person).where(Person.id.like(escaped + "%", escape="\\")).limit(2)).all()
    if not matches:
        raise NotFound(_("No one has an id starting '{ref}'.").format(ref=ref))
    if len(matches) > 1:
        raise AmbiguousRef(_("More than one person has an id starting '{ref}'; give more of it.").format(ref=ref))
    return _record(session, matches[0])


def merge_people(session: Session, keep_id: str, duplicate_id: str) -> PersonRecord:
    """Fold a duplicate into the person kept: every consent moves across, interests are
    combined, empty details are filled from the duplicate, and the duplicate becomes a
    tombstone pointing at the person kept."""
    if keep_id == duplicate_id:
        raise StoreError(_("Choose two different people to merge."))
    keep, dup = _live(session, keep_id), _live(session, duplicate_id)
    for consent in session.scalars(select(Consent).where(Consent.person_id == dup.id)):
        consent.person_id = keep.id
    _move_attendance(session, dup.id, keep.id)
    move_involvement(session, dup.id, keep.id)  # their log and claims
    kept, other = _details(keep), _details(dup)
    interests = tuple(i for i in Interest if i in set(kept.interests) | set(other.interests))
    merged = SignupDetails(
        name=kept.name, email=kept.email or other.email, phone=kept.phone or other.phone,
        postcode=kept.postcode or other.postcode, interests=interests,
        practice_id=kept.practice_id or other.practice_id, contact_method=kept.contact_method,
        access_needs="\n".join(t for t in dict.fromkeys((kept.access_needs, other.access_needs)) if t),
        topics=tuple(t for t in TOPICS if t in set(kept.topics) | set(other.topics)),
    )
    _set_details(keep, merged)
    withdrawn = [p.withdrawn_at for p in (keep, dup) if PersonStatus(p.status) is PersonStatus.WITHDRAWN]
    _blank(dup)
    dup.status = PersonStatus.MERGED.value
    dup.merged_into_id = keep.id
    dup.deleted_at = utcnow()
    session.flush()
    if withdrawn:  # a withdrawal on either record is honoured by the merged one, consents and all
        keep.status = PersonStatus.ACTIVE.value
        return withdraw_consent(session, keep.id, since=min(w for w in withdrawn if w is not None))
    return _record(session, keep)


def _move_attendance(session: Session, from_id: str, to_id: str) -> None:
    """Meetings the duplicate was at become the kept person's; one row per person per meeting."""
    kept_at = {row.event_id: row for row in session.scalars(select(Attendance).where(Attendance.person_id == to_id))}
    for row in session.scalars(select(Attendance).where(Attendance.person_id == from_id)):
        existing = kept_at.get(row.event_id)
        if existing is not None and existing.deleted_at is not None and row.deleted_at is None:
            existing.deleted_at = None  # present under the other record: present
        if existing is None:
            row.person_id = to_id
        elif row.deleted_at is None:
            row.deleted_at = utcnow()
    session.flush()


def withdraw_consent(session: Session, person_id: str, *, since: dt.datetime | None = None) -> PersonRecord:
    """Stop all contact. Kept: the name, email and phone, so the person is never contacted
    again if they turn up on another list; everything else personal is removed."""
    person = _live(session, person_id)
    now = since or utcnow()
    for consent in session.scalars(select(Consent).where(Consent.person_id == person.id,
                                                         Consent.withdrawn_at.is_(None))):
        consent.withdrawn_at = max(now, consent.given_at)
    if PersonStatus(person.status) is not PersonStatus.WITHDRAWN:
        person.status = PersonStatus.WITHDRAWN.value
        person.withdrawn_at = now
        person.postcode = ""
        person.interests = "[]"
        person.topics = "[]"
        person.practice_id = None
        person.access_needs = ""
        keys = duplicate_keys(person.name, person.email, person.phone, "")
        person.name_postcode_key = keys.name_postcode
    session.flush()
    return _record(session, person)


def erase_person(session: Session, person_id: str) -> None:
    """Remove every personal detail. The row stays as a tombstone (id, dates, version) so the
    erasure reaches the central database; its consents are withdrawn and tombstoned too."""
    person = _live(session, person_id)
    now = utcnow()
    for consent in session.scalars(select(Consent).where(Consent.person_id == person.id)):
        consent.withdrawn_at = consent.withdrawn_at or now
        consent.deleted_at = now
    erase_involvement(session, person.id)  # their log and claims go too
    _blank(person)
    person.status = PersonStatus.ERASED.value
    person.erased_at = now
    person.deleted_at = now
    session.flush()


# What an erased person's record holds afterwards: every personal detail gone.
ERASED_DETAILS: dict[str, str | None] = {
    "name": "", "email": "", "phone": "", "postcode": "", "access_needs": "", "interests": "[]",
    "practice_id": None, "topics": "[]", "email_key": None, "phone_key": None, "name_postcode_key": None,
}


def _blank(person: Person) -> None:
    for column, value in ERASED_DETAILS.items():
        setattr(person, column, value)


def possible_duplicate_ids(session: Session, among: Collection[str] | None = None) -> set[str]:
    """Everyone on the list who shares an email, a phone number, or a name and postcode with
    someone else on it: the people ``find_duplicates`` would point out, found for all at once,
    or only for the people ``among`` (a page of results: quick, as it reads only their keys)."""
    live = (Person.deleted_at.is_(None),
            Person.status.in_([PersonStatus.ACTIVE.value, PersonStatus.WITHDRAWN.value]))
    chosen = (Person.id.in_(among),) if among is not None else ()
    found: set[str] = set()
    for key in (Person.email_key, Person.phone_key, Person.name_postcode_key):
        keys = select(key).where(key.is_not(None), *live)
        if among is not None:
            keys = keys.where(key.in_(select(key).where(*chosen)))
        shared = keys.group_by(key).having(func.count() > 1)
        found.update(session.scalars(select(Person.id).where(key.in_(shared), *live, *chosen)))
    return found


def count_possible_duplicates(session: Session) -> int:
    """How many people on the list may be signed up twice (see ``possible_duplicate_ids``)."""
    return len(possible_duplicate_ids(session))


def erased_count(session: Session) -> int:
    """How many people were erased on this laptop (only a blank record of each remains); not
    counting sign-ups removed as typed in by mistake, which no one asked to erase."""
    removed = select(RowRemoval.person_id).where(RowRemoval.person_removed)
    return session.scalar(select(func.count()).select_from(Person).where(
        Person.status == PersonStatus.ERASED.value, Person.id.not_in(removed))) or 0


def search_people(session: Session, text: str = "", *, include_withdrawn: bool = True,
                  limit: int = SEARCH_LIMIT, only: set[str] | None = None) -> list[PersonRecord]:
    """People whose name, email, phone or postcode contains ``text``, by name; among ``only``
    (a set of ids) when it is given."""
    query = select(Person).where(Person.deleted_at.is_(None))
    if only is not None:
        query = query.where(Person.id.in_(only))
    if not include_withdrawn:
        query = query.where(Person.status == PersonStatus.ACTIVE.value)
    words = text.strip()
    if words:
        escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        digits = "".join(ch for ch in words if ch.isdigit())
        clauses = [Person.name.ilike(pattern, escape="\\"), Person.email.ilike(pattern, escape="\\"),
                   Person.postcode.ilike(pattern, escape="\\")]
        if len(digits) >= 4:
            clauses.append(Person.phone.like(f"%{digits.lstrip('0')}%"))
        query = query.where(or_(*clauses))
    rows = session.scalars(query.order_by(func.lower(Person.name)).limit(limit))
    return [_record(session, p, with_consents=False) for p in rows]


def ppg_members(session: Session, practice_id: str) -> list[PersonRecord]:
    """People who asked to join this practice's PPG and have not withdrawn."""
    rows = session.scalars(select(Person).where(
        Person.practice_id == practice_id, Person.deleted_at.is_(None),
        Person.status == PersonStatus.ACTIVE.value).order_by(func.lower(Person.name)))
    return [_record(session, p, with_consents=False) for p in rows
            if Interest.PPG in _details(p).interests]


def signup_counts(session: Session, event_id: str) -> dict[str, int]:
    """Sign-ups made at an event, by how consent was given."""
    rows = session.execute(select(Consent.method, func.count()).where(
        Consent.event_id == event_id, Consent.deleted_at.is_(None)).group_by(Consent.method))
    return {method: n for method, n in rows}


def count_people(session: Session) -> dict[str, int]:
    live = Person.deleted_at.is_(None)
    total = session.scalar(select(func.count()).select_from(Person).where(live)) or 0
    pending = session.scalar(
        select(func.count()).select_from(Person).where(Person.version > Person.synced_version)) or 0
    return {"people": total, "people_waiting_to_sync": pending}
