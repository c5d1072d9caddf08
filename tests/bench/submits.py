"""Submit-to-durable: one kiosk response saved until its commit returns, vs a raw insert+commit.

The store side is exactly what the kiosk does when a person presses "Submit" and before it
says thank you: ``submit_response`` inside ``store.session()`` (``BEGIN IMMEDIATE``, checking
the answers against the surveys, encoding them, the insert, ``COMMIT`` with
``synchronous=FULL``) on the encrypted store. The answers are a full, realistic set: an FFT
rating and comment, two topics and every equality question. The baselines are the raw
``sqlite3`` and ``sqlcipher3`` single-row insert+commit of ``commits.py``, taking turns with
the store in the same run. Tails matter here (a person waits at the stall), so the report
compares p99 as well as p50.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.store.events import add_event
from app.store.keys import StoreKey
from app.store.paths import resolve_data_dir
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library
from tests.bench.commits import interleave, raw_writers

SURVEYS = ("fft", "topics", "equality")
ANSWERS: dict[str, dict[str, Any]] = {
    "fft": {"fft_rating": "good", "fft_comment": "Staff were friendly and took the time to listen, but getting "
                                                 "a GP appointment is still hard."},
    "topics": {"topics": ["gp_access", "pharmacy"]},
    "equality": {"age_band": "65_74", "sex": "female", "gender_same_as_birth": "yes", "ethnicity": "white_british",
                 "long_term_condition": "yes", "condition_reduces_activity": "a_little", "carer": "no",
                 "postcode_district": "ct1"},
}


def _store_writer(store: Store) -> Callable[[], None]:
    surveys = {sid: s for sid, s in load_library(store.paths.surveys).surveys.items() if sid in SURVEYS}
    with store.session() as session:
        event_id = add_event(session, store.device_id, validate_event({
            "name": "Health and wellbeing fair", "kind": "community-event", "event_date": "2026-04-14",
            "venue": "Canterbury Community Centre", "survey_ids": list(SURVEYS)})).id

    def submit() -> None:
        with store.session() as session:
            submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=event_id,
                            surveys=surveys, answers=ANSWERS, mode=ResponseMode.KIOSK, language="en")

    return submit


def run(folder: Path, key: StoreKey, *, submissions: int, rounds: int) -> dict[str, list[float]]:
    """Seconds from calling the submit to the commit returning, for the store and both baselines."""
    store = Store.open(resolve_data_dir(folder / "submit-store"), backup="never", key=key)
    raw, close_raw = raw_writers(folder, key, prefix="submit-raw")
    try:
        return interleave({"store": _store_writer(store), **raw}, commits=submissions, rounds=rounds)
    finally:
        close_raw()
        store.close()


def profile(folder: Path, key: StoreKey, *, submissions: int, top: int = 25) -> str:
    """Where a submission's time goes: cProfile over ``submissions`` store submits, by own time."""
    store = Store.open(resolve_data_dir(folder / "profile-store"), backup="never", key=key)
    try:
        submit = _store_writer(store)
        for _ in range(5):
            submit()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(submissions):
            submit()
        profiler.disable()
    finally:
        store.close()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()
