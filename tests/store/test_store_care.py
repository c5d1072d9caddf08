"""Checking and backing up the store after it opens: a backup only when something changed, and
damage found then is still reported with the backup offered."""

from __future__ import annotations

import pytest

from app.cli.command import main
from app.core.events import validate_event
from app.store import backups
from app.store.engine import open_connection
from app.store.errors import StoreUnreadable
from app.store.events import add_event
from app.store.paths import DataPaths
from app.store.store import Store

PAGE = 4096


def _add(store: Store, *names: str) -> None:
    with store.session() as session:
        for name in names:
            add_event(session, store.device_id, validate_event(
                {"name": name, "kind": "community-event", "event_date": "2026-06-01"}))


def damage_table(store: Store, table: str) -> None:
    """Close ``store`` and scribble over the first page of ``table``: the file still opens, and
    SQLite finds the damage only when it reads that page."""
    raw = store.engine.raw_connection()
    try:
        found = raw.driver_connection.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,))
        root = found.fetchone()[0]
    finally:
        raw.close()
    store.close()
    with store.paths.store.open("r+b") as file:
        file.seek((root - 1) * PAGE + 100)
        file.write(b"\x00" * 512)


def test_a_backup_is_made_only_when_something_was_saved_since_the_newest(data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    _add(store, "Stall at the market")
    first = store.look_after()
    assert first.backup is not None and first.backup.exists()
    assert store.look_after().backup is None, "nothing changed: the same backup again would push out an older one"
    store.close()

    again = Store.open(data_paths, check=False)
    assert again.look_after().backup is None, "opening and closing is not a change"
    _add(again, "PPG meeting")
    second = again.look_after()
    assert second.backup is not None and second.backup != first.backup
    assert backups.list_backups(data_paths.backups) == [second.backup, first.backup]
    again.close()


def test_the_check_after_opening_finds_damage_and_offers_the_newest_backup(data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    _add(store, *(f"Event {n}" for n in range(40)))
    made = store.look_after().backup
    damage_table(store, "events")

    opened = Store.open(data_paths, check=False)  # what the desktop app does, so the window comes quickly
    with pytest.raises(StoreUnreadable) as caught:
        opened.look_after()
    opened.close()
    assert "damaged" in str(caught.value)
    assert caught.value.backup == made


def test_a_command_on_a_store_damaged_inside_says_so_in_one_line(data_paths: DataPaths, capsys) -> None:
    store = Store.open(data_paths)
    _add(store, *(f"Event {n}" for n in range(40)))
    store.backup_now()
    damage_table(store, "events")

    code = main(["--data-dir", str(data_paths.root), "event", "list"])
    said = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in said.err and len(said.err.strip().splitlines()) == 1
    assert "damaged" in said.err and "involve backup restore" in said.err


def test_look_after_never_holds_up_a_save(data_paths: DataPaths) -> None:
    """The check and the backup read a snapshot: a save made while they run is not in the backup,
    and is kept."""
    store = Store.open(data_paths)
    _add(store, "Before")
    raw = store.engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA busy_timeout = 0")
    finally:
        raw.close()
    with store.read_connection():  # a long read, as the check is
        _add(store, "While checking")  # must not wait for it
    made = store.look_after().backup
    assert made is not None
    copy = open_connection(made, store.key, read_only=True)
    try:
        assert copy.execute("SELECT count(*) FROM events").fetchone()[0] == 2
    finally:
        copy.close()
    store.close()
