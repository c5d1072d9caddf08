"""The store on disk is SQLCipher: unreadable without the key, with no plaintext in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.events import validate_event
from app.store.errors import StoreUnreadable
from app.store.events import add_event, list_events
from app.store.keys import StoreKey
from app.store.paths import DataPaths
from app.store.store import Store

SECRET_WORDS = "Zanzibar-Quokka community listening café"


def _all_bytes(paths: DataPaths) -> bytes:
    return b"".join(p.read_bytes() for p in paths.root.rglob("*") if p.is_file() and "logs" not in p.parts)


def test_plain_sqlite_cannot_open_the_store(store: Store) -> None:
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": SECRET_WORDS, "kind": "community-event", "event_date": "2026-05-01"}))
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(store.paths.store).execute("SELECT * FROM sqlite_master").fetchall()


def test_no_entered_text_appears_in_any_file(store: Store) -> None:
    with store.session() as session:
        add_event(session, store.device_id, validate_event({
            "name": SECRET_WORDS, "kind": "ppg-meeting", "event_date": "2026-05-01",
            "venue": "Quokka Hall", "notes": "Zanzibar notes for the team"}))
    store.backup_now()
    haystack = _all_bytes(store.paths)
    assert len(haystack) > 4096  # the store, its WAL and a backup were all read
    for needle in ("Zanzibar", "Quokka", "listening", "CREATE TABLE", "events"):
        assert needle.encode() not in haystack
        assert needle.encode("utf-16-le") not in haystack
    assert b"SQLite format 3" not in haystack


def test_wrong_key_gives_a_clear_error_and_changes_nothing(store: Store) -> None:
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": "Kept safe", "kind": "other", "event_date": "2026-05-01"}))
    paths = store.paths
    store.close()
    before = paths.store.read_bytes()
    with pytest.raises(StoreUnreadable) as caught:
        Store.open(paths, key=StoreKey("not the right key", "environment"))
    message = str(caught.value)
    assert "could not be opened" in message and "key" in message
    assert "\n" not in message
    assert paths.store.read_bytes() == before
    reopened = Store.open(paths)
    with reopened.session() as session:
        assert [r.name for r in list_events(session)] == ["Kept safe"]
    reopened.close()


def test_raw_hex_key_is_used_as_a_raw_key(tmp_path: Path) -> None:
    key = StoreKey("ab" * 32, "environment")
    assert key.pragma() == "\"x'" + "ab" * 32 + "'\""
    opened = Store.open(DataPaths(tmp_path / "d"), key=key)
    opened.close()
    with pytest.raises(StoreUnreadable):
        Store.open(DataPaths(tmp_path / "d"), key=StoreKey("AB" * 31 + "AC", "environment"))


def test_a_passphrase_store_opens_again_with_it_and_refuses_another(tmp_path: Path) -> None:
    """Anything but 64 hex digits is a passphrase SQLCipher stretches into the key; the tests
    otherwise use a raw key (for speed), so this is the one that makes and reopens such a store."""
    passphrase = StoreKey("correct horse battery staple, 2026", "environment")
    assert passphrase.pragma() == "'correct horse battery staple, 2026'"
    paths = DataPaths(tmp_path / "d")
    made = Store.open(paths, key=passphrase)
    with made.session() as session:
        add_event(session, made.device_id, validate_event(
            {"name": "Kept under a passphrase", "kind": "other", "event_date": "2026-05-01"}))
    made.close()
    with pytest.raises(StoreUnreadable):
        Store.open(paths, key=StoreKey("correct horse battery staple, 2027", "environment"))
    with pytest.raises(StoreUnreadable):
        Store.open(paths, key=StoreKey("ab" * 32, "environment"))  # nor does a raw key
    reopened = Store.open(paths, key=passphrase)
    try:
        with reopened.session() as session:
            assert [r.name for r in list_events(session)] == ["Kept under a passphrase"]
    finally:
        reopened.close()


def test_key_is_never_shown_in_its_repr() -> None:
    assert "hunter2" not in repr(StoreKey("hunter2", "keyring"))


def test_store_and_backups_are_readable_by_this_user_only(store: Store) -> None:
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": "Private", "kind": "other", "event_date": "2026-05-01"}))
    backup = store.backup_now()
    wal = store.paths.store.with_name(store.paths.store.name + "-wal")
    for path in (store.paths.store, wal, backup, store.paths.root, store.paths.backups):
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"
