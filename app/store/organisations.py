"""Organisations in the health network: adding, correcting, finding, removing, and folding one
listed twice into the other. Callers get plain snapshots, safe to hand between threads.

Organisations are shared records: any laptop may add or correct one, and the sync brings
every laptop the others' changes (see sync/download.py). Their contacts are people, and stay
on the laptop that holds those people: see app/store/organisation_contacts.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core.i18n import _
from app.core.network import COMMUNITIES, TOPICS, OrganisationKind, area_key
from app.core.organisations import OrganisationDetails, name_key
from app.store.errors import NotFound, StoreError
from app.store.events import MIN_PREFIX, AmbiguousRef, StaleEdit
from app.store.models import Activity, Organisation, OrganisationContact, utcnow

LIST_LIMIT = 5000


class OrganisationStaleEdit(StaleEdit):
    """The organisation changed since the person opened it; their edit was not saved."""


@dataclass(frozen=True)
class OrganisationRecord:
    """One organisation as stored, detached from any session."""

    id: str
    version: int
    details: OrganisationDetails
    practice_id: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    removed: bool = False
    merged_into_id: str | None = None
    possible_duplicate: bool = False

    @property
    def name(self) -> str:
        return self.details.name

    @property
    def kind(self) -> OrganisationKind:
        return self.details.kind

    def as_json(self) -> dict[str, object]:
        d = self.details
        return {"id": self.id, "name": d.name, "kind": d.kind.value, "areas": list(d.areas),
                "topics": list(d.topics), "communities": list(d.communities), "email": d.email, "phone": d.phone,
                "website": d.website, "notes": d.notes, "practice_id": self.practice_id,
                "possible_duplicate": self.possible_duplicate, "version": self.version}


def _json_list(text: str | None, allowed: Collection[str] | None = None) -> tuple[str, ...]:
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return ()
    if not isinstance(items, list):
        return ()
    return tuple(str(i) for i in items if isinstance(i, str) and (allowed is None or i in allowed))


def _details(org: Organisation) -> OrganisationDetails:
    try:
        kind = OrganisationKind(org.kind)
    except ValueError:  # a kind from a newer version of the app
        kind = OrganisationKind.OTHER
    return OrganisationDetails(
        name=org.name, kind=kind, areas=_json_list(org.areas), topics=_json_list(org.topics, TOPICS),
        communities=_json_list(org.communities, COMMUNITIES), email=org.email, phone=org.phone,
        website=org.website, notes=org.notes)


def _record(org: Organisation, duplicate: bool = False) -> OrganisationRecord:
    return OrganisationRecord(org.id, org.version, _details(org), org.practice_id, org.created_at, org.updated_at,
                              org.deleted_at is not None, org.merged_into_id, duplicate)


def _set_details(org: Organisation, details: OrganisationDetails) -> None:
    columns = {
        "name": details.name, "kind": details.kind.value,
        "areas": json.dumps(list(details.areas), ensure_ascii=False),
        "topics": json.dumps(list(details.topics)), "communities": json.dumps(list(details.communities)),
        "email": details.email, "phone": details.phone, "website": details.website, "notes": details.notes,
        "name_key": name_key(details.name) or None,
    }
    for column, value in columns.items():
        if getattr(org, column) != value:  # an unchanged value is no change to send
            setattr(org, column, value)


def _live(session: Session, organisation_id: str) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None or org.deleted_at is not None:
        raise NotFound(_("That organisation is no longer on the list; someone may have removed it."))
    return org


def add_organisation(session: Session, device_id: str, details: OrganisationDetails) -> OrganisationRecord:
    org = Organisation(device_id=device_id, name=details.name, kind=details.kind.value)
    _set_details(org, details)
    session.add(org)
    session.flush()
    return _record(org)


def edit_organisation(session: Session, organisation_id: str, details: OrganisationDetails,
                      expected_version: int | None = None) -> OrganisationRecord:
    """Save new details; with ``expected_version``, refuse if someone saved in between."""
    org = _live(session, organisation_id)
    if expected_version is not None and org.version != expected_version:
        raise OrganisationStaleEdit(_("This organisation was changed elsewhere while you were editing it. Close "
                                      "it and open it again to see the latest details."))
    _set_details(org, details)
    session.flush()
    return _record(org)


def get_organisation(session: Session, organisation_id: str) -> OrganisationRecord:
    org = _live(session, organisation_id)
    return _record(org, org.id in possible_duplicate_ids(session, among=[org.id]))


def resolve_organisation(session: Session, ref: str) -> OrganisationRecord:
    """The one organisation on the list whose id is ``ref`` or starts with it."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFound(_("Give at least {n} characters of the organisation's id.").format(n=MIN_PREFIX))
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = session.scalars(select(Organisation).where(
        Organisation.deleted_at.is_(None), Organisation.id.like(escaped + "%", escape="\\")).limit(2)).all()
    if not matches:
        raise NotFound(_("No organisation has an id starting '{ref}'.").format(ref=ref))
    if len(matches) > 1:
        raise AmbiguousRef(_("More than one organisation has an id starting '{ref}'; give more of it.").format(
            ref=ref))
    return get_organisation(session, matches[0].id)


def delete_organisation(session: Session, organisation_id: str) -> OrganisationRecord:
    """Take an organisation off the list: a tombstone the sync sends, with its contacts here."""
    org = _live(session, organisation_id)
    now = utcnow()
    org.deleted_at = now
    for contact in session.scalars(select(OrganisationContact).where(
            OrganisationContact.organisation_id == org.id, OrganisationContact.deleted_at.is_(None))):
        contact.deleted_at = now
    session.flush()
    return _record(org)


def list_organisations(session: Session, text: str = "", *, kind: str | None = None, topic: str | None = None,
                       area: str | None = None, community: str | None = None, duplicates_only: bool = False,
                       limit: int = LIST_LIMIT) -> list[OrganisationRecord]:
    """Organisations on the list, by name: those whose name, notes or areas hold ``text``, of
    ``kind``, serving ``topic``/``community`` (values) and covering ``area`` (any spelling)."""
    query = select(Organisation).where(Organisation.deleted_at.is_(None))
    words = " ".join(text.split())
    if words:
        escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(or_(Organisation.name.ilike(pattern, escape="\\"),
                                Organisation.notes.ilike(pattern, escape="\\"),
                                Organisation.areas.ilike(pattern, escape="\\")))
    if kind:
        query = query.where(Organisation.kind == kind)
    # Values are plain words, so the JSON text holds each one in quotes; the lists are read again below.
    if topic:
        query = query.where(Organisation.topics.contains(json.dumps(topic)))
    if community:
        query = query.where(Organisation.communities.contains(json.dumps(community)))
    duplicates = possible_duplicate_ids(session)
    if duplicates_only:
        query = query.where(Organisation.id.in_(duplicates))
    found = []
    wanted_area = area_key(area) if area else None
    for org in session.scalars(query.order_by(func.lower(Organisation.name), Organisation.id)):
        record = _record(org, org.id in duplicates)
        d = record.details
        if topic and topic not in d.topics or community and community not in d.communities:
            continue
        if wanted_area is not None and wanted_area not in {area_key(a) for a in d.areas}:
            continue
        found.append(record)
        if len(found) >= limit:
            break
    return found


def known_areas(session: Session) -> list[str]:
    """Every area named on the list, once each, in order: for the area filter's choices."""
    seen: dict[str, str] = {}
    for text in session.scalars(select(Organisation.areas).where(Organisation.deleted_at.is_(None))):
        for item in _json_list(text):
            seen.setdefault(area_key(item), item)
    return sorted(seen.values(), key=str.casefold)


def _live_clause() -> tuple:
    return (Organisation.deleted_at.is_(None),)


def possible_duplicate_ids(session: Session, among: Collection[str] | None = None) -> set[str]:
    """Organisations on the list that share a name (see ``name_key``), an email or a phone number
    with another on it; only among ``among`` when it is given."""
    found: set[str] = set()
    email = func.lower(Organisation.email)
    for key in (Organisation.name_key, email, Organisation.phone):
        keys = select(key).where(*_live_clause(), key.is_not(None), key != "")
        if among is not None:
            keys = keys.where(key.in_(select(key).where(Organisation.id.in_(among))))
        shared = keys.group_by(key).having(func.count() > 1)
        query = select(Organisation.id).where(key.in_(shared), *_live_clause())
        if among is not None:
            query = query.where(Organisation.id.in_(among))
        found.update(session.scalars(query))
    return found


def count_possible_duplicates(session: Session) -> int:
    return len(possible_duplicate_ids(session))


def find_organisation_duplicates(session: Session, details: OrganisationDetails, *,
                                 exclude_id: str | None = None) -> list[OrganisationRecord]:
    """Organisations already on the list with the same name (as ``name_key`` sees it), email or phone."""
    clauses = []
    if details.name_key:
        clauses.append(Organisation.name_key == details.name_key)
    if details.email:
        clauses.append(func.lower(Organisation.email) == details.email.lower())
    if details.phone:
        clauses.append(Organisation.phone == details.phone)
    if not clauses:
        return []
    query = select(Organisation).where(or_(*clauses), *_live_clause())
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    return [_record(o, True) for o in session.scalars(query.order_by(Organisation.created_at))]


def name_keys(session: Session) -> dict[str, str]:
    """name_key -> id of every organisation on the list: what an import checks its rows against."""
    rows = session.execute(select(Organisation.name_key, Organisation.id).where(
        *_live_clause(), Organisation.name_key.is_not(None)).order_by(Organisation.created_at))
    keys: dict[str, str] = {}
    for key, org_id in rows:
        if key:
            keys.setdefault(key, org_id)
    return keys


def add_organisations(session: Session, device_id: str, many: Iterable[OrganisationDetails]
                      ) -> list[OrganisationRecord]:
    """Add several in one transaction (an import): all are saved, or none."""
    return [add_organisation(session, device_id, details) for details in many]


def _combined(first: Iterable[str], second: Iterable[str], key: object = None) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in (*first, *second):
        seen.setdefault(area_key(item) if key is area_key else item, item)
    return tuple(seen.values())


def merge_organisations(session: Session, keep_id: str, duplicate_id: str) -> OrganisationRecord:
    """Fold a duplicate into the organisation kept: its contacts and activities move across,
    areas, topics and communities are combined, empty details are filled from the duplicate,
    notes are joined, and the duplicate becomes a tombstone pointing at the one kept."""
    if keep_id == duplicate_id:
        raise StoreError(_("Choose two different organisations to merge."))
    keep, dup = _live(session, keep_id), _live(session, duplicate_id)
    kept, other = _details(keep), _details(dup)
    merged = replace(
        kept, areas=_combined(kept.areas, other.areas, area_key), topics=_combined(kept.topics, other.topics),
        communities=_combined(kept.communities, other.communities), email=kept.email or other.email,
        phone=kept.phone or other.phone, website=kept.website or other.website,
        notes="\n\n".join(t for t in dict.fromkeys((kept.notes, other.notes)) if t))
    _set_details(keep, merged)
    if keep.practice_id is None and dup.practice_id is not None:
        keep.practice_id = dup.practice_id
    dup.merged_into_id = keep.id
    dup.deleted_at = utcnow()
    session.flush()
    follow_merge(session, dup.id)
    return get_organisation(session, keep.id)


def follow_merge(session: Session, duplicate_id: str) -> int:
    """Move what this laptop holds of a merged organisation (contacts, activities) to the one it
    was merged into; one contact per person. Returns how many rows moved. Used when a merge
    made here, or on another laptop, arrives."""
    dup = session.get(Organisation, duplicate_id)
    target = dup.merged_into_id if dup is not None else None
    seen: set[str] = set()
    while target is not None and target not in seen:  # merged into one itself merged since
        seen.add(target)
        org = session.get(Organisation, target)
        if org is None or org.merged_into_id is None:
            break
        target = org.merged_into_id
    if target is None or session.get(Organisation, target) is None:
        return 0
    moved = 0
    kept_people = set(session.scalars(select(OrganisationContact.person_id).where(
        OrganisationContact.organisation_id == target, OrganisationContact.deleted_at.is_(None))))
    for contact in session.scalars(select(OrganisationContact).where(
            OrganisationContact.organisation_id == duplicate_id)):
        if contact.deleted_at is None and contact.person_id in kept_people:
            contact.deleted_at = utcnow()  # already a contact of the one kept
        else:
            contact.organisation_id = target
            if contact.deleted_at is None:
                kept_people.add(contact.person_id)
        moved += 1
    for activity in session.scalars(select(Activity).where(Activity.organisation_id == duplicate_id)):
        activity.organisation_id = target
        moved += 1
    session.flush()
    return moved


def count_organisations(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation).where(*_live_clause())) or 0
