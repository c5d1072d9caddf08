"""``involve actions``: "you said, we did" from the command line: list, add, update, delete and
print the public summary.

Everything typed is checked before anything is saved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, TypeVar

from app.cli.common import UsageError, date_range, open_store
from app.core.i18n import _, ngettext
from app.store.paths import user_path

if TYPE_CHECKING:
    from app.core.actions import ActionDetails
    from app.store.store import Store

STATUSES = ("agreed", "in_progress", "done", "not_possible")  # app.core.actions.ActionStatus, spelled out
# What a checked field is called on the command line, so a message names what was typed.
OPTIONS = {"you_said": "--you-said", "we_will": "--we-will", "owner": "--owner", "due_date": "--due",
           "topic": "--topic", "status": "--status", "what_done": "--what-done", "done_on": "--done-on",
           "response_id": "--comment", "event_id": "EVENT"}
NO_DATE = "none"


T = TypeVar("T")


def add_commands(commands: argparse._SubParsersAction) -> None:
    actions = commands.add_parser("actions", help=_("\"you said, we did\": actions agreed in answer to feedback"))
    sub = actions.add_subparsers(dest="actions_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help=_("list an event's actions, or every event's"))
    listing.add_argument("event", nargs="?", metavar="EVENT", help=_("the event's id or a unique start of it"))
    listing.add_argument("--open", action="store_true", help=_("only actions not yet finished"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    add = sub.add_parser("add", help=_("add an action agreed at an event and print its id"))
    add.add_argument("event", metavar="EVENT", help=_("the event's id or a unique start of it"))
    add.add_argument("--you-said", required=True, metavar="TEXT", help=_("what people told us"))
    add.add_argument("--we-will", required=True, metavar="TEXT", help=_("what was agreed in answer"))
    _details(add)

    update = sub.add_parser("update", help=_("change an action: its status, what was done, and so on"))
    update.add_argument("action", metavar="ID", help=_("the action's id or a unique start of it"))
    update.add_argument("--you-said", metavar="TEXT", help=_("what people told us"))
    update.add_argument("--we-will", metavar="TEXT", help=_("what was agreed in answer"))
    _details(update)
    update.add_argument("--status", choices=STATUSES, help=_("how far it has got"))
    update.add_argument("--what-done", metavar="TEXT", help=_("what was done, or why it could not be"))
    update.add_argument("--done-on", metavar="YYYY-MM-DD", help=_("the day it was done (default: today)"))

    delete = sub.add_parser("delete", help=_("delete an action"))
    delete.add_argument("action", metavar="ID", help=_("the action's id or a unique start of it"))

    printing = sub.add_parser("print", help=_("write the public \"you said, we did\" summary as a PDF"))
    printing.add_argument("event", nargs="?", metavar="EVENT", help=_(
        "the event's id or a unique start of it (default: every event in the dates given)"))
    printing.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=_("events on or after this day"))
    printing.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=_("events on or before this day"))
    printing.add_argument("--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF"))
    printing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _details(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--owner", metavar="NAME", help=_("who in the team sees it through (not printed for "
                                                          "the public)"))
    parser.add_argument("--due", metavar="YYYY-MM-DD", help=_("when it should be done by ('none': no date)"))
    parser.add_argument("--topic", metavar="VALUE", help=_("the feedback topic, for example gp_access "
                                                           "('none': no topic)"))
    parser.add_argument("--comment", metavar="RESPONSE_ID", help=_(
        "the id of the response whose comment prompted it ('none': no comment)"))


def _check(values: dict[str, object], command: str, topics: list[str] | None) -> ActionDetails:
    from app.core.actions import validate_action
    from app.core.validation import ValidationError

    try:
        return validate_action(values, today=dt.date.today(), topics=topics)
    except ValidationError as error:
        parts = [f"{OPTIONS.get(field, field)}: {message}" for field, message in error.errors.items()]
        raise UsageError(f"involve actions {command}: " + " ".join(parts)) from None


def _topics(store: Store) -> list[str]:
    from app.core.actions import topic_labels
    from app.store.survey_library import load_library

    return list(topic_labels(load_library(store.paths.surveys).surveys))


def _store_call(work: Callable[[], T], command: str) -> T:
    """Run a store change; a link the store refuses is one line naming the option."""
    from app.core.validation import ValidationError

    try:
        return work()
    except ValidationError as error:
        parts = [f"{OPTIONS.get(field, field)}: {message}" for field, message in error.errors.items()]
        raise UsageError(f"involve actions {command}: " + " ".join(parts)) from None


def _given(value: str | None) -> str | None:
    """'none' clears an optional detail."""
    return "" if value is not None and value.strip().lower() == NO_DATE else value


def _list(args: argparse.Namespace) -> int:
    from app.store.actions import list_actions
    from app.store.events import resolve_event

    store = open_store(args)
    try:
        with store.session() as session:
            event_id = resolve_event(session, args.event).id if args.event else None
            found = list_actions(session, event_id, include_finished=not args.open)
    finally:
        store.close()
    today = dt.date.today()
    if args.json:
        print(json.dumps([a.as_json() | {"overdue": a.overdue(today)} for a in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print(_("No actions yet. Add one with: involve actions add EVENT --you-said TEXT --we-will TEXT"))
        return 0
    for action in found:
        d = action.details
        due = _("due {date}").format(date=d.due_date.isoformat()) if d.due_date else _("no due date")
        if action.overdue(today) and d.due_date:
            due = _("OVERDUE, was due {date}").format(date=d.due_date.isoformat())
        where = action.event_name or _("across events")
        print(f"{action.id[:8]}  {d.status.label}  {due}  [{where}]")
        print("    " + _("You said: {text}").format(text=" ".join(d.you_said.split())))
        print("    " + _("We will: {text}").format(text=" ".join(d.we_will.split())))
        if d.what_done:
            label = {"done": _("We did: {text}"), "not_possible": _("Why not: {text}")}.get(
                d.status.value, _("So far: {text}"))
            print("    " + label.format(text=" ".join(d.what_done.split())))
    return 0


def _add(args: argparse.Namespace) -> int:
    from app.store.actions import add_action
    from app.store.events import resolve_event

    values = {"you_said": args.you_said, "we_will": args.we_will, "owner": args.owner or "",
              "due_date": _given(args.due), "topic": _given(args.topic), "response_id": _given(args.comment)}
    _check(values, "add", topics=None)  # the wording is checked before the store is opened
    store = open_store(args)
    try:
        details = _check(values, "add", _topics(store))
        with store.session() as session:
            event = resolve_event(session, args.event)
            details = replace(details, event_id=event.id)
            added = _store_call(lambda: add_action(session, store.device_id, details), "add")
    finally:
        store.close()
    print(added.id)
    return 0


def _update(args: argparse.Namespace) -> int:
    from app.store.actions import resolve_action, update_action

    changes = {"you_said": args.you_said, "we_will": args.we_will, "owner": args.owner, "due_date": _given(args.due),
               "topic": _given(args.topic), "response_id": _given(args.comment), "status": args.status,
               "what_done": args.what_done, "done_on": args.done_on}
    changes = {field: value for field, value in changes.items() if value is not None}
    if not changes:
        raise UsageError(_("involve actions update: say what to change, for example --status done --what-done "
                            "TEXT."))
    store = open_store(args)
    try:
        topics = _topics(store)
        with store.session() as session:
            action = resolve_action(session, args.action)
            values = asdict(action.details) | changes
            if "status" in changes and "done_on" not in changes and not (
                    action.status.finished and _finished(changes["status"])):
                # Newly finished: done today unless a day is given. Reopened: no longer done on any day.
                values["done_on"] = None
            details = _check(values, "update", topics)
            saved = _store_call(lambda: update_action(session, action.id, details, action.version),
                                "update")
    finally:
        store.close()
    print(_("Saved: {status}.").format(status=saved.status.label))
    return 0


def _finished(status: object) -> bool:
    from app.core.actions import parse_status

    try:
        return parse_status(status).finished
    except ValueError:  # said plainly when the values are checked
        return False


def _delete(args: argparse.Namespace) -> int:
    from app.store.actions import delete_action, resolve_action

    store = open_store(args)
    try:
        with store.session() as session:
            delete_action(session, resolve_action(session, args.action).id)
    finally:
        store.close()
    print(_("Deleted."))
    return 0


def _print(args: argparse.Namespace) -> int:
    out = user_path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("involve actions print: --out must name a .pdf file."))
    if not out.parent.is_dir():
        raise UsageError(_("involve actions print: the folder {folder} does not exist.").format(folder=out.parent))
    if args.event and (args.date_from or args.date_to):
        raise UsageError(_("involve actions print: give an EVENT or --from/--to, not both."))
    if not args.event and not (args.date_from or args.date_to):
        raise UsageError(_("involve actions print: give an EVENT, or --from and --to for the actions of every "
                            "event in those dates."))
    date_from, date_to = date_range("actions print", args.date_from, args.date_to)
    from app.services.public_summary import write_public_summary
    from app.store.settings_file import SettingsFile

    store = open_store(args)
    try:
        organisation, _contact = SettingsFile(store.paths.settings).organisation()
        summary = write_public_summary(store, out, event=args.event or None, date_from=date_from, date_to=date_to,
                                       organisation=organisation)
    except OSError as error:
        raise UsageError(_("involve actions print: {file} could not be written: {reason}").format(
            file=out, reason=error.strerror or error)) from None
    finally:
        store.close()
    pages = summary.pages
    if args.json:
        print(json.dumps({"file": str(out), "actions": summary.actions, "pages": pages}))
    else:
        held = ngettext("{n} action", "{n} actions", summary.actions).format(n=summary.actions)
        print(ngettext("Wrote {file}: {actions}, {pages} page.", "Wrote {file}: {actions}, {pages} pages.",
                       pages).format(file=out, actions=held, pages=pages))
    return 0


HANDLERS = {
    ("actions", "list"): _list,
    ("actions", "add"): _add,
    ("actions", "update"): _update,
    ("actions", "delete"): _delete,
    ("actions", "print"): _print,
}
