"""``involve practice``: the GP practices people may join a PPG of, and PPG meetings belong to;
``involve person``: finding people who signed up and correcting their details."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.cli.common import UsageError, open_store
from app.cli.typed_rows import add_person_commands
from app.core.i18n import _

if TYPE_CHECKING:
    from app.store.people import PersonRecord

# What each sign-up field is called on the command line, so messages name what was typed.
PERSON_OPTIONS = {
    "name": "--name", "email": "--email", "phone": "--phone", "postcode": "--postcode",
    "interests": "--interests", "practice_id": "--practice", "contact_method": "--contact-by",
    "access_needs": "--access-needs",
}


def add_commands(commands: argparse._SubParsersAction) -> None:
    practice = commands.add_parser("practice", help=_("list or add GP practices, for PPG sign-ups and meetings"))
    practice_commands = practice.add_subparsers(dest="practice_command", metavar="ACTION", required=True)
    listing = practice_commands.add_parser("list", help=_("the GP practices on the list"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    add = practice_commands.add_parser("add", help=_("add a GP practice and print its id"))
    add.add_argument("--name", required=True, help=_("the practice's name"))
    add.add_argument("--code", required=True, help=_("its NHS ODS code, for example G82001"))

    person = commands.add_parser("person", help=_("find people who signed up, and correct their details"))
    person_commands = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    listing = person_commands.add_parser("list", help=_("the people signed up on this laptop, by name"))
    listing.add_argument("search", nargs="?", default="", metavar="TEXT",
                         help=_("only those whose name, email, phone or postcode holds this"))
    listing.add_argument("--duplicates", action="store_true", help=_("only possible duplicates"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    edit = person_commands.add_parser("edit", help=_(
        "correct a person's details, checked as a new sign-up is; their consent records stay as given"))
    edit.add_argument("person", metavar="ID", help=_("the person's id or a unique start of it"))
    edit.add_argument("--name", help=_("their name"))
    edit.add_argument("--email", help=_("their email address ('' to remove it)"))
    edit.add_argument("--phone", help=_("their phone number ('' to remove it)"))
    edit.add_argument("--postcode", help=_("their postcode ('' to remove it)"))
    edit.add_argument("--interests", metavar="LIST", help=_(
        "the ways they want to get involved, comma-separated: health-network, ppg, newsletter, surveys, "
        "focus-groups, volunteering (or the letters H, P, N, S, F, V)"))
    edit.add_argument("--practice", metavar="CODE", help=_(
        "the GP practice whose PPG they want to join: its code or id ('' for none)"))
    edit.add_argument("--contact-by", choices=("email", "phone", "text"), help=_("how to contact them"))
    edit.add_argument("--access-needs", metavar="TEXT", help=_("communication or access needs ('' for none)"))
    edit.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    add_person_commands(person_commands)


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


def _person_json(record: PersonRecord, duplicates: set[str]) -> dict[str, object]:
    d = record.details
    return {"id": record.id, "name": d.name, "email": d.email, "phone": d.phone, "postcode": d.postcode,
            "interests": [i.value for i in d.interests], "practice_id": d.practice_id,
            "contact_method": d.contact_method.value, "access_needs": d.access_needs,
            "status": record.status.value, "version": record.version,
            "signed_up": record.created_at.isoformat(), "possible_duplicate": record.id in duplicates}


def _person_list(args: argparse.Namespace) -> int:
    from app.store.people import possible_duplicate_ids, search_people

    store = open_store(args)
    try:
        with store.session() as session:
            duplicates = possible_duplicate_ids(session)
            found = search_people(session, args.search, only=duplicates if args.duplicates else None)
    finally:
        store.close()
    if args.json:
        print(json.dumps([_person_json(p, duplicates) for p in found], indent=2))
    elif not found:
        print(_("No one matches that.") if args.search or args.duplicates else _("No one has signed up on this "
                                                                                 "laptop."))
    else:
        for record in found:
            marks = [record.status.value] + ([_("possible duplicate")] if record.id in duplicates else [])
            print("  ".join((record.id, record.name, record.contact_line, ", ".join(marks))))
    return 0


def _wants_ppg(interests: object) -> bool:
    from app.core.signups import Interest, parse_interests

    try:
        return Interest.PPG in parse_interests(interests)
    except ValueError:
        return False  # the check of the whole sign-up says what is wrong


def _person_edit(args: argparse.Namespace) -> int:
    from app.core.signups import signup_values, validate_signup
    from app.core.validation import ValidationError
    from app.store.errors import NotFound
    from app.store.events import AmbiguousRef
    from app.store.people import (
        NotEditable,
        edit_person,
        find_duplicates,
        possible_duplicate_ids,
        resolve_person,
        why_not_editable,
    )
    from app.store.practices import find_practice, list_practices

    given = {"name": args.name, "email": args.email, "phone": args.phone, "postcode": args.postcode,
             "interests": None if args.interests is None else [p for p in args.interests.split(",") if p.strip()],
             "practice_id": args.practice, "contact_method": args.contact_by, "access_needs": args.access_needs}
    changes = {field: value for field, value in given.items() if value is not None}
    if not changes:
        raise UsageError(_("involve person edit: say what to change, for example --email NAME@EXAMPLE.ORG."))
    store = open_store(args)
    try:
        with store.session() as session:
            try:
                person = resolve_person(session, args.person)
                refused = why_not_editable(person.status, person.name)
                if refused is not None:  # said before the details are checked: nothing could be saved
                    raise NotEditable(refused)
                if changes.get("practice_id"):
                    changes["practice_id"] = find_practice(session, str(changes["practice_id"])).id
                values = signup_values(person.details) | changes
                if "interests" in changes and "practice_id" not in changes and not _wants_ppg(changes["interests"]):
                    values["practice_id"] = None  # no PPG any more: no practice either
                ids = {p.id for p in list_practices(session)}
                if person.details.practice_id:  # theirs may stay, even if since taken off the list
                    ids.add(person.details.practice_id)
                details = validate_signup(values, practice_ids=ids)
                saved = edit_person(session, person.id, details)
            except ValidationError as error:
                parts = [f"{PERSON_OPTIONS.get(field, field)}: {message}" for field, message in error.errors.items()]
                raise UsageError("involve person edit: " + " ".join(parts)) from None
            except (NotFound, AmbiguousRef, NotEditable) as error:
                raise UsageError(f"involve person edit: {error}") from None
            same = find_duplicates(session, saved.details.keys(), exclude_id=saved.id)
            duplicates = possible_duplicate_ids(session)
    finally:
        store.close()
    if args.json:
        print(json.dumps(_person_json(saved, duplicates) | {"same_as": [p.id for p in same]}, indent=2))
        return 0
    print(_("Saved {name}'s details. Their consent records are unchanged.").format(name=saved.name))
    for other in same:
        print(_("Possibly the same person as {name} ({id}); merge them in the People window if so.").format(
            name=other.name, id=other.id))
    return 0


HANDLERS = {
    ("practice", "list"): _practice_list,
    ("practice", "add"): _practice_add,
    ("person", "list"): _person_list,
    ("person", "edit"): _person_edit,
}
