"""Staff find an event's responses, correct staff and paper ones, and delete any with a reason:
the deletion is a tombstone every count, report and export leaves out, and the audit keeps who,
when and why."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from app.core.events import validate_event
from app.core.fft_return import Month
from app.core.report_model import ReportSelection
from app.core.responses import ResponseError, ResponseMode
from app.core.sheet_codes import SheetKind, format_code, parse_sheet_code
from app.core.transcription import parse_card
from app.store import paper
from app.store.corrections import (
    CorrectedBy,
    CorrectionRefused,
    ResponseFilter,
    delete_response,
    edit_response,
    get_response,
    list_responses,
    resolve_response,
)
from app.store.dashboard_counts import dashboard_counts
from app.store.errors import NotFound
from app.store.events import add_event
from app.store.export_rows import read_export_rows
from app.store.fft_counts import fft_counts_by_month
from app.store.models import ConfirmedCount, Response
from app.store.reports import local_report
from app.store.responses import event_feedback_counts, response_answers, submit_response, survey_versions_used
from app.store.status import pending_rows
from app.store.store import Store
from app.store.survey_library import load_library

BY = CorrectedBy("Stall laptop", "akhan")


@pytest.fixture
def surveys() -> dict:
    return {k: v for k, v in load_library().surveys.items() if k in ("fft", "topics")}


@pytest.fixture
def event_id(store: Store) -> str:
    with store.session() as session:
        return add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "outreach-stall", "event_date": "2026-05-01"})).id


def give(store: Store, event_id: str, surveys: dict, rating: str | None, mode: ResponseMode, comment: str = "",
         topics: tuple[str, ...] = ()) -> str:
    rid = str(uuid.uuid4())
    with store.session() as session:
        submit_response(session, response_id=rid, device_id=store.device_id, event_id=event_id, surveys=surveys,
                        answers={"fft": {"fft_rating": rating, "fft_comment": comment},
                                 "topics": {"topics": list(topics)}}, mode=mode, language="en")
    return rid


def listed(store: Store, event_id: str, **filters) -> list[str]:
    with store.session() as session:
        return [r.id for r in list_responses(session, event_id, ResponseFilter(**filters))]


def test_an_events_responses_are_listed_and_filtered(store: Store, event_id: str, surveys: dict) -> None:
    kiosk = give(store, event_id, surveys, "very_good", ResponseMode.KIOSK, "Lovely STAFF at the desk")
    staff = give(store, event_id, surveys, "poor", ResponseMode.STAFF, "The wait was long")
    card = give(store, event_id, surveys, "poor", ResponseMode.PAPER)
    with store.session() as session:
        delete_response(session, card, "Typed in twice", BY)
    assert set(listed(store, event_id)) == {kiosk, staff}
    assert set(listed(store, event_id, include_deleted=True)) == {kiosk, staff, card}
    assert listed(store, event_id, mode=ResponseMode.STAFF) == [staff]
    assert listed(store, event_id, fft_rating="poor") == [staff]
    assert listed(store, event_id, fft_rating="poor", include_deleted=True, mode=ResponseMode.PAPER) == [card]
    assert listed(store, event_id, text="  lovely   staff ") == [kiosk]  # any case, spaces tidied
    assert listed(store, event_id, text="poor") == []  # a choice's value is not a written answer
    assert listed(store, event_id, text="nothing like it") == []


def test_a_staff_response_is_corrected_checked_and_audited(store: Store, event_id: str, surveys: dict) -> None:
    rid = give(store, event_id, surveys, "good", ResponseMode.STAFF, "Parking was hard", ("pharmacy",))
    with store.session() as session:
        before = get_response(session, rid)
    with store.session() as session:
        with pytest.raises(ResponseError):  # checked as a new response is; nothing is saved half-way
            edit_response(session, rid, surveys, {"fft": {"fft_rating": "brilliant"}}, BY, reason="Misheard")
    with store.session() as session, pytest.raises(CorrectionRefused):  # a reason is needed
        edit_response(session, rid, surveys, {"fft": {"fft_rating": "poor"}}, BY, reason="  ")
    with store.session() as session:
        assert get_response(session, rid).fft_rating == "good"
        after = edit_response(session, rid, surveys, {"fft": {"fft_rating": "poor", "fft_comment": "Parking was hard"},
                                                      "topics": {"topics": []}}, BY, reason="Misheard")
    assert after.fft_rating == "poor" and not after.answers["topics"].get("topics")
    assert after.version > before.version
    [audit] = after.corrections
    assert (audit.action, audit.reason, audit.laptop, audit.user_name) == (
        "edited", "Misheard", "Stall laptop", "akhan")
    with store.session() as session:
        assert event_feedback_counts(session, event_id).fft.counts["poor"] == 1
        assert pending_rows(session)["responses"] == 1


def test_kiosk_feedback_is_never_edited_only_deleted(store: Store, event_id: str, surveys: dict) -> None:
    rid = give(store, event_id, surveys, "good", ResponseMode.KIOSK, "My own words")
    with store.session() as session, pytest.raises(CorrectionRefused):
        edit_response(session, rid, surveys, {"fft": {"fft_rating": "poor"}}, BY, reason="Misheard")
    with store.session() as session:
        assert get_response(session, rid).answers["fft"]["fft_comment"] == "My own words"
        assert not get_response(session, rid).editable
        delete_response(session, rid, "A test press by staff", BY)
    with store.session() as session:
        assert get_response(session, rid).deleted


def test_a_deletion_needs_a_reason_and_keeps_who_when_and_why(store: Store, event_id: str, surveys: dict) -> None:
    rid = give(store, event_id, surveys, "good", ResponseMode.STAFF)
    for blank in ("", "   \n"):
        with store.session() as session, pytest.raises(CorrectionRefused):
            delete_response(session, rid, blank, BY)
    with store.session() as session:
        assert not get_response(session, rid).deleted and not get_response(session, rid).corrections
    started = dt.datetime.now(dt.UTC)
    with store.session() as session:
        gone = delete_response(session, rid, "  Entered  for the wrong event ", BY)
    assert gone.deleted and gone.deleted_reason == "Entered for the wrong event"
    [audit] = gone.corrections
    assert (audit.action, audit.laptop, audit.user_name) == ("deleted", "Stall laptop", "akhan")
    assert audit.at >= started
    with store.session() as session:  # still there, as a tombstone waiting to sync
        row = session.get(Response, rid)
        assert row is not None and row.version > row.synced_version
        # The tombstone carries why and who to the centre.
        assert (row.deleted_reason, row.deleted_by) == ("Entered for the wrong event", "akhan on Stall laptop")
        with pytest.raises(CorrectionRefused):
            delete_response(session, rid, "Again", BY)
        with pytest.raises(CorrectionRefused):
            edit_response(session, rid, surveys, {"fft": {"fft_rating": "poor"}}, BY, reason="Misheard")


def test_a_deleted_response_leaves_every_count_report_and_export(store: Store, event_id: str, surveys: dict) -> None:
    keep = give(store, event_id, surveys, "good", ResponseMode.KIOSK, "Kept", ("pharmacy",))
    gone = give(store, event_id, surveys, "very_poor", ResponseMode.STAFF, "Deleted words", ("hospital",))
    with store.session() as session:  # as if synced: the count check then counts both
        for row in session.scalars(select(Response)):
            row.synced_version = row.version
    with store.session() as session:
        delete_response(session, gone, "Wrong event", BY)
    with store.session() as session:
        assert event_feedback_counts(session, event_id).responses_total == 1
        dashboard = dashboard_counts(session, event_id)
        assert dashboard.responses_total == 1 and dashboard.fft.counts["very_poor"] == 0
        assert "hospital" not in dashboard.topics
        assert [r["id"] for r in response_answers(session, event_id)] == [keep]
        rows = read_export_rows(session, event_id)
        assert rows.count() == 1 and [r.id for r in rows.responses] == [keep]
        month = Month.of(dt.datetime.now(dt.UTC))
        assert sum(c.score.total for c in fft_counts_by_month(session, [month])[month].values()) == 1
        assert survey_versions_used(session, event_id, "fft") == {surveys["fft"].version}
        # The count check after a sync compares live responses only, as the centre counts them.
        assert session.scalar(select(ConfirmedCount.n).where(ConfirmedCount.table_name == "responses",
                                                             ConfirmedCount.event_id == event_id)) == 1
    report = local_report(store, ReportSelection(event_ids=(event_id,)))
    assert report.reach.responses == 1 and report.fft.total == 1
    assert "Deleted words" not in str(report.comments)


def test_a_removed_paper_card_can_be_typed_in_again(store: Store, event_id: str, surveys: dict) -> None:
    code = parse_sheet_code(format_code(SheetKind.FEEDBACK, event_id, 4))
    text = format_code(SheetKind.FEEDBACK, event_id, 4)
    with store.session() as session:
        first = paper.enter_card(session, store.device_id, event_id, code, {"fft": surveys["fft"]},
                                 parse_card({"rating": "1", "comment": "Wrong card"}))
    with store.session() as session, pytest.raises(paper.RowAlreadyEntered):
        paper.enter_card(session, store.device_id, event_id, code, {"fft": surveys["fft"]}, parse_card({"rating": "2"}))
    with store.session() as session:
        assert listed(store, event_id, text=text.lower()) == [first]  # found by its code
        removed = delete_response(session, first, "Typed the wrong card", BY)
    assert removed.paper_sheet == text
    with store.session() as session:
        assert not paper.card_entered(session, event_id, text)
        assert paper.sheet_progress(session, event_id, SheetKind.FEEDBACK) == []
        again = paper.enter_card(session, store.device_id, event_id, code, {"fft": surveys["fft"]},
                                 parse_card({"rating": "2", "comment": "Right card"}))
    with store.session() as session:
        assert paper.card_entered(session, event_id, text)
        assert [r.id for r in list_responses(session, event_id)] == [again]
        assert get_response(session, again).comment == "Right card"


def test_a_response_is_found_by_the_start_of_its_id(store: Store, event_id: str, surveys: dict) -> None:
    rid = give(store, event_id, surveys, "good", ResponseMode.STAFF)
    with store.session() as session:
        assert resolve_response(session, rid[:8].upper()).id == rid
        for bad in ("ab", "zzzzzzzz"):
            with pytest.raises(NotFound):
                resolve_response(session, bad)
