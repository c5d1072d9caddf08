"""A store from before easy read (revision 0008) upgrades with nothing lost, and events can then offer it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import text

from app.store.events import get_event, update_event
from app.store.paths import DataPaths
from app.store.status import pending_rows
from app.store.store import Store
from tests.store.test_migrations import DEVICE, _store_at

FAIR, STALL = "7e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b", "8a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"


def test_a_store_from_before_easy_read_upgrades_with_nothing_lost(data_paths: DataPaths) -> None:
    now = dt.datetime(2026, 12, 3, 10, 0)
    with _store_at(data_paths, "0008", now) as conn:
        for event_id, name, synced in ((FAIR, "Health fair", 2), (STALL, "Market stall", 1)):
            conn.execute(text(
                "INSERT INTO events (id, device_id, created_at, updated_at, version, synced_version, name, kind, "
                "event_date, venue, locality, organiser, partners, notes, survey_ids, service) VALUES (:id, :dev, "
                ":t, :t, 2, :s, :name, 'community-event', '2026-12-03', 'Town hall', 'Leeds', '', '', 'Łódź notes', "
                "'[\"fft\", \"topics\"]', 'Ward 3')"), {"id": event_id, "dev": DEVICE, "t": now, "name": name,
                                                       "s": synced})
        conn.execute(text(
            "INSERT INTO responses (id, device_id, created_at, updated_at, version, synced_version, event_id, mode, "
            "language, survey_versions, answers, fft_rating, submitted_at, raised_by_group) VALUES (:id, :dev, :t, "
            ":t, 1, 1, :e, 'kiosk', 'pl', '{\"fft\": 1}', :a, 'good', :t, 0)"),
            {"id": "9b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e", "dev": DEVICE, "t": now, "e": FAIR,
             "a": '{"fft": {"fft_rating": "good"}}'})

    store = Store.open(data_paths)
    try:
        assert store.upgraded_from == "0008"
        with store.engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(text(
                "SELECT id, name, venue, notes, survey_ids, service, version, synced_version, easy_read "
                "FROM events ORDER BY name"))] == [
                (FAIR, "Health fair", "Town hall", "Łódź notes", '["fft", "topics"]', "Ward 3", 2, 2, 0),
                (STALL, "Market stall", "Town hall", "Łódź notes", '["fft", "topics"]', "Ward 3", 2, 1, 0)]
            assert conn.execute(text("SELECT event_id, answers FROM responses")).one() == (
                FAIR, '{"fft": {"fft_rating": "good"}}')
            # The upgrade did not rebuild the table: the index of rows waiting to sync is still there.
            assert conn.execute(text(
                "SELECT count(*) FROM sqlite_master WHERE name = 'ix_events_unsent'")).scalar() == 1
        with store.session() as session:
            assert pending_rows(session)["events"] == 1  # only the one that was waiting: nothing sent again
            fair = get_event(session, FAIR)
            assert not fair.details.easy_read
            offered = update_event(session, FAIR, replace(fair.details, easy_read=True))
        assert offered.details.easy_read and offered.version == 3
        with store.session() as session:
            assert get_event(session, FAIR).details.easy_read
            assert pending_rows(session)["events"] == 2  # the change goes to the centre
    finally:
        store.close()
