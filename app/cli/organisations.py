"""``involve org``: the organisations in the health network from the command line: add, list,
import a CSV or XLSX list, show one, merge one listed twice, and name a contact.

Everything typed is checked before anything is saved; an import with a bad row saves nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.cli.common import UsageError, open_store
from app.core.i18n import _, ngettext
from app.store.paths import user_path

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.organisations import OrganisationDetails
    from app.store.organisations import OrganisationRecord

OPTIONS = {"name": "--name", "kind": "--kind", "areas": "--area", "topics": "--topic",
           "communities": "--community", "email": "--email", "phone": "--phone", "website": "--website",
           "notes": "--notes", "role": "--role"}
IMPORT_TYPES = (".csv", ".xlsx")


def add_commands(commands: argparse._SubParsersAction) -> None:
    from app.core.network import kinds_text

    kinds = kinds_text()
    org = commands.add_parser("org", help=_("organisations in the health network: add, list, import, merge"))
    sub = org.add_subparsers(dest="org_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help=_("add an organisation and print its id"))
    add.add_argument("--name", required=True, help=_("the organisation's name"))
    add.add_argument("--kind", required=True, metavar="KIND", help=_(
        "what kind it is, by name or short name (vcs, nhs...): {kinds}").format(kinds=kinds))
    add.add_argument("--area", action="append", default=[], metavar="AREA",
                     help=_("an area it covers: a locality, ward or PCN (again for more)"))
    add.add_argument("--topic", action="append", default=[], metavar="TOPIC",
                     help=_("a topic it works on, for example 'Mental health' (again for more)"))
    add.add_argument("--community", action="append", default=[], metavar="COMMUNITY",
                     help=_("a community it serves, for example Carers (again for more)"))
    add.add_argument("--email", default="", help=_("its email address"))
    add.add_argument("--phone", default="", help=_("its phone number"))
    add.add_argument("--website", default="", help=_("its website"))
    add.add_argument("--notes", default="", help=_("notes for the team"))
    add.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    listing = sub.add_parser("list", help=_("the organisations on the list, by name"))
    listing.add_argument("search", nargs="?", default="", metavar="TEXT",
                         help=_("only those whose name, notes or areas hold this"))
    listing.add_argument("--kind", metavar="KIND", help=_("only this kind: {kinds}").format(kinds=kinds))
    listing.add_argument("--topic", metavar="TOPIC", help=_("only those working on this topic"))
    listing.add_argument("--area", metavar="AREA", help=_("only those covering this area"))
    listing.add_argument("--community", metavar="COMMUNITY", help=_("only those serving this community"))
    listing.add_argument("--duplicates", action="store_true", help=_("only possible duplicates"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    importing = sub.add_parser("import", help=_("add the organisations in a CSV or XLSX file"))
    importing.add_argument("file", metavar="FILE", help=_("a .csv or .xlsx file whose first row names the columns"))
    importing.add_argument("--good-rows-only", action="store_true",
                           help=_("save the good rows even if some rows have problems"))
    importing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    show = sub.add_parser("show", help=_("an organisation's details and contacts"))
    show.add_argument("org", metavar="ID|NAME", help=_("the organisation's id (or a unique start of it), or its name"))
    show.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    merge = sub.add_parser("merge", help=_("fold an organisation listed twice into the one to keep"))
    merge.add_argument("keep", metavar="KEEP", help=_("the id (or a unique start) of the one to keep"))
    merge.add_argument("duplicate", metavar="DUPLICATE", help=_("the id (or a unique start) of the duplicate"))
    merge.add_argument("--yes", action="store_true", help=_("merge without asking"))

    contact = sub.add_parser("contact", help=_("name a person who signed up as a contact at an organisation"))
    contact_sub = contact.add_subparsers(dest="org_contact_command", metavar="ACTION", required=True)
    contact_add = contact_sub.add_parser("add", help=_("name a contact (an active person with consent)"))
    contact_add.add_argument("org", metavar="ORG", help=_("the organisation's id or a unique start of it"))
    contact_add.add_argument("person", metavar="PERSON", help=_("the person's id or a unique start of it"))
    contact_add.add_argument("--role", default="", help=_("their role there, for example Chair"))


def _fail(command: str, errors: dict[str, str]) -> UsageError:
    parts = [f"{OPTIONS.get(field, field)}: {message}" for field, message in errors.items()]
    return UsageError(f"involve org {command}: " + " ".join(parts))


def _check(values: dict[str, object], command: str) -> OrganisationDetails:
    from app.core.organisations import validate_organisation
    from app.core.validation import ValidationError

    try:
        return validate_organisation(values)
    except ValidationError as error:
        raise _fail(command, error.errors) from None


def _describe(record: OrganisationRecord) -> list[str]:
    from app.core.contact import display_phone
    from app.core.organisations import community_label, topic_label

    d = record.details
    lines = [f"{d.name}  ({d.kind.label})  {record.id}"]
    if d.areas:
        lines.append("  " + _("Areas: {list}").format(list="; ".join(d.areas)))
    if d.topics:
        lines.append("  " + _("Topics: {list}").format(list="; ".join(topic_label(t) for t in d.topics)))
    if d.communities:
        lines.append("  " + _("Communities: {list}").format(list="; ".join(community_label(c)
                                                                            for c in d.communities)))
    reach = " · ".join(x for x in (d.email, display_phone(d.phone), d.website) if x)
    if reach:
        lines.append("  " + reach)
    return lines


def _add(args: argparse.Namespace) -> int:
    from app.store.organisations import add_organisation, find_organisation_duplicates

    details = _check({"name": args.name, "kind": args.kind, "areas": args.area, "topics": args.topic,
                      "communities": args.community, "email": args.email, "phone": args.phone,
                      "website": args.website, "notes": args.notes}, "add")
    store = open_store(args)
    try:
        with store.session() as session:
            added = add_organisation(session, store.device_id, details)
            twins = find_organisation_duplicates(session, details, exclude_id=added.id)
    finally:
        store.close()
    if args.json:
        print(json.dumps(added.as_json() | {"possible_duplicate_of": [t.id for t in twins]}, ensure_ascii=False))
        return 0
    print(added.id)
    for other in twins:
        # The one already listed is kept: it may have contacts and activities already.
        print(_("Possibly the same organisation as {name} ({id}); if so, merge them with: involve org merge {keep} "
                "{duplicate}").format(name=other.name, id=other.id, keep=other.id, duplicate=added.id),
              file=sys.stderr)
    return 0


def _list(args: argparse.Namespace) -> int:
    from app.core.organisations import parse_community, parse_kind, parse_topic
    from app.store.organisations import count_possible_duplicates, list_organisations

    try:
        kind = parse_kind(args.kind).value if args.kind else None
        topic = parse_topic(args.topic) if args.topic else None
        community = parse_community(args.community) if args.community else None
    except ValueError as error:
        raise UsageError(f"involve org list: {error}") from None
    store = open_store(args, reading=True)
    try:
        with store.session() as session:
            found = list_organisations(session, args.search, kind=kind, topic=topic, area=args.area,
                                       community=community, duplicates_only=args.duplicates)
            duplicates = count_possible_duplicates(session)
    finally:
        store.close()
    if args.json:
        print(json.dumps([r.as_json() for r in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print(_("No organisations match.") if (args.search or kind or topic or args.area or community
                                                or args.duplicates)
              else _("No organisations yet. Add one with: involve org add --name NAME --kind KIND"))
    for record in found:
        flag = "  " + _("[possible duplicate]") if record.possible_duplicate else ""
        print(f"{record.id[:8]}  {record.name}  ({record.kind.label}){flag}")
    if duplicates and not args.duplicates:
        print(ngettext("{n} organisation may be listed twice; see them with: involve org list --duplicates",
                       "{n} organisations may be listed twice; see them with: involve org list --duplicates",
                       duplicates).format(n=duplicates))
    return 0


def _import(args: argparse.Namespace) -> int:
    from app.services.organisation_import import ImportRefused, import_organisations

    path = user_path(args.file)
    if path.suffix.lower() not in IMPORT_TYPES:
        raise UsageError(_("involve org import: {file} is not a .csv or .xlsx file; save the list from your "
                           "spreadsheet as CSV or as an Excel workbook.").format(file=path.name))
    if not path.is_file():
        raise UsageError(_("involve org import: {file} is not a file.").format(file=path))
    store = open_store(args)
    try:
        result = import_organisations(store, path, good_rows_only=args.good_rows_only)
    except ImportRefused as error:
        raise UsageError(f"involve org import: {error}") from None
    finally:
        store.close()
    for problem in result.problems:
        print(problem.text(), file=sys.stderr)
    for skipped in result.skipped:
        print(skipped.text(), file=sys.stderr)
    if result.ignored_columns:
        print(_("Columns not used: {names}").format(names=", ".join(result.ignored_columns)), file=sys.stderr)
    if args.json:
        print(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        print(result.summary())
    # Nothing saved because of bad rows is a failure; a list already imported (every good row
    # already there) is not.
    nothing_new = not result.saved and not result.good_rows
    return 2 if result.problems and (not args.good_rows_only or (nothing_new and not result.skipped)) else 0


def _show(args: argparse.Namespace) -> int:
    from app.store.organisation_contacts import list_contacts

    store = open_store(args, reading=True)
    try:
        with store.session() as session:
            record = _by_id_or_name(session, args.org)
            contacts = list_contacts(session, record.id)
    finally:
        store.close()
    if args.json:
        print(json.dumps(record.as_json() | {"contacts": [c.as_json() for c in contacts]}, indent=2,
                         ensure_ascii=False))
        return 0
    lines = _describe(record)
    if record.possible_duplicate:
        lines.append("  " + _("May be listed twice: see involve org list --duplicates"))
    for contact in contacts:
        role = f" ({contact.role})" if contact.role else ""
        lines.append("  " + _("Contact: {name}{role}  {reach}").format(name=contact.name, role=role,
                                                                       reach=contact.how_to_reach))
    if record.details.notes:
        lines.append("  " + _("Notes: {notes}").format(notes=" ".join(record.details.notes.split())))
    print("\n".join(lines))
    return 0


def _by_id_or_name(session: Session, ref: str) -> OrganisationRecord:
    """The organisation whose name is ``ref`` (any case), else whose id starts with it."""
    from app.store.errors import NotFound
    from app.store.organisations import list_organisations, resolve_organisation

    wanted = " ".join(ref.split()).casefold()
    named = [r for r in list_organisations(session, ref.strip()) if " ".join(r.name.split()).casefold() == wanted]
    if len(named) == 1:
        return named[0]
    if named:
        raise UsageError(_("involve org show: {n} organisations are called {name}; give one's id: {ids}").format(
            n=len(named), name=named[0].name, ids="; ".join(f"{r.id[:8]} ({r.kind.label})" for r in named)))
    try:
        return resolve_organisation(session, ref)
    except NotFound:
        raise NotFound(_("No organisation is called '{ref}' or has an id starting with it; see them with: "
                         "involve org list").format(ref=ref.strip()[:60])) from None


def _merge(args: argparse.Namespace) -> int:
    from app.store.organisations import merge_organisations, resolve_organisation

    store = open_store(args)
    try:
        with store.session() as session:
            keep, dup = resolve_organisation(session, args.keep), resolve_organisation(session, args.duplicate)
        if keep.id == dup.id:
            raise UsageError(_("involve org merge: KEEP and DUPLICATE are the same organisation."))
        if not args.yes:
            question = _("Merge {dup} into {keep}? Its contacts and activities move to {keep}, and it is taken "
                         "off the list. [y/N] ").format(dup=dup.name, keep=keep.name)
            if not sys.stdin.isatty():
                raise UsageError(_("involve org merge: add --yes to merge {dup} into {keep}.").format(
                    dup=dup.name, keep=keep.name))
            if input(question).strip().lower() not in ("y", "yes"):
                print(_("Not merged."))
                return 1
        with store.session() as session:
            merged = merge_organisations(session, keep.id, dup.id)
    finally:
        store.close()
    print(_("Merged {dup} into {keep}.").format(dup=dup.name, keep=merged.name))
    return 0


def _contact(args: argparse.Namespace) -> int:
    from app.core.organisations import check_role
    from app.store.organisation_contacts import add_contact
    from app.store.organisations import resolve_organisation
    from app.store.people import resolve_person

    try:
        role = check_role(args.role)
    except ValueError as error:
        raise _fail("contact add", {"role": str(error)}) from None
    store = open_store(args)
    try:
        with store.session() as session:
            org = resolve_organisation(session, args.org)
            person = resolve_person(session, args.person)
            contact = add_contact(session, store.device_id, org.id, person.id, role)
    finally:
        store.close()
    print(_("{name} is a contact at {org}.").format(name=contact.name, org=org.name))
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("org", "add"): _add,
    ("org", "list"): _list,
    ("org", "import"): _import,
    ("org", "show"): _show,
    ("org", "merge"): _merge,
    ("org", "contact"): _contact,
}
