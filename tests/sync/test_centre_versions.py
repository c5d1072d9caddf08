"""Rows that come down from the centre keep the centre's version and time, so they are not sent back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select

from app.core.events import EventDetails, EventKind
from app.core.practices import validate_practice
from app.store.events import add_event, get_event, update_event
from app.store.models import Device, Event, GpPractice
from app.store.practices import save_practice
from app.store.store import Store
from sync.connection import target_from
from sync.runner import run_sync
from sync.upload import pending_count


def _stamps(store: Store, model: type, row_id: str) -> tuple[int, int, dt.datetime]:
    with store.session() as session:
        version, synced, updated_at = session.execute(select(model.version, model.synced_version, model.updated_at)
                                                      .where(model.id == row_id)).one()
        return version, synced, updated_at


def test_rows_from_the_centre_keep_its_version_and_are_not_sent_back(central_url: str,
                                                                     make_store: Callable[[str], Store]) -> None:
    a, b = make_store("a"), make_store("b")
    with a.session() as session:
        practice = save_practice(session, a.device_id, validate_practice("High Street Surgery", "G82001"))
        event = add_event(session, a.device_id, EventDetails(
            name="Carers' coffee morning", kind=EventKind.COMMUNITY_EVENT, event_date=dt.date(2026, 12, 9)))
        update_event(session, event.id, replace(event.details, venue="Library"))  # version 2
    target = target_from(central_url)
    assert run_sync(a, target).outcome == "ok"
    assert run_sync(b, target).outcome == "ok"
    for model, row_id in ((Event, event.id), (GpPractice, practice.id), (Device, a.device_id)):
        version, _synced, updated_at = _stamps(a, model, row_id)
        assert _stamps(b, model, row_id) == (version, version, updated_at), model.__name__
    assert pending_count(b) == 0

    with a.session() as session:  # a later change made on A arrives at B as A made it
        update_event(session, event.id, replace(get_event(session, event.id).details, venue="Town hall"))
    assert run_sync(a, target).outcome == "ok"
    again = run_sync(b, target)
    assert again.outcome == "ok" and again.sent == 0 and again.details["received"]["events"] == 1
    assert _stamps(b, Event, event.id) == (3, 3, _stamps(a, Event, event.id)[2])
    assert pending_count(b) == 0
