"""``involve programme``: programmes and decisions that involvement informed: add, list, show,
edit, link events and "you said, we did" actions, and unlink or remove them.

Everything typed is checked before anything is saved.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, TypeVar

from app.cli.common import UsageError, open_store
from app.core.i18n import _, ngettext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.programmes import ProgrammeDetails
    from app.store.programmes import LinkedAction, LinkedEvent, ProgrammeReach, ProgrammeRecord
    from app.store.store import Store

T = TypeVar("T")
DUTIES = ("yes", "no", "undecided")
# What a checked field is called on the command line, so a message names what was typed.
OPTIONS = {"name": "--name", "decision": "--decision", "duty": "--duty", "duty_notes": "--duty-notes",
           "what_changed": "--what-changed", "feedback_given": "--feedback", "start_date": "--start",
           "end_date": "--end"}
NONE = "none"


def add_commands(commands: argparse._SubParsersAction) -> None:
    programme = commands.add_parser("programme", help=_("programmes and decisions that involvement informed"))
    sub = programme.add_subparsers(dest="programme_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help=_("add a programme or decision and print its id"))
    add.add_argument("--name", required=True, metavar="TEXT", help=_("what the programme or decision is called"))
    _details(add)

    edit = sub.add_parser("edit", help=_("change a programme: what changed, the feedback given, and so on"))
    edit.add_argument("programme", metavar="ID", help=_("the programme's id or a unique start of it"))
    edit.add_argument("--name", metavar="TEXT", help=_("what the programme or decision is called"))
    _details(edit)
    edit.add_argument("--what-changed", metavar="TEXT", help=_("what changed as a result of involvement"))
    edit.add_argument("--feedback", metavar="TEXT", help=_("the feedback given to participants"))

    listing = sub.add_parser("list", help=_("list programmes and decisions"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    show = sub.add_parser("show", help=_("a programme's details, linked events and actions, and reach"))
    show.add_argument("programme", metavar="ID", help=_("the programme's id or a unique start of it"))
    show.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    for name, what in (("link", _("link an event or an action to a programme")),
                       ("unlink", _("remove the link between a programme and an event or an action"))):
        parser = sub.add_parser(name, help=what)
        parser.add_argument("programme", metavar="ID", help=_("the programme's id or a unique start of it"))
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--event", metavar="EVENT", help=_("the event's id or a unique start of it"))
        which.add_argument("--action", metavar="ACTION", help=_("the action's id or a unique start of it"))

    remove = sub.add_parser("remove", help=_("remove a programme (its links go too; events and actions stay)"))
    remove.add_argument("programme", metavar="ID", help=_("the programme's id or a unique start of it"))


def _details(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--decision", metavar="TEXT", help=_("the decision the involvement informed"))
    parser.add_argument("--duty", choices=DUTIES, help=_("whether the public involvement duty applied"))
    parser.add_argument("--duty-notes", metavar="TEXT", help=_("why the duty applied, or did not"))
    parser.add_argument("--start", metavar="YYYY-MM-DD", help=_("when it started ('none': no date)"))
    parser.add_argument("--end", metavar="YYYY-MM-DD", help=_("when it ended ('none': no date)"))


def _given(value: str | None) -> str | None:
    return "" if value is not None and value.strip().lower() == NONE else value


def _check(values: dict[str, object], command: str) -> ProgrammeDetails:
    from app.core.programmes import validate_programme
    from app.core.validation import ValidationError

    try:
        return validate_programme(values)
    except ValidationError as error:
        parts = [f"{OPTIONS.get(field, field)}: {message}" for field, message in error.errors.items()]
        raise UsageError(f"involve programme {command}: " + " ".join(parts)) from None


def _with_store(args: argparse.Namespace, work: Callable[..., T], *, reading: bool = False) -> T:
    store = open_store(args, reading=reading)
    try:
        with store.session() as session:
            return work(store, session)
    finally:
        store.close()


def _add(args: argparse.Namespace) -> int:
    from app.store.programmes import add_programme

    details = _check({"name": args.name, "decision": args.decision, "duty": args.duty,
                      "duty_notes": args.duty_notes, "start_date": _given(args.start),
                      "end_date": _given(args.end)}, "add")
    added = _with_store(args, lambda store, session: add_programme(session, store.device_id, details))
    print(added.id)
    return 0


def _edit(args: argparse.Namespace) -> int:
    from app.store.programmes import resolve_programme, update_programme

    changes = {"name": args.name, "decision": args.decision, "duty": args.duty, "duty_notes": args.duty_notes,
               "start_date": _given(args.start), "end_date": _given(args.end), "what_changed": args.what_changed,
               "feedback_given": args.feedback}
    changes = {field: value for field, value in changes.items() if value is not None}
    if not changes:
        raise UsageError(_("involve programme edit: say what to change, for example --what-changed TEXT."))

    def work(_store: Store, session: Session) -> ProgrammeRecord:
        programme = resolve_programme(session, args.programme)
        details = _check(asdict(programme.details) | changes, "edit")
        return update_programme(session, programme.id, details, programme.version)

    saved = _with_store(args, work)
    print(_("Saved: {name}.").format(name=saved.name))
    return 0


def _list(args: argparse.Namespace) -> int:
    from app.store.programmes import list_programmes

    found = _with_store(args, lambda _store, session: list_programmes(session), reading=True)
    if args.json:
        print(json.dumps([p.as_json() for p in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print(_("No programmes yet. Add one with: involve programme add --name TEXT"))
        return 0
    from app.core.programmes import date_span

    for p in found:
        dates = date_span(p.details)
        print(f"{p.id[:8]}  {p.name}" + (f"  ({dates})" if dates else ""))
        print("    " + _("{duty}; {events} and {actions} linked").format(
            duty=p.details.duty.label, events=ngettext("{n} event", "{n} events", p.events).format(n=p.events),
            actions=ngettext("{n} action", "{n} actions", p.actions).format(n=p.actions)))
    return 0


def _show(args: argparse.Namespace) -> int:
    from app.core.involvement import hours_words
    from app.core.programmes import date_span
    from app.store.programmes import programme_actions, programme_events, programme_reach, resolve_programme

    def work(_store: Store, session: Session
             ) -> tuple[ProgrammeRecord, list[LinkedEvent], list[LinkedAction], ProgrammeReach]:
        programme = resolve_programme(session, args.programme)
        return (programme, programme_events(session, programme.id), programme_actions(session, programme.id),
                programme_reach(session, programme.id))

    programme, events, actions, reach = _with_store(args, work, reading=True)
    if args.json:
        print(json.dumps(programme.as_json() | {
            "linked_events": [{"link_id": e.link_id, "event_id": e.event_id, "name": e.name,
                               "date": e.event_date.isoformat(), "responses": e.responses, "signups": e.signups}
                              for e in events],
            "linked_actions": [{"link_id": a.link_id, "action_id": a.action_id, "we_will": a.we_will,
                                "status": a.status.value, "what_done": a.what_done} for a in actions],
            "reach": asdict(reach)}, indent=2, ensure_ascii=False))
        return 0
    d = programme.details
    print(f"{programme.name}  ({programme.id})")
    for label, value in ((_("Dates"), date_span(d)), (_("Decision"), d.decision), (_("Duty"), d.duty.label),
                         (_("Why"), d.duty_notes), (_("What changed"), d.what_changed),
                         (_("Feedback given"), d.feedback_given)):
        if value:
            print(f"{label}: {' '.join(value.split())}")
    print(_("Reach: {events}, {responses}, {signups}; {activities}, {hours}.").format(
        events=ngettext("{n} event", "{n} events", reach.events).format(n=reach.events),
        responses=ngettext("{n} response", "{n} responses", reach.responses).format(n=reach.responses),
        signups=ngettext("{n} sign-up", "{n} sign-ups", reach.signups).format(n=reach.signups),
        activities=ngettext("{n} activity", "{n} activities", reach.activities).format(n=reach.activities),
        hours=hours_words(reach.minutes)))
    for e in events:
        print(f"  {_('Event')}: {e.event_id[:8]}  {e.event_date.isoformat()}  {e.name}")
    for a in actions:
        print(f"  {_('Action')}: {a.action_id[:8]}  {a.status.label}  {' '.join(a.we_will.split())}")
    return 0


def _link(args: argparse.Namespace) -> int:
    from app.store.actions import resolve_action
    from app.store.events import resolve_event
    from app.store.programmes import link_action, link_event, resolve_programme

    def work(store: Store, session: Session) -> tuple[str, str]:
        programme = resolve_programme(session, args.programme)
        if args.event:
            event = resolve_event(session, args.event)
            link_event(session, store.device_id, programme.id, event.id)
            return programme.name, event.name
        action = resolve_action(session, args.action)
        link_action(session, store.device_id, programme.id, action.id)
        return programme.name, action.details.we_will

    programme, what = _with_store(args, work)
    print(_("Linked to {programme}: {what}").format(programme=programme, what=" ".join(what.split())[:80]))
    return 0


def _unlink(args: argparse.Namespace) -> int:
    from app.store.actions import resolve_action
    from app.store.errors import NotFound
    from app.store.events import resolve_event
    from app.store.programmes import programme_actions, programme_events, resolve_programme, unlink

    def work(_store: Store, session: Session) -> None:
        programme = resolve_programme(session, args.programme)
        if args.event:
            target = resolve_event(session, args.event).id
            links = [e.link_id for e in programme_events(session, programme.id) if e.event_id == target]
        else:
            target = resolve_action(session, args.action).id
            links = [a.link_id for a in programme_actions(session, programme.id) if a.action_id == target]
        if not links:
            raise NotFound(_("That is not linked to {programme}.").format(programme=programme.name))
        for link in links:
            unlink(session, link)

    _with_store(args, work)
    print(_("Unlinked."))
    return 0


def _remove(args: argparse.Namespace) -> int:
    from app.store.programmes import delete_programme, resolve_programme

    removed = _with_store(args, lambda _store, session: delete_programme(
        session, resolve_programme(session, args.programme).id))
    print(_("Removed: {name}.").format(name=removed.name))
    return 0


HANDLERS = {
    ("programme", "add"): _add,
    ("programme", "edit"): _edit,
    ("programme", "list"): _list,
    ("programme", "show"): _show,
    ("programme", "link"): _link,
    ("programme", "unlink"): _unlink,
    ("programme", "remove"): _remove,
}
