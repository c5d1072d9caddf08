"""``involve sync`` and ``involve central``: sending to and setting up the central database.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from app.cli.central import add_central_commands, at_the_centre
from app.cli.common import UsageError, open_store
from app.core.i18n import _
from app.store.paths import user_path

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from sync.connection import CentralTarget

EXIT_FAILED = 1
EXIT_MISMATCH = 3
MAX_BATCH = 5000
T = TypeVar("T")


def add_commands(commands: argparse._SubParsersAction) -> None:
    sync = commands.add_parser("sync", help=_("send what this laptop collected to your organisation's centre, and "
                                              "receive what the centre publishes"))
    sync.add_argument("--central", metavar="URL", help=_(
        "sync with this central service, or (for the data team) straight with this central database; default: "
        "the service this laptop was enrolled with. A database password is taken from INVOLVE_CENTRAL_PASSWORD "
        "or the keyring"))
    sync.add_argument("--allow-unencrypted", action="store_true",
                      help=_("allow an unencrypted connection to PostgreSQL on another computer"))
    sync.add_argument("--batch-size", type=_batch_size, default=None, metavar="N",
                      help=_("rows per batch (default 5000 to a service, 1000 to a database)"))
    sync.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    central = commands.add_parser("central", help=_("set up the central database, or record changes made there"))
    central_commands = central.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    init = central_commands.add_parser("init", help=_("create the central tables, or bring them up to date"))
    init.add_argument("url", metavar="URL")
    init.add_argument("--allow-unencrypted", action="store_true")
    withdraw = central_commands.add_parser(
        "withdraw", help=_("record at the centre that a person withdrew consent; laptops apply it at their next sync"))
    withdraw.add_argument("url", metavar="URL")
    withdraw.add_argument("person", metavar="PERSON_ID")
    withdraw.add_argument("--erase", action="store_true", help=_("erase their details, not only withdraw"))
    withdraw.add_argument("--allow-unencrypted", action="store_true")
    publish = central_commands.add_parser(
        "publish-survey", help=_("check a survey file and publish it to every laptop"))
    publish.add_argument("url", metavar="URL")
    publish.add_argument("file", metavar="FILE.json")
    publish.add_argument("--allow-unencrypted", action="store_true")
    add_central_commands(central_commands)


def _batch_size(text: str) -> int:
    try:
        size = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a whole number, such as 500")) from None
    if not 1 <= size <= MAX_BATCH:
        raise argparse.ArgumentTypeError(_("from 1 to {limit}").format(limit=MAX_BATCH))
    return size


def _target(text: str, allow_insecure: bool) -> CentralTarget:
    from sync.connection import target_from
    from sync.errors import SyncError

    try:
        return target_from(text, allow_insecure=allow_insecure)
    except SyncError as error:
        raise UsageError(f"involve: {error}") from None


def _sync(args: argparse.Namespace) -> int:
    from app.services.central import NoCentral, central_target
    from app.store.paths import resolve_data_dir
    from app.store.settings_file import SettingsFile
    from sync.errors import SyncError

    settings = SettingsFile(resolve_data_dir(args.data_dir).settings)
    try:
        target = central_target(settings, args.central, allow_insecure=args.allow_unencrypted)
    except NoCentral as error:
        raise UsageError(f"involve sync: {error}") from None
    except SyncError as error:
        raise UsageError(f"involve: {error}") from None
    from sync.runner import run_sync

    store = open_store(args)
    try:
        record = run_sync(store, target, batch_size=args.batch_size)
    finally:
        store.close()
    failed = record.outcome != "ok"
    if args.json:
        print(json.dumps(record.as_json(), indent=2, ensure_ascii=False))
    elif not (failed and not record.sent):  # a failure that sent nothing is the one line on stderr
        from sync.receipt import count_lines, receipt_lines

        print("\n".join(receipt_lines(record, with_message=not failed)))
        mismatched = [row for row in count_lines(record) if not row[4]]
        for event, what, here, centre, _ok in mismatched:
            print(_("  Count differs: {event}, {what}: {here} here, {centre} at the centre").format(
                event=event, what=what, here=here, centre=centre))
    if failed:
        print(f"involve: {record.message}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_MISMATCH if record.mismatches or record.details.get("refused") else 0


def _central_engine(args: argparse.Namespace) -> Engine:
    from sync.connection import make_central_engine

    return make_central_engine(_target(args.url, args.allow_unencrypted))


def _central_failure(error: Exception, args: argparse.Namespace) -> Exception:
    from sync.database_errors import explain

    target = _target(args.url, True)
    return UsageError("involve: " + explain(error, target, connecting=True))


def _central_init(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from sync.central import init_central

    engine = _central_engine(args)
    try:
        info = init_central(engine)
    except DBAPIError as error:
        raise _central_failure(error, args) from None
    finally:
        engine.dispose()
    print(_("The central database is ready for Involve (schema {revision}, id {id}).").format(
        revision=info.revision, id=info.central_id))
    return 0


def _at_the_centre(args: argparse.Namespace, work: Callable[[Any], T]) -> T:
    """Run ``work`` in one transaction at a set-up centre; any failure is one plain line."""
    return at_the_centre(args.url, args.allow_unencrypted, work)


def _central_withdraw(args: argparse.Namespace) -> int:
    from sync.central import withdraw_centrally

    found = _at_the_centre(args, lambda connection: withdraw_centrally(
        connection, args.person.strip(), erase=args.erase))
    if not found:
        raise UsageError(_("involve central withdraw: the central database has no person {id}.").format(
            id=args.person))
    print((_("Erased at the centre: {id}.") if args.erase else _("Withdrawn at the centre: {id}.")).format(
        id=args.person) + " " + _("Laptops holding this person apply it at their next sync."))
    return 0


def _central_publish(args: argparse.Namespace) -> int:
    import getpass

    from sync.central import publish_survey

    try:
        text = user_path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(_("involve central publish-survey: {file} could not be read: {reason}").format(
            file=args.file, reason=getattr(error, "strerror", None) or error)) from None
    published = _at_the_centre(args, lambda connection: publish_survey(connection, text, getpass.getuser()))
    if published.changed:
        print(_("Published survey {id} version {version}; laptops receive it at their next sync.").format(
            id=published.id, version=published.version))
    else:
        print(_("Survey {id} version {version} is already what laptops use (published or shipped with Involve); "
                "nothing changed.").format(id=published.id, version=published.version))
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[..., int]] = {
    ("sync", None): _sync,
    ("central", "init"): _central_init,
    ("central", "withdraw"): _central_withdraw,
    ("central", "publish-survey"): _central_publish,
}
