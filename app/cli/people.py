"""``involve sheets`` and ``involve practice``: paper for events, and the GP practice list.

``app.cli.command`` adds these commands to
its parser and handlers.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.common import UsageError, count, open_store
from app.core.i18n import _, ngettext
from app.core.sheet_codes import SheetKind

MAX_COPIES = 500
GUEST_ROWS = 10


def add_commands(commands: argparse._SubParsersAction) -> None:
    sheets = commands.add_parser("sheets", help=_("print sign-up sheets, feedback cards or an attendance register "
                                                  "as a PDF"))
    sheets.add_argument("event", metavar="EVENT", help=_("the event's id or a unique start of it"))
    sheets.add_argument("--kind", required=True, choices=[k.value for k in SheetKind],
                        help=_("signup, feedback (cards) or attendance (PPG meetings)"))
    sheets.add_argument("--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF"))
    sheets.add_argument("--copies", type=count, default=1, metavar="N",
                        help=_("how many sheets or cards (for a register, how many copies); default 1"))
    sheets.add_argument("--large-print", action="store_true", help=_("large print: 16 point text or bigger"))
    sheets.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    practice = commands.add_parser("practice", help=_("list or add GP practices, for PPG sign-ups and meetings"))
    practice_commands = practice.add_subparsers(dest="practice_command", metavar="ACTION", required=True)
    listing = practice_commands.add_parser("list", help=_("the GP practices on the list"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    add = practice_commands.add_parser("add", help=_("add a GP practice and print its id"))
    add.add_argument("--name", required=True, help=_("the practice's name"))
    add.add_argument("--code", required=True, help=_("its NHS ODS code, for example G82001"))


def _sheets(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not 1 <= args.copies <= MAX_COPIES:
        raise UsageError(_("involve sheets: --copies must be from 1 to {limit}.").format(limit=MAX_COPIES))
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("involve sheets: --out must name a .pdf file."))
    if not out.parent.is_dir():
        raise UsageError(_("involve sheets: the folder {folder} does not exist.").format(folder=out.parent))
    from app.services.print_runs import SheetRequest, card_texts, make_sheets, printed_words
    from app.store.events import resolve_event
    from app.store.settings_file import SettingsFile
    from app.store.survey_library import load_library

    kind = SheetKind(args.kind)
    store = open_store(args)
    try:
        settings = SettingsFile(store.paths.settings)
        card = card_texts(load_library(store.paths.surveys).surveys.get("fft"))
        with store.session() as session:
            event = resolve_event(session, args.event)
        register = kind is SheetKind.ATTENDANCE
        request = SheetRequest(event_id=event.id, kind=kind, count=args.copies,
                               guest_rows=GUEST_ROWS if register else 0, large_print=args.large_print,
                               organisation=settings.get("organisation_name"),
                               contact=settings.get("privacy_contact"), card=card)
        try:
            made = make_sheets(store, request, reserve=True, save_to=out)
        except ValueError as error:  # a request these sheets cannot be made for, said in plain words
            raise UsageError(f"involve sheets: {error}") from None
        except OSError as error:
            raise UsageError(_("involve sheets: {file} could not be written: {reason}").format(
                file=out, reason=error.strerror or error)) from None
    finally:
        store.close()
    pages = made.pages
    if args.json:
        print(json.dumps({"file": str(out), "kind": args.kind, "first": made.first, "last": made.last,
                          "pages": pages}))
    else:
        print(ngettext("Wrote {file}: {what}, {pages} page.", "Wrote {file}: {what}, {pages} pages.", pages).format(
            file=out, what=printed_words(kind, made.first, made.last), pages=pages))
    return 0


def _practice_list(args: argparse.Namespace) -> int:
    from app.store.practices import list_practices

    store = open_store(args)
    try:
        with store.session() as session:
            found = list_practices(session)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"id": p.id, "name": p.name, "code": p.code} for p in found], indent=2))
    elif not found:
        print(_("No GP practices yet. Add one with: involve practice add --name NAME --code CODE"))
    else:
        for practice in found:
            print(f"{practice.code}  {practice.name}  {practice.id}")
    return 0


def _practice_add(args: argparse.Namespace) -> int:
    from app.core.practices import validate_practice
    from app.store.practices import save_practice

    details = validate_practice(args.name, args.code)  # checked before the store is opened
    store = open_store(args)
    try:
        with store.session() as session:
            practice = save_practice(session, store.device_id, details)
    finally:
        store.close()
    print(practice.id)
    return 0


HANDLERS = {
    ("sheets", None): _sheets,
    ("practice", "list"): _practice_list,
    ("practice", "add"): _practice_add,
}
