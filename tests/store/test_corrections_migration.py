"""A store from before corrections (revision 0009) upgrades with nothing lost; its deleted
responses leave the count check, and its responses can then be corrected."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text

from app.store.corrections import CorrectedBy, delete_response, get_response
from app.store.paths import DataPaths
from app.store.status import pending_rows
from app.store.store import Store
from tests.store.test_migrations import DEVICE, _store_at

FAIR = "7e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b"
LIVE, GONE, WAITING = ("9b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e", "0c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
                       "1d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a")


def test_a_store_from_before_corrections_upgrades_with_nothing_lost(data_paths: DataPaths) -> None:
    now = dt.datetime(2026, 12, 4, 10, 0)
    with _store_at(data_paths, "0009", now) as conn:
        conn.execute(text(
            "INSERT INTO events (id, device_id, created_at, updated_at, version, synced_version, name, kind, "
            "event_date, venue, locality, organiser, partners, notes, survey_ids, service, easy_read) VALUES (:id, "
            ":dev, :t, :t, 1, 1, 'Health fair', 'community-event', '2026-12-03', '', '', '', '', '', '[\"fft\"]', "
            "'', 0)"), {"id": FAIR, "dev": DEVICE, "t": now})
        for rid, synced, deleted, comment in ((LIVE, 1, None, "Łódź was lovely"), (GONE, 1, now, "Removed"),
                                              (WAITING, 0, None, "Not sent yet")):
            conn.execute(text(
                "INSERT INTO responses (id, device_id, created_at, updated_at, version, synced_version, deleted_at, "
                "event_id, mode, language, survey_versions, answers, fft_rating, submitted_at, raised_by_group) "
                "VALUES (:id, :dev, :t, :t, 1, :s, :d, :e, 'staff', 'pl', '{\"fft\": 1}', :a, 'good', :t, 0)"),
                {"id": rid, "dev": DEVICE, "t": now, "s": synced, "d": deleted, "e": FAIR,
                 "a": json.dumps({"fft": {"fft_comment": comment, "fft_rating": "good"}}, ensure_ascii=False)})

    store = Store.open(data_paths)
    try:
        assert store.upgraded_from == "0009"
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT id, answers, version, synced_version FROM responses ORDER BY id")).all() \
                == [(GONE, '{"fft": {"fft_comment": "Removed", "fft_rating": "good"}}', 1, 1),
                    (WAITING, '{"fft": {"fft_comment": "Not sent yet", "fft_rating": "good"}}', 1, 0),
                    (LIVE, '{"fft": {"fft_comment": "Łódź was lovely", "fft_rating": "good"}}', 1, 1)]
            # The count check now counts the one live response the centre has, as the centre does.
            assert conn.execute(text("SELECT n FROM confirmed_counts WHERE table_name = 'responses'")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM corrections")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM responses WHERE deleted_reason IS NULL "
                                     "AND deleted_by IS NULL")).scalar() == 3
            # Added in place, not by copying the table: the index of rows waiting to sync is still there.
            assert conn.execute(text(
                "SELECT count(*) FROM sqlite_master WHERE name = 'ix_responses_unsent'")).scalar() == 1
        with store.session() as session:
            assert pending_rows(session)["responses"] == 1  # nothing sent again
            delete_response(session, LIVE, "Entered at the wrong event", CorrectedBy("Stall laptop", "akhan"))
        with store.session() as session:
            assert get_response(session, LIVE).deleted_reason == "Entered at the wrong event"
            assert pending_rows(session)["responses"] == 2
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT n FROM confirmed_counts WHERE table_name = 'responses'")).scalar() == 0
    finally:
        store.close()
