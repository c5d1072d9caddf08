"""Paper: numbering printed runs, and typing sheets and cards back in exactly once."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.i18n import _
from app.core.responses import ResponseMode
from app.core.sheet_codes import SheetCode, SheetKind, device_series, format_code, printed_by
from app.core.signups import ConsentMethod
from app.core.surveys import Survey
from app.core.transcription import SignupRow
from app.store.errors import NotFound
from app.store.events import AmbiguousRef, EventRecord, get_event, resolve_event
from app.store.models import Consent, Device, Response, SheetPrint, utcnow
from app.store.people import ConsentGiven, PersonRecord, RowAlreadyEntered, save_signup
from app.store.responses import submit_response
from app.store.sheet_marks import SheetMarks

CARD_ROW = 1  # a feedback card is its own sheet with one "row"


@dataclass(frozen=True)
class PrintRun:
    first: int
    last: int
    series: str  # the printing laptop's part of each code

    @property
    def count(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class SheetProgress:
    code: str
    rows_entered: int


def sheet_series(session: Session, device_id: str) -> str:
    """This laptop's part of every code it prints: apart from every other laptop it knows of."""
    return device_series(device_id, session.scalars(select(Device.id).where(Device.id != device_id)))


def record_print_run(session: Session, device_id: str, event_id: str, kind: SheetKind, count: int,
                     *, large_print: bool = False, notice: tuple[str, int] | None = None,
                     marks: SheetMarks | None = None) -> PrintRun:
    """Reserve this laptop's next ``count`` numbers for this event's sheets of ``kind``; ``notice``
    is the privacy notice (id, version) printed on sign-up sheets.

    Each laptop numbers its own sheets (its series keeps them apart from other laptops'), from
    the highest it has printed: in the store, or in ``marks``, which a restore does not take back.
    The caller raises ``marks`` once the sheets are made, before the run is committed.
    """
    if count < 1:
        raise ValueError(_("Print at least one."))
    last = printed_up_to(session, event_id, kind, device_id=device_id, marks=marks)
    run = PrintRun(last + 1, last + count, sheet_series(session, device_id))
    session.add(SheetPrint(device_id=device_id, event_id=event_id, kind=kind.value, first_number=run.first,
                           last_number=run.last, large_print=large_print,
                           notice_id=notice[0] if notice else None, notice_version=notice[1] if notice else None))
    session.flush()
    return run


def printed_up_to(session: Session, event_id: str, kind: SheetKind, *, device_id: str | None = None,
                  marks: SheetMarks | None = None) -> int:
    """The highest number printed for this event's sheets of ``kind`` (by ``device_id`` only, if
    given; and as far as ``marks`` says it went, if given)."""
    query = select(func.max(SheetPrint.last_number)).where(SheetPrint.event_id == event_id,
                                                           SheetPrint.kind == kind.value)
    if device_id is not None:
        query = query.where(SheetPrint.device_id == device_id)
    stored = session.scalar(query) or 0
    if marks is None or device_id is None:
        return stored
    return max(stored, marks.last(device_id, event_id, kind))


def printed_run(session: Session, event_id: str, code: SheetCode) -> SheetPrint | None:
    """The print run ``code`` came from, if it was printed on this laptop or its run synced here.

    A code without a series (printed before laptops had one) matches any laptop's run."""
    runs = session.scalars(select(SheetPrint).where(
        SheetPrint.event_id == event_id, SheetPrint.kind == code.kind.value,
        SheetPrint.first_number <= code.number, SheetPrint.last_number >= code.number,
        SheetPrint.deleted_at.is_(None)).order_by(SheetPrint.created_at))
    return next((run for run in runs if not code.series or printed_by(code.series, run.device_id)), None)


def resolve_sheet(session: Session, code: SheetCode) -> EventRecord:
    """The event a sheet code belongs to (its id's start, or the whole id from a QR code)."""
    try:
        if len(code.event_ref) == 36:
            return get_event(session, code.event_ref)
        return resolve_event(session, code.event_ref)
    except AmbiguousRef:
        raise NotFound(_("Two events on this laptop share the start of sheet {code}'s code. Scan its QR code, "
                         "which holds the whole event id.").format(code=code.text)) from None
    except NotFound:
        raise NotFound(_("No event on this laptop matches sheet {code}. Check the code, or sync to "
                         "get the event first.").format(code=code.text)) from None


def entered_rows(session: Session, event_id: str, sheet_code: str) -> list[int]:
    """Rows of one of the event's sign-up sheets already typed in, in order."""
    # An erased person's row stays entered (the sheet is not typed in again); a row removed as
    # typed in by mistake gave its number up.
    return sorted(session.scalars(select(Consent.paper_row).where(
        Consent.event_id == event_id, Consent.paper_sheet == sheet_code, Consent.paper_row.is_not(None))))


def printed_notice(session: Session, event_id: str, code: SheetCode) -> tuple[str, int] | None:
    """The privacy notice (id, version) printed on this event's sign-up sheet ``code``, if known here."""
    run = printed_run(session, event_id, code)
    if run is None or run.notice_id is None or not run.notice_version:
        return None
    return (run.notice_id, run.notice_version)


def sheet_progress(session: Session, event_id: str, kind: SheetKind) -> list[SheetProgress]:
    """For each sheet of this event typed in so far, how many rows were entered."""
    prefix = format_code(kind, event_id, 0)[:-3]
    table = Consent if kind is SheetKind.SIGNUP else Response
    # A removed card or row is no longer entered (it may be typed in again).
    live = (Response.deleted_at.is_(None),) if table is Response else (Consent.paper_row.is_not(None),)
    rows = session.execute(select(table.paper_sheet, func.count()).where(
        table.event_id == event_id, table.paper_sheet.like(prefix + "%"), *live)
        .group_by(table.paper_sheet).order_by(table.paper_sheet))
    return [SheetProgress(code, n) for code, n in rows if code is not None]  # LIKE never matches NULL


def enter_signup_row(session: Session, device_id: str, event_id: str, code: SheetCode, row: SignupRow,
                     *, notice_id: str, notice_version: int) -> PersonRecord:
    """Save one typed row of a sign-up sheet; the same row of the same sheet is refused.

    The consent names the notice printed on that sheet when this laptop printed it, and the
    given notice (the current one) otherwise.
    """
    sheet = format_code(code.kind, event_id, code.number, code.series)
    notice_id, notice_version = printed_notice(session, event_id, code) or (notice_id, notice_version)
    if row.row in entered_rows(session, event_id, sheet):
        raise RowAlreadyEntered(_("Row {row} of sheet {sheet} has already been entered. To correct what was "
                                  "typed, find the person in People and choose Edit; if it should not have been "
                                  "typed in at all, choose Remove typed-in row.").format(row=row.row, sheet=sheet))
    consent = ConsentGiven(notice_id, notice_version, ConsentMethod.PAPER, event_id=event_id,
                           paper_sheet=sheet, paper_row=row.row)
    return save_signup(session, device_id, row.details, consent, event_id=event_id)


def enter_card(session: Session, device_id: str, event_id: str, code: SheetCode,
               surveys: Mapping[str, Survey], answers: Mapping[str, Mapping[str, Any]]) -> str:
    """Save one typed feedback card as a paper response; a card already entered is refused."""
    card = format_code(code.kind, event_id, code.number, code.series)
    response_id = str(uuid.uuid4())
    submit_response(session, response_id=response_id, device_id=device_id, event_id=event_id, surveys=surveys,
                    answers=answers, mode=ResponseMode.PAPER, language="en", submitted_at=utcnow(),
                    paper=(card, CARD_ROW))
    if session.get(Response, response_id) is None:
        raise RowAlreadyEntered(_("Card {card} has already been entered. To correct or remove it, use "
                                  "Responses on the event's page.").format(card=card))
    return response_id


def card_entered(session: Session, event_id: str, card_code: str) -> bool:
    return (session.scalar(select(func.count()).select_from(Response).where(
        Response.event_id == event_id, Response.paper_sheet == card_code, Response.deleted_at.is_(None))) or 0) > 0
