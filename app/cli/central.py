"""``involve central serve|device|audit`` for the data team, and ``involve enrol`` on a laptop.

The data team's commands take the central database's address (``--db URL``, its password in
``INVOLVE_CENTRAL_PASSWORD`` or the keyring). A laptop only ever gets an enrolment code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from app.cli.common import UsageError, open_store
from app.core.i18n import _

if TYPE_CHECKING:
    from sqlalchemy import Connection

T = TypeVar("T")


def add_central_commands(central_commands: argparse._SubParsersAction) -> None:
    """The service's commands, beside ``central init|withdraw|publish-survey``."""
    serve = central_commands.add_parser("serve", help=_("run the central service laptops sync through"))
    _db_option(serve)
    serve.add_argument("--listen", metavar="HOST:PORT", default="127.0.0.1:8470",
                       help=_("where to listen (default 127.0.0.1:8470, behind a proxy that provides HTTPS)"))
    serve.add_argument("--workers", type=int, default=1, metavar="N", help=_("worker processes (default 1)"))
    serve.add_argument("--certfile", metavar="FILE", help=_("TLS certificate, to serve HTTPS itself"))
    serve.add_argument("--keyfile", metavar="FILE", help=_("TLS private key for --certfile"))
    serve.add_argument("--trust-proxy", action="store_true",
                       help=_("honour X-Forwarded-* headers from the reverse proxy in front"))

    device = central_commands.add_parser("device", help=_("add, list or withdraw the laptops that may sync"))
    actions = device.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_("make a one-time enrolment code (and a printable sheet) for a laptop"))
    _db_option(add)
    add.add_argument("--name", required=True, help=_("the laptop's name, as staff know it"))
    add.add_argument("--service", metavar="URL", help=_(
        "where laptops reach the central service, e.g. https://involve.example.nhs.uk (remembered)"))
    add.add_argument("--organisation", metavar="NAME", help=_(
        "the organisation named on the enrolment sheet (remembered)"))
    add.add_argument("--sheet", metavar="FILE.pdf", help=_("where to write the enrolment sheet "
                                                           "(default: enrolment-NAME.pdf here)"))
    add.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    listing = actions.add_parser("list", help=_("list laptops and enrolment codes"))
    _db_option(listing)
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    revoke = actions.add_parser("revoke", help=_("withdraw a laptop's access (or an unused code)"))
    _db_option(revoke)
    revoke.add_argument("device", metavar="DEVICE", help=_("the device's id, or the start of it"))

    audit = central_commands.add_parser("audit", help=_("list the central audit log"))
    _db_option(audit)
    audit.add_argument("--limit", type=int, default=200, metavar="N", help=_("the newest N entries (default 200)"))
    audit.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def add_commands(commands: argparse._SubParsersAction) -> None:
    enrol = commands.add_parser("enrol", help=_("connect this laptop to your organisation's central service"))
    enrol.add_argument("service", metavar="SERVICE_URL", help=_("the address on your enrolment sheet"))
    enrol.add_argument("code", metavar="CODE", help=_("the enrolment code on the sheet, or - to read it from "
                                                      "standard input (kept out of the process list)"))
    enrol.add_argument("--ca-file", metavar="FILE",
                       help=_("your organisation's own certificate authority, if IT gave you one"))
    enrol.add_argument("--print-token", action="store_true", help=_(
        "for a laptop without a keyring: print the credential (only) instead of keeping it, to be given to "
        "Involve in INVOLVE_DEVICE_TOKEN"))
    enrol.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, metavar="URL", help=_(
        "the central database's address, without its password (INVOLVE_CENTRAL_PASSWORD or the keyring holds it)"))
    parser.add_argument("--allow-unencrypted", action="store_true",
                        help=_("allow an unencrypted connection to PostgreSQL on another computer"))


def _at_the_centre(args: argparse.Namespace, work: Callable[[Connection], T]) -> T:
    return at_the_centre(args.db, args.allow_unencrypted, work)


def at_the_centre(address: str, allow_insecure: bool, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in one transaction at the set-up central database ``address``, for the data
    team's commands; any failure is one plain line."""
    from sqlalchemy.exc import DBAPIError

    from sync.central import check_central
    from sync.connection import make_central_engine, target_from
    from sync.database_errors import explain
    from sync.errors import SyncError

    try:
        target = target_from(address, allow_insecure=allow_insecure)
    except SyncError as error:
        raise UsageError(f"involve: {error}") from None
    engine = make_central_engine(target)
    try:
        with engine.begin() as connection:
            check_central(connection)
            return work(connection)
    except SyncError as error:
        raise UsageError(f"involve: {error}") from None
    except DBAPIError as error:
        raise UsageError("involve: " + explain(error, target, connecting=True)) from None
    finally:
        engine.dispose()


def _serve(args: argparse.Namespace) -> int:
    from sync.errors import SyncError
    from sync.service.serve import ServeOptions, check_options, parse_listen, serve

    try:
        host, port = parse_listen(args.listen)
        options = ServeOptions(args.db, host, port, args.workers,
                               Path(args.certfile) if args.certfile else None,
                               Path(args.keyfile) if args.keyfile else None, args.trust_proxy, args.allow_unencrypted)
        check_options(options)
        # Reach the database once before starting, so a wrong address is one line, not a worker's traceback.
        _at_the_centre(args, lambda _connection: None)
        serve(options)
    except SyncError as error:
        raise UsageError(f"involve central serve: {error}") from None
    return 0


def _device(args: argparse.Namespace) -> int:
    return {"add": _device_add, "list": _device_list, "revoke": _device_revoke}[args.device_command](args)


def _device_add(args: argparse.Namespace) -> int:
    from app.core.file_names import safe_file_name
    from app.services.enrolment import add_laptop
    from sync.enrolment import check_name
    from sync.errors import SyncError

    try:
        name = check_name(args.name)
    except SyncError as error:
        raise UsageError(f"involve central device add: {error}") from None
    sheet = Path(args.sheet) if args.sheet else Path(safe_file_name(f"enrolment-{name}.pdf", "enrolment.pdf"))
    if sheet.suffix.lower() != ".pdf":
        raise UsageError(_("involve central device add: the sheet must be a .pdf file."))
    if not sheet.resolve().parent.is_dir():
        raise UsageError(_("involve central device add: the folder {folder} does not exist.").format(
            folder=sheet.parent))
    new, url = _at_the_centre(args, lambda connection: add_laptop(connection, name, args.service, sheet,
                                                                  args.organisation))
    if args.json:
        print(json.dumps({"id": new.enrolment_id, "name": new.name, "code": new.code, "service": url,
                          "expires_at": new.expires_at.isoformat(), "sheet": str(sheet)}, indent=2))
        return 0
    print(_("Enrolment code for '{name}': {code}").format(name=new.name, code=new.code))
    print(_("It works once, until {when}. On the laptop: involve enrol {url} CODE, or Sync ▸ Connect to your "
            "organisation…").format(when=new.expires_at.astimezone().strftime("%d %b %Y %H:%M"), url=url))
    print(_("Enrolment sheet to print: {sheet}").format(sheet=sheet))
    return 0


def _device_list(args: argparse.Namespace) -> int:
    from sync.enrolment import list_devices

    devices = _at_the_centre(args, list_devices)
    if args.json:
        print(json.dumps([d.as_json() for d in devices], indent=2, ensure_ascii=False))
        return 0
    if not devices:
        print(_("No laptops yet. Add one with: involve central device add --db URL --name NAME"))
        return 0
    states = {"waiting": _("code not used yet"), "enrolled": _("enrolled"), "revoked": _("access withdrawn"),
              "expired": _("code expired")}
    for d in devices:
        seen = d.last_seen_at.astimezone().strftime("%d %b %Y %H:%M") if d.last_seen_at else "-"
        print(f"{d.id[:8]}  {d.name[:40]:<40}  {states[d.state]:<18}  "
              + _("laptop {device}, last seen {seen}").format(device=(d.device_id or "-")[:8], seen=seen))
    return 0


def _device_revoke(args: argparse.Namespace) -> int:
    from sync.audit import data_team
    from sync.enrolment import revoke

    entry = _at_the_centre(args, lambda connection: revoke(connection, args.device, data_team()))
    print(_("Access withdrawn for '{name}' ({id}). Its next sync is refused; its data stays on the laptop.")
          .format(name=entry.name, id=entry.id[:8]))
    return 0


def _audit(args: argparse.Namespace) -> int:
    from sync.audit import entries

    if not 1 <= args.limit <= 100_000:
        raise UsageError(_("involve central audit: --limit must be from 1 to 100000."))
    found = _at_the_centre(args, lambda connection: entries(connection, limit=args.limit))
    if args.json:
        print(json.dumps([e.as_json() for e in found], indent=2, ensure_ascii=False))
        return 0
    for e in found:
        detail = ", ".join(f"{k}={v}" for k, v in sorted(e.detail.items()))
        print(f"{e.at.astimezone().strftime('%Y-%m-%d %H:%M:%S')}  {e.action:<15} {e.actor[:36]:<36}  {detail}")
    return 0


def _enrol(args: argparse.Namespace) -> int:
    from app.services.enrolment import enrol_this_laptop
    from app.store.paths import resolve_data_dir
    from app.store.settings_file import SettingsFile
    from sync.errors import SyncError

    code = sys.stdin.readline().strip() if args.code == "-" else args.code
    if args.ca_file and not Path(args.ca_file).is_file():
        raise UsageError(_("involve enrol: {file} is not a file.").format(file=args.ca_file))
    store = open_store(args)
    try:
        device_id = store.device_id
    finally:
        store.close()
    settings = SettingsFile(resolve_data_dir(args.data_dir).settings)
    try:
        enrolled, token = enrol_this_laptop(settings, device_id, args.service, code, args.ca_file or "",
                                            keep=not args.print_token)
    except SyncError as error:
        print(f"involve enrol: {error}", file=sys.stderr)
        return 1
    if args.print_token:
        print(token)
    elif args.json:
        answer: dict[str, Any] = {"service": enrolled.url, "name": enrolled.device_name, "device_id": device_id}
        print(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        print(_("This laptop is connected to {url} as '{name}'. Run involve sync to send what it holds.").format(
            url=enrolled.url, name=enrolled.device_name))
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[..., int]] = {
    ("central", "serve"): _serve,
    ("central", "device"): _device,
    ("central", "audit"): _audit,
    ("enrol", None): _enrol,
}
