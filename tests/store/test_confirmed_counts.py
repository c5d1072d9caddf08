"""The count check's tally of confirmed rows stays exactly what counting the rows would give.

``confirmed_counts`` is kept by triggers so that the check after a sync need not read every
row. Whatever happens to the rows (added, sent, sent again, moved to another event, handed to
another laptop, deleted), the tally must equal a plain count.
"""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, text

from app.store.store import Store

NOW = dt.datetime(2026, 12, 4, 10, 0)
OTHER_LAPTOP = "0b8f2a1c-5d3e-4f60-8a71-9c2b3d4e5f60"
EVENTS = [str(uuid.UUID(int=n)) for n in (1, 2, 3)]


def _tally(conn: Connection) -> dict[tuple[str, str, str], int]:
    return {(t, d, e): n for t, d, e, n in conn.execute(text(
        "SELECT table_name, device_id, event_id, n FROM confirmed_counts WHERE n != 0"))}


def _counted(conn: Connection) -> dict[tuple[str, str, str], int]:
    counted: dict[tuple[str, str, str], int] = {}
    for table in ("responses", "people"):
        for d, e, n in conn.execute(text(
                f"SELECT device_id, event_id, count(*) FROM {table} WHERE synced_version > 0 "
                f"AND event_id IS NOT NULL GROUP BY device_id, event_id")):
            counted[(table, d, e)] = n
    return counted


def _setup(conn: Connection, device: str) -> None:
    conn.execute(text("DELETE FROM responses"))
    conn.execute(text("DELETE FROM people"))
    conn.execute(text("DELETE FROM confirmed_counts"))
    conn.execute(text("INSERT OR IGNORE INTO devices VALUES (:id, 'Another laptop', :t, :t, 1, 1)"),
                 {"id": OTHER_LAPTOP, "t": NOW})
    for event in EVENTS:
        conn.execute(text(
            "INSERT OR IGNORE INTO events (id, device_id, created_at, updated_at, version, synced_version, name, "
            "kind, event_date, venue, locality, organiser, partners, notes) VALUES (:id, :dev, :t, :t, 1, 1, "
            "'Stall', 'outreach-stall', '2026-12-04', '', '', '', '', '')"), {"id": event, "dev": device, "t": NOW})


def _add(conn: Connection, table: str, row: int, device: str, event: str | None, synced: int) -> None:
    values = {"id": str(uuid.UUID(int=1000 + row)), "dev": device, "t": NOW, "e": event, "s": synced}
    if table == "responses":
        conn.execute(text(
            "INSERT INTO responses (id, device_id, created_at, updated_at, version, synced_version, event_id, mode, "
            "language, survey_versions, answers, submitted_at, raised_by_group) VALUES (:id, :dev, :t, :t, 2, :s, "
            "coalesce(:e, :fallback), 'kiosk', 'en', '{}', '{}', :t, 0)"), {**values, "fallback": EVENTS[0]})
    else:
        conn.execute(text(
            "INSERT INTO people (id, device_id, created_at, updated_at, version, synced_version, name, email, phone, "
            "postcode, interests, contact_method, access_needs, event_id, status) VALUES (:id, :dev, :t, :t, 2, :s, "
            "'Ann', '', '', '', '[]', 'email', '', :e, 'active')"), values)


operations = st.lists(st.tuples(
    st.sampled_from(["add", "send", "send again", "move", "hand over", "delete", "send all", "unsend all"]),
    st.sampled_from(["responses", "people"]),
    st.integers(0, 7),  # which row
    st.sampled_from([*EVENTS, None]),
    st.integers(0, 2),  # synced_version for a new row
), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_the_tally_of_confirmed_rows_always_equals_counting_them(store: Store, steps: list) -> None:
    with store.engine.begin() as conn:
        _setup(conn, store.device_id)
        for action, table, row, event, synced in steps:
            row_id = str(uuid.UUID(int=1000 + row))
            exists = conn.execute(text(f"SELECT 1 FROM {table} WHERE id = :id"), {"id": row_id}).first()
            if action == "add" and not exists:
                _add(conn, table, row, store.device_id, event, synced)
            elif action == "send":
                conn.execute(text(f"UPDATE {table} SET synced_version = version WHERE id = :id"), {"id": row_id})
            elif action == "send again":
                conn.execute(text(f"UPDATE {table} SET synced_version = 0 WHERE id = :id"), {"id": row_id})
            elif action == "move" and (event is not None or table == "people"):
                conn.execute(text(f"UPDATE {table} SET event_id = :e WHERE id = :id"), {"id": row_id, "e": event})
            elif action == "hand over":
                conn.execute(text(f"UPDATE {table} SET device_id = :d WHERE id = :id"),
                             {"id": row_id, "d": OTHER_LAPTOP})
            elif action == "delete":
                conn.execute(text(f"DELETE FROM {table} WHERE id = :id"), {"id": row_id})
            elif action == "send all":
                conn.execute(text(f"UPDATE {table} SET synced_version = version"))
            elif action == "unsend all":
                conn.execute(text(f"UPDATE {table} SET synced_version = 0 WHERE device_id = :d"),
                             {"d": store.device_id})
            assert _tally(conn) == _counted(conn), (action, table, row, event, synced)


def test_rows_whose_version_changes_but_stay_sent_keep_their_count(store: Store) -> None:
    """An edit bumps the version and leaves the row counted as the centre holds it."""
    with store.engine.begin() as conn:
        _setup(conn, store.device_id)
        _add(conn, "responses", 1, store.device_id, EVENTS[1], 2)
        conn.execute(text("UPDATE responses SET version = version + 1, answers = '{\"x\": 1}'"))
        assert _tally(conn) == {("responses", store.device_id, EVENTS[1]): 1}
