"""``involve report``: the event report as a PDF, for one event or across events.

    involve report EVENT... --out FILE.pdf
    involve report --from YYYY-MM-DD --to YYYY-MM-DD [--event EVENT ...] --out FILE.pdf

Everything typed is checked before the store is opened. The report itself is made by
``app.services.reports``, as the window's is; :func:`write_and_tell` writes any Report and prints
the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import UsageError, date_range, open_store
from app.core.i18n import _, ngettext
from app.store.paths import user_path

if TYPE_CHECKING:
    from app.core.report import Report
    from sync.connection import CentralTarget


def add_commands(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help=_("write the event report (\"you said, we did\") as a PDF"))
    report.add_argument("events", nargs="*", metavar="EVENT", help=_("the event's id or a unique start of it"))
    report.add_argument("--event", action="append", default=[], dest="more_events", metavar="EVENT",
                        help=_("an event to include (may be given more than once)"))
    report.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                        help=_("across events: the first day to include"))
    report.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=_("across events: the last day to include"))
    report.add_argument("--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF"))
    report.add_argument("--central", nargs="?", const="", default=None, metavar="URL", help=_(
        "read every laptop's data from the central database (the address set in the app, or URL) "
        "instead of this laptop's"))
    report.add_argument("--allow-unencrypted", action="store_true",
                        help=_("with --central: allow an unencrypted connection to PostgreSQL on another computer"))
    report.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def check_args(args: argparse.Namespace) -> tuple[Path, dt.date | None, dt.date | None]:
    """The output file and dates, checked; a one-line usage error otherwise."""
    out = user_path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("involve report: --out must name a .pdf file."))
    if not out.parent.is_dir():
        raise UsageError(_("involve report: the folder {folder} does not exist.").format(folder=out.parent))
    if out.is_dir():
        raise UsageError(_("involve report: {file} is a folder.").format(file=out))
    start, end = date_range("report", args.date_from, args.date_to)
    if not (args.events or args.more_events) and start is None and end is None:
        raise UsageError(_("involve report: give an event, or a date range with --from and --to."))
    return out, start, end


def write_and_tell(report: Report, out: Path, *, as_json: bool) -> int:
    """Write ``report`` (an app.core.report.Report) to ``out`` and print what was written."""
    from app.services.reports import draw_report

    try:
        pages = draw_report(report, out)
    except OSError as error:
        raise UsageError(_("involve report: {file} could not be written: {reason}").format(
            file=out, reason=error.strerror or error)) from None
    responses = report.reach.responses
    if as_json:
        print(json.dumps({"out": str(out), "pages": pages, "responses": responses,
                          "events": [e.info.id for e in report.events]}, ensure_ascii=False))
    else:
        print(_("Wrote {file} ({pages}, {responses}).").format(
            file=out, pages=ngettext("{n} page", "{n} pages", pages).format(n=pages),
            responses=ngettext("{n} response", "{n} responses", responses).format(n=responses)))
    return 0


def _report(args: argparse.Namespace) -> int:
    out, start, end = check_args(args)
    from app.core.report import ReportSelection
    from app.services.reports import event_ids, read_report
    from sync.errors import SyncError

    target = None if args.central is None else _central_target(args)
    store = open_store(args)
    try:
        ids = event_ids(store, [*args.events, *args.more_events], central=target is not None)
        selection = ReportSelection(event_ids=ids, date_from=start, date_to=end)
        try:
            report = read_report(store, selection, target)
        except SyncError as error:
            raise UsageError(f"involve report: {error}") from None
    finally:
        store.close()
    return write_and_tell(report, out, as_json=args.json)


def _central_target(args: argparse.Namespace) -> CentralTarget:
    """The central database to read, from --central URL or the app's settings; checked before the store opens."""
    from app.services.central import NoCentral, database_target
    from app.store.paths import resolve_data_dir
    from app.store.settings_file import SettingsFile
    from sync.errors import SyncError

    settings = SettingsFile(resolve_data_dir(args.data_dir).settings)
    try:
        return database_target(settings, args.central, allow_insecure=args.allow_unencrypted)
    except (NoCentral, SyncError) as error:
        raise UsageError(f"involve report: {error}") from None


HANDLERS = {
    ("report", None): _report,
}
