"""A corrected or deleted response reaches the centre: the deletion, with its reason and who made
it, leaves the centre's report and its count check, and the correction replaces the answers there,
through the database and through the central service."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from app.core.events import validate_event
from app.core.report import ReportSelection
from app.core.responses import ResponseMode
from app.store.corrections import CorrectedBy, delete_response, edit_response
from app.store.events import add_event
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library
from sync.central_report import central_report
from sync.connection import target_from
from sync.runner import run_sync
from tests.sync.checks import assert_exact, central_rows

FFT = load_library(None).surveys["fft"]
BY = CorrectedBy("Stall laptop", "akhan")


def _event_with_feedback(store: Store) -> tuple[str, list[str]]:
    with store.session() as session:
        event_id = add_event(session, store.device_id, validate_event(
            {"name": "Market stall", "kind": "outreach-stall", "event_date": dt.date.today().isoformat()})).id
    ids = []
    for rating, mode in (("very_good", ResponseMode.KIOSK), ("poor", ResponseMode.STAFF),
                         ("good", ResponseMode.KIOSK)):
        rid = str(uuid.uuid4())
        with store.session() as session:
            submit_response(session, response_id=rid, device_id=store.device_id, event_id=event_id,
                            surveys={"fft": FFT}, answers={"fft": {"fft_rating": rating}}, mode=mode, language="en")
        ids.append(rid)
    return event_id, ids


def _correct_and_delete(store: Store, ids: list[str]) -> None:
    with store.session() as session:
        edit_response(session, ids[1], {"fft": FFT}, {"fft": {"fft_rating": "neither"}}, BY, reason="Misheard")
        delete_response(session, ids[0], "A test press", BY)


def test_a_correction_and_a_deletion_reach_the_centre_and_leave_its_report(
        central_url: str, make_store: Callable[[str], Store]) -> None:
    laptop = make_store("a")
    event_id, ids = _event_with_feedback(laptop)
    target = target_from(central_url)
    assert run_sync(laptop, target).outcome == "ok"
    _correct_and_delete(laptop, ids)

    record = run_sync(laptop, target)
    assert (record.outcome, record.sent, record.updated, record.mismatches) == ("ok", 2, 2, 0), record.message
    responses = central_rows(central_url)[0]["responses"]
    assert responses[ids[0]]["deleted_at"] is not None
    # Why, and who: the centre knows as well as the laptop.
    assert (responses[ids[0]]["deleted_reason"], responses[ids[0]]["deleted_by"]) == (
        "A test press", "akhan on Stall laptop")
    assert responses[ids[1]]["deleted_reason"] is None
    assert responses[ids[1]]["fft_rating"] == "neither" and responses[ids[1]]["deleted_at"] is None
    assert_exact(central_url, [laptop])
    # The count check compares live responses on both sides.
    counted = [c for c in record.details["counts"] if c["table"] == "responses"]
    assert [(c["here"], c["centre"]) for c in counted] == [(2, 2)]
    report = central_report(central_url, ReportSelection(event_ids=(event_id,)), store=laptop)
    assert report.reach.responses == 2
    assert report.fft.counts["very_good"] == 0 and report.fft.counts["neither"] == 1


def test_a_deletion_reaches_the_centre_through_the_service(service, make_store: Callable[[str], Store]) -> None:
    laptop = make_store("a")
    _event_id, ids = _event_with_feedback(laptop)
    target = service.enrol(laptop)
    assert run_sync(laptop, target).outcome == "ok"
    _correct_and_delete(laptop, ids)
    record = run_sync(laptop, target)
    assert (record.outcome, record.sent, record.mismatches) == ("ok", 2, 0), record.message
    responses = central_rows(service.db_url)[0]["responses"]
    assert responses[ids[0]]["deleted_at"] is not None and responses[ids[1]]["fft_rating"] == "neither"
    assert responses[ids[0]]["deleted_reason"] == "A test press"
    assert_exact(service.db_url, [laptop])
