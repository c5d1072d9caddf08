"""A damaged store is never overwritten; the newest backup that opens is offered instead."""

from __future__ import annotations

import pytest

from app.core.events import validate_event
from app.store import backups, restore
from app.store.errors import StoreUnreadable
from app.store.events import add_event, list_events
from app.store.paths import DataPaths
from app.store.store import Store


def _add(store: Store, name: str) -> None:
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": name, "kind": "community-event", "event_date": "2026-06-01"}))


def _damage(paths: DataPaths) -> bytes:
    data = bytearray(paths.store.read_bytes())
    # Scribble over a page in the middle: SQLCipher's page HMAC then fails on read.
    middle = len(data) // 2
    data[middle:middle + 64] = b"\x00" * 64
    paths.store.write_bytes(bytes(data))
    return bytes(data)


def _checkpointed(store: Store) -> None:
    """Close the store; the last connection to go folds the WAL back into the file."""
    store.close()
    assert not store.paths.store.with_name(store.paths.store.name + "-wal").exists()


def test_damaged_store_is_reported_left_alone_and_the_backup_offered(data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    _add(store, "Before the backup")
    store.backup_now()
    for n in range(30):
        _add(store, f"After the backup {n}")
    _checkpointed(store)
    damaged = _damage(data_paths)

    with pytest.raises(StoreUnreadable) as caught:
        Store.open(data_paths, backup="always")
    assert "has not been" in str(caught.value)
    assert caught.value.backup == backups.list_backups(data_paths.backups)[0]
    assert data_paths.store.read_bytes() == damaged, "a damaged store must never be overwritten"

    aside = restore.restore_backup(caught.value.backup, data_paths.store)
    assert aside.read_bytes() == damaged, "the damaged file is kept, renamed"
    restored = Store.open(data_paths)
    with restored.session() as session:
        assert [r.name for r in list_events(session)] == ["Before the backup"]
    restored.close()


def test_unusable_backups_are_not_offered(data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    _add(store, "One")
    good = store.backup_now()
    bad = data_paths.backups / backups.backup_name(99, 1)
    bad.write_bytes(b"this is not a backup")
    _checkpointed(store)
    data_paths.store.write_bytes(b"\x00" * 8192)
    with pytest.raises(StoreUnreadable) as caught:
        Store.open(data_paths)
    assert caught.value.backup == good


def test_no_backup_means_none_offered(data_paths: DataPaths) -> None:
    Store.open(data_paths).close()
    data_paths.store.write_bytes(b"garbage" * 2000)
    with pytest.raises(StoreUnreadable) as caught:
        Store.open(data_paths)
    assert caught.value.backup is None


def test_only_the_newest_backups_are_kept(data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    made = [store.backup_now(backups_to_keep=3) for _ in range(5)]
    store.close()
    kept = backups.list_backups(data_paths.backups)
    assert kept == list(reversed(made[-3:]))
    assert not list(data_paths.backups.glob("*.partial"))
