"""Responses are checked, saved once, anonymous, and counted for the event page."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import inspect

from app.core import fft
from app.core.events import validate_event
from app.core.pin import validate_new_pin
from app.core.responses import ResponseError, ResponseMode
from app.core.validation import ValidationError
from app.store.events import add_event
from app.store.models import Response
from app.store.responses import event_feedback_counts, submit_response
from app.store.store import Store
from app.store.survey_library import load_library


@pytest.fixture
def event_id(store: Store) -> str:
    with store.session() as session:
        return add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "outreach-stall", "event_date": "2026-05-01"})).id


def submit(store: Store, event_id: str, rating: str | None, *, response_id: str | None = None, **extra) -> bool:
    surveys = {k: v for k, v in load_library().surveys.items() if k in ("fft", "topics")}
    answers = {"fft": {"fft_rating": rating, "fft_comment": extra.get("comment")}, "topics": {"topics": ["pharmacy"]}}
    with store.session() as session:
        return submit_response(session, response_id=response_id or str(uuid.uuid4()), device_id=store.device_id,
                               event_id=event_id, surveys=surveys, answers=answers, mode=ResponseMode.KIOSK,
                               language="en", submitted_at=extra.get("at"))


def test_a_response_is_saved_once_however_often_it_is_sent(store: Store, event_id: str) -> None:
    rid = str(uuid.uuid4())
    assert submit(store, event_id, "good", response_id=rid) is True
    assert submit(store, event_id, "good", response_id=rid) is False
    with store.session() as session:
        assert event_feedback_counts(session, event_id).responses_total == 1


def test_bad_answers_save_nothing(store: Store, event_id: str) -> None:
    with pytest.raises(ResponseError) as caught:
        submit(store, event_id, None)
    assert (caught.value.survey_id, caught.value.question_id) == ("fft", "fft_rating")
    with pytest.raises(ResponseError):
        submit(store, event_id, "brilliant")
    with store.session() as session:
        assert event_feedback_counts(session, event_id).responses_total == 0


def test_counts_today_and_fft_positive(store: Store, event_id: str) -> None:
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1, hours=1)
    for rating in ("very_good", "good", "good", "neither", "poor", "dont_know"):
        submit(store, event_id, rating)
    submit(store, event_id, "very_poor", at=yesterday)
    with store.session() as session:
        counts = event_feedback_counts(session, event_id)
    assert (counts.responses_today, counts.responses_total) == (6, 7)
    assert counts.fft.total == 7 and counts.fft.positive == 3 and counts.fft.negative == 2
    assert fft.format_percent(counts.fft.percent_positive) == "43%"


def test_responses_hold_no_name_or_contact_and_no_link_to_people(store: Store) -> None:
    columns = {c["name"] for c in inspect(store.engine).get_columns("responses")}
    assert not columns & {"name", "email", "phone", "address", "postcode", "signup_id", "person_id", "contact"}
    assert {fk.column.table.name for fk in Response.__table__.foreign_keys} == {"devices", "events"}


def test_fft_scoring_counts_dont_know_in_the_denominator() -> None:
    score = fft.score(["very_good", "dont_know", None, "bogus", "poor", "neither"])
    assert score.total == 4
    assert (score.percent_positive, score.percent_negative) == (25.0, 25.0)
    assert fft.score([]).percent_positive is None and fft.format_percent(None) == "–"


@pytest.mark.parametrize("pin, confirm, field", [("12", "12", "pin"), ("abcd", "abcd", "pin"), ("1111", "1111", "pin"),
                                                 ("1234", "1234", "pin"), ("4821", "4812", "confirm")])
def test_weak_or_mistyped_pins_are_refused(pin: str, confirm: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_new_pin(pin, confirm)
    assert field in caught.value.errors


def test_half_percentages_round_up_as_published() -> None:
    assert fft.format_percent(62.5) == "63%" and fft.format_percent(12.4) == "12%"
