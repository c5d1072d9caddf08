"""Contacts at organisations: people who signed up, with their consent, named as someone to
reach at an organisation, with their role.

Only a person who is active and has a consent not withdrawn can be named, and anyone who has
since withdrawn, been erased or merged away is left out of every list of contacts. Contacts
stay on the laptop that holds the person: they are uploaded, never downloaded elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.core.contact import display_phone
from app.core.i18n import _
from app.core.organisations import check_role
from app.core.signups import ContactMethod, PersonStatus
from app.core.validation import ValidationError
from app.store.errors import NotFound, StoreError
from app.store.models import Consent, Organisation, OrganisationContact, Person, utcnow

CHOICES_LIMIT = 200


class NotAContact(StoreError):
    """That person cannot be named as a contact (withdrew, erased, merged, or has no consent)."""


@dataclass(frozen=True)
class ContactRecord:
    """A contact at an organisation, with how to reach them."""

    id: str
    organisation_id: str
    person_id: str
    name: str
    role: str
    email: str
    phone: str
    contact_method: str

    @property
    def how_to_reach(self) -> str:
        """Email and phone as a person reads them."""
        return " · ".join(part for part in (self.email, display_phone(self.phone)) if part)

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "organisation_id": self.organisation_id, "person_id": self.person_id,
                "name": self.name, "role": self.role, "email": self.email, "phone": self.phone,
                "contact_method": self.contact_method}


@dataclass(frozen=True)
class PersonChoice:
    """Someone who may be named as a contact, as the picker lists them."""

    id: str
    name: str
    how_to_reach: str


def _has_live_consent() -> object:
    return exists().where(Consent.person_id == Person.id, Consent.withdrawn_at.is_(None),
                          Consent.deleted_at.is_(None))


def _reachable() -> tuple:
    """A person who may be a contact: active, on the list, with a consent still standing."""
    return (Person.status == PersonStatus.ACTIVE.value, Person.deleted_at.is_(None), _has_live_consent())


def why_not_a_contact(session: Session, person: Person | None) -> str | None:
    """Why this person cannot be named as a contact, in one sentence; None when they can."""
    if person is None:
        return _("That person is no longer on the list.")
    status = PersonStatus(person.status)
    if status is PersonStatus.WITHDRAWN:
        return _("{name} withdrew their consent, so they cannot be named as a contact.").format(name=person.name)
    if status is PersonStatus.ERASED:
        return _("That person's details were erased, so they cannot be named as a contact.")
    if status is PersonStatus.MERGED or person.deleted_at is not None:
        return _("That record was merged into another one; name the person it was merged into instead.")
    consented = session.scalar(select(func.count()).select_from(Consent).where(
        Consent.person_id == person.id, Consent.withdrawn_at.is_(None), Consent.deleted_at.is_(None))) or 0
    if not consented:
        return _("{name} has no consent on record, so they cannot be named as a contact.").format(name=person.name)
    return None


def add_contact(session: Session, device_id: str, organisation_id: str, person_id: str,
                role: str = "") -> ContactRecord:
    """Name a person as a contact at an organisation; naming them again changes their role."""
    try:
        role = check_role(role)
    except ValueError as error:
        raise ValidationError({"role": str(error)}) from None
    org = session.get(Organisation, organisation_id)
    if org is None or org.deleted_at is not None:
        raise NotFound(_("That organisation is no longer on the list; someone may have removed it."))
    person = session.get(Person, person_id)
    refused = why_not_a_contact(session, person)
    if refused is not None or person is None:
        raise NotAContact(refused or "")
    existing = session.scalars(select(OrganisationContact).where(
        OrganisationContact.organisation_id == org.id, OrganisationContact.person_id == person.id
    ).order_by(OrganisationContact.deleted_at.is_not(None), OrganisationContact.created_at)).first()
    if existing is None:
        existing = OrganisationContact(device_id=device_id, organisation_id=org.id, person_id=person.id, role=role)
        session.add(existing)
    else:  # named before (perhaps removed since): the same row again, so no one is listed twice
        if existing.deleted_at is not None:
            existing.deleted_at = None
        if existing.role != role:
            existing.role = role
    session.flush()
    return _record(existing, person)


def remove_contact(session: Session, contact_id: str) -> None:
    """No longer a contact there (a tombstone the sync sends)."""
    contact = session.get(OrganisationContact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise NotFound(_("That contact is no longer listed."))
    contact.deleted_at = utcnow()
    session.flush()


def list_contacts(session: Session, organisation_id: str) -> list[ContactRecord]:
    """An organisation's contacts who can still be reached, by name: anyone who withdrew, was
    erased or merged away, or has no consent standing, is left out."""
    rows = session.execute(
        select(OrganisationContact, Person)
        .join(Person, Person.id == OrganisationContact.person_id)
        .where(OrganisationContact.organisation_id == organisation_id, OrganisationContact.deleted_at.is_(None),
               *_reachable())
        .order_by(func.lower(Person.name), OrganisationContact.id))
    return [_record(contact, person) for contact, person in rows]


def contact_choices(session: Session, text: str = "", *, limit: int = CHOICES_LIMIT) -> list[PersonChoice]:
    """People on this laptop who may be named as a contact, by name; those whose name or email holds ``text``."""
    query = select(Person).where(*_reachable())
    words = " ".join(text.split())
    if words:
        escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Person.name.ilike(f"%{escaped}%", escape="\\")
                            | Person.email.ilike(f"%{escaped}%", escape="\\"))
    people = session.scalars(query.order_by(func.lower(Person.name), Person.id).limit(limit))
    return [PersonChoice(p.id, p.name, " · ".join(x for x in (p.email, display_phone(p.phone)) if x))
            for p in people]


def _record(contact: OrganisationContact, person: Person) -> ContactRecord:
    try:
        method = ContactMethod(person.contact_method).value
    except ValueError:
        method = person.contact_method
    return ContactRecord(contact.id, contact.organisation_id, person.id, person.name, contact.role, person.email,
                         person.phone, method)
