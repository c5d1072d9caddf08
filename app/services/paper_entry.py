"""Typing paper back in: open a printed sheet or card by its code, then save its rows.

Each function opens its own session and returns plain snapshots to show; the window's
"Type in paper" runs them on a worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.i18n import _
from app.core.sheet_codes import SheetCode, SheetKind, format_code
from app.store.errors import NotFound, StoreError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.surveys import Survey
    from app.core.transcription import SignupRow
    from app.store.paper import SheetProgress
    from app.store.practices import PracticeRecord
    from app.store.store import Store

LANGUAGE = "en"


class WrongEvent(StoreError):
    """The code is another event's; ``event_name`` says whose."""

    def __init__(self, event_name: str) -> None:
        super().__init__(event_name)
        self.event_name = event_name


class NotPrinted(NotFound):
    """No sheet or card with this code was printed for the event, as far as this laptop knows."""


@dataclass(frozen=True)
class OpenedSheet:
    code: SheetCode
    text: str  # the code as printed, e.g. S-3F2A9C-KXQM-007
    rows: int  # rows on the sheet (1 for a card)
    entered: tuple[int, ...]  # rows already typed in

    @property
    def next_row(self) -> int | None:
        return next((n for n in range(1, self.rows + 1) if n not in self.entered), None)

    @property
    def full(self) -> bool:
        return self.next_row is None


@dataclass(frozen=True)
class Progress:
    signup: tuple[SheetProgress, ...]
    cards: tuple[str, ...]  # codes of the cards typed in


@dataclass(frozen=True)
class RowSaved:
    name: str
    sheet: OpenedSheet  # with this row now among those entered
    duplicate: tuple[str, tuple[str, ...]] | None  # (name, what matches) of someone already stored
    progress: Progress


def _progress(session: Session, event_id: str) -> Progress:
    from app.store.paper import sheet_progress

    return Progress(tuple(sheet_progress(session, event_id, SheetKind.SIGNUP)),
                    tuple(p.code for p in sheet_progress(session, event_id, SheetKind.FEEDBACK)))


def load_start(store: Store, event_id: str) -> tuple[list[PracticeRecord], Progress]:
    """The GP practices to choose from, and what of this event is typed in already."""
    from app.store.practices import list_practices

    with store.session() as session:
        return list_practices(session), _progress(session, event_id)


def _rows_on_sheet(session: Session, event_id: str, code: SheetCode) -> int:
    """How many rows this sign-up sheet was printed with (large print has fewer); the most if unknown."""
    from app.documents.sheets import SIGNUP_ROWS, signup_rows
    from app.store.paper import printed_run

    run = printed_run(session, event_id, code)
    # A sheet printed on another laptop may not be known here: allow every row a sheet can have.
    return SIGNUP_ROWS if run is None else signup_rows(run.large_print)


def open_sheet(store: Store, event_id: str, code: SheetCode) -> OpenedSheet:
    """The sheet or card ``code`` names, if it is this event's; ``WrongEvent`` or ``NotFound`` if not."""
    from app.store.paper import card_entered, entered_rows, printed_run, resolve_sheet

    with store.session() as session:
        if not event_id.lower().startswith(code.event_ref.lower()):
            other = resolve_sheet(session, code)  # NotFound says no event here has it
            if other.id != event_id:
                raise WrongEvent(other.name)
        text = format_code(code.kind, event_id, code.number, code.series)
        if code.kind is SheetKind.FEEDBACK:
            opened = OpenedSheet(code, text, 1, (1,) if card_entered(session, event_id, text) else ())
        else:
            opened = OpenedSheet(code, text, _rows_on_sheet(session, event_id, code),
                                 tuple(entered_rows(session, event_id, text)))
        # A typo can make a valid-looking code; a blank sheet for it would file real rows under
        # paper nobody holds. A sheet already typed in was printed somewhere, even if not here.
        if not opened.entered and printed_run(session, event_id, code) is None:
            raise NotPrinted(_("No {kind} {code} was printed for this event. Check the code; if another laptop "
                               "printed it, sync first.").format(kind=code.kind.label.lower(), code=text))
        return opened


def save_row(store: Store, event_id: str, code: SheetCode, row: SignupRow, *, organisation: str,
             contact: str) -> RowSaved:
    """Save one row with its paper consent; a row already typed in is refused (``RowAlreadyEntered``)."""
    from app.store.notices import current_notice
    from app.store.paper import enter_signup_row, entered_rows
    from app.store.people import find_duplicates, matching_keys

    notice = current_notice(LANGUAGE, organisation=organisation, contact=contact)
    with store.session() as session:
        person = enter_signup_row(session, store.device_id, event_id, code, row, notice_id=notice.id,
                                  notice_version=notice.version)
        others = find_duplicates(session, row.details.keys(), exclude_id=person.id)
        duplicate = None
        if others:
            duplicate = (others[0].name, tuple(matching_keys(row.details, others[0].details)))
        text = format_code(code.kind, event_id, code.number, code.series)
        sheet = OpenedSheet(code, text, _rows_on_sheet(session, event_id, code),
                            tuple(entered_rows(session, event_id, text)))
        return RowSaved(person.name, sheet, duplicate, _progress(session, event_id))


def save_card(store: Store, event_id: str, code: SheetCode, surveys: Mapping[str, Survey],
              answers: Mapping[str, Mapping[str, Any]]) -> Progress:
    """Save one card as paper feedback; a card already typed in is refused (``RowAlreadyEntered``)."""
    from app.store.paper import enter_card

    with store.session() as session:
        enter_card(session, store.device_id, event_id, code, surveys, answers)
        return _progress(session, event_id)
