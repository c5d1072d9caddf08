"""One event insert+commit through Involve's store vs a raw stdlib sqlite3 insert+commit.

Both write to files in the same temporary folder, with WAL and ``synchronous=FULL`` (as
DESIGN.md requires of the store), one row per transaction, so each commit pays for the same
kind of fsync. The store side is exactly what the app does to save a new event:
``add_event`` inside ``store.session()``, which runs ``BEGIN IMMEDIATE``, the ORM insert,
and ``COMMIT`` on an encrypted SQLCipher connection. A third line, raw ``sqlcipher3`` with
the store's key, splits the store's cost into encryption and everything else.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.events import validate_event
from app.store.events import add_event
from app.store.keys import StoreKey
from app.store.paths import resolve_data_dir
from app.store.store import Store

# The events table as the store has it after its migrations, for the raw baselines.
_SCHEMA = """
CREATE TABLE devices (id VARCHAR(36) PRIMARY KEY, name VARCHAR(200) NOT NULL);
CREATE TABLE events (
    id VARCHAR(36) PRIMARY KEY,
    device_id VARCHAR(36) NOT NULL REFERENCES devices(id),
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    version INTEGER NOT NULL, synced_version INTEGER NOT NULL, deleted_at DATETIME,
    name VARCHAR(200) NOT NULL, kind VARCHAR(40) NOT NULL, event_date DATE NOT NULL,
    venue VARCHAR(200) NOT NULL, notes TEXT NOT NULL, start_time TIME, end_time TIME,
    locality VARCHAR(200) NOT NULL DEFAULT '', organiser VARCHAR(200) NOT NULL DEFAULT '',
    partners VARCHAR(200) NOT NULL DEFAULT '', archived_at DATETIME
);
CREATE INDEX ix_events_event_date ON events (event_date);
"""
_INSERT = (
    "INSERT INTO events (id, device_id, created_at, updated_at, version, synced_version, deleted_at,"
    " name, kind, event_date, venue, notes, start_time, end_time, locality, organiser, partners,"
    " archived_at) VALUES (?, ?, ?, ?, 1, 0, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"
)
EVENT = {
    "name": "Carers' coffee morning", "kind": "community-event", "event_date": "2026-04-14",
    "start_time": "10:00", "end_time": "12:30", "venue": "St Mark's Church Hall",
    "locality": "Northfield", "organiser": "Engagement team", "partners": "Carers Centre",
    "notes": "Bring the FFT cards and the large-print sign-up sheets.",
}


def _raw_writer(conn: Any, device_id: str) -> Callable[[], None]:
    details = validate_event(EVENT)

    def write() -> None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(_INSERT, (
            str(uuid.uuid4()), device_id, now, now, details.name, details.kind.value,
            details.event_date.isoformat(), details.venue, details.notes,
            f"{details.start_time:%H:%M:%S}.000000", f"{details.end_time:%H:%M:%S}.000000",
            details.locality, details.organiser, details.partners,
        ))
        conn.execute("COMMIT")

    return write


def _prepare_raw(conn: Any, device_id: str) -> None:
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(_SCHEMA)
    conn.execute("INSERT INTO devices VALUES (?, 'bench')", (device_id,))


def raw_writers(folder: Path, key: StoreKey,
                prefix: str = "raw") -> tuple[dict[str, Callable[[], None]], Callable[[], None]]:
    """The two baselines, raw ``sqlite3`` and raw ``sqlcipher3`` with the store's key, and a closer."""
    import sqlcipher3  # the store's own driver, for the split

    device_id = str(uuid.uuid4())
    plain = sqlite3.connect(folder / f"{prefix}-sqlite3.db", isolation_level=None)
    _prepare_raw(plain, device_id)
    cipher = sqlcipher3.connect(str(folder / f"{prefix}-sqlcipher3.db"), isolation_level=None)
    cipher.execute(f"PRAGMA key = {key.pragma()}")
    _prepare_raw(cipher, device_id)

    def close() -> None:
        plain.close()
        cipher.close()

    return {"sqlite3": _raw_writer(plain, device_id), "sqlcipher3": _raw_writer(cipher, device_id)}, close


def interleave(writers: dict[str, Callable[[], None]], *, commits: int, rounds: int) -> dict[str, list[float]]:
    """Seconds per call of each writer, after a warm-up; the writers take turns in ``rounds`` blocks."""
    times: dict[str, list[float]] = {name: [] for name in writers}
    for write in writers.values():  # warm up: first-use costs are not per-commit costs
        for _ in range(5):
            write()
    per_round = max(commits // rounds, 1)
    for _ in range(rounds):
        for name, write in writers.items():
            for _ in range(per_round):
                start = time.perf_counter()
                write()
                times[name].append(time.perf_counter() - start)
    return times


def run(folder: Path, key: StoreKey, *, commits: int, rounds: int) -> dict[str, list[float]]:
    """Seconds per commit for each writer; the writers take turns in ``rounds`` blocks."""
    store = Store.open(resolve_data_dir(folder / "store"), backup="never", key=key)
    details = validate_event(EVENT)

    def store_write() -> None:
        with store.session() as session:
            add_event(session, store.device_id, details)

    raw, close_raw = raw_writers(folder, key)
    try:
        return interleave({"store": store_write, **raw}, commits=commits, rounds=rounds)
    finally:
        close_raw()
        store.close()
