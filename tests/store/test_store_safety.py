"""Nothing lost at the store's edges: a missing store, backups and a clock set wrong, leftovers.

Each test here failed on the first release's code: a missing or empty store silently became a
new one whose backups then pushed out the good ones; backups were ordered by the clock; files
a restore left behind were never mentioned.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from app.cli.command import main
from app.core.events import validate_event
from app.store import backups, restore
from app.store.engine import open_connection
from app.store.errors import StoreMissing
from app.store.events import add_event, list_events
from app.store.paths import DataPaths
from app.store.store import Store

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)


def _add(store: Store, *names: str) -> None:
    with store.session() as session:
        for name in names:
            add_event(session, store.device_id, validate_event(
                {"name": name, "kind": "community-event", "event_date": "2026-06-01"}))


def _names(store: Store) -> list[str]:
    with store.session() as session:
        return sorted(r.name for r in list_events(session))


def _backup_at(store: Store, when: dt.datetime) -> Path:
    raw = store.engine.raw_connection()
    try:
        return backups.make_backup(raw.driver_connection, store.paths.backups, store.key, now=when)
    finally:
        raw.close()


def _lose_the_store(paths: DataPaths, how: str) -> None:
    for suffix in ("-wal", "-shm"):
        paths.store.with_name(paths.store.name + suffix).unlink(missing_ok=True)
    if how == "missing":
        paths.store.unlink()
    else:
        paths.store.write_bytes(b"")


@pytest.mark.parametrize("how", ["missing", "empty"])
def test_a_lost_store_is_never_replaced_by_an_empty_one_and_the_backup_is_offered(
        data_paths: DataPaths, how: str, capsys) -> None:
    store = Store.open(data_paths)
    device = store.device_id
    _add(store, *(f"Stall {n}" for n in range(20)))
    good = store.backup_now()
    store.close()
    _lose_the_store(data_paths, how)

    for _start in range(6):  # each start used to back up the new empty store and prune a good backup
        with pytest.raises(StoreMissing) as caught:
            Store.open(data_paths, backup="always")
        assert caught.value.backup == good
        assert "has not been made" in str(caught.value)
    assert backups.list_backups(data_paths.backups) == [good]
    assert not data_paths.store.exists() or data_paths.store.stat().st_size == 0

    assert main(["--data-dir", str(data_paths.root), "status", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["health"] == "missing" and report["newest_backup"] == str(good)

    restore.restore_backup(good, data_paths.store)
    back = Store.open(data_paths)
    try:
        assert back.device_id == device and len(_names(back)) == 20
    finally:
        back.close()


def test_a_first_start_with_nothing_here_makes_a_store(data_paths: DataPaths) -> None:
    Store.open(data_paths).close()
    assert data_paths.store.stat().st_size > 0


def test_backups_follow_a_sequence_not_a_clock_that_was_once_set_days_ahead(data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    try:
        _add(store, "Before the clock was wrong")
        future = _backup_at(store, NOW + dt.timedelta(days=3))  # the clock was set three days fast
        _add(store, "After the clock was put right")
        latest = _backup_at(store, NOW)
        assert backups.list_backups(data_paths.backups) == [latest, future]
        made = store.backup_now(backups_to_keep=2)
        assert made.exists(), "backup now printed a backup it had already deleted"
        assert backups.list_backups(data_paths.backups) == [made, latest]
    finally:
        store.close()
    assert backups.newest_usable_backup(data_paths.backups, store.key) == made


def test_backups_named_by_an_earlier_version_count_as_older_than_numbered_ones(data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    try:
        earlier = data_paths.backups / "involve-20991231T235959000000Z.db"  # an earlier version's name
        earlier.write_bytes(_backup_at(store, NOW).read_bytes())
        numbered = store.backup_now()
        assert backups.list_backups(data_paths.backups)[0] == numbered
        assert earlier in backups.list_backups(data_paths.backups)
    finally:
        store.close()


def test_pruning_keeps_an_old_backup_that_holds_more_until_a_person_says(data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    try:
        _add(store, *(f"Meeting {n}" for n in range(10)))
        fuller = store.backup_now()
        with store.engine.begin() as conn:  # most of the events lost, say by a mistaken import
            conn.execute(text("DELETE FROM events WHERE name != 'Meeting 0'"))
        for _round in range(4):
            store.backup_now(backups_to_keep=2)
        found = backups.list_backups(data_paths.backups)
        assert fuller in found and len(found) == 3
        pruned = backups.prune_backups(data_paths.backups, 2, store.key, even_larger=True)
        assert pruned.removed == [fuller]
    finally:
        store.close()


def test_leftovers_are_listed_offered_when_the_store_is_lost_and_pruned_when_asked(
        data_paths: DataPaths, capsys) -> None:
    store = Store.open(data_paths)
    _add(store, "Only in the store")
    store.close()
    # What an earlier version's interrupted restore left: the store set aside, and an
    # unfinished copy; and a half-made backup.
    aside = data_paths.store.with_name("involve.db.damaged-20261201T090000Z")
    data_paths.store.rename(aside)
    data_paths.store.with_name("involve.db.restoring").write_bytes(b"half a copy")
    (data_paths.backups / "involve-00000003.partial").write_bytes(b"half a backup")

    with pytest.raises(StoreMissing) as caught:
        Store.open(data_paths)
    assert caught.value.backup == aside, "the store set aside, which opens, must be offered"

    assert main(["--data-dir", str(data_paths.root), "backup", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["leftovers"]
    assert {Path(f["file"]).name for f in listed} == {aside.name, "involve.db.restoring", "involve-00000003.partial"}

    assert main(["--data-dir", str(data_paths.root), "backup", "restore", "--yes", str(aside)]) == 0
    capsys.readouterr()
    store = Store.open(data_paths)
    try:
        assert _names(store) == ["Only in the store"]
    finally:
        store.close()
    assert main(["--data-dir", str(data_paths.root), "backup", "prune"]) == 2  # asked, and no terminal to answer
    assert main(["--data-dir", str(data_paths.root), "backup", "prune", "--yes"]) == 0
    assert restore.leftovers(data_paths) == []


def test_a_backup_is_one_file_that_can_be_looked_into_without_changing_it(data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    try:
        made = store.backup_now()
    finally:
        store.close()
    before = made.read_bytes()
    assert backups.is_healthy(made, store.key)
    conn = open_connection(made, store.key, read_only=True)
    try:
        assert backups.held_rows(conn) == 0
    finally:
        conn.close()
    assert made.read_bytes() == before
    assert sorted(p.name for p in data_paths.backups.iterdir()) == [made.name]


def test_an_erasure_reaches_every_backup_and_store_set_aside_that_opens(data_paths: DataPaths) -> None:
    from app.core.signups import ConsentMethod, validate_signup
    from app.store import people

    store = Store.open(data_paths)
    with store.session() as session:
        person = people.save_signup(session, store.device_id, validate_signup(
            {"name": "Zebedee Quartermain", "email": "zq@example.org", "phone": "", "postcode": "ME14 1XX",
             "interests": ["newsletter"], "contact_method": "email", "access_needs": "Wheelchair user"}),
            people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF))
    backup = store.backup_now()
    store.close()
    restore.restore_backup(backup, data_paths.store)  # the store it replaced, holding him too, is set aside
    [aside] = restore.set_aside_stores(data_paths)
    broken = data_paths.backups / backups.backup_name(7, 3)
    broken.write_bytes(b"a damaged copy")
    store = Store.open(data_paths)
    try:
        with store.session() as session:
            people.erase_person(session, person.id)
        assert store.erase_in_copies() == 2
        assert store.erase_in_copies() == 0  # each copy is rewritten once
    finally:
        store.close()
    for copy in (backup, aside):
        conn = open_connection(copy, store.key, read_only=True)
        try:
            row = conn.execute("SELECT status, name, email, postcode, access_needs, erased_at FROM people").fetchone()
        finally:
            conn.close()
        assert row[:5] == ("erased", "", "", "", "") and row[5] is not None, copy.name
    assert broken.read_bytes() == b"a damaged copy"
