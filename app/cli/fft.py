"""``involve fft-return``: the Friends and Family Test monthly return for NHS England, as CSV.
"""

from __future__ import annotations

import argparse
import json

from app.cli.common import UsageError, open_store
from app.core.i18n import _, ngettext
from app.store.paths import user_path


def add_commands(commands: argparse._SubParsersAction) -> None:
    ret = commands.add_parser("fft-return", help=_(
        "the Friends and Family Test monthly return: each answer counted per month and per service, as CSV"))
    ret.add_argument("--from", dest="first", required=True, metavar="YYYY-MM", help=_("the first month"))
    ret.add_argument("--to", dest="last", required=True, metavar="YYYY-MM", help=_("the last month"))
    ret.add_argument("--org-code", required=True, metavar="CODE",
                     help=_("your organisation's ODS code, for example RXX"))
    ret.add_argument("--out", required=True, metavar="FILE.csv", help=_("where to write the CSV"))
    ret.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _fft_return(args: argparse.Namespace) -> int:
    from app.core.fft_return import check_org_code, months_between, parse_month

    prefix = "involve fft-return: "
    try:
        first = parse_month(args.first, "--from")
        last = parse_month(args.last, "--to")
        months = months_between(first, last)
        org_code = check_org_code(args.org_code)
    except ValueError as error:
        raise UsageError(prefix + str(error)) from None
    out = user_path(args.out)
    if out.suffix.lower() != ".csv":
        raise UsageError(prefix + _("--out must name a .csv file."))
    if not out.parent.is_dir():
        raise UsageError(prefix + _("the folder {folder} does not exist.").format(folder=out.parent))
    if out.is_dir():
        raise UsageError(prefix + _("{file} is a folder.").format(file=out))

    from app.core.fft_return import HEADER, WHOLE_ORGANISATION, return_rows, rows_as_json
    from app.documents.safe_tables import Table, write_csv
    from app.store.fft_counts import fft_counts_by_month

    store = open_store(args)
    try:
        with store.session() as session:
            counts = fft_counts_by_month(session, months)
    finally:
        store.close()
    rows = return_rows(counts, months, org_code)
    try:
        write_csv(out, Table(name="FFT return", header=HEADER, rows=rows))
    except OSError as error:
        raise UsageError(prefix + _("{file} could not be written: {reason}").format(
            file=out, reason=error.strerror or error)) from None
    service_at, total_at = HEADER.index("Service"), HEADER.index("Total responses")
    services = list(dict.fromkeys(row[service_at] for row in rows if row[service_at] != WHOLE_ORGANISATION))
    if args.json:
        # "months" holds every row: one per month, and one per month per service when services are named.
        print(json.dumps({"file": str(out), "org_code": org_code, "services": services,
                          "months": rows_as_json(rows)}, indent=2))
        return 0
    print(ngettext("Wrote {n} month to {file}:", "Wrote {n} months to {file}:", len(months)).format(
        n=len(months), file=out))
    for row in rows:
        total = int(row[total_at] or 0)
        # The organisation-wide row is named by its month alone, as it was before services.
        where = f"{row[0]}, {row[service_at]}" if row[service_at] != WHOLE_ORGANISATION else str(row[0])
        print("  " + ngettext("{month}: {n} FFT answer", "{month}: {n} FFT answers", total).format(
            month=where, n=total))
    if services:
        print(ngettext("Each month has a row for events that name no service, and one for the {n} service named.",
                       "Each month has a row for events that name no service, and one for each of the {n} "
                       "services named.", len(services)).format(n=len(services)))
    return 0


HANDLERS = {("fft-return", None): _fft_return}
