"""Whether an event offers easy read travels with the event, both ways, and an older centre upgrades to hold it."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.events import EventDetails, EventKind
from app.store.events import add_event, get_event, update_event
from app.store.store import Store
from sync.central import CENTRAL_HEAD, init_central
from sync.connection import autocommit_connection, target_from
from sync.runner import run_sync
from sync.upload import DirectLink, upload
from tests.sync.checks import as_laptops_of, assert_exact, central_rows, seed_store
from tests.sync.conftest import older_centre


def _easy_read_event(store: Store) -> str:
    with store.session() as session:
        return add_event(session, store.device_id, EventDetails(
            name="Learning disability week", kind=EventKind.COMMUNITY_EVENT, event_date=dt.date(2026, 12, 9),
            easy_read=True)).id


def _offers(store: Store, event_id: str) -> bool:
    with store.session() as session:
        return get_event(session, event_id).details.easy_read


def test_easy_read_reaches_the_centre_and_other_laptops_and_so_does_turning_it_off(
        central_url: str, make_store: Callable[[str], Store]) -> None:
    a, b = make_store("a"), make_store("b")
    event_id = _easy_read_event(a)
    target = target_from(central_url)
    assert run_sync(a, target).outcome == "ok"
    assert central_rows(central_url)[0]["events"][event_id]["easy_read"] is True
    assert run_sync(b, target).outcome == "ok"
    assert _offers(b, event_id)

    with b.session() as session:  # staff on the other laptop turn it off
        update_event(session, event_id, replace(get_event(session, event_id).details, easy_read=False))
    assert run_sync(b, target).outcome == "ok"
    assert run_sync(a, target).outcome == "ok"
    assert not _offers(a, event_id)
    assert_exact(central_url, [a, b])


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "mariadb"])
def test_a_centre_from_before_easy_read_upgrades_without_loss(kind: str, tmp_path: Path, make_store,
                                                             monkeypatch) -> None:
    with older_centre(kind, tmp_path, "c0006") as (url, engine):
        laptop = make_store("a")
        events = seed_store(laptop, random.Random(7), events=3, responses=40, signups=5)
        as_laptops_of("c0006", monkeypatch)
        with autocommit_connection(engine) as connection:
            upload(laptop, DirectLink(connection, laptop.device_id))  # as a laptop of that release sent them
        before, _problems = central_rows(url)
        assert len(before["events"]) == 3 and len(before["responses"]) == 40

        assert init_central(engine).revision == CENTRAL_HEAD
        assert central_rows(url)[0] == before  # every column there was, unchanged
        monkeypatch.undo()
        after, _problems = central_rows(url)
        assert {event_id: row["easy_read"] for event_id, row in after["events"].items()} == dict.fromkeys(
            events, False)

        # An event that offers easy read now goes up and lands as it is.
        offered = _easy_read_event(laptop)
        assert run_sync(laptop, target_from(url)).outcome == "ok"
        assert central_rows(url)[0]["events"][offered]["easy_read"] is True
        assert_exact(url, [laptop])
