"""``involve person remove-row``: take back a sign-up typed in from a paper sheet by mistake."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import UsageError, confirm, open_store
from app.core.i18n import _

if TYPE_CHECKING:
    from app.store.typed_rows import TypedRow

COMMAND = "involve person remove-row"


def add_person_commands(person_commands: argparse._SubParsersAction) -> None:
    remove = person_commands.add_parser("remove-row", help=_(
        "take back a sign-up typed in from a paper sheet by mistake: the row can be typed in again"))
    remove.add_argument("person", metavar="ID", help=_("the person's id or a unique start of it"))
    remove.add_argument("--reason", required=True, metavar="TEXT", help=_("why the row is being removed"))
    remove.add_argument("--row", metavar="SHEET:ROW", help=_(
        "which row, for example S-7E5F6A-001:3; needed when the record holds more than one"))
    remove.add_argument("--yes", action="store_true", help=_("do not ask before removing"))


def _chosen(rows: list[TypedRow], wanted: str | None, name: str) -> TypedRow:
    """The row asked for: the only one, or the one named SHEET:ROW."""
    if not rows:
        raise UsageError(_("{command}: {name} was not typed in from a paper sheet. To remove someone who signed up "
                           "another way, use Erase in the People window.").format(command=COMMAND, name=name))
    if wanted is None:
        if len(rows) > 1:
            raise UsageError(_("{command}: {name}'s record holds {n} typed-in rows; say which with --row, one of: "
                               "{rows}.").format(command=COMMAND, name=name, n=len(rows),
                                                 rows=", ".join(f"{r.sheet}:{r.row}" for r in rows)))
        return rows[0]
    sheet, _sep, number = wanted.strip().rpartition(":")
    for row in rows:
        if row.sheet.casefold() == sheet.strip().casefold() and number.strip() == str(row.row):
            return row
    raise UsageError(_("{command}: --row: {name} was not typed in from {row}; their rows: {rows}.").format(
        command=COMMAND, name=name, row=wanted, rows=", ".join(f"{r.sheet}:{r.row}" for r in rows)))


def _remove_row(args: argparse.Namespace) -> int:
    from app.core.signups import PersonStatus
    from app.services.typed_rows import remove_typed_row
    from app.store.corrections import CorrectionRefused, check_reason
    from app.store.errors import NotFound
    from app.store.events import AmbiguousRef
    from app.store.people import resolve_person
    from app.store.typed_rows import typed_rows

    try:
        reason = check_reason(args.reason)
    except CorrectionRefused as error:
        raise UsageError(f"{COMMAND}: --reason: {error}") from None
    store = open_store(args)
    try:
        with store.reading() as session:
            try:
                person = resolve_person(session, args.person)
            except (NotFound, AmbiguousRef) as error:
                raise UsageError(f"{COMMAND}: {error}") from None
            if person.status is not PersonStatus.ACTIVE:
                raise UsageError(_("{command}: this person withdrew, was erased or was merged; there is no typed-in "
                                   "row to remove.").format(command=COMMAND))
            row = _chosen(typed_rows(session, person.id), args.row, person.name)
        if not args.yes:
            confirm(_("Remove {row}, typed in as {name}?").format(row=row, name=person.name))
        try:
            removed = remove_typed_row(store, person.id, row.consent_id, reason)
        except (CorrectionRefused, NotFound) as error:
            raise UsageError(f"{COMMAND}: {error}") from None
    finally:
        store.close()
    if removed.person_removed:
        print(_("Removed {row}: {name} was erased, and the row can be typed in again.").format(
            row=removed.row, name=removed.name))
    else:
        print(_("Removed {row} from {name}'s record; it can be typed in again.").format(
            row=removed.row, name=removed.name))
    return 0


HANDLERS = {
    ("person", "remove-row"): _remove_row,
}
