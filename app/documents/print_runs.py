"""Printing an event's sheets: reserve the next numbers, then write the PDF.

Shared by ``involve sheets`` and the desktop app, so both number sheets the same way and
codes never repeat between print runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.core.events import describe_when
from app.core.i18n import _
from app.core.sheet_codes import SheetKind
from app.core.surveys import Survey, pick
from app.documents.sheets import (
    RegisterMember,
    SheetHeader,
    attendance_register,
    cards_per_page,
    feedback_cards,
    register_pages,
    signup_sheets,
)
from app.store.events import EventRecord, get_event
from app.store.notices import current_notice
from app.store.paper import PrintRun, printed_up_to, record_print_run
from app.store.people import ppg_members
from app.store.practices import get_practice
from app.store.store import Store

MAX_COPIES = 500
GUEST_ROWS = 10


class PrintRequestError(ValueError):
    """A print request that cannot be made; the message says why."""


@dataclass(frozen=True)
class Organisation:
    name: str
    privacy_contact: str


@dataclass(frozen=True)
class PrintedRun:
    kind: SheetKind
    run: PrintRun
    pages: int


def check_copies(copies: int) -> int:
    if not 1 <= copies <= MAX_COPIES:
        raise PrintRequestError(_("Print from 1 to {limit} at a time.").format(limit=MAX_COPIES))
    return copies


def print_sheets(store: Store, event_id: str, kind: SheetKind, *, copies: int, large_print: bool,
                 organisation: Organisation, fft: Survey | None, out: Path | BinaryIO,
                 reserve: bool = True) -> PrintedRun:
    """Write ``copies`` sheets or cards of ``kind`` for the event, or ``copies`` of its register.

    With ``reserve`` the numbers are recorded, so the next run carries on from them; a
    preview passes False and shows the numbers the next print would have.
    """
    check_copies(copies)
    texts = _fft_texts(fft) if kind is SheetKind.FEEDBACK else None
    with store.session() as session:
        event = get_event(session, event_id)
        header = SheetHeader(event_id=event.id, event_name=event.name, when=describe_when(event.details),
                             venue=event.details.venue, organisation=organisation.name)
        members: list[RegisterMember] = []
        practice_name = ""
        numbers = copies
        if kind is SheetKind.ATTENDANCE:
            members, practice_name = _register_members(session, event)
            # Every copy of a register is the same sheets; only its pages take numbers.
            numbers = register_pages(header, members=members, guest_rows=GUEST_ROWS, practice_name=practice_name,
                                     large_print=large_print)
        if reserve:
            run = record_print_run(session, store.device_id, event_id, kind, numbers, large_print=large_print)
        else:
            start = printed_up_to(session, event_id, kind) + 1
            run = PrintRun(start, start + numbers - 1)
    if kind is SheetKind.SIGNUP:
        notice = current_notice("en", organisation=organisation.name, contact=organisation.privacy_contact)
        signup_sheets(out, header, notice, first=run.first, count=copies, large_print=large_print)
        return PrintedRun(kind, run, copies)
    if kind is SheetKind.FEEDBACK:
        assert texts is not None
        question, answers, comment = texts
        feedback_cards(out, header, first=run.first, count=copies, large_print=large_print, question=question,
                       answers=answers, comment_prompt=comment)
        return PrintedRun(kind, run, -(-copies // cards_per_page(large_print)))
    attendance_register(out, header, first=run.first, members=members, guest_rows=GUEST_ROWS,
                        practice_name=practice_name, large_print=large_print, copies=copies)
    return PrintedRun(kind, run, run.count * copies)


def _fft_texts(fft: Survey | None) -> tuple[str, list[str], str]:
    """The FFT question, its six answers and the comment prompt, in NHS England's words."""
    if fft is None:
        raise PrintRequestError(_("This laptop has no Friends and Family Test survey to print."))
    from app.core import fft as fft_rules

    question = fft.question(fft_rules.RATING_QUESTION)
    comment = fft.question(fft_rules.COMMENT_QUESTION)
    return pick(question.text, "en"), [pick(o.text, "en") for o in question.options], pick(comment.text, "en")


def _register_members(session, event: EventRecord) -> tuple[list[RegisterMember], str]:  # noqa: ANN001
    from app.core.events import EventKind

    if event.details.kind is not EventKind.PPG_MEETING:
        raise PrintRequestError(_("Attendance registers are for PPG meetings."))
    if not event.details.practice_id:
        raise PrintRequestError(_("Choose the GP practice for this PPG meeting first (edit the event)."))
    practice = get_practice(session, event.details.practice_id)
    members = [RegisterMember(p.name, p.contact_line) for p in ppg_members(session, practice.id)]
    return members, practice.name
