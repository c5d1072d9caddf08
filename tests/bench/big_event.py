"""One sample event with many responses (10,000 unless asked), the data the export and report
benchmarks measure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.store.demo import seed_demo
from app.store.paths import resolve_data_dir
from app.store.store import Store
from app.store.survey_library import load_library

RESPONSES = 10_000


def seed_big_event(folder: Path, key, responses: int = RESPONSES) -> tuple[Store, str]:
    """A fresh store in ``folder`` holding the event; the open store and the event's id."""
    paths = resolve_data_dir(folder)
    store = Store.open(paths, backup="never", key=key)
    summary = seed_demo(store, load_library(paths.surveys).surveys, events=1, responses=responses, seed=2026,
                        today=dt.date(2026, 6, 1))
    return store, summary.event_ids[0]
