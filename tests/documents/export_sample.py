"""A small event whose every export cell is known in advance, to check that how a file is
written never changes what it holds.

``tests/data/export-sample.json`` holds the cells of the Excel workbook that the export made
of this event before exports were streamed: each sheet's rows, each cell as [value, type].
Everything here is fixed (ids, times, the day consent was given), so the same cells come out
on any day.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import update

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.responses import ResponseMode
from app.core.signups import ConsentMethod, validate_signup
from app.store import actions, events, people, practices
from app.store.models import Response
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library
from tests.documents.test_exports import HOSTILE_COMMENTS

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "export-sample.json"
START = dt.datetime(2026, 4, 14, 9, 0, tzinfo=dt.UTC)
COMMENTS = [*HOSTILE_COMMENTS, "#N/A", "#DIV/0!", "TRUE", "12", "2026-04-14"]


def sample_event(store: Store) -> str:
    """Responses (hostile text, every question kind, a paper card, one deleted, answers to a
    question no longer asked and to one this laptop has no definition of), sign-ups and actions."""
    library = load_library(store.paths.surveys).surveys
    surveys = {sid: library[sid] for sid in ("fft", "topics", "equality")}
    with store.session() as session:
        event = events.add_event(session, store.device_id, validate_event(
            {"name": "=Spring fair, \"Town\" Hall", "kind": "community-event", "event_date": "2026-04-14",
             "survey_ids": "fft,topics,equality"}))
        practice = practices.save_practice(session, store.device_id, validate_practice("High Street Surgery",
                                                                                       "G82001"))
        for n, comment in enumerate(COMMENTS):
            answers: dict[str, Any] = {"fft": {"fft_rating": ("good", "poor", "very_good")[n % 3],
                                               "fft_comment": comment}}
            if n % 4 == 0:
                answers["topics"] = {"topics": ["gp_access", "pharmacy"][: 1 + n % 2]}
            if n % 5 == 0:
                answers["equality"] = {"age_band": "65_74", "postcode_district": "me14"}
            submit_response(session, response_id=f"00000000-0000-4000-8000-{n:012d}", device_id=store.device_id,
                            event_id=event.id, surveys=surveys, answers=answers, mode=ResponseMode.KIOSK,
                            language="en", submitted_at=START + dt.timedelta(minutes=n // 2))
        submit_response(session, response_id="00000000-0000-4000-8000-paper0000001", device_id=store.device_id,
                        event_id=event.id, surveys=surveys, answers={"fft": {"fft_rating": "very_poor"}},
                        mode=ResponseMode.PAPER, language="pl", submitted_at=START + dt.timedelta(hours=2),
                        paper=("F-ABCD-0001", 3), raised_by_group=True)
        submit_response(session, response_id="00000000-0000-4000-8000-deleted00001", device_id=store.device_id,
                        event_id=event.id, surveys=surveys, answers={"fft": {"fft_rating": "poor"}},
                        mode=ResponseMode.STAFF, language="en", submitted_at=START)
        session.execute(update(Response).where(Response.id.like("%deleted%")).values(deleted_at=START))
        # A survey this laptop no longer has, and the equality questions no longer asked.
        session.execute(update(Response).where(Response.id.like("%000000000003")).values(
            answers=json.dumps({"fft": {"fft_rating": "good"}, "gone": {"q1": "kept", "q2": ["a", "b"]}})))
        events.update_event(session, event.id, validate_event(
            {"name": "=Spring fair, \"Town\" Hall", "kind": "community-event", "event_date": "2026-04-14",
             "survey_ids": "fft,topics"}))

    given = dt.datetime(2026, 4, 14, 10, 0, tzinfo=dt.UTC)
    staff = people.ConsentGiven("privacy-notice", 3, ConsentMethod.STAFF, event_id=event.id)
    base = {"interests": ["newsletter"], "contact_method": "email"}
    with store.session() as session:
        for values in ({"name": "=HYPERLINK(\"http://x\")", "email": "hyper@example.org", "phone": "07911 123456",
                        "postcode": "me14 1xx", "interests": ["ppg", "surveys"], "practice_id": practice.id,
                        "access_needs": "-wheelchair access\n@ground floor", "contact_method": "text"},
                       {"name": "Fatima الزهراء", "email": "fatima@example.org"},
                       {"name": "ann smith", "email": "ann@example.org"}):
            people.save_signup(session, store.device_id, validate_signup(base | values), staff, event_id=event.id,
                               now=given)
        for n, text in enumerate(HOSTILE_COMMENTS[:4]):
            actions.add_action(session, store.device_id, validate_action(
                {"event_id": event.id, "you_said": text, "we_will": f"{n:02d} {text}", "owner": text[:200],
                 "due_date": "2026-06-30", "topic": "pharmacy" if n == 0 else None,
                 "status": "done" if n == 1 else "agreed", "what_done": text if n == 1 else "",
                 "done_on": "2026-05-01" if n == 1 else None}, today=dt.date(2026, 5, 20)))
    return event.id


def workbook_cells(path: Path) -> dict[str, list[list[list[Any]]]]:
    """Every sheet's rows as [value, type] pairs, as a spreadsheet reads them (JSON-ready)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    found: dict[str, list[list[list[Any]]]] = {}
    for sheet in book.worksheets:
        found[sheet.title] = [[[_plain(cell.value), cell.data_type if cell.value is not None else None]
                               for cell in row] for row in sheet.iter_rows()]
    return found


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
