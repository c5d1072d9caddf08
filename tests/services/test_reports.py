"""Choosing a report's events, and drawing it with progress and Cancel, for both front ends."""

from __future__ import annotations

import io
import uuid

import pytest

from app.core.report import ReportSelection
from app.services.reports import ReportCancelled, draw_report, event_ids, read_report
from app.store.demo import seed_demo
from app.store.errors import NotFound
from app.store.store import Store
from app.store.survey_library import load_library


def test_events_are_found_by_a_start_of_their_id_once_each(store: Store) -> None:
    ids = seed_demo(store, load_library(store.paths.surveys).surveys, events=2, responses=4, seed=5).event_ids
    assert event_ids(store, [ids[1][:8], ids[0], ids[1]], central=False) == (ids[1], ids[0])


def test_only_a_report_from_the_centre_takes_a_whole_id_this_laptop_does_not_hold(store: Store) -> None:
    elsewhere = str(uuid.uuid4())
    with pytest.raises(NotFound):
        event_ids(store, [elsewhere], central=False)
    assert event_ids(store, [elsewhere], central=True) == (elsewhere,)


def test_cancel_stops_the_drawing_and_nothing_is_returned(store: Store) -> None:
    ids = seed_demo(store, load_library(store.paths.surveys).surveys, events=1, responses=30, seed=9).event_ids
    report = read_report(store, ReportSelection(event_ids=ids))
    pages: list[tuple[int, int]] = []
    assert draw_report(report, io.BytesIO(), progress=lambda done, total: pages.append((done, total))) >= 1
    assert pages, "progress is reported while drawing"
    with pytest.raises(ReportCancelled):
        draw_report(report, io.BytesIO(), cancelled=lambda: True)


def test_a_report_in_memory_says_how_far_it_has_got_and_stops_when_asked(store: Store) -> None:
    from app.services.reports import report_pdf

    ids = seed_demo(store, load_library(store.paths.surveys).surveys, events=1, responses=20, seed=2).event_ids
    steps: list[tuple[str, int, int]] = []
    title, pdf = report_pdf(store, ReportSelection(event_ids=ids), progress=steps.append)
    assert pdf.startswith(b"%PDF") and title.startswith("Event report: ")
    assert steps[0] == ("reading", 0, 0) and steps[-1][0] == "drawing" and steps[-1][1] == steps[-1][2]
    with pytest.raises(ReportCancelled):
        report_pdf(store, ReportSelection(event_ids=ids), cancelled=lambda: True)
