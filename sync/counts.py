"""After a sync: this laptop's rows per event, compared with what the centre holds from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    CompoundSelect,
    Connection,
    CursorResult,
    Select,
    Table,
    func,
    literal,
    select,
    union_all,
    update,
)

from app.store.models import ConfirmedCount, Event
from app.store.store import Store
from sync import central_schema as schema

# Tables whose rows belong to an event, and what a person calls them.
COUNTED = ("responses", "people", "consents", "attendance", "sheet_prints", "actions")


@dataclass(frozen=True)
class EventCount:
    event_id: str
    event_name: str
    table: str
    here: int  # rows this laptop made for the event that the centre has confirmed
    centre: int  # rows the centre holds from this laptop for the event

    @property
    def matches(self) -> bool:
        return self.here == self.centre

    def as_json(self) -> dict[str, object]:
        return {"event_id": self.event_id, "event": self.event_name, "table": self.table, "here": self.here,
                "centre": self.centre}


def _counts(tables: Mapping[str, Table], device_id: str) -> CompoundSelect[Any]:
    parts: list[Select[Any]] = []
    for name in COUNTED:
        table = tables[name]
        # Deleted responses leave every count, this check's too (the laptop's triggers agree: 0010).
        live = (table.c.deleted_at.is_(None),) if name == "responses" else ()
        parts.append(select(literal(name).label("t"), table.c.event_id, func.count().label("n")).where(
            table.c.device_id == device_id, table.c.event_id.is_not(None), *live).group_by(table.c.event_id))
    return union_all(*parts)


def centre_counts(connection: Connection, device_id: str) -> dict[tuple[str, str], int]:
    """What the centre holds from the laptop ``device_id``: rows per (table, event)."""
    return {(t, event): n for t, event, n in connection.execute(
        _counts(schema.SYNCED_TABLES, device_id))}


def count_check(store: Store, connection: Connection) -> list[EventCount]:
    """One row per event and kind of record this laptop has made; ``matches`` false where they differ."""
    return compare_counts(store, centre_counts(connection, store.device_id))


def compare_counts(store: Store, centre: dict[tuple[str, str], int]) -> list[EventCount]:
    """This laptop's confirmed rows per (table, event) beside what the centre said it holds."""
    with store.reading() as session:
        # Kept by the store's own triggers: a few rows per event, however many rows it holds.
        here = {(t, event): n for t, event, n in session.execute(
            select(ConfirmedCount.table_name, ConfirmedCount.event_id, ConfirmedCount.n).where(
                ConfirmedCount.device_id == store.device_id, ConfirmedCount.n > 0,
                ConfirmedCount.table_name.in_(COUNTED)))}
        names = dict(session.execute(select(Event.id, Event.name)).all())
    checked = []
    for t, event in sorted(set(here) | set(centre), key=lambda k: (names.get(k[1], ""), k[1], COUNTED.index(k[0]))):
        checked.append(EventCount(event, names.get(event, event[:8]), t, here.get((t, event), 0),
                                  centre.get((t, event), 0)))
    return checked


def send_again(store: Store, short: list[EventCount]) -> int:
    """Mark this laptop's rows for events the centre holds fewer of than it confirmed, to go again.

    The centre may have lost rows after saying it had them (restored from an older backup, or
    deleted by hand). Sending them again restores what is missing; the rest come back as
    "already there". Returns how many rows will go.
    """
    from app.store.models import Base

    marked = 0
    with store.session() as session:
        for count in short:
            table = Base.metadata.tables[count.table]
            result = cast(CursorResult[Any], session.execute(update(table).where(  # an UPDATE's result
                table.c.device_id == store.device_id, table.c.event_id == count.event_id,
                table.c.synced_version > 0).values(synced_version=0)))
            marked += result.rowcount
    return marked
