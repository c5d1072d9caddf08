"""``involve export``: an event's responses, sign-ups and actions as CSV or XLSX, for analysts.

Everything typed is checked before the store is opened.
"""

from __future__ import annotations

import argparse
import json

from app.cli.common import UsageError, open_store
from app.core.i18n import _, ngettext
from app.store.paths import user_path

# Spelled out rather than imported: the exports module loads the store, and ``involve``
# imports this file on every start.
FORMATS = ("csv", "xlsx")
TABLES = ("responses", "signups", "actions", "summary")


def add_commands(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help=_("write an event's responses, sign-ups and actions as CSV or XLSX"))
    export.add_argument("event", metavar="EVENT", help=_("the event's id or a unique start of it"))
    export.add_argument("--format", required=True, choices=FORMATS,
                        help=_("csv (one table) or xlsx (a workbook with a sheet per table)"))
    export.add_argument("--out", required=True, metavar="FILE", help=_("where to write the file"))
    export.add_argument("--what", choices=TABLES, help=_(
        "which table: responses, signups (only people whose consent allows contact), actions "
        "(\"you said, we did\") or summary (the report's figures with small numbers hidden; XLSX only). "
        "Default: responses for CSV; responses, signups and actions for XLSX"))
    export.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _export(args: argparse.Namespace) -> int:
    from app.documents.exports import ExportFormat, ExportWhat
    from app.services.exports import ExportRefused, check_export, export_event

    fmt = ExportFormat(args.format)
    out = user_path(args.out)
    what = [ExportWhat(args.what)] if args.what is not None else ExportWhat.default(fmt)
    try:
        check_export(out, fmt, what)
    except ExportRefused as error:
        raise UsageError(f"involve export: {error}") from None
    store = open_store(args)
    try:
        exported = export_event(store, args.event, out, fmt, what)
    except OSError as error:
        raise UsageError(_("involve export: {file} could not be written: {reason}").format(
            file=out, reason=error.strerror or error)) from None
    finally:
        store.close()
    counts = exported.counts
    if args.json:
        print(json.dumps({"file": str(out), "format": fmt.value, "event": exported.event_id, "rows": counts},
                         ensure_ascii=False))
    else:
        parts = [ngettext("{table}: {n} row", "{table}: {n} rows", n).format(table=table, n=n)
                 for table, n in counts.items()]
        print(_("Wrote {file} ({tables}).").format(file=out, tables="; ".join(parts)))
    return 0


HANDLERS = {
    ("export", None): _export,
}
