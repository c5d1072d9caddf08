"""``involve sheets``: sign-up sheets, feedback cards and attendance registers for an event, as a PDF.

Everything typed is checked before the store is opened.
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
        organisation, contact = settings.organisation()
        request = SheetRequest(event_id=event.id, kind=kind, count=args.copies,
                               guest_rows=GUEST_ROWS if register else 0, large_print=args.large_print,
                               organisation=organisation, contact=contact, card=card)
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
                          "series": made.series, "pages": pages}))
    else:
        print(ngettext("Wrote {file}: {what}, {pages} page.", "Wrote {file}: {what}, {pages} pages.", pages).format(
            file=out, what=printed_words(kind, made.first, made.last), pages=pages))
    return 0


HANDLERS = {
    ("sheets", None): _sheets,
}
