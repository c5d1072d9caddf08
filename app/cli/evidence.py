"""``involve evidence``: the annual evidence pack for a date range, as a PDF or an XLSX workbook.

Everything typed is checked before the store is opened: a bad date or a range the wrong way
round is one line and nothing is written.
"""

from __future__ import annotations

import argparse
import json

from app.cli.common import UsageError, date_range, open_store
from app.core.i18n import _, ngettext
from app.store.paths import user_path


def add_commands(commands: argparse._SubParsersAction) -> None:
    evidence = commands.add_parser("evidence", help=_(
        "write the annual evidence pack (activities and reach, hours, levels, what changed, the involvement "
        "duty) for a date range"))
    evidence.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD",
                          help=_("the first day (included)"))
    evidence.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD",
                          help=_("the last day (included)"))
    evidence.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx", help=_("where to write the pack"))
    evidence.add_argument("--json", action="store_true", help=_(
        "print JSON for scripts: counts are numbers, except a count of people from 1 to 4, which is hidden as the "
        "string \"<5\" (as in the pack)"))


def _evidence(args: argparse.Namespace) -> int:
    from app.core.evidence import count_value
    from app.services.evidence_pack import FORMATS, read_evidence_pack, write_evidence_pack

    date_from, date_to = date_range("evidence", args.date_from, args.date_to)
    assert date_from is not None and date_to is not None  # both are required options
    out = user_path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise UsageError(_("involve evidence: --out must name a .pdf or .xlsx file."))
    if not out.parent.is_dir():
        raise UsageError(_("involve evidence: the folder {folder} does not exist.").format(folder=out.parent))
    store = open_store(args, reading=True)
    try:
        pack = read_evidence_pack(store, date_from, date_to)
    finally:
        store.close()
    try:
        written = write_evidence_pack(pack, out)
    except OSError as error:
        raise UsageError(_("involve evidence: {file} could not be written: {reason}").format(
            file=out, reason=error.strerror or error)) from None
    xlsx = out.suffix.lower() == ".xlsx"
    if args.json:
        print(json.dumps({
            "file": str(out), "from": date_from.isoformat(), "to": date_to.isoformat(),
            "sheets" if xlsx else "pages": written, "held_to": pack.held_to.isoformat(),
            "events": pack.event_count, "events_planned": pack.events_planned, "responses": pack.responses,
            "signups": pack.signups, "attendances": count_value(pack.attendance_shown),
            "people_involved": count_value(pack.people_involved_shown), "activities": pack.activities,
            "hours": pack.hours, "members": count_value(pack.members_shown),
            "levels": {line.label: line.activities for line in pack.levels},
            "actions_done": len(pack.changes), "programmes_duty_applied": len(pack.programmes_with("yes")),
        }, ensure_ascii=False))
        return 0
    if xlsx:
        print(ngettext("Wrote {file}: {n} sheet.", "Wrote {file}: {n} sheets.", written).format(file=out, n=written))
    else:
        print(ngettext("Wrote {file}: {n} page.", "Wrote {file}: {n} pages.", written).format(file=out, n=written))
    return 0


HANDLERS = {("evidence", None): _evidence}
