"""``involve responses``: list an event's feedback, and delete one response with a reason.

A deletion is a tombstone that syncs; the reason, with this laptop's name and the account
signed in to it, is kept in the audit of corrections.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.cli.common import UsageError, confirm, open_store
from app.core.i18n import _, ngettext
from app.core.responses import ResponseMode

if TYPE_CHECKING:
    from app.store.store import Store

RATINGS = ("very_good", "good", "neither", "poor", "very_poor", "dont_know", "none")  # app.core.fft.ANSWERS


def add_commands(commands: argparse._SubParsersAction) -> None:
    responses = commands.add_parser("responses", help=_("an event's feedback: list it, delete a response"))
    sub = responses.add_subparsers(dest="responses_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help=_("list an event's feedback responses, newest first"))
    listing.add_argument("event", metavar="EVENT", help=_("the event's id or a unique start of it"))
    listing.add_argument("--mode", choices=[m.value for m in ResponseMode], help=_("only those given this way"))
    listing.add_argument("--rating", choices=RATINGS, help=_("only those with this FFT answer ('none': without one)"))
    listing.add_argument("--search", metavar="TEXT", default="", help=_("only those whose comments hold TEXT"))
    listing.add_argument("--deleted", action="store_true", help=_("include deleted responses"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    delete = sub.add_parser("delete", help=_("delete one response (it leaves reports and counts; the reason is kept)"))
    delete.add_argument("response", metavar="ID", help=_("the response's id or a unique start of it"))
    delete.add_argument("--reason", required=True, metavar="TEXT", help=_("why it is deleted (kept in the audit)"))
    delete.add_argument("--yes", action="store_true", help=_("do not ask before deleting"))


def _list(args: argparse.Namespace) -> int:
    from app.store.corrections import ResponseFilter, list_responses
    from app.store.errors import NotFound
    from app.store.events import resolve_event

    rating = None if args.rating is None else "" if args.rating == "none" else args.rating
    filters = ResponseFilter(mode=ResponseMode(args.mode) if args.mode else None, fft_rating=rating,
                             include_deleted=args.deleted, text=args.search)
    store = open_store(args)
    try:
        with store.reading() as session:
            try:
                event = resolve_event(session, args.event)
            except NotFound as error:
                raise UsageError(f"involve responses list: {error}") from None
            found = list_responses(session, event.id, filters)
        labels = _fft_labels(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([r.as_json() for r in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print(_("No responses to show for {event}.").format(event=event.details.name))
        return 0
    print(ngettext("{n} response to {event}:", "{n} responses to {event}:", len(found)).format(
        n=len(found), event=event.details.name))
    for response in found:
        when = response.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M")
        mode = ResponseMode(response.mode).label if response.mode in set(ResponseMode) else response.mode
        rating = response.fft_rating
        parts = [response.id[:8], when, mode, labels.get(rating, rating) if rating else _("no FFT answer")]
        if response.paper_sheet:
            parts.append(response.paper_sheet)
        if response.deleted:
            parts.append(_("DELETED"))
        print("  ".join(parts))
        if response.comment:
            print("    " + " ".join(response.comment.split()))
    return 0


def _fft_labels(store: Store) -> dict[str, str]:
    """Each FFT answer's words, as staff read them."""
    from app.core import fft
    from app.core.surveys import pick
    from app.store.survey_library import load_library

    survey = load_library(store.paths.surveys).surveys.get(fft.SURVEY_ID)
    if survey is None:
        return {}
    return {o.value: pick(o.text, "en") for o in survey.question(fft.RATING_QUESTION).choices()}


def _delete(args: argparse.Namespace) -> int:
    from app.services.responses import delete_response
    from app.store.corrections import CorrectionRefused, check_reason, resolve_response
    from app.store.errors import NotFound

    try:
        reason = check_reason(args.reason)
    except CorrectionRefused as error:
        raise UsageError(f"involve responses delete: --reason: {error}") from None
    store = open_store(args)
    try:
        with store.reading() as session:
            try:
                response = resolve_response(session, args.response)
            except NotFound as error:
                raise UsageError(f"involve responses delete: {error}") from None
        if response.deleted:
            raise UsageError(_("involve responses delete: response {id} has already been deleted.").format(
                id=response.id[:8]))
        if not args.yes:
            confirm(_("Delete response {id} ({mode}, {when})? It leaves reports and counts.").format(
                id=response.id[:8], mode=response.mode, when=response.submitted_at.astimezone().strftime(
                    "%Y-%m-%d %H:%M")))
        try:
            delete_response(store, response.id, reason)
        except CorrectionRefused as error:
            raise UsageError(f"involve responses delete: {error}") from None
    finally:
        store.close()
    print(_("Deleted response {id}. It will leave the centre's figures at the next sync.").format(id=response.id[:8]))
    return 0


HANDLERS = {
    ("responses", "list"): _list,
    ("responses", "delete"): _delete,
}
