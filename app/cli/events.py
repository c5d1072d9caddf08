"""``involve event``, ``involve demo`` and ``involve survey``: events, sample data and the surveys they ask."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from app.cli.common import EVENT_OPTIONS, UsageError, count, open_store
from app.core.events import EventKind, validate_event
from app.core.i18n import _, ngettext
from app.core.validation import ValidationError
from app.store.paths import user_path

if TYPE_CHECKING:
    from app.store.demo_network import NetworkSummary
    from app.store.demo_programmes import ProgrammeSummary
    from app.store.store import Store


def add_commands(commands: argparse._SubParsersAction) -> None:
    event = commands.add_parser("event", help=_("add, list and archive events"))
    event_commands = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    add = event_commands.add_parser("add", help=_("add an event and print its id"))
    add.add_argument("--name", required=True, help=_("what the event is called"))
    add.add_argument("--kind", required=True, help=_("one of: {kinds}").format(
        kinds=", ".join(k.value for k in EventKind)))
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("the day it happens"))
    add.add_argument("--start", metavar="HH:MM", help=_("start time, 24-hour clock"))
    add.add_argument("--end", metavar="HH:MM", help=_("end time, 24-hour clock"))
    add.add_argument("--venue", default="", help=_("where it is held"))
    add.add_argument("--locality", default="", help=_("town, neighbourhood or ward"))
    add.add_argument("--organiser", default="", help=_("the organising team"))
    add.add_argument("--partners", default="", help=_("partner organisations taking part"))
    add.add_argument("--notes", default="", help=_("notes for the team"))
    add.add_argument("--service", default="", metavar="TEXT", help=_(
        "the NHS service or site the feedback is about, for the FFT return (blank: more than one)"))
    add.add_argument("--surveys", default="fft", metavar="IDS", help=_(
        "surveys to ask, in order, separated by commas, for example fft,topics,equality (default: fft)"))
    add.add_argument("--easy-read", action="store_true", help=_(
        "the kiosk offers the FFT in easy read (a picture above each answer) and an easy-read privacy notice"))
    add.add_argument("--practice", metavar="CODE", help=_(
        "for a PPG meeting: the GP practice's ODS code (see involve practice list)"))
    listing = event_commands.add_parser("list", help=_("list events"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    listing.add_argument("--all", action="store_true", help=_("include archived events"))
    for action, text in (("archive", _("archive an event")), ("restore", _("bring an archived event back"))):
        sub = event_commands.add_parser(action, help=text)
        sub.add_argument("event", metavar="EVENT", help=_("the event's id or a unique start of it"))

    demo = commands.add_parser("demo", help=_("add sample events and feedback, for training and trying things out"))
    demo.add_argument("--events", required=True, type=count, metavar="N", help=_("how many events to add"))
    demo.add_argument("--responses", required=True, type=count, metavar="N",
                      help=_("how many feedback responses to spread over the events already held"))
    demo.add_argument("--signups", type=count, default=0, metavar="N",
                      help=_("how many sign-ups, with consent, to spread over the events already held"))
    demo.add_argument("--organisations", type=count, default=40, metavar="N",
                      help=_("how many sample organisations to add to the health network (default 40)"))
    demo.add_argument("--seed", type=int, metavar="S", help=_("the same seed gives the same sample data"))
    demo.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    survey = commands.add_parser("survey", help=_("list the surveys, or add an organisation's own"))
    survey_commands = survey.add_subparsers(dest="survey_command", metavar="ACTION", required=True)
    survey_list = survey_commands.add_parser("list", help=_("the surveys events can ask"))
    survey_list.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    survey_add = survey_commands.add_parser(
        "add", help=_("check a survey file and use it, in place of any survey with the same id"))
    survey_add.add_argument("file", metavar="FILE.json")


def _event_add(args: argparse.Namespace) -> int:
    from app.store.events import add_event

    details = validate_event({field: getattr(args, option.lstrip("-").replace("-", "_"))
                              for field, option in EVENT_OPTIONS.items()})
    _check_surveys_exist(args, details.survey_ids)
    if args.practice is not None:
        from app.core.practices import check_practice_code

        if details.kind is not EventKind.PPG_MEETING:
            raise UsageError(_("involve: --practice is for PPG meetings (--kind ppg-meeting)."))
        try:
            code = check_practice_code(args.practice)
        except ValueError as error:
            raise UsageError(f"involve: --practice: {error}") from None
    store = open_store(args)
    try:
        with store.session() as session:
            if args.practice is not None:
                from dataclasses import replace

                from app.store.practices import find_practice

                details = replace(details, practice_id=find_practice(session, code).id)
            record = add_event(session, store.device_id, details)
    finally:
        store.close()
    print(record.id)
    return 0


def _check_surveys_exist(args: argparse.Namespace, survey_ids: Sequence[str]) -> None:
    """Refuse survey ids this laptop has no definition for, naming them; reads files only."""
    from app.store.paths import resolve_data_dir
    from app.store.survey_library import load_library

    known = load_library(resolve_data_dir(args.data_dir).surveys).surveys
    unknown = [sid for sid in survey_ids if sid not in known]
    if unknown:
        message = ngettext("this laptop has no survey {ids}; choose from {known}.",
                           "this laptop has no surveys {ids}; choose from {known}.", len(unknown))
        raise ValidationError({"survey_ids": message.format(ids=", ".join(unknown), known=", ".join(known))})


def _event_list(args: argparse.Namespace) -> int:
    from app.store.events import list_events

    store = open_store(args)
    try:
        with store.session() as session:
            everything = list_events(session, include_archived=True)
    finally:
        store.close()
    records = everything if args.all else [r for r in everything if not r.archived]
    if args.json:
        print(json.dumps([r.as_json() for r in records], indent=2))
        return 0
    if not records and everything:
        print(ngettext("The only event is archived. Show it with: involve event list --all",
                       "All {n} events are archived. Show them with: involve event list --all",
                       len(everything)).format(n=len(everything)))
        return 0
    if not records:
        print(_("No events yet. Add one with: involve event add --name NAME --kind KIND --date YYYY-MM-DD"))
        return 0
    for r in records:
        flag = "  " + _("(archived)") if r.archived else ""
        print(f"{r.id[:8]}  {r.details.event_date.isoformat()}  {r.details.kind.label:<16}  "
              f"{r.name}{' — ' + r.details.venue if r.details.venue else ''}{flag}")
    return 0


def _event_set_archived(archived: bool) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from app.store.events import resolve_event, set_archived

        store = open_store(args)
        try:
            with store.session() as session:
                record = set_archived(session, resolve_event(session, args.event).id, archived)
        finally:
            store.close()
        print((_("Archived: {name}") if archived else _("Restored: {name}")).format(name=record.name))
        return 0

    return run


def _demo(args: argparse.Namespace) -> int:
    from app.store.demo import check_request, new_seed, seed_demo
    from app.store.paths import resolve_data_dir
    from app.store.survey_library import load_library

    surveys = load_library(resolve_data_dir(args.data_dir).surveys).surveys
    try:
        check_request(args.events, args.responses, surveys)
        if args.signups and not args.events:
            raise ValueError(_("sign-ups need at least one event to belong to; give --events 1 or more."))
    except ValueError as error:
        raise UsageError(f"involve demo: {error}") from None
    seed = new_seed() if args.seed is None else args.seed
    store = open_store(args)
    try:
        summary = seed_demo(store, surveys, events=args.events, responses=args.responses, seed=seed)
        signups = None
        if args.signups:
            import datetime as dt
            import random

            from app.store.demo_people import seed_signups

            signups = seed_signups(store, random.Random(seed + 1), summary.event_ids, args.signups, dt.date.today())
            from app.store.demo_activities import seed_activities  # involvement logs for some of them

            involvement = seed_activities(store, random.Random(seed + 2), dt.date.today())
        network = _demo_network(store, seed, args.organisations)
        programmes = _demo_programmes(store, seed, summary.event_ids)
    finally:
        store.close()
    if args.json:
        report = summary.as_json()
        if signups is not None:
            report |= {"signups": signups.signups, "signup_methods": signups.methods,
                       "repeat_signups": signups.repeats, "sample_practices": signups.practices,
                       "activities": involvement.activities, "claims": involvement.claims}
        if network is not None:
            report |= {"organisations": network.organisations, "repeat_organisations": network.duplicates,
                       "organisation_contacts": network.contacts}
        report |= {"programmes": programmes.programmes, "programme_events": programmes.events_linked,
                   "actions": programmes.actions}
        print(json.dumps(report, indent=2))
    else:
        lines = summary.lines()
        if signups is not None:
            lines.insert(-1, "  " + ngettext(
                "Sign-ups: {n} ({methods}); {repeats} person signed up twice, to practise merging.",
                "Sign-ups: {n} ({methods}); {repeats} people signed up twice, to practise merging.",
                signups.repeats).format(n=signups.signups, repeats=signups.repeats, methods=", ".join(
                    f"{m} {n}" for m, n in signups.methods.items())))
            lines.insert(-1, "  " + _("Involvement logged: {n} activities, {c} claims.").format(
                n=involvement.activities, c=involvement.claims))
        if network is not None:
            lines.insert(-1, "  " + ngettext(
                "Organisations: {n} ({repeats} listed twice, to practise merging; {contacts} contacts named).",
                "Organisations: {n} ({repeats} listed twice, to practise merging; {contacts} contacts named).",
                network.organisations).format(n=network.organisations, repeats=network.duplicates,
                                              contacts=network.contacts))
        if programmes.programmes:
            lines.insert(-1, "  " + _("Programmes and decisions: {n}, linked to {events} and {actions}.").format(
                n=programmes.programmes,
                events=ngettext("{n} event", "{n} events", programmes.events_linked).format(
                    n=programmes.events_linked),
                actions=ngettext("{n} action agreed", "{n} actions agreed", programmes.actions).format(
                    n=programmes.actions)))
        print("\n".join(lines))
    return 0


def _demo_programmes(store: Store, seed: int, event_ids: tuple[str, ...]) -> ProgrammeSummary:
    """Sample programmes and decisions, linked to the sample events held and actions agreed at them."""
    import datetime as dt
    import random

    from app.store.demo_programmes import seed_programmes

    return seed_programmes(store, random.Random(seed + 3), event_ids, dt.date.today())


def _demo_network(store: Store, seed: int, count: int) -> NetworkSummary | None:
    """Sample organisations, after the sign-ups so some of them can be named as contacts."""
    if not count:
        return None
    import random

    from app.store.demo_network import seed_organisations

    return seed_organisations(store, random.Random(seed + 2), count)


def _survey_list(args: argparse.Namespace) -> int:
    from app.core.surveys import pick
    from app.store.paths import resolve_data_dir
    from app.store.survey_library import load_library

    library = load_library(resolve_data_dir(args.data_dir).surveys)
    rows: list[dict[str, Any]] = [
        {"id": s.id, "version": s.version, "title": pick(s.title, "en"), "languages": list(s.languages),
         "questions": len(s.questions)} for s in library.surveys.values()]
    if args.json:
        print(json.dumps({"surveys": rows, "problems": library.problems}, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            questions = ngettext("{n} question", "{n} questions", row["questions"]).format(n=row["questions"])
            print(f"{row['id']:<12} v{row['version']:<3} {row['title']} ({', '.join(row['languages'])}; {questions})")
        for problem in library.problems:
            print(_("Not used: {problem}").format(problem=problem))
    return 0


def _survey_add(args: argparse.Namespace) -> int:

    from app.core.surveys import SurveyError
    from app.store.paths import resolve_data_dir
    from app.store.survey_library import install_survey

    try:
        survey = install_survey(user_path(args.file), resolve_data_dir(args.data_dir).surveys)
    except SurveyError as error:
        raise UsageError(f"involve survey add: {error}") from None
    print(_("Added survey {id} version {version}; events can now ask it.").format(id=survey.id, version=survey.version))
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("event", "add"): _event_add,
    ("event", "list"): _event_list,
    ("event", "archive"): _event_set_archived(True),
    ("event", "restore"): _event_set_archived(False),
    ("demo", None): _demo,
    ("survey", "list"): _survey_list,
    ("survey", "add"): _survey_add,
}
