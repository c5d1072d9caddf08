"""Involvement payments and expenses claims: recorded, approved, paid or rejected, and marked
when they are sent to finance. Callers get plain snapshots, safe to hand between threads.

A claim moves claimed -> approved -> paid, and may be rejected until it is paid; a paid claim
is final. Nothing new is claimed for a person who withdrew, was erased or was merged (what
they claimed before stays payable).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.contact import display_phone
from app.core.i18n import _
from app.core.involvement import ClaimDetails, claim_status_label
from app.core.network import ClaimKind, ClaimStatus
from app.core.payments import RoleLevel, pounds_text
from app.store.activities import check_loggable
from app.store.errors import NotFound, StoreError
from app.store.events import MIN_PREFIX, AmbiguousRef
from app.store.models import Activity, Claim, Person, utcnow

# Where each status may go next.
NEXT: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.CLAIMED: frozenset({ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.REJECTED}),
    ClaimStatus.APPROVED: frozenset({ClaimStatus.PAID, ClaimStatus.REJECTED, ClaimStatus.CLAIMED}),
    ClaimStatus.REJECTED: frozenset({ClaimStatus.CLAIMED}),
    ClaimStatus.PAID: frozenset(),
}


class ClaimRefused(StoreError):
    """The claim cannot change that way (a paid claim is final, for one)."""


@dataclass(frozen=True)
class ClaimRecord:
    """One claim as stored, with who claimed it and the activity it is for."""

    id: str
    version: int
    details: ClaimDetails
    person_id: str
    person_name: str  # "" once erased
    contact: str  # email and phone as a person reads them
    status: ClaimStatus
    activity_title: str
    exported_at: dt.datetime | None
    created_at: dt.datetime

    @property
    def amount(self) -> str:
        return pounds_text(self.details.amount_pence)

    def as_json(self) -> dict[str, object]:
        d = self.details
        return {"id": self.id, "person_id": self.person_id, "name": self.person_name, "kind": d.kind.value,
                "amount_pence": d.amount_pence, "amount": self.amount, "date": d.claimed_on.isoformat(),
                "role_level": d.role_level.value if d.role_level else None, "activity_id": d.activity_id,
                "activity": self.activity_title, "description": d.description, "status": self.status.value,
                "exported_at": self.exported_at.isoformat() if self.exported_at else None, "version": self.version}


def add_claim(session: Session, device_id: str, person_id: str, details: ClaimDetails) -> ClaimRecord:
    """Record a claim for a member, for an activity in their own log if one is given."""
    check_loggable(session, person_id)
    if details.activity_id is not None:
        activity = session.get(Activity, details.activity_id)
        if activity is None or activity.deleted_at is not None or activity.person_id != person_id:
            raise NotFound(_("That activity is not in this member's log; choose one from their log."))
    claim = Claim(device_id=device_id, person_id=person_id, kind=details.kind.value,
                  role_level=details.role_level.value if details.role_level else "",
                  amount_pence=details.amount_pence, description=details.description,
                  claimed_on=details.claimed_on, activity_id=details.activity_id,
                  status=ClaimStatus.CLAIMED.value)
    session.add(claim)
    session.flush()
    return _record(session, claim)


def approve_claim(session: Session, claim_id: str) -> ClaimRecord:
    return set_claim_status(session, claim_id, ClaimStatus.APPROVED)


def pay_claim(session: Session, claim_id: str) -> ClaimRecord:
    return set_claim_status(session, claim_id, ClaimStatus.PAID)


def reject_claim(session: Session, claim_id: str) -> ClaimRecord:
    return set_claim_status(session, claim_id, ClaimStatus.REJECTED)


def set_claim_status(session: Session, claim_id: str, status: ClaimStatus) -> ClaimRecord:
    """Move a claim on (or back); the same status again changes nothing."""
    claim = _live(session, claim_id)
    current = _status(claim.status)
    if status is not current:
        if status not in NEXT[current]:
            raise ClaimRefused(_("A claim that is {now} cannot be marked {then}.").format(
                now=claim_status_label(current).lower(), then=claim_status_label(status).lower()))
        claim.status = status.value
        session.flush()
    return _record(session, claim)


def mark_exported(session: Session, claim_ids: Collection[str], at: dt.datetime | None = None) -> int:
    """Note that these claims went to finance (at ``at``, now by default); returns how many."""
    when = at or utcnow()
    count = 0
    for claim in session.scalars(select(Claim).where(Claim.id.in_(set(claim_ids)), Claim.deleted_at.is_(None))):
        claim.exported_at = when
        count += 1
    session.flush()
    return count


def get_claim(session: Session, claim_id: str) -> ClaimRecord:
    return _record(session, _live(session, claim_id))


def list_claims(session: Session, *, person_id: str | None = None, status: ClaimStatus | None = None,
                date_from: dt.date | None = None, date_to: dt.date | None = None,
                not_exported: bool = False) -> list[ClaimRecord]:
    """Live claims, latest first, narrowed by member, status, dates and whether sent to finance."""
    query = (select(Claim, Person, Activity.title)
             .join(Person, Person.id == Claim.person_id)
             .outerjoin(Activity, Activity.id == Claim.activity_id)
             .where(Claim.deleted_at.is_(None)))
    if person_id is not None:
        query = query.where(Claim.person_id == person_id)
    if status is not None:
        query = query.where(Claim.status == status.value)
    if date_from is not None:
        query = query.where(Claim.claimed_on >= date_from)
    if date_to is not None:
        query = query.where(Claim.claimed_on <= date_to)
    if not_exported:
        query = query.where(Claim.exported_at.is_(None))
    query = query.order_by(Claim.claimed_on.desc(), Claim.created_at.desc(), Claim.id)
    return [_snapshot(claim, person, title or "") for claim, person, title in session.execute(query)]


def resolve_claim(session: Session, ref: str) -> ClaimRecord:
    """The one live claim whose id is ``ref`` or starts with it."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFound(_("Give at least {n} characters of the claim's id.").format(n=MIN_PREFIX))
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = session.scalars(select(Claim).where(Claim.deleted_at.is_(None),
                                                  Claim.id.like(escaped + "%", escape="\\")).limit(2)).all()
    if not matches:
        raise NotFound(_("No claim has an id starting '{ref}'.").format(ref=ref))
    if len(matches) > 1:
        raise AmbiguousRef(_("More than one claim has an id starting '{ref}'; give more of it.").format(ref=ref))
    return _record(session, matches[0])


# ----- inside

def _live(session: Session, claim_id: str) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None or claim.deleted_at is not None:
        raise NotFound(_("That claim no longer exists."))
    return claim


def _status(value: str) -> ClaimStatus:
    try:
        return ClaimStatus(value)
    except ValueError:  # a status from a newer version of the app: treated as still open
        return ClaimStatus.CLAIMED


def _snapshot(claim: Claim, person: Person, activity_title: str) -> ClaimRecord:
    try:
        level: RoleLevel | None = RoleLevel(claim.role_level) if claim.role_level else None
    except ValueError:
        level = None
    try:
        kind = ClaimKind(claim.kind)
    except ValueError:
        kind = ClaimKind.EXPENSE
    details = ClaimDetails(kind=kind, amount_pence=claim.amount_pence, claimed_on=claim.claimed_on,
                           role_level=level, activity_id=claim.activity_id, description=claim.description)
    contact = " · ".join(part for part in (person.email, display_phone(person.phone)) if part)
    return ClaimRecord(claim.id, claim.version, details, claim.person_id, person.name, contact,
                       _status(claim.status), activity_title, claim.exported_at, claim.created_at)


def _record(session: Session, claim: Claim) -> ClaimRecord:
    person = session.get(Person, claim.person_id)
    if person is None:
        raise NotFound(_("That person is no longer on the list."))
    activity = session.get(Activity, claim.activity_id) if claim.activity_id else None
    return _snapshot(claim, person, activity.title if activity else "")
