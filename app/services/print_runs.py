"""Making the PDF of a print run: shared by "Print sheets" in the app and ``involve sheets``.

Taking the numbers and making the PDF (and writing the file, when saving) happen in one
transaction: if the PDF or the file cannot be made, no number is used. Printing happens
after the numbers are committed, because paper that has come out of a printer with a code
on it must never see that code again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import fft
from app.core.i18n import _, ngettext
from app.core.sheet_codes import SheetKind
from app.core.surveys import Survey, pick
from app.store.atomic_file import write_bytes_atomically

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.events import EventRecord
    from app.store.store import Store

LANGUAGE = "en"
PRACTICES_IN_HINT = 4  # name the practices on a sign-up sheet only when there are this few


@dataclass(frozen=True)
class CardTexts:
    """The words on a feedback card, from the FFT survey on this laptop."""

    question: str
    answers: tuple[str, ...]  # in ``fft.ANSWERS`` order
    comment_prompt: str
    comment_help: str


def card_texts(survey: Survey | None) -> CardTexts | None:
    """The card's words from the FFT survey, or None when the survey is missing or not whole."""
    if survey is None:
        return None
    questions = {q.id: q for q in survey.questions}
    rating, comment = questions.get(fft.RATING_QUESTION), questions.get(fft.COMMENT_QUESTION)
    if rating is None or comment is None:
        return None
    words = {option.value: pick(option.text, LANGUAGE) for option in rating.options}
    if any(answer not in words for answer in fft.ANSWERS):
        return None
    return CardTexts(pick(rating.text, LANGUAGE), tuple(words[a] for a in fft.ANSWERS),
                     pick(comment.text, LANGUAGE), pick(comment.help, LANGUAGE) if comment.help else "")


@dataclass(frozen=True)
class SheetRequest:
    event_id: str
    kind: SheetKind
    count: int  # sheets or cards; for a register, copies (it takes as many numbers as it has pages)
    guest_rows: int
    large_print: bool
    organisation: str
    contact: str
    card: CardTexts | None


@dataclass(frozen=True)
class MadeSheets:
    kind: SheetKind
    pdf: bytes
    first: int
    last: int
    title: str  # "Sign-up sheets": for the print job and the file name
    about: str  # what one of these holds, for beside the choice
    pages: int
    series: str = ""  # this laptop's part of each code


def printed_words(kind: SheetKind, first: int, last: int, *, start: bool = False) -> str:
    """'sheets 4 to 6', 'card 9', 'register sheet 2' (capitalised with ``start``)."""
    if kind is SheetKind.FEEDBACK:
        text = (_("card {first}") if first == last else _("cards {first} to {last}")).format(first=first, last=last)
    elif kind is SheetKind.ATTENDANCE:
        text = (_("register sheet {first}") if first == last else _("register sheets {first} to {last}")).format(
            first=first, last=last)
    else:
        text = (_("sheet {first}") if first == last else _("sheets {first} to {last}")).format(first=first, last=last)
    return text[:1].upper() + text[1:] if start else text


def make_sheets(store: Store, request: SheetRequest, *, reserve: bool, save_to: Path | None = None,
                reuse: MadeSheets | None = None) -> MadeSheets:
    """The PDF of ``request``: numbered from where this laptop's sheets of that kind for the event got to.

    With ``reserve`` the numbers are taken for good (and the file written to ``save_to``);
    without, they are only looked at, for a preview. ``reuse`` is a preview whose PDF can be
    used as it is when its numbers are still the next ones.
    """
    from app.store import paper
    from app.store.events import get_event
    from app.store.sheet_marks import SheetMarks

    marks = SheetMarks(store.paths.sheet_marks)  # how far this laptop got, whatever a restore put back
    with store.session() as session:
        event = get_event(session, request.event_id)
        first = paper.printed_up_to(session, event.id, request.kind, device_id=store.device_id, marks=marks) + 1
        series = paper.sheet_series(session, store.device_id)
        if reuse is not None and (reuse.first, reuse.series, reuse.kind) == (first, series, request.kind):
            made = reuse
        else:
            made = _make(session, event, request, first, series)
        if reserve:
            notice = None
            if request.kind is SheetKind.SIGNUP:  # what people agree to on these sheets
                from app.store.notices import load_notice

                printed = load_notice()
                notice = (printed.id, printed.version)
            run = paper.record_print_run(session, store.device_id, event.id, request.kind,
                                         made.last - made.first + 1, large_print=request.large_print,
                                         notice=notice, marks=marks)
            # Cannot happen with one worker; checked so a code never repeats.
            if (run.first, run.series) != (made.first, made.series):
                raise RuntimeError("sheet numbers moved while the sheets were made")
            if save_to is not None:
                _write(save_to, made.pdf)
            # Before the commit: once these numbers are used, no restore of the store hands them out again.
            marks.raise_to(store.device_id, event.id, request.kind, run.last)
        return made


def _make(session: Session, event: EventRecord, request: SheetRequest, first: int, series: str) -> MadeSheets:
    from app.core.events import EventKind, describe_when
    from app.documents import sheets

    header = sheets.SheetHeader(event.id, event.name, describe_when(event.details), event.details.venue,
                                request.organisation, series)
    out = io.BytesIO()
    large = request.large_print
    if request.kind is SheetKind.SIGNUP:
        from app.store.notices import current_notice

        notice = current_notice(LANGUAGE, organisation=request.organisation, contact=request.contact)
        sheets.signup_sheets(out, header, notice, first=first, count=request.count, large_print=large,
                             practices_hint=_practices_hint(session, event))
        last, title = first + request.count - 1, _("Sign-up sheets")
        rows = sheets.signup_rows(large)
        about = ngettext("Each sheet has room for {n} person, with the privacy notice printed below.",
                         "Each sheet has room for {n} people, with the privacy notice printed below.",
                         rows).format(n=rows)
    elif request.kind is SheetKind.FEEDBACK:
        if request.card is None:
            raise ValueError(_("The Friends and Family Test survey is not on this laptop"))
        card = request.card
        sheets.feedback_cards(out, header, first=first, count=request.count, large_print=large,
                              question=card.question, answers=card.answers, comment_prompt=card.comment_prompt,
                              comment_help=card.comment_help)
        last, title = first + request.count - 1, _("Feedback cards")
        per_page = sheets.cards_per_page(large)
        about = ngettext("The Friends and Family Test question and a comment box; {n} card to a page, to cut out.",
                         "The Friends and Family Test question and a comment box; {n} cards to a page, to cut out.",
                         per_page).format(n=per_page)
    else:
        members, practice = _register_parts(session, event)
        if event.details.kind is not EventKind.PPG_MEETING:
            raise ValueError(_("Attendance registers are for PPG meetings."))
        sheets.attendance_register(out, header, first=first, members=members, guest_rows=request.guest_rows,
                                   practice_name=practice, large_print=large, copies=request.count)
        title = _("Attendance register")
        last = first - 1 + sheets.register_pages(header, members=members, guest_rows=request.guest_rows,
                                                 practice_name=practice, large_print=large)
        if practice:
            about = ngettext("Lists the {n} member of {practice}'s Patient Participation Group, then blank rows "
                             "for guests.", "Lists the {n} members of {practice}'s Patient Participation Group, "
                             "then blank rows for guests.", len(members)).format(n=len(members), practice=practice)
        else:
            about = _("This meeting has no GP practice set, so the register has only blank rows. Set the practice "
                      "with Edit details to list its members.")
    if request.kind is SheetKind.FEEDBACK:
        pages = -(-request.count // sheets.cards_per_page(large))
    elif request.kind is SheetKind.ATTENDANCE:
        pages = (last - first + 1) * request.count
    else:
        pages = request.count
    return MadeSheets(request.kind, out.getvalue(), first, last, title, about, pages, series)


def _register_parts(session: Session, event: EventRecord) -> tuple[list, str]:
    from app.documents.sheets import RegisterMember
    from app.store.errors import NotFound
    from app.store.people import ppg_members
    from app.store.practices import get_practice

    practice_id = event.details.practice_id
    if practice_id is None:
        return [], ""
    try:
        practice = get_practice(session, practice_id).name
    except NotFound:
        practice = ""
    members = [RegisterMember(m.name, m.contact_line) for m in ppg_members(session, practice_id)]
    return members, practice


def _practices_hint(session: Session, event: EventRecord) -> str:
    """The practices to name on a sign-up sheet: the meeting's own, or a short list's names."""
    from app.store.practices import list_practices

    practices = list_practices(session)
    own = [p.name for p in practices if p.id == event.details.practice_id]
    names = own or [p.name for p in practices]
    if not names or len(names) > PRACTICES_IN_HINT:
        return ""
    if len(names) == 1:
        return names[0]
    return _("{names} or {last}").format(names=", ".join(names[:-1]), last=names[-1])


def _write(target: Path, pdf: bytes) -> None:
    write_bytes_atomically(target, pdf, suffix=".pdf")
