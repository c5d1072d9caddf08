"""``involve practice``: the GP practices people may join a PPG of, and PPG meetings belong to."""

from __future__ import annotations

import argparse
import json

from app.cli.common import open_store
from app.core.i18n import _


def add_commands(commands: argparse._SubParsersAction) -> None:
    practice = commands.add_parser("practice", help=_("list or add GP practices, for PPG sign-ups and meetings"))
    practice_commands = practice.add_subparsers(dest="practice_command", metavar="ACTION", required=True)
    listing = practice_commands.add_parser("list", help=_("the GP practices on the list"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    add = practice_commands.add_parser("add", help=_("add a GP practice and print its id"))
    add.add_argument("--name", required=True, help=_("the practice's name"))
    add.add_argument("--code", required=True, help=_("its NHS ODS code, for example G82001"))


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
    ("practice", "list"): _practice_list,
    ("practice", "add"): _practice_add,
}
