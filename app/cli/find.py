"""``involve find``: who should we involve on a topic, in an area, from a community, ranked,
with why; ``--export`` writes a consent-filtered contact list and keeps the record of it.
``involve contact-lists``: what was sent to whom, and when.

Everything typed is checked before the store is opened; bad input is one line and exit 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import UsageError, open_store
from app.core.i18n import _, ngettext

if TYPE_CHECKING:
    from app.core.matching import Search
    from app.store.contact_lists import ContactListRecord
    from app.store.who_to_involve import Found

OPTIONS = {"topic": "--topic", "area": "--area", "community": "--community", "contact": "--for",
           "purpose": "--purpose"}
FORMATS = ("mailmerge", "notify-email", "notify-sms")  # app.documents.contact_list_csv.ListFormat


def add_commands(commands: argparse._SubParsersAction) -> None:
    find = commands.add_parser("find", help=_(
        "who should we involve: people whose consent covers it, and organisations, ranked by how well they match"))
    find.add_argument("--topic", metavar="T", help=_("a topic, for example mental_health or 'Mental health'"))
    find.add_argument("--area", metavar="A", help=_(
        "an area: a postcode district or area (ME14, ME), a locality, ward or PCN"))
    find.add_argument("--community", metavar="C", help=_("a community organisations serve, for example carers"))
    find.add_argument("--for", dest="contact", metavar="KIND", help=_(
        "the kind of contact: involvement (the default: health network, focus groups or surveys), "
        "health-network, focus-groups, surveys, newsletter, volunteering or ppg"))
    find.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    find.add_argument("--export", metavar="FILE.csv", help=_(
        "write a consent-filtered contact list to this CSV file, and keep a record of it"))
    find.add_argument("--purpose", metavar="TEXT", help=_("what the list is for (needed with --export)"))
    find.add_argument("--format", choices=FORMATS, default="mailmerge", help=_(
        "mailmerge (default), or notify-email / notify-sms for GOV.UK Notify"))

    lists = commands.add_parser("contact-lists", help=_("the contact lists sent: what, to how many, and when"))
    lists.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    sub = lists.add_subparsers(dest="contact-lists_command", metavar="ACTION")
    show = sub.add_parser("show", help=_("who was on one list"))
    show.add_argument("list_id", metavar="ID", help=_("the list's id or a unique start of it"))
    show.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _search(args: argparse.Namespace) -> Search:
    from app.core.matching import validate_search
    from app.core.validation import ValidationError

    try:
        return validate_search({"topic": args.topic, "area": args.area, "community": args.community,
                                "contact": args.contact})
    except ValidationError as error:
        parts = [f"{OPTIONS.get(field, field)}: {message}" for field, message in error.errors.items()]
        raise UsageError("involve find: " + " ".join(parts)) from None


def _find(args: argparse.Namespace) -> int:
    search = _search(args)
    if args.export is None and args.purpose is not None:
        raise UsageError(_("involve find: --purpose goes with --export FILE.csv."))
    if args.export is not None:
        return _export(args, search)
    from app.store.who_to_involve import find_who_to_involve

    store = open_store(args, reading=True)
    try:
        with store.reading() as session:
            found = find_who_to_involve(session, search)
    finally:
        store.close()
    if args.json:
        print(json.dumps(_found_json(found), indent=2, ensure_ascii=False))
        return 0
    _print_found(found)
    return 0


def _print_found(found: Found) -> None:
    from app.core.contact import display_phone
    from app.core.matching import AREA_POINTS, COMMUNITY_POINTS, TOPIC_POINTS
    from app.store.who_to_involve import PersonFound

    results = found.ranked()
    print(_("Who to involve: {search}").format(search=found.search.describe()))
    if not results:
        print(_("No one matches. Only people whose consent covers this kind of contact are found."))
        return
    print(ngettext("{n} person and ", "{n} people and ", len(found.people)).format(n=len(found.people))
          + ngettext("{n} organisation, best match first.", "{n} organisations, best match first.",
                     len(found.organisations)).format(n=len(found.organisations)))
    print(_("The number before each is how well it matches: {topic} for the topic, {area} for the area and "
            "{community} for the community.").format(topic=TOPIC_POINTS, area=AREA_POINTS, community=COMMUNITY_POINTS))
    for result in results:
        reach = " · ".join(p for p in (result.email, display_phone(result.phone)) if p)
        kind = _("person") if isinstance(result, PersonFound) else _("organisation")
        print(f"{result.points:>2}  {result.name}  [{kind}]  {reach}")
        print("    " + result.why)
        if isinstance(result, PersonFound):
            continue
        for contact in result.contacts:
            line = " · ".join(p for p in (contact.role, contact.email, display_phone(contact.phone)) if p)
            print("    " + _("Contact: {name}").format(name=contact.name) + (f"  {line}" if line else ""))


def _found_json(found: Found) -> dict[str, object]:
    from app.store.who_to_involve import PersonFound

    results: list[dict[str, object]] = []
    for r in found.ranked():
        if isinstance(r, PersonFound):
            results.append({"kind": "person", "id": r.id, "name": r.name, "email": r.email, "phone": r.phone,
                            "postcode": r.postcode, "contact_method": r.contact_method.value, "score": r.points,
                            "why": r.why})
            continue
        results.append({"kind": "organisation", "id": r.id, "name": r.name, "organisation_kind": r.kind_of,
                        "email": r.email, "phone": r.phone, "website": r.website, "score": r.points, "why": r.why,
                        "contacts": [{"person_id": c.person_id, "name": c.name, "role": c.role, "email": c.email,
                                      "phone": c.phone, "contact_method": c.contact_method.value}
                                     for c in r.contacts]})
    return {"search": found.search.as_json(), "results": results}


def _export(args: argparse.Namespace, search: Search) -> int:
    from app.core.matching import check_purpose
    from app.core.validation import ValidationError
    from app.documents.contact_list_csv import ListFormat
    from app.services.contact_list import ListRefused, check_list_file, export_contact_list

    out = Path(args.export).expanduser()
    try:
        purpose = check_purpose(args.purpose)
        check_list_file(out)
    except ValidationError as error:
        raise UsageError(_("involve find: --purpose: {reason}").format(reason=error.errors["purpose"])) from None
    except ListRefused as error:
        raise UsageError(f"involve find: --export: {error}") from None
    store = open_store(args, reading=True)
    try:
        try:
            done = export_contact_list(store, search, out, ListFormat(args.format), purpose)
        except ListRefused as error:
            raise UsageError(f"involve find: {error}") from None
    finally:
        store.close()
    if args.json:
        print(json.dumps(_list_json(done.record) | {"file": str(out), "rows": done.rows,
                                                    "left_out": done.left_out}, indent=2, ensure_ascii=False))
        return 0
    print(ngettext("Wrote {n} contact to {file}.", "Wrote {n} contacts to {file}.", done.rows).format(
        n=done.rows, file=out))
    if done.left_out:
        print(ngettext("{n} more found cannot be reached that way, or asked to be contacted another way.",
                       "{n} more found cannot be reached that way, or asked to be contacted another way.",
                       done.left_out).format(n=done.left_out))
    print(_("Kept as contact list {id}. It holds personal data: keep it safe and delete it once sent.").format(
        id=done.record.id[:8]))
    return 0


def _list_json(record: ContactListRecord) -> dict[str, object]:
    return {"id": record.id, "purpose": record.purpose, "search": record.search, "format": record.file_format,
            "sent_at": record.sent_at.isoformat(), "people": record.people, "organisations": record.organisations}


def _lists(args: argparse.Namespace) -> int:
    from app.store.contact_lists import list_contact_lists

    store = open_store(args, reading=True)
    try:
        with store.reading() as session:
            found = list_contact_lists(session)
    finally:
        store.close()
    if args.json:
        print(json.dumps([_list_json(r) for r in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print(_("No contact lists have been sent from this laptop."))
        return 0
    for record in found:
        when = record.sent_at.astimezone().strftime("%Y-%m-%d %H:%M")
        counts = ngettext("{n} person", "{n} people", record.people).format(n=record.people)
        if record.organisations:
            counts += ", " + ngettext("{n} organisation", "{n} organisations", record.organisations).format(
                n=record.organisations)
        print(f"{record.id[:8]}  {when}  {record.file_format}  {counts}  {record.purpose}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from app.core.matching import search_from_json
    from app.store.contact_lists import resolve_contact_list
    from app.store.errors import NotFound
    from app.store.events import AmbiguousRef

    store = open_store(args, reading=True)
    try:
        with store.reading() as session:
            try:
                detail = resolve_contact_list(session, args.list_id)
            except (NotFound, AmbiguousRef) as error:
                raise UsageError(f"involve contact-lists show: {error}") from None
    finally:
        store.close()
    record = detail.record
    if args.json:
        print(json.dumps(_list_json(record) | {"entries": [
            {"person_id": e.person_id, "organisation_id": e.organisation_id, "name": e.name,
             "organisation": e.organisation, "note": e.note} for e in detail.entries]}, indent=2, ensure_ascii=False))
        return 0
    print(_("Contact list {id}, sent {when} as {format}").format(
        id=record.id, when=record.sent_at.astimezone().strftime("%Y-%m-%d %H:%M"), format=record.file_format))
    print(_("Purpose: {purpose}").format(purpose=record.purpose))
    print(_("Search: {search}").format(search=search_from_json(record.search).describe()))
    for entry in detail.entries:
        who = entry.name or (entry.organisation if not entry.person_id else _("(erased)"))
        at = f"  ({entry.organisation})" if entry.person_id and entry.organisation else ""
        note = f"  [{entry.note}]" if entry.note else ""
        print(f"  {who}{at}{note}")
    return 0


HANDLERS = {
    ("find", None): _find,
    ("contact-lists", None): _lists,
    ("contact-lists", "show"): _show,
}
