"""``involve kiosk EVENT [--lang pl]``: the kiosk straight away, full screen, for a laptop that opens it at login.

Everything is checked before a window opens: the event (its id or a unique start of it), its
surveys, the language and that staff have set a PIN, without which nobody could leave the
kiosk, and that the event is today (``--any-day`` starts it for another day: everything people
answer is recorded for the event). Each problem is one line and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from typing import TYPE_CHECKING

from app.cli.common import UsageError, open_store
from app.core.i18n import _

if TYPE_CHECKING:
    from app.core.surveys import Survey
    from app.store.events import EventRecord
    from app.store.store import Store

_LANGUAGE = re.compile(r"[a-z]{2,3}")


def add_commands(commands: argparse._SubParsersAction) -> None:
    kiosk = commands.add_parser("kiosk", help=_(
        "start the kiosk for an event straight away, full screen (for a laptop that opens it at login); "
        "leaving needs the staff PIN"))
    kiosk.add_argument("event", metavar="EVENT", help=_("the event's id or a unique start of it"))
    kiosk.add_argument("--lang", default="en", metavar="LANG", help=_(
        "the language each person is greeted in, such as pl (default: en); they can still choose another"))
    kiosk.add_argument("--any-day", action="store_true", help=_(
        "start even if the event is not today (everything people answer is recorded for the event)"))


def _kiosk(args: argparse.Namespace) -> int:
    language = args.lang.strip().lower()
    if not _LANGUAGE.fullmatch(language):
        raise UsageError(_("involve kiosk: --lang {lang!r} is not a language code such as en or pl.").format(
            lang=args.lang))
    from app.services.screen import screen_problem

    problem = screen_problem()  # said before Qt starts: Qt itself would abort the process
    if problem is not None:
        raise UsageError(f"involve kiosk: {problem}")
    store = open_store(args)
    try:
        event, surveys = _check(store, args.event, language, any_day=args.any_day)
        from app.ui.shell.kiosk_at_login import run_kiosk  # Qt is loaded only once everything is checked

        return run_kiosk(store, event.id, surveys, language, easy_read=event.details.easy_read)
    finally:
        store.close()


def _check(store: Store, ref: str, language: str, *, any_day: bool) -> tuple[EventRecord, list[Survey]]:
    """The event and its surveys, if the kiosk can run for it in ``language``; a UsageError otherwise."""
    from app.store.errors import NotFound
    from app.store.events import resolve_event
    from app.store.kiosk_pin import has_pin
    from app.store.survey_library import load_library

    with store.session() as session:
        try:
            event = resolve_event(session, ref)
        except NotFound as error:
            raise UsageError(f"involve kiosk: {error}") from None
        pin_set = has_pin(session)
    if event.archived:
        raise UsageError(_("involve kiosk: the event {name!r} is archived; restore it first with: "
                           "involve event restore {id}").format(name=event.details.name, id=event.id[:8]))
    library = load_library(store.paths.surveys).surveys
    missing = [sid for sid in event.details.survey_ids if sid not in library]
    if missing:
        raise UsageError(_("involve kiosk: this laptop does not have the event's surveys ({ids}); edit the event "
                           "and choose its surveys again.").format(ids=", ".join(missing)))
    surveys = [library[sid] for sid in event.details.survey_ids]
    languages = [code for code in surveys[0].languages if all(code in s.languages for s in surveys)]
    if language not in languages:
        raise UsageError(_("involve kiosk: the event's surveys are not in {lang}; they are in: {languages}.").format(
            lang=language, languages=", ".join(languages)))
    if not pin_set:
        raise UsageError(_("involve kiosk: no staff PIN is set, so nobody could leave the kiosk. Set one with "
                           "'involve pin reset', or start the kiosk once from the app."))
    # Last: everything else about the event is right, and only the day is in question.
    day = event.details.event_date
    if day != dt.date.today() and not any_day:
        raise UsageError(_("involve kiosk: the event {name!r} is on {date}, not today; to record answers for it "
                           "anyway, add --any-day.").format(name=event.details.name, date=day.isoformat()))
    return event, surveys


HANDLERS = {
    ("kiosk", None): _kiosk,
}
