"""Stores made by earlier versions upgrade to the newest schema with nothing lost."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

import pytest
import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text

from app.store import backups, migrate
from app.store.engine import make_engine
from app.store.events import list_events
from app.store.keys import get_store_key
from app.store.models import Base
from app.store.paths import DataPaths
from app.store.store import Store

DEVICE = "5f0c4a52-7d7e-4b8e-9d53-0a3c1c2a9f01"
EVENTS = [
    ("1b7e0b8a-0a51-4d8e-8a0e-4d3c6f1f2a01", "PPG quarterly meeting", "ppg-meeting", "2025-09-03", "Surgery", ""),
    ("2c8f1c9b-1b62-4e9f-9b1f-5e4d7a2a3b02", "Market stall", "outreach-stall", "2025-10-11", "High St", "Wet"),
]


@contextlib.contextmanager
def _store_at(paths: DataPaths, revision: str, now: dt.datetime) -> Iterator[Connection]:
    """A store left at ``revision`` by an older Involve, with this laptop's device: fill it, it is committed."""
    paths.ensure()
    engine = make_engine(paths.store, get_store_key(create=True))
    try:
        with engine.connect() as conn:
            migrate.upgrade(conn, revision)
            conn.execute(text("INSERT INTO devices VALUES (:id, 'Stall laptop', :t, :t, 1, 0)"),
                         {"id": DEVICE, "t": now})
            conn.execute(text("INSERT INTO local_state VALUES ('device_id', :id)"), {"id": DEVICE})
            yield conn
            conn.commit()
    finally:
        engine.dispose()


def _make_first_revision_store(paths: DataPaths) -> None:
    """A store exactly as the first release of Involve left it, with data in it."""
    now = dt.datetime(2025, 8, 1, 9, 30)
    with _store_at(paths, "0001", now) as conn:
        for event_id, name, kind, day, venue, notes in EVENTS:
            conn.execute(text(
                "INSERT INTO events (id, device_id, created_at, updated_at, version, synced_version, "
                "deleted_at, name, kind, event_date, venue, notes) "
                "VALUES (:id, :dev, :t, :t, 3, 2, NULL, :name, :kind, :day, :venue, :notes)"),
                {"id": event_id, "dev": DEVICE, "t": now, "name": name, "kind": kind, "day": day,
                 "venue": venue, "notes": notes})
        assert migrate.current_revision(conn) == "0001"


def test_first_revision_store_upgrades_to_head_with_nothing_lost(data_paths: DataPaths) -> None:
    _make_first_revision_store(data_paths)
    store = Store.open(data_paths)
    try:
        assert store.schema_revision() == migrate.head_revision() != "0001"
        assert store.upgraded_from == "0001"
        assert store.device_id == DEVICE
        assert store.device_name() == "Stall laptop"
        with store.session() as session:
            records = {r.id: r for r in list_events(session)}
        assert set(records) == {e[0] for e in EVENTS}
        for event_id, name, kind, day, venue, notes in EVENTS:
            r = records[event_id]
            assert (r.name, r.details.kind.value, r.details.event_date.isoformat(), r.details.venue,
                    r.details.notes) == (name, kind, day, venue, notes)
            assert r.version == 3  # sync bookkeeping survives, so nothing is sent twice or lost
            assert (r.details.locality, r.details.start_time, r.archived) == ("", None, False)
            assert r.details.survey_ids == ("fft",)  # events made before surveys ask the FFT
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT synced_version FROM events")).scalars().all() == [2, 2]
        assert store.quick_check() == "ok"
    finally:
        store.close()


def test_upgrade_takes_a_backup_first_that_still_holds_the_old_store(data_paths: DataPaths) -> None:
    _make_first_revision_store(data_paths)
    Store.open(data_paths).close()
    found = backups.list_backups(data_paths.backups)
    assert len(found) == 1
    key = get_store_key(create=False)
    engine = make_engine(found[0], key)
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == "0001"
        assert conn.execute(text("SELECT count(*) FROM events")).scalar() == 2
    engine.dispose()


def test_opening_an_up_to_date_store_does_not_back_up_unless_asked(data_paths: DataPaths) -> None:
    Store.open(data_paths).close()
    Store.open(data_paths).close()
    assert backups.list_backups(data_paths.backups) == []
    Store.open(data_paths, backup="always").close()
    assert len(backups.list_backups(data_paths.backups)) == 1


def test_migrations_build_exactly_the_models(store: Store) -> None:
    """A model change without a migration (or the reverse) fails here."""
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_recorded_head_is_the_newest_migration_script() -> None:
    assert migrate.head_revision() == migrate.script_head_revision()


def test_a_store_with_feedback_upgrades_to_people_and_paper_with_nothing_lost(data_paths: DataPaths) -> None:
    """Revision 0003 (feedback) to head (sign-ups, consent, paper): responses keep every field."""
    paths = data_paths
    now = dt.datetime(2026, 10, 2, 11, 15)
    event_id, response_id = EVENTS[0][0], "9e1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b"
    with _store_at(paths, "0003", now) as conn:
        conn.execute(text(
            "INSERT INTO events (id, device_id, created_at, updated_at, version, synced_version, name, kind, "
            "event_date, venue, locality, organiser, partners, notes, survey_ids) VALUES "
            "(:id, :dev, :t, :t, 1, 0, 'PPG', 'ppg-meeting', '2026-10-02', '', '', '', '', '', '[\"fft\"]')"),
            {"id": event_id, "dev": DEVICE, "t": now})
        conn.execute(text(
            "INSERT INTO responses VALUES (:id, :dev, :t, :t, 2, 1, NULL, :ev, 'kiosk', 'pl', '{\"fft\": 1}', "
            ":answers, 'good', :t)"),
            {"id": response_id, "dev": DEVICE, "t": now, "ev": event_id,
             "answers": '{"fft": {"fft_comment": "Dziękuję", "fft_rating": "good"}}'})

    store = Store.open(paths)
    try:
        assert store.upgraded_from == "0003"
        with store.engine.connect() as conn:
            row = conn.execute(text(
                "SELECT mode, language, answers, fft_rating, version, synced_version, paper_sheet, paper_row, "
                "raised_by_group FROM responses WHERE id = :id"), {"id": response_id}).one()
            assert tuple(row) == ("kiosk", "pl", '{"fft": {"fft_comment": "Dziękuję", "fft_rating": "good"}}',
                                  "good", 2, 1, None, None, 0)
            assert conn.execute(text("SELECT practice_id FROM events")).scalar() is None
            for table in ("people", "consents", "gp_practices", "attendance", "sheet_prints"):
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
        with store.session() as session:
            assert list_events(session)[0].details.practice_id is None
    finally:
        store.close()


def test_an_upgrade_that_fails_is_not_called_a_wrong_key(data_paths: DataPaths, monkeypatch) -> None:
    """A store that opens but cannot be brought up to date says so, and is left at its old revision."""
    from sqlalchemy.exc import IntegrityError

    from app.store.errors import StoreError, StoreUnreadable

    _make_first_revision_store(data_paths)

    def broken(connection, target="head") -> None:
        raise IntegrityError("ALTER TABLE", {}, sqlcipher3.IntegrityError("FOREIGN KEY constraint failed"))

    monkeypatch.setattr(migrate, "upgrade", broken)
    with pytest.raises(StoreError) as refused:
        Store.open(data_paths)
    assert not isinstance(refused.value, StoreUnreadable)
    assert "could not be updated for this version" in str(refused.value)
    engine = make_engine(data_paths.store, get_store_key(create=False))
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == "0001"
    engine.dispose()


def test_a_store_with_people_upgrades_to_sync_history_with_nothing_lost(data_paths: DataPaths) -> None:
    """Revision 0004 to head (the sync history): people, consents and what waits to sync survive."""
    paths = data_paths
    now = dt.datetime(2026, 11, 2, 9, 30)
    person, consent = "3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "4b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
    with _store_at(paths, "0004", now) as conn:
        conn.execute(text(
            "INSERT INTO people (id, device_id, created_at, updated_at, version, synced_version, name, email, phone, "
            "postcode, interests, contact_method, access_needs, status) VALUES (:id, :dev, :t, :t, 3, 2, "
            "'Łukasz Wróbel', 'lukasz@example.org', '+442079460123', 'LS1 4AB', '[\"H\"]', 'E', '', 'active')"),
            {"id": person, "dev": DEVICE, "t": now})
        conn.execute(text(
            "INSERT INTO consents (id, device_id, created_at, updated_at, version, synced_version, person_id, "
            "notice_id, notice_version, method, given_at) VALUES (:id, :dev, :t, :t, 1, 0, :p, 'involve-signup', "
            "2, 'kiosk', :t)"), {"id": consent, "dev": DEVICE, "t": now, "p": person})

    store = Store.open(paths)
    try:
        assert store.upgraded_from == "0004"
        with store.engine.connect() as conn:
            assert tuple(conn.execute(text(
                "SELECT name, email, phone, postcode, version, synced_version FROM people")).one()) == (
                "Łukasz Wróbel", "lukasz@example.org", "+442079460123", "LS1 4AB", 3, 2)
            assert tuple(conn.execute(text("SELECT person_id, notice_version, synced_version FROM consents")
                                      ).one()) == (person, 2, 0)
            assert conn.execute(text("SELECT count(*) FROM sync_runs")).scalar() == 0
        with store.session() as session:
            from app.store.status import pending_rows

            waiting = pending_rows(session)
        assert waiting["people"] == 1 and waiting["consents"] == 1
    finally:
        store.close()


def test_a_store_with_sync_history_upgrades_to_actions_with_nothing_lost(data_paths: DataPaths) -> None:
    """Revision 0005 to head (actions): events, responses and the sync history survive; actions start empty."""
    paths = data_paths
    now = dt.datetime(2026, 11, 20, 14, 5)
    event, response = "5c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", "6d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a"
    with _store_at(paths, "0005", now) as conn:
        conn.execute(text(
            "INSERT INTO events (id, device_id, created_at, updated_at, version, synced_version, name, kind, "
            "event_date, venue, locality, organiser, partners, notes, survey_ids) VALUES (:id, :dev, :t, :t, 2, 2, "
            "'Market stall', 'stall', '2026-11-20', 'Kirkgate', '', '', '', '', '[\"fft\"]')"),
            {"id": event, "dev": DEVICE, "t": now})
        conn.execute(text(
            "INSERT INTO responses (id, device_id, created_at, updated_at, version, synced_version, event_id, mode, "
            "language, survey_versions, answers, fft_rating, submitted_at, raised_by_group) VALUES (:id, :dev, :t, "
            ":t, 1, 1, :e, 'kiosk', 'en', '{\"fft\": 1}', :a, 'good', :t, 0)"),
            {"id": response, "dev": DEVICE, "t": now, "e": event,
             "a": '{"fft": {"fft_rating": "good", "fft_comment": "Kind staff – dziękuję 😊"}}'})
        conn.execute(text(
            "INSERT INTO sync_runs (started_at, finished_at, central, outcome, sent, new, updated, already, "
            "conflicts, downloaded, mismatches, message, details) VALUES (:t, :t, 'postgresql://centre/db', 'ok', "
            "2, 2, 0, 0, 0, 0, 0, '', '{}')"), {"t": now})

    store = Store.open(paths)
    try:
        assert store.upgraded_from == "0005"
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT answers FROM responses")).scalar() == (
                '{"fft": {"fft_rating": "good", "fft_comment": "Kind staff – dziękuję 😊"}}')
            assert tuple(conn.execute(text("SELECT name, version, synced_version FROM events")).one()) == (
                "Market stall", 2, 2)
            assert tuple(conn.execute(text("SELECT central, sent FROM sync_runs")).one()) == (
                "postgresql://centre/db", 2)
            assert conn.execute(text("SELECT count(*) FROM actions")).scalar() == 0
        with store.session() as session:
            from app.store.status import pending_rows

            assert sum(pending_rows(session).values()) == 0
    finally:
        store.close()


def test_a_store_with_actions_upgrades_to_event_services_with_nothing_lost(data_paths: DataPaths) -> None:
    """Revision 0006 to head (event services): events, responses and actions survive; no event has a service."""
    paths = data_paths
    now = dt.datetime(2026, 11, 24, 11, 15)
    event, response = "7e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b", "8f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c"
    action = "9a7b8c9d-0e1f-4a2b-9c3d-5e6f7a8b9c0d"
    with _store_at(paths, "0006", now) as conn:
        conn.execute(text(
            "INSERT INTO events (id, device_id, created_at, updated_at, version, synced_version, name, kind, "
            "event_date, venue, locality, organiser, partners, notes, survey_ids) VALUES (:id, :dev, :t, :t, 3, 3, "
            "'Health fair', 'community-event', '2026-11-24', 'Town hall', 'Leeds', '', '', '', "
            "'[\"fft\", \"topics\"]')"), {"id": event, "dev": DEVICE, "t": now})
        conn.execute(text(
            "INSERT INTO responses (id, device_id, created_at, updated_at, version, synced_version, event_id, mode, "
            "language, survey_versions, answers, fft_rating, submitted_at, raised_by_group) VALUES (:id, :dev, :t, "
            ":t, 1, 1, :e, 'paper', 'pl', '{\"fft\": 1}', :a, 'very_good', :t, 0)"),
            {"id": response, "dev": DEVICE, "t": now, "e": event,
             "a": '{"fft": {"fft_rating": "very_good", "fft_comment": "Bardzo dobrze 👍"}}'})
        conn.execute(text(
            "INSERT INTO actions (id, device_id, created_at, updated_at, version, synced_version, event_id, topic, "
            "response_id, you_said, we_will, owner, due_date, status, what_done, done_on) VALUES (:id, :dev, :t, "
            ":t, 2, 1, :e, 'gp_access', :r, 'Hard to get through by phone', 'Add a call-back service', "
            "'Practice manager', '2027-01-31', 'in_progress', '', NULL)"),
            {"id": action, "dev": DEVICE, "t": now, "e": event, "r": response})

    store = Store.open(paths)
    try:
        assert store.upgraded_from == "0006"
        with store.engine.connect() as conn:
            assert tuple(conn.execute(text(
                "SELECT name, venue, survey_ids, version, synced_version, service FROM events")).one()) == (
                "Health fair", "Town hall", '["fft", "topics"]', 3, 3, "")
            assert tuple(conn.execute(text("SELECT answers, fft_rating, mode FROM responses")).one()) == (
                '{"fft": {"fft_rating": "very_good", "fft_comment": "Bardzo dobrze 👍"}}', "very_good", "paper")
            assert tuple(conn.execute(text(
                "SELECT event_id, response_id, we_will, due_date, status, version, synced_version FROM actions"
            )).one()) == (event, response, "Add a call-back service", "2027-01-31", "in_progress", 2, 1)
        with store.session() as session:
            from app.store.events import get_event
            from app.store.status import pending_rows

            assert get_event(session, event).details.service == ""
            waiting = pending_rows(session)
        assert waiting["actions"] == 1 and waiting["events"] == 0  # the upgrade itself sends nothing again
    finally:
        store.close()


def test_a_store_with_sent_rows_upgrades_to_kept_counts_with_nothing_lost(data_paths: DataPaths) -> None:
    """Revision 0007 to head: the count check's tally starts from the rows the centre already confirmed."""
    from sync.counts import compare_counts
    from sync.upload import pending_count

    paths = data_paths
    now = dt.datetime(2026, 12, 1, 14, 0)
    event = "7e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b"
    with _store_at(paths, "0007", now) as conn:
        conn.execute(text(
            "INSERT INTO events (id, device_id, created_at, updated_at, version, synced_version, name, kind, "
            "event_date, venue, locality, organiser, partners, notes, survey_ids, service) VALUES (:id, :dev, :t, "
            ":t, 1, 1, 'Health fair', 'community-event', '2026-12-01', 'Town hall', '', '', '', '', '[\"fft\"]', "
            "'')"), {"id": event, "dev": DEVICE, "t": now})
        for n, synced in enumerate((1, 1, 1, 0)):  # three the centre holds, one waiting
            conn.execute(text(
                "INSERT INTO responses (id, device_id, created_at, updated_at, version, synced_version, event_id, "
                "mode, language, survey_versions, answers, fft_rating, submitted_at, raised_by_group) VALUES (:id, "
                ":dev, :t, :t, 1, :s, :e, 'kiosk', 'en', '{\"fft\": 1}', '{}', 'good', :t, 0)"),
                {"id": f"00000000-0000-4000-8000-00000000000{n}", "dev": DEVICE, "t": now, "e": event, "s": synced})

    store = Store.open(paths)
    try:
        assert store.upgraded_from == "0007"
        assert pending_count(store) == 2  # the waiting response and the laptop, never sent: nothing again
        checked = compare_counts(store, {("responses", event): 3})
        assert [(c.table, c.here, c.centre, c.matches) for c in checked] == [("responses", 3, 3, True)]
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM responses")).scalar() == 4
    finally:
        store.close()
