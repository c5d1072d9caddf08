"""``involve activity`` and ``involve claim``: members' involvement logs, and their payments and
expenses for finance, from the command line.

Everything typed is checked before anything is saved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import UsageError, confirm, date_range, open_store
from app.core.i18n import _, ngettext
from app.store.paths import user_path

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.validation import ValidationError
    from app.store.activities import ActivityRecord

KINDS = ("meeting", "panel", "reading-group", "event", "review", "ppg-meeting", "other")  # network.ActivityKind
LEVELS = ("inform", "consult", "involve", "collaborate", "co-produce")  # network.Level
STATUSES = ("claimed", "approved", "paid", "rejected")  # network.ClaimStatus
ACTIVITY_OPTIONS = {"kind": "--kind", "title": "--title", "activity_date": "--date", "minutes": "--hours",
                    "role": "--role", "level": "--level", "event_id": "--event", "programme_id": "--programme",
                    "notes": "--notes"}
CLAIM_OPTIONS = {"kind": "--kind", "amount_pence": "--amount", "claimed_on": "--date", "role_level": "--role-level",
                 "activity_id": "--activity", "description": "--description"}


def add_commands(commands: argparse._SubParsersAction) -> None:
    activity = commands.add_parser("activity", help=_("members' involvement logs: what they took part in"))
    sub = activity.add_subparsers(dest="activity_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help=_("log an activity for a member and print its id"))
    add.add_argument("--person", required=True, metavar="ID", help=_("the member's id or a unique start of it"))
    add.add_argument("--kind", required=True, choices=KINDS, help=_("what kind of activity"))
    add.add_argument("--title", required=True, metavar="TEXT", help=_("what it was"))
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("the day it took place"))
    add.add_argument("--hours", metavar="H", help=_("how long: 1.5, 1:30 or 90m"))
    add.add_argument("--role", metavar="TEXT", help=_("their role, for example Reader or Panel member"))
    add.add_argument("--level", choices=LEVELS, help=_("the level on the ladder of participation (default involve)"))
    add.add_argument("--event", metavar="EVENT", help=_("the event it was, by id or a unique start of it"))
    add.add_argument("--programme", metavar="ID", help=_("the programme or decision it informed"))
    add.add_argument("--notes", metavar="TEXT", help=_("anything the team should know"))

    listing = sub.add_parser("list", help=_("list logged activities, with the total hours"))
    listing.add_argument("--person", metavar="ID", help=_("one member's log (default: everyone's)"))
    listing.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=_("on or after this day"))
    listing.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=_("on or before this day"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    claim = commands.add_parser("claim", help=_("involvement payments and expenses claims, for finance"))
    csub = claim.add_subparsers(dest="claim_command", metavar="ACTION", required=True)
    cadd = csub.add_parser("add", help=_("record a claim for a member and print its id"))
    cadd.add_argument("--person", required=True, metavar="ID", help=_("the member's id or a unique start of it"))
    cadd.add_argument("--kind", required=True, choices=("payment", "expense"), help=_("an involvement payment or "
                                                                                       "expenses"))
    cadd.add_argument("--amount", required=True, metavar="£", help=_("the amount in pounds, for example 12.50"))
    cadd.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("the day of what is claimed for"))
    cadd.add_argument("--activity", metavar="ID", help=_("the activity in their log it is for"))
    cadd.add_argument("--role-level", metavar="L", help=_("the role level, 1 to 4, as in the payment policy"))
    cadd.add_argument("--description", metavar="TEXT", help=_("what it is for, for example Bus fare"))

    clist = csub.add_parser("list", help=_("list claims"))
    clist.add_argument("--status", choices=STATUSES, help=_("only claims with this status"))
    clist.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=_("claims on or after this day"))
    clist.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=_("claims on or before this day"))
    clist.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    export = csub.add_parser("export", help=_("write the approved claims for finance as CSV or XLSX and mark them "
                                              "sent"))
    export.add_argument("--out", required=True, metavar="FILE.csv|FILE.xlsx", help=_("where to write the file"))
    export.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=_("claims on or after this day"))
    export.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=_("claims on or before this day"))
    export.add_argument("--all", action="store_true", help=_("include approved claims sent to finance before"))
    export.add_argument("--yes", action="store_true", help=_("replace the file if it exists, without asking"))

    for action, words in (("approve", _("approve a claim, so that it goes to finance with the next export")),
                          ("paid", _("mark a claim paid by finance")), ("reject", _("reject a claim"))):
        change = csub.add_parser(action, help=words)
        change.add_argument("claim", metavar="ID", help=_("the claim's id or a unique start of it"))

    csub.add_parser("rates", help=_("show the payment policy's role levels and rates"))


def _refused(command: str, error: ValidationError, options: dict[str, str]) -> UsageError:
    parts = [f"{options.get(field, field)}: {message}" for field, message in error.errors.items()]
    return UsageError(f"involve {command}: " + " ".join(parts))


def _activity_add(args: argparse.Namespace) -> int:
    from app.core.involvement import validate_activity
    from app.core.validation import ValidationError
    from app.store.activities import add_activity
    from app.store.events import resolve_event
    from app.store.people import resolve_person

    values = {"kind": args.kind, "title": args.title, "activity_date": args.date, "minutes": args.hours or "",
              "role": args.role or "", "level": args.level or "", "programme_id": args.programme or "",
              "notes": args.notes or ""}
    try:
        details = validate_activity(values, today=dt.date.today())
    except ValidationError as error:
        raise _refused("activity add", error, ACTIVITY_OPTIONS) from None
    store = open_store(args)
    try:
        with store.session() as session:
            person = resolve_person(session, args.person)
            if args.event:
                from dataclasses import replace

                details = replace(details, event_id=resolve_event(session, args.event).id)
            record = add_activity(session, store.device_id, details, person_id=person.id)
    finally:
        store.close()
    print(record.id)
    return 0


def _activity_list(args: argparse.Namespace) -> int:
    from app.core.involvement import describe_minutes, hours_words
    from app.store.activities import activity_totals, list_activities
    from app.store.people import resolve_person

    date_from, date_to = date_range("activity list", args.date_from, args.date_to)
    store = open_store(args, reading=True)
    try:
        with store.session() as session:
            member = resolve_person(session, args.person) if args.person else None
            person_id = member.id if member else None
            found = list_activities(session, person_id=person_id, date_from=date_from, date_to=date_to)
            totals = activity_totals(session, person_id=person_id, date_from=date_from, date_to=date_to)
            who = {} if member else _whose(session, found)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"activities": [a.as_json() for a in found], "totals": totals.as_json()}, indent=2,
                         ensure_ascii=False))
        return 0
    if member is not None:
        print(_("Activity log of {name} ({id})").format(name=member.name or _("(erased)"), id=member.id[:8]))
    if not found:
        print(_("Nothing logged yet. Log an activity with: involve activity add --person ID --kind K --title T "
                "--date YYYY-MM-DD"))
        return 0
    width = max((len(name) for name in who.values()), default=0)
    for a in found:
        d = a.details
        role = f", {d.role}" if d.role else ""
        name = f"  {who[a.id].ljust(width)}" if who else ""
        print(f"{a.id[:8]}  {d.activity_date.isoformat()}{name}  {d.kind.label}: {d.title}  "
              f"({describe_minutes(d.minutes)}{role}; {d.level.label})")
    print(ngettext("{n} activity, {hours} in all.", "{n} activities, {hours} in all.",
                   totals.count).format(n=totals.count, hours=hours_words(totals.minutes)))
    return 0


def _whose(session: Session, found: list[ActivityRecord]) -> dict[str, str]:
    """Each entry's member (or organisation) by name, for a list of everyone's activity."""
    from app.store.errors import NotFound
    from app.store.organisations import get_organisation
    from app.store.people import get_person

    names: dict[str, str] = {}
    who: dict[str, str] = {}
    for a in found:
        key = a.person_id or a.organisation_id
        if key is None:
            who[a.id] = "-"
            continue
        if key not in names:
            try:
                name = get_person(session, key).name if a.person_id else get_organisation(session, key).name
            except NotFound:
                name = _("(no longer listed)")
            names[key] = name or _("(erased)")
        who[a.id] = names[key]
    return who


def _claim_add(args: argparse.Namespace) -> int:
    from app.core.involvement import validate_claim
    from app.core.payments import pounds_text
    from app.core.validation import ValidationError
    from app.store.activities import resolve_activity
    from app.store.claims import add_claim
    from app.store.people import resolve_person

    values = {"kind": args.kind, "amount_pence": args.amount, "claimed_on": args.date,
              "role_level": args.role_level or "", "description": args.description or ""}
    try:
        details = validate_claim(values, today=dt.date.today())
    except ValidationError as error:
        raise _refused("claim add", error, CLAIM_OPTIONS) from None
    store = open_store(args)
    try:
        with store.session() as session:
            person = resolve_person(session, args.person)
            if args.activity:
                from dataclasses import replace

                details = replace(details, activity_id=resolve_activity(session, args.activity).id)
            record = add_claim(session, store.device_id, person.id, details)
    finally:
        store.close()
    print(record.id)
    if record.details.role_level is not None and not record.details.role_level.paid and args.kind == "payment":
        print(_("Note: {level} is expenses only under the payment policy; {amount} was recorded as given.").format(
            level=record.details.role_level.label, amount=pounds_text(record.details.amount_pence)))
    return 0


def _claim_list(args: argparse.Namespace) -> int:
    from app.core.involvement import claim_kind_label, claim_status_label
    from app.core.network import ClaimStatus
    from app.store.claims import list_claims

    date_from, date_to = date_range("claim list", args.date_from, args.date_to)
    store = open_store(args, reading=True)
    try:
        with store.session() as session:
            found = list_claims(session, status=ClaimStatus(args.status) if args.status else None,
                                date_from=date_from, date_to=date_to)
    finally:
        store.close()
    if args.json:
        print(json.dumps([c.as_json() for c in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print(_("No claims yet. Record one with: involve claim add --person ID --kind payment|expense --amount £ "
                "--date YYYY-MM-DD"))
        return 0
    for c in found:
        sent = "  " + _("sent to finance") if c.exported_at else ""
        print(f"{c.id[:8]}  {c.details.claimed_on.isoformat()}  {c.person_name or _('(erased)')}  "
              f"{claim_kind_label(c.details.kind)}  {c.amount}  {claim_status_label(c.status)}{sent}")
    return 0


def _claim_export(args: argparse.Namespace) -> int:
    from app.core.payments import pounds_text
    from app.services.claims_export import ClaimsExportRefused, NothingToExport, check_claims_export, export_claims

    out = user_path(args.out)
    date_from, date_to = date_range("claim export", args.date_from, args.date_to)
    try:
        check_claims_export(out, date_from, date_to)
    except ClaimsExportRefused as error:
        raise UsageError(f"involve claim export: --out: {error}") from None
    if out.exists() and not args.yes:
        confirm(_("{file} already exists. Replace it?").format(file=out))
    store = open_store(args, reading=True)
    try:
        done = export_claims(store, out, date_from=date_from, date_to=date_to, only_new=not args.all)
    except NothingToExport as error:
        print(error)
        return 0
    finally:
        store.close()
    print(ngettext("Wrote {n} claim ({total}) to {file}; it holds personal data, so keep it safe.",
                   "Wrote {n} claims ({total}) to {file}; it holds personal data, so keep it safe.",
                   done.count).format(n=done.count, total=pounds_text(done.total_pence), file=Path(done.path)))
    return 0


def _claim_status(args: argparse.Namespace) -> int:
    from app.core.involvement import claim_status_label
    from app.core.network import ClaimStatus
    from app.store.claims import resolve_claim, set_claim_status

    status = {"approve": ClaimStatus.APPROVED, "paid": ClaimStatus.PAID, "reject": ClaimStatus.REJECTED}[
        args.claim_command]
    store = open_store(args)
    try:
        with store.session() as session:
            record = set_claim_status(session, resolve_claim(session, args.claim).id, status)
    finally:
        store.close()
    print(_("{name}'s claim for {amount}: {status}.").format(name=record.person_name or _("(erased)"),
                                                             amount=record.amount,
                                                             status=claim_status_label(record.status)))
    return 0


def _claim_rates(_args: argparse.Namespace) -> int:
    from app.core.payments import POLICY_NAME, rates_table

    print(_("Involvement payments after: {policy}").format(policy=_(POLICY_NAME)))
    for level, day, half in rates_table():
        paid = day != _("expenses only")
        print(f"  {level}: " + (_("a day {day}, a half day (up to 4 hours) {half}").format(day=day, half=half)
                               if paid else day))
    print(_("Staff may change the amount on any claim."))
    return 0


HANDLERS = {
    ("activity", "add"): _activity_add,
    ("activity", "list"): _activity_list,
    ("claim", "add"): _claim_add,
    ("claim", "list"): _claim_list,
    ("claim", "export"): _claim_export,
    ("claim", "approve"): _claim_status,
    ("claim", "paid"): _claim_status,
    ("claim", "reject"): _claim_status,
    ("claim", "rates"): _claim_rates,
}
