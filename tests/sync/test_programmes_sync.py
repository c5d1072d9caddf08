"""Programmes are shared records: one laptop's programme reaches another through the central
service, and so do a correction and a removal made on either. Links stay on the laptop that
made them (its actions never leave it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from app.core.events import validate_event
from app.core.programmes import Duty, validate_programme
from app.store.errors import NotFound
from app.store.events import add_event
from app.store.programmes import (
    add_programme,
    delete_programme,
    get_programme,
    link_event,
    list_programmes,
    update_programme,
)
from app.store.store import Store
from sync.runner import run_sync
from tests.sync.checks import assert_exact, central_rows


def test_a_programme_reaches_another_laptop_and_comes_back_corrected(
        service, make_store: Callable[[str], Store]) -> None:
    a, b = make_store("a"), make_store("b")
    to_a, to_b = service.enrol(a), service.enrol(b)
    with a.session() as session:
        fair = add_event(session, a.device_id, validate_event(
            {"name": "Spring fair", "kind": "community-event", "event_date": "2026-04-14"})).id
        programme = add_programme(session, a.device_id, validate_programme(
            {"name": "Urgent care redesign", "duty": "yes", "duty_notes": "A substantial change",
             "start_date": "2026-01-01"})).id
        link_event(session, a.device_id, programme, fair)
    assert run_sync(a, to_a).outcome == "ok"
    assert central_rows(service.db_url)[0]["programmes"][programme]["name"] == "Urgent care redesign"

    record = run_sync(b, to_b)
    assert record.outcome == "ok" and record.details["received"]["programmes"] == 1, record.message
    with b.session() as session:
        there = get_programme(session, programme)
        assert (there.name, there.details.duty, there.details.duty_notes) == (
            "Urgent care redesign", Duty.YES, "A substantial change")
        assert there.events == 0  # links stay on the laptop that made them
    with b.session() as session:  # the other laptop records what changed
        update_programme(session, programme, dataclasses.replace(
            there.details, what_changed="Stays on a bus route", feedback_given="Letters to all"), there.version)
    assert run_sync(b, to_b).outcome == "ok"
    assert run_sync(a, to_a).outcome == "ok"
    with a.session() as session:
        back = get_programme(session, programme)
        assert (back.details.what_changed, back.details.feedback_given) == ("Stays on a bus route", "Letters to all")
        assert back.events == 1  # laptop A's own link is still there

    with a.session() as session:
        delete_programme(session, programme)
    assert run_sync(a, to_a).outcome == "ok"
    assert run_sync(b, to_b).outcome == "ok"
    with b.session() as session:
        assert list_programmes(session) == []
        with pytest.raises(NotFound):
            get_programme(session, programme)
    assert_exact(service.db_url, [a, b])
