"""Several laptops syncing into one central database, at the same time.

Laptop A plans the events; B and C receive them at their next sync; then all three collect
feedback and sign-ups at the same events and sync together, three rounds over. Every record
must reach the centre exactly once, the centre's count per event must be the sum of what the
laptops collected, and each laptop's own count check must agree.
"""

from __future__ import annotations

import dataclasses
import random
import threading
from collections import Counter

from sqlalchemy import func, select

from app.core.practices import PracticeDetails
from app.store.events import get_event, list_events, update_event
from app.store.models import Base, GpPractice, Person
from app.store.people import erase_person
from app.store.practices import save_practice
from app.store.store import Store
from app.store.sync_history import SyncRecord
from sync import central_schema as schema
from sync.central import withdraw_centrally
from sync.connection import autocommit_connection, make_central_engine, target_from
from sync.runner import run_sync
from tests.sync.checks import (
    add_responses,
    add_signups,
    assert_exact,
    central_rows,
    change_some,
    seed_demo_events,
    seed_store,
)

ROUNDS = 3
SHARED_CODE = "Y99999"  # one GP practice, added on every laptop before any of them heard of it


def sync_together(stores: list[Store], url: str) -> list[SyncRecord]:
    """All the laptops press Sync at the same moment, each on its own thread with its own store."""
    start = threading.Barrier(len(stores))
    records: list[SyncRecord | BaseException | None] = [None] * len(stores)

    def work(n: int) -> None:
        try:
            start.wait()
            records[n] = run_sync(stores[n], target_from(url), batch_size=100)
        except BaseException as error:  # noqa: BLE001 (reported below, on the test's thread)
            records[n] = error

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store, record in zip(stores, records, strict=True):
        assert isinstance(record, SyncRecord), f"{store.paths.root.name}: run_sync gave {record!r}"
    return records  # type: ignore[return-value]


def assert_synced_cleanly(stores: list[Store], records: list[SyncRecord], when: str, *,
                          conflicts_expected: bool = False) -> None:
    for store, record in zip(stores, records, strict=True):
        name = store.paths.root.name
        assert record.outcome == "ok", f"{name} {when}: {record.message}"
        assert record.mismatches == 0, f"{name} {when}: counts differ: {record.details['counts']}"
        assert conflicts_expected or record.conflicts == 0, f"{name} {when}: {record.conflicts} conflicts"


def event_ids_on(store: Store) -> set[str]:
    with store.session() as session:
        return {record.id for record in list_events(session, include_archived=True)}


def per_event(store: Store, table: str) -> Counter[str]:
    """Rows of ``table`` (responses, people, consents) per event on this laptop."""
    local = Base.metadata.tables[table]
    with store.engine.connect() as conn:
        return Counter(dict(conn.execute(select(local.c.event_id, func.count()).where(
            local.c.event_id.is_not(None)).group_by(local.c.event_id)).all()))


def centre_per_event(url: str, table: str) -> Counter[str]:
    central = schema.SYNCED_TABLES[table]
    engine = make_central_engine(target_from(url))
    try:
        with autocommit_connection(engine) as conn:
            return Counter(dict(conn.execute(select(central.c.event_id, func.count()).where(
                central.c.event_id.is_not(None)).group_by(central.c.event_id)).all()))
    finally:
        engine.dispose()


def test_three_laptops_share_events_and_sync_at_once(pg_central: str, make_store) -> None:
    url, rng = pg_central, random.Random(20261125)
    a, b, c = laptops = [make_store(name) for name in ("laptop-a", "laptop-b", "laptop-c")]

    planned = seed_store(a, rng, events=6, responses=300, signups=60)
    first = run_sync(a, target_from(url))
    assert first.outcome == "ok" and first.mismatches == 0, first.message
    for other in (b, c):
        record = run_sync(other, target_from(url))
        assert record.outcome == "ok", record.message
        assert record.details["received"]["events"] == len(planned)
        assert event_ids_on(other) == set(planned)

    for store in laptops:  # each adds the same practice before hearing of the others'
        with store.session() as session:
            save_practice(session, store.device_id, PracticeDetails(f"Shared Surgery ({store.paths.root.name})",
                                                                  SHARED_CODE))
    added: Counter[str] = Counter()
    shared = list(planned)
    for round_ in range(ROUNDS):
        for store in laptops:
            added.update(add_responses(store, rng, shared, rng.randint(80, 200)))
            add_signups(store, rng, shared, rng.randint(10, 30))
        change_some(a, rng, planned[1:])
        if round_ == 1:
            # B plans an event of its own, which A and C take up next round; B and C both
            # change one of A's events from the same version.
            shared += seed_demo_events(b, rng, events=1, responses=40)
            for store, venue in ((b, "Library, upstairs"), (c, "Library, ground floor")):
                with store.session() as session:
                    event = get_event(session, planned[0])
                    update_event(session, planned[0], dataclasses.replace(event.details, venue=venue))
        records = sync_together(laptops, url)
        assert_synced_cleanly(laptops, records, f"round {round_ + 1}", conflicts_expected=round_ == 1)
        if round_ == 1:  # A and C may have synced before B's event arrived; now they have it
            for store in (a, c):
                store_record = run_sync(store, target_from(url))
                assert store_record.outcome == "ok", store_record.message
                assert shared[-1] in event_ids_on(store)

    for store in laptops:  # one more sync each, so every laptop has heard every other's last sync
        record = run_sync(store, target_from(url))
        assert record.outcome == "ok" and record.mismatches == 0, record.message
    centre = assert_exact(url, laptops, "three laptops")

    # The centre's count of responses and sign-ups per event is the sum of the laptops' counts
    # (a laptop holds only its own responses and sign-ups).
    for table in ("responses", "people", "consents"):
        here = sum((per_event(store, table) for store in laptops), Counter())
        assert centre_per_event(url, table) == here, table
    here = sum((per_event(store, "responses") for store in laptops), Counter())
    assert set(here) == set(shared)
    assert sum(here.values()) == sum(added.values()) + 300 + 40  # and those A and B seeded their events with

    # B and C changed one event from the same version: the later change stands everywhere.
    venues = set()
    for store in laptops:
        with store.session() as session:
            venues.add(get_event(session, planned[0]).details.venue)
    assert venues == {centre["events"][planned[0]]["venue"]} == {"Library, ground floor"}

    # The practice every laptop added is at the centre three times, once from each, and each
    # laptop kept its own, so nobody's sign-ups point at a practice it does not hold.
    codes = [row for row in centre["gp_practices"].values() if row["code"] == SHARED_CODE]
    assert sorted(row["device_id"] for row in codes) == sorted(store.device_id for store in laptops)
    for store in laptops:
        with store.session() as session:
            mine = session.scalars(select(GpPractice).where(GpPractice.code == SHARED_CODE)).all()
        assert [p.device_id for p in mine] == [store.device_id]


def test_the_same_practice_code_on_two_laptops_never_blocks_a_sync(pg_central: str, make_store) -> None:
    url = pg_central
    laptops = [make_store("laptop-a"), make_store("laptop-b")]
    for store in laptops:
        seed_store(store, random.Random(store.paths.root.name), events=2, responses=20, signups=0)
        with store.session() as session:
            save_practice(session, store.device_id, PracticeDetails("Riverside Surgery", SHARED_CODE))
    for round_ in range(2):
        for store in laptops:
            record = run_sync(store, target_from(url))
            assert record.outcome == "ok", f"round {round_ + 1}, {store.paths.root.name}: {record.message}"
    centre, _twice = central_rows(url)
    assert sum(row["code"] == SHARED_CODE for row in centre["gp_practices"].values()) == 2
    assert_exact(url, laptops, "the same practice code")


def test_an_erasure_on_a_laptop_stands_when_the_centre_withdrew_the_person_after_it(
        pg_central: str, make_store) -> None:
    """The data team is the other party here: staff erase someone on a laptop while offline; later,
    answering the same person's letter, the data team records a withdrawal at the centre; then
    the laptop syncs. A withdrawal keeps the name, email and phone; the erasure must still win."""
    url = pg_central
    store = make_store("laptop-a")
    events = seed_store(store, random.Random(3), events=2, responses=10, signups=0)
    add_signups(store, random.Random(4), events, 3)
    assert run_sync(store, target_from(url)).outcome == "ok"
    with store.session() as session:
        person = session.scalars(select(Person.id).order_by(Person.id)).first()
        erase_person(session, person)
    engine = make_central_engine(target_from(url))
    try:
        with engine.begin() as conn:
            assert withdraw_centrally(conn, person)
    finally:
        engine.dispose()

    for _n in range(2):
        record = run_sync(store, target_from(url))
        assert record.outcome == "ok", record.message
    centre, _twice = central_rows(url)
    erased = centre["people"][person]
    assert (erased["status"], erased["name"], erased["email"]) == ("erased", "", ""), (
        f"the centre still holds {erased['name']!r} <{erased['email']}> as {erased['status']} after the laptop's "
        "erasure was sent: the centre's later withdrawal (same version) turned the erasure away as a conflict, "
        "the laptop marked it sent anyway, and the download skips a withdrawal that is less than what the "
        "laptop did, so the erasure never goes again")
    assert all(row["deleted_at"] is not None for row in centre["consents"].values() if row["person_id"] == person)
    assert_exact(url, [store], "erased here, withdrawn at the centre")
