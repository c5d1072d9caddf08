"""The store owns a synced row's version: what bumps it, what does not, and what is refused."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.core.events import validate_event
from app.core.signups import validate_signup
from app.store import events, people
from app.store.models import Base, Event, Person
from app.store.store import Store
from app.store.versioning import VERSIONED, StoreSession, VersionMisuse, applying_from_centre
from sync.upload import UPLOAD_ORDER, pending_count
from tests.store.version_bump_helpers import ANN, STAFF, mark_all_synced

M = TypeVar("M")


def test_every_synced_model_is_versioned() -> None:
    synced = {m.class_ for m in Base.registry.mappers if "synced_version" in m.class_.__table__.c}
    assert synced == {m for m in synced if issubclass(m, VERSIONED)} and set(UPLOAD_ORDER) <= synced


def test_the_store_hands_out_versioning_sessions(store: Store) -> None:
    with store.session() as session:
        assert isinstance(session, StoreSession)


def _event(store: Store) -> str:
    with store.session() as session:
        return events.add_event(session, store.device_id, validate_event(
            {"name": "Fair", "kind": "community-event", "event_date": "2026-04-14"})).id


def _row(session: Session, model: type[M], row_id: str) -> M:
    row = session.get(model, row_id)
    assert row is not None
    return row


def _version(store: Store, event_id: str) -> tuple[int, int, dt.datetime]:
    with store.session() as session:
        row = _row(session, Event, event_id)
        return row.version, row.synced_version, row.updated_at


def test_new_rows_start_at_version_one_waiting_to_sync(store: Store) -> None:
    event_id = _event(store)
    assert _version(store, event_id)[:2] == (1, 0)


def test_a_no_op_or_bookkeeping_change_bumps_nothing(store: Store) -> None:
    event_id = _event(store)
    mark_all_synced(store)
    before = _version(store, event_id)
    with store.session() as session:
        row = _row(session, Event, event_id)
        row.venue = row.venue  # the same value: no change
        row.notes = "x"
        row.notes = ""  # changed and changed back before the flush
    assert _version(store, event_id) == before and pending_count(store) == 0
    with store.session() as session:
        _row(session, Event, event_id).synced_version = 0  # the sync's own column: sent again, not changed
    assert _version(store, event_id)[0] == before[0] and pending_count(store) == 1
    with store.session() as session:
        session.execute(update(Event).values(synced_version=Event.version))
    assert _version(store, event_id) == before


def test_many_changes_in_one_flush_bump_once_and_each_flush_at_most_once(store: Store) -> None:
    event_id = _event(store)
    with store.session() as session:
        row = _row(session, Event, event_id)
        row.venue, row.notes, row.locality = "Hall", "Bring a table", "Maidstone"
        session.flush()
        assert row.version == 2
        session.flush()  # nothing new: no bump
        assert row.version == 2
        row.notes = "Bring two tables"
    assert _version(store, event_id)[0] == 3


def test_a_change_with_a_version_set_by_hand_is_refused(store: Store) -> None:
    event_id = _event(store)
    with pytest.raises(VersionMisuse), store.session() as session:
        row = _row(session, Event, event_id)
        row.notes, row.version = "x", row.version + 1
    assert _version(store, event_id)[0] == 1


def test_bulk_updates_bump_too_and_may_not_set_the_version(store: Store) -> None:
    event_id = _event(store)
    mark_all_synced(store)
    before = _version(store, event_id)
    with store.session() as session:
        session.execute(update(Event).where(Event.id == event_id).values(notes="bulk"))
    version, synced, updated_at = _version(store, event_id)
    assert version == before[0] + 1 and updated_at > before[2] and pending_count(store) == 1
    table = Base.metadata.tables["events"]
    with store.session() as session:  # a Core statement, its values given when run
        session.execute(update(table).where(table.c.id == event_id), {"venue": "Hall"})
    assert _version(store, event_id)[0] == version + 1
    with pytest.raises(VersionMisuse), store.session() as session:
        session.execute(update(Event).where(Event.id == event_id).values(notes="x", version=Event.version + 5))


def test_rows_applied_from_the_centre_keep_its_version_and_time(store: Store) -> None:
    event_id = _event(store)
    central_time = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    with store.session() as session:
        row = _row(session, Event, event_id)
        row.locality = "Ashford"  # a local change before the centre's rows: bumped as usual
        with applying_from_centre(session):
            assert row.version == 2  # flushed, and bumped, on the way in
            row.notes, row.version, row.updated_at, row.synced_version = "planned", 7, central_time, 7
        assert (row.version, row.updated_at) == (7, central_time)
        row.venue = "After the centre"  # and after the block, a local change is bumped again
    assert _version(store, event_id)[:2] == (8, 7)


def test_a_local_change_inside_the_centres_block_is_refused(store: Store) -> None:
    event_id = _event(store)
    with pytest.raises(VersionMisuse), store.session() as session, applying_from_centre(session):
        _row(session, Event, event_id).notes = "edited here, not from the centre"
    assert _version(store, event_id)[0] == 1


def test_the_withdrawal_the_centre_sends_goes_back_up_above_its_version(store: Store) -> None:
    """Applied by the laptop's own rules, then raised above the centre's version: nothing is lost."""
    from sync.download import _after_centre

    with store.session() as session:
        bob = people.save_signup(session, store.device_id, validate_signup(ANN | {"interests": ["surveys"]}), STAFF)
    mark_all_synced(store)
    with store.session() as session:
        people.withdraw_consent(session, bob.id)
        person = _row(session, Person, bob.id)
        assert person.version == 2
        _after_centre(person, 5)
    with store.session() as session:
        assert (_row(session, Person, bob.id).version, _row(session, Person, bob.id).synced_version) == (6, 1)
