"""Removing a sign-up typed in from a paper sheet by mistake.

Typing the wrong sheet, a row someone crossed out, or one row twice: the sign-up should never
have been made. Its consent becomes a tombstone that gives up the sheet's row (so the row can be
typed in again), and the person typed in is erased, everywhere an erasure reaches. A record that
holds other sign-ups too (two merged into one) keeps its person and loses only that row.
``row_removals`` keeps which row, who, when and why: never the details that were typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.i18n import _
from app.core.signups import ConsentMethod, PersonStatus
from app.store.corrections import CorrectedBy, CorrectionRefused, check_reason
from app.store.errors import NotFound
from app.store.models import Consent, Person, RowRemoval, utcnow
from app.store.people import erase_person


@dataclass(frozen=True)
class TypedRow:
    """One row of a sign-up sheet a person's record was typed in from."""

    consent_id: str
    sheet: str
    row: int

    def __str__(self) -> str:
        return _("row {row} of sheet {sheet}").format(row=self.row, sheet=self.sheet)


@dataclass(frozen=True)
class RowRemoved:
    name: str
    row: TypedRow
    person_removed: bool  # or only the row, from a record holding other sign-ups too


def typed_rows(session: Session, person_id: str) -> list[TypedRow]:
    """The sheet rows this person's record was typed in from and still holds, oldest first."""
    consents = session.scalars(select(Consent).where(
        Consent.person_id == person_id, Consent.method == ConsentMethod.PAPER.value,
        Consent.deleted_at.is_(None), Consent.paper_sheet.is_not(None), Consent.paper_row.is_not(None))
        .order_by(Consent.given_at, Consent.paper_sheet, Consent.paper_row))
    return [TypedRow(c.id, c.paper_sheet or "", c.paper_row or 0) for c in consents]


def remove_typed_row(session: Session, person_id: str, consent_id: str, reason: str,
                     by: CorrectedBy) -> RowRemoved:
    """Take back one typed-in sign-up row, with the reason why.

    Refused for a person who withdrew (what stops us contacting them is kept) and for a row that
    is not a typed-in row of theirs.
    """
    reason = check_reason(reason)
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise NotFound(_("That person is no longer on the list."))
    if PersonStatus(person.status) is PersonStatus.WITHDRAWN:
        raise CorrectionRefused(_("{name} withdrew their consent, so their record is kept: it is what stops us "
                                  "contacting them.").format(name=person.name))
    rows = {row.consent_id: row for row in typed_rows(session, person_id)}
    row = rows.get(consent_id)
    if row is None:
        raise CorrectionRefused(_("{name} was not typed in from that sheet row. To remove someone who signed "
                                  "up another way, choose Erase.").format(name=person.name))
    name = person.name
    others = session.scalars(select(Consent.id).where(
        Consent.person_id == person_id, Consent.deleted_at.is_(None), Consent.id != consent_id)).first()
    now = utcnow()
    consent = session.get(Consent, consent_id)
    assert consent is not None
    consent.withdrawn_at = consent.withdrawn_at or now
    consent.deleted_at = now
    consent.paper_row = None  # the row is free to be typed in again
    session.flush()
    person_removed = others is None
    if person_removed:
        erase_person(session, person_id)
    session.add(RowRemoval(at=now, person_id=person_id, consent_id=consent_id, event_id=consent.event_id,
                           paper_sheet=row.sheet, paper_row=row.row, person_removed=person_removed, reason=reason,
                           laptop=by.laptop[:200], user_name=by.user_name[:200]))
    session.flush()
    return RowRemoved(name, row, person_removed)

