"""What was sent to whom, and when: the record of each contact list exported.

A ``ContactList`` keeps why the list was made, the search it came from and the file's format;
a ``ContactListEntry`` names each person or organisation on it (a contact named at an
organisation is an entry with both). Both are written in the transaction that decided who is
on the list, so the record and the list can never disagree. Records are synced and never
changed afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.i18n import _
from app.core.signups import PersonStatus
from app.store.errors import NotFound
from app.store.events import MIN_PREFIX, AmbiguousRef
from app.store.models import ContactList, ContactListEntry, Organisation, Person, utcnow


@dataclass(frozen=True)
class ContactListRecord:
    id: str
    purpose: str
    search: dict[str, object]
    file_format: str
    sent_at: dt.datetime
    people: int  # people on it, contacts at organisations included
    organisations: int


@dataclass(frozen=True)
class EntryRecord:
    """One person or organisation on a list, as they stand now (an erased person is nameless)."""

    person_id: str | None
    organisation_id: str | None
    name: str
    organisation: str
    note: str  # "Consent since withdrawn", "Erased" ...: what has changed since it was sent


@dataclass(frozen=True)
class ContactListDetail:
    record: ContactListRecord
    entries: tuple[EntryRecord, ...]


def record_contact_list(session: Session, device_id: str, *, purpose: str, search: Mapping[str, object],
                        file_format: str, entries: Iterable[tuple[str | None, str | None]],
                        sent_at: dt.datetime | None = None) -> ContactListRecord:
    """Keep the record of a list being sent: its purpose, search and format, and an entry for
    each ``(person_id, organisation_id)`` on it."""
    now = sent_at or utcnow()
    kept = ContactList(device_id=device_id, purpose=purpose, search=json.dumps(search, sort_keys=True),
                       file_format=file_format, sent_at=now, created_at=now, updated_at=now)
    session.add(kept)
    session.flush()
    people: set[str] = set()
    organisations: set[str] = set()
    for person_id, organisation_id in dict.fromkeys(entries):
        session.add(ContactListEntry(device_id=device_id, contact_list_id=kept.id, person_id=person_id,
                                     organisation_id=organisation_id, created_at=now, updated_at=now))
        if person_id:
            people.add(person_id)
        elif organisation_id:
            organisations.add(organisation_id)
    session.flush()
    return ContactListRecord(kept.id, purpose, dict(search), file_format, now, len(people), len(organisations))


def list_contact_lists(session: Session) -> list[ContactListRecord]:
    """Every list sent from this laptop, newest first, with how many people and organisations."""
    people: dict[str, int] = {list_id: n for list_id, n in session.execute(
        select(ContactListEntry.contact_list_id, func.count(func.distinct(ContactListEntry.person_id)))
        .where(ContactListEntry.deleted_at.is_(None), ContactListEntry.person_id.is_not(None))
        .group_by(ContactListEntry.contact_list_id))}
    organisations: dict[str, int] = {list_id: n for list_id, n in session.execute(
        select(ContactListEntry.contact_list_id, func.count())
        .where(ContactListEntry.deleted_at.is_(None), ContactListEntry.person_id.is_(None),
               ContactListEntry.organisation_id.is_not(None))
        .group_by(ContactListEntry.contact_list_id))}
    rows = session.scalars(select(ContactList).where(ContactList.deleted_at.is_(None))
                           .order_by(ContactList.sent_at.desc(), ContactList.id))
    return [_record(row, people.get(row.id, 0), organisations.get(row.id, 0)) for row in rows]


def _record(row: ContactList, people: int, organisations: int) -> ContactListRecord:
    try:
        search = json.loads(row.search or "{}")
    except ValueError:
        search = {}
    return ContactListRecord(row.id, row.purpose, search if isinstance(search, dict) else {}, row.file_format,
                             row.sent_at, people, organisations)


def resolve_contact_list(session: Session, ref: str) -> ContactListDetail:
    """The list whose id is ``ref`` or starts with it, with who was on it."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFound(_("Give at least {n} characters of the list's id.").format(n=MIN_PREFIX))
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = session.scalars(select(ContactList).where(ContactList.id.like(escaped + "%", escape="\\"),
                                                        ContactList.deleted_at.is_(None)).limit(2)).all()
    if not matches:
        raise NotFound(_("No contact list has an id starting '{ref}'.").format(ref=ref))
    if len(matches) > 1:
        raise AmbiguousRef(_("More than one contact list has an id starting '{ref}'; give more of it.").format(
            ref=ref))
    return get_contact_list(session, matches[0].id)


def get_contact_list(session: Session, list_id: str) -> ContactListDetail:
    row = session.get(ContactList, list_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("That contact list is no longer on record."))
    found = session.execute(
        select(ContactListEntry.person_id, ContactListEntry.organisation_id, Person.name, Person.status,
               Organisation.name)
        .outerjoin(Person, Person.id == ContactListEntry.person_id)
        .outerjoin(Organisation, Organisation.id == ContactListEntry.organisation_id)
        .where(ContactListEntry.contact_list_id == list_id, ContactListEntry.deleted_at.is_(None))).all()
    entries = [EntryRecord(person_id, organisation_id, person_name or "", organisation_name or "",
                           _note(status)) for person_id, organisation_id, person_name, status, organisation_name
               in found]
    entries.sort(key=lambda e: ((e.name or e.organisation).casefold(), e.organisation.casefold()))
    people = len({e.person_id for e in entries if e.person_id})
    organisations = sum(1 for e in entries if not e.person_id and e.organisation_id)
    return ContactListDetail(_record(row, people, organisations), tuple(entries))


def _note(status: str | None) -> str:
    if status is None:
        return ""
    return {PersonStatus.WITHDRAWN.value: _("Consent since withdrawn"), PersonStatus.ERASED.value: _("Erased"),
            PersonStatus.MERGED.value: _("Merged into another record")}.get(status, "")
