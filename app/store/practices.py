"""The organisation's list of GP practices."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.i18n import _
from app.core.practices import PracticeDetails
from app.core.validation import ValidationError
from app.store.errors import NotFound
from app.store.models import GpPractice, utcnow


@dataclass(frozen=True)
class PracticeRecord:
    id: str
    name: str
    code: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def _record(practice: GpPractice) -> PracticeRecord:
    return PracticeRecord(practice.id, practice.name, practice.code)


def list_practices(session: Session) -> list[PracticeRecord]:
    rows = session.scalars(select(GpPractice).where(GpPractice.deleted_at.is_(None)).order_by(GpPractice.name))
    return [_record(p) for p in rows]


def get_practice(session: Session, practice_id: str) -> PracticeRecord:
    practice = session.get(GpPractice, practice_id)
    if practice is None or practice.deleted_at is not None:
        raise NotFound(_("That GP practice is not on the list."))
    return _record(practice)


def find_practice(session: Session, ref: str) -> PracticeRecord:
    """A practice by its code (G82001) or id."""
    text = ref.strip()
    practice = session.scalar(
        select(GpPractice).where(GpPractice.code == text.upper(), GpPractice.deleted_at.is_(None)))
    if practice is None:
        try:
            return get_practice(session, text)
        except NotFound:
            raise NotFound(_("No GP practice on the list has the code {code}.").format(code=text.upper())) from None
    return _record(practice)


def save_practice(session: Session, device_id: str, details: PracticeDetails,
                  practice_id: str | None = None) -> PracticeRecord:
    """Add a practice, or change one; a code already on the list is refused."""
    same_code = session.scalar(select(GpPractice).where(GpPractice.code == details.code))
    if same_code is not None and same_code.id != practice_id:
        if same_code.deleted_at is None:
            raise ValidationError({"code": _("{code} is already on the list as {name}.").format(
                code=details.code, name=same_code.name)})
        if practice_id is None:  # added again after being removed: bring the old record back
            same_code.deleted_at = None
            same_code.name = details.name
            session.flush()
            return _record(same_code)
        raise ValidationError({"code": _("{code} belonged to a practice that was removed; add it again "
                                         "instead.").format(code=details.code)})
    practice: GpPractice | None
    if practice_id is None:
        practice = GpPractice(device_id=device_id, name=details.name, code=details.code)
        session.add(practice)
    else:
        practice = session.get(GpPractice, practice_id)
        if practice is None or practice.deleted_at is not None:
            raise NotFound(_("That GP practice is not on the list."))
        if (practice.name, practice.code) != (details.name, details.code):
            practice.name, practice.code = details.name, details.code
    session.flush()
    return _record(practice)


def remove_practice(session: Session, practice_id: str) -> None:
    """Take a practice off the list; people who joined its PPG keep it on their record."""
    practice = session.get(GpPractice, practice_id)
    if practice is None or practice.deleted_at is not None:
        raise NotFound(_("That GP practice is not on the list."))
    practice.deleted_at = utcnow()
