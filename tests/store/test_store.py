"""The store's durability settings and the sync columns every event carries."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest

from app.core.events import validate_event
from app.store.errors import NotFound
from app.store.events import StaleEdit, add_event, get_event, resolve_event, set_archived, update_event
from app.store.store import Store

FAIR = {"name": "Fair", "kind": "community-event", "event_date": "2026-04-14"}


def test_connections_use_wal_full_sync_foreign_keys_and_a_busy_timeout(store: Store) -> None:
    with store.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000
        assert pragma("cipher_version")


def test_events_carry_the_sync_columns(store: Store) -> None:
    before = dt.datetime.now(dt.UTC)
    with store.session() as session:
        record = add_event(session, store.device_id, validate_event(FAIR))
    assert uuid.UUID(record.id).version == 4
    assert record.version == 1
    assert record.created_at.tzinfo is dt.UTC and before <= record.created_at <= dt.datetime.now(dt.UTC)
    with store.session() as session:
        edited = update_event(session, record.id, validate_event(FAIR | {"venue": "Hall"}), record.version)
        unchanged = update_event(session, record.id, validate_event(FAIR | {"venue": "Hall"}))
        archived = set_archived(session, record.id, True)
    assert (edited.version, unchanged.version, archived.version) == (2, 2, 3)
    assert edited.updated_at > record.updated_at
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT device_id, deleted_at, synced_version FROM events").one()
    assert row == (store.device_id, None, 0)


def test_an_edit_based_on_an_old_version_is_refused_whole(store: Store) -> None:
    with store.session() as session:
        record = add_event(session, store.device_id, validate_event(FAIR))
    with store.session() as session:
        update_event(session, record.id, validate_event(FAIR | {"name": "Renamed elsewhere"}))
    with pytest.raises(StaleEdit, match="changed elsewhere"), store.session() as session:
        update_event(session, record.id, validate_event(FAIR | {"venue": "Mine"}), record.version)
    with store.session() as session:
        latest = get_event(session, record.id)
    assert (latest.name, latest.details.venue) == ("Renamed elsewhere", "")


def test_prefixes_are_matched_literally(store: Store) -> None:
    with store.session() as session:
        record = add_event(session, store.device_id, validate_event(FAIR))
        assert resolve_event(session, record.id[:5]).id == record.id
        with pytest.raises(NotFound):
            resolve_event(session, "%%%%")
        with pytest.raises(NotFound):
            resolve_event(session, "____")


def test_the_device_id_is_stable_across_openings(store: Store) -> None:
    first = store.device_id
    store.close()
    again = Store.open(store.paths)
    assert again.device_id == first
    again.close()


def test_sessions_on_several_threads_do_not_lose_writes(store: Store) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with store.session() as session:
                    add_event(session, store.device_id, validate_event(FAIR | {"name": f"T{n}-{i}"}))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM events").scalar() == 40
