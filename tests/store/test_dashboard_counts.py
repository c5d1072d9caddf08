"""The event dashboard's figures: FFT answers, responses today and in all, topics chosen; never equality."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import insert, update

from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.store.dashboard_counts import dashboard_counts
from app.store.events import add_event
from app.store.models import Response, utcnow
from app.store.responses import event_feedback_counts, submit_response
from app.store.store import Store
from app.store.survey_library import load_library


@pytest.fixture
def event_id(store: Store) -> str:
    with store.session() as session:
        return add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "outreach-stall", "event_date": "2026-05-01"})).id


def submit(store: Store, event_id: str, answers: dict[str, Any], at: dt.datetime | None = None) -> str:
    surveys = load_library().surveys
    response_id = str(uuid.uuid4())
    with store.session() as session:
        submit_response(session, response_id=response_id, device_id=store.device_id, event_id=event_id,
                        surveys={k: surveys[k] for k in answers}, answers=answers, mode=ResponseMode.KIOSK,
                        language="en", submitted_at=at)
    return response_id


def test_counts_fft_answers_topics_and_today(store: Store, event_id: str) -> None:
    now = utcnow()
    submit(store, event_id, {"fft": {"fft_rating": "very_good"}, "topics": {"topics": ["gp_access", "pharmacy"]}})
    submit(store, event_id, {"fft": {"fft_rating": "good"}, "topics": {"topics": ["gp_access"]}})
    submit(store, event_id, {"fft": {"fft_rating": "poor"}})
    submit(store, event_id, {"fft": {"fft_rating": "dont_know"}}, at=now - dt.timedelta(days=3))
    submit(store, event_id, {"topics": {"topics": ["dental"]}}, at=now - dt.timedelta(days=3))  # FFT skipped
    submit(store, event_id, {"equality": {"sex": "female"}, "fft": {"fft_rating": "neither"}})
    with store.session() as session:
        counts = dashboard_counts(session, event_id)
    assert counts.responses_total == 6
    assert counts.responses_today == 4
    assert counts.fft.counts == {"very_good": 1, "good": 1, "neither": 1, "poor": 1, "very_poor": 0, "dont_know": 1}
    assert counts.fft.total == 5  # the response that skipped the question is not in the denominator
    assert counts.fft.percent_positive == 40.0 and counts.fft.percent_negative == 20.0
    assert counts.topics == {"gp_access": 2, "pharmacy": 1, "dental": 1}
    assert counts.topic_responses == 3
    assert not any(key in counts.topics for key in ("sex", "female"))  # equality answers never show


def test_agrees_with_the_event_pages_older_counts(store: Store, event_id: str) -> None:
    for rating in ("good", "good", "very_poor", "neither"):
        submit(store, event_id, {"fft": {"fft_rating": rating}})
    with store.session() as session:
        new, old = dashboard_counts(session, event_id), event_feedback_counts(session, event_id)
    assert (new.responses_today, new.responses_total, new.fft) == (old.responses_today, old.responses_total, old.fft)


def test_an_event_with_no_responses_and_deleted_responses(store: Store, event_id: str) -> None:
    with store.session() as session:
        empty = dashboard_counts(session, event_id)
    assert (empty.responses_total, empty.fft.total, empty.topics, empty.topic_responses) == (0, 0, {}, 0)
    gone = submit(store, event_id, {"fft": {"fft_rating": "good"}, "topics": {"topics": ["hospital"]}})
    with store.session() as session:
        session.execute(update(Response).where(Response.id == gone).values(deleted_at=utcnow()))
    with store.session() as session:
        counts = dashboard_counts(session, event_id)
    assert (counts.responses_total, counts.fft.total, counts.topics) == (0, 0, {})


def test_ten_thousand_responses_read_quickly(store: Store, event_id: str) -> None:
    """Measured, not asserted against a clock: the read is printed with the raw count it is compared to."""
    now = utcnow()
    ratings = ("very_good", "good", "neither", "poor", "very_poor", "dont_know")
    topics = ("gp_access", "hospital", "pharmacy", "dental", "other")
    rows = [{"id": str(uuid.uuid4()), "device_id": store.device_id, "event_id": event_id, "created_at": now,
             "updated_at": now, "version": 1, "synced_version": 0, "mode": "kiosk", "language": "en",
             "survey_versions": "{}", "fft_rating": ratings[i % 6], "submitted_at": now,
             "answers": f'{{"fft": {{"fft_rating": "{ratings[i % 6]}"}}, '
                        f'"topics": {{"topics": ["{topics[i % 5]}", "{topics[(i + 1) % 5]}"]}}}}'}
            for i in range(10_000)]
    with store.session() as session:
        session.execute(insert(Response), rows)
    with store.session() as session:
        started = time.perf_counter()
        counts = dashboard_counts(session, event_id)
        took = time.perf_counter() - started
        started = time.perf_counter()
        event_feedback_counts(session, event_id)
        baseline = time.perf_counter() - started
    print(f"dashboard read of 10,000 responses: {took * 1000:.0f} ms (FFT counts alone {baseline * 1000:.0f} ms)")
    assert counts.responses_total == 10_000
    assert sum(counts.fft.counts.values()) == 10_000
    assert counts.topics == {t: 4_000 for t in topics}
    assert counts.topic_responses == 10_000
