"""Long reads (a year's report, an export, a sync reading its batches) never hold up a save."""

from __future__ import annotations

import pytest
from sqlalchemy import event, exc, select, text

from app.core.events import validate_event
from app.store.events import add_event
from app.store.models import Event
from app.store.reports import local_report
from app.store.store import Store


def _add(store: Store, name: str) -> None:
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": name, "kind": "community-event", "event_date": "2026-06-01"}))


def test_a_save_goes_through_while_a_long_read_is_open(store: Store) -> None:
    _add(store, "Before")
    with store.read_connection() as reading:
        assert reading.execute(text("SELECT count(*) FROM events")).scalar() == 1
        _add(store, "Saved while reading")  # once, this waited for the read and then failed as locked
        # The read goes on in its own snapshot.
        assert reading.execute(text("SELECT count(*) FROM events")).scalar() == 1
    with store.reading() as session:
        assert sorted(session.scalars(select(Event.name))) == ["Before", "Saved while reading"]


def test_nothing_can_be_written_through_a_read(store: Store) -> None:
    _add(store, "Kept")
    with pytest.raises(exc.OperationalError), store.reading() as session:
        session.execute(text("DELETE FROM events"))
    with store.session() as session:  # and the pooled connection writes again afterwards
        assert session.scalars(select(Event.name)).all() == ["Kept"]
        session.execute(text("UPDATE events SET notes = 'still writable'"))


def test_the_report_reads_without_the_write_lock(store: Store) -> None:
    from app.core.report_model import ReportSelection

    _add(store, "Stall")
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        local_report(store, ReportSelection())
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    assert "BEGIN" in statements and "BEGIN IMMEDIATE" not in statements, statements[:5]
