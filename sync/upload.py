"""Upload: each changed laptop row becomes a version-guarded, idempotent upsert at the centre.

One statement per batch (so one transaction per batch, committed or not as a whole); a row
at the centre is only replaced by a higher version, so a batch sent twice, or a stale row,
changes nothing. Laptop rows are marked synced only after their batch has committed: a cut
connection or a killed process at any moment leaves, at worst, rows that go again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import (
    ColumnClause,
    Connection,
    Date,
    DateTime,
    Table,
    Text,
    Time,
    bindparam,
    func,
    literal_column,
    select,
    text,
    type_coerce,
)

from app.store import models
from app.store.models import UTCDateTime
from app.store.saves_first import LONGEST_QUIET_WAIT_S
from app.store.store import Store
from sync import central_schema as schema
from sync.central_schema import SyncedModel
from sync.central_upsert import mysql_upsert, upsert_statement

# Rows per statement, kept well under each engine's cap on bound values (PostgreSQL 65,535;
# SQLite 32,766); the widest table has 23 columns.
DEFAULT_BATCH = 1000
MARK_CHUNK = 50  # rows marked sent per transaction: a save waits for at most one such
READ_CHUNK = 500  # rows of a batch read between chances for a save to go first
CANCEL_LOOK_S = 0.25  # how often a sync waiting for saves to be quiet looks at its Cancel
MAX_PARAMETERS = {"postgresql": 65_535, "sqlite": 32_766, "mysql": 65_535}
log = logging.getLogger(__name__)
UPLOAD_ORDER: tuple[type[SyncedModel], ...] = (models.Device, *schema.SYNCED_MODELS)


@dataclass(frozen=True)
class Refusal:
    """A row the centre would not take, and why, in plain words."""

    table: str
    row_id: str
    reason: str


@dataclass
class Tally:
    """What the centre made of what was sent."""

    sent: int = 0
    new: int = 0  # the centre did not have them
    updated: int = 0  # the centre had an older version
    already: int = 0  # the centre had this very change (sent before, the answer lost)
    conflicts: int = 0  # the centre had a newer change, made there or on another laptop
    refused: int = 0  # the centre would not take them (see ``refusals``); they stay waiting here
    by_table: dict[str, int] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)

    def add(self, other: Tally, table: str) -> None:
        self.sent += other.sent
        self.refused += other.refused
        self.new += other.new
        self.updated += other.updated
        self.already += other.already
        self.conflicts += other.conflicts
        self.by_table[table] = self.by_table.get(table, 0) + other.sent


def central_table(model: type[SyncedModel]) -> Table:
    return schema.devices if model is models.Device else schema.SYNCED_TABLES[model.__tablename__]


def batch_limit(dialect_name: str, table: Table, wanted: int) -> int:
    cap = MAX_PARAMETERS.get(dialect_name, 999) // len(table.columns)
    return max(1, min(wanted, cap))


def pending_count(store: Store) -> int:
    with store.reading() as session:
        return sum(session.scalar(select(func.count()).select_from(model).where(
            model.version > model.synced_version)) or 0 for model in UPLOAD_ORDER)


def pending_batches(store: Store, model: type[SyncedModel], size: int, *, as_stored: bool = False
                    ) -> Iterator[list[dict[str, Any]]]:
    """Changed rows of ``model``, ``size`` at a time, read afresh for each batch.

    In the order the rows lie in the file, so marking a batch synced rewrites a few
    neighbouring pages rather than a scattering across the whole table. ``as_stored`` gives
    times as the store keeps them (UTC text), ready to go into JSON unchanged.
    """
    local = model.__table__
    names = schema.shared_columns(central_table(model))
    position: ColumnClause[int] = literal_column("rowid")
    columns = [position, *[type_coerce(local.c[name], Text) if as_stored and _is_time(local.c[name])
                           else local.c[name] for name in names]]
    last = 0
    while True:
        batch: list[dict[str, Any]] = []
        with store.read_connection() as conn:
            found = conn.execute(select(*columns).where(local.c.version > local.c.synced_version, position > last)
                                 .order_by(position).limit(size))
            for part in found.partitions(READ_CHUNK):  # a save meanwhile goes first, between parts
                store.give_way()
                last = part[-1][0]
                batch.extend(dict(zip(names, row[1:], strict=True)) for row in part)
        if not batch:
            return
        yield batch


def _stored_form(value: Any) -> str:
    """Times given as objects, written as the store keeps them: naive UTC text."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be sent")


def _as_time(value: Any) -> dt.datetime:
    """A time read as the store keeps it (text) or as an object, for comparing with the centre's."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _is_time(column: Any) -> bool:
    return isinstance(column.type, (DateTime, Date, Time, UTCDateTime))


def encode_batch(rows: Sequence[dict[str, Any]]) -> str:
    """A batch as PostgreSQL receives it: one JSON text."""
    return json.dumps(rows, ensure_ascii=False, default=_stored_form)


def send_batch(connection: Connection, table: Table, rows: Sequence[dict[str, Any]], device_id: str, *,
               encoded: str | None = None) -> Tally:
    """Upsert ``rows`` into ``table`` as one statement and say what the centre made of them.

    ``encoded`` is the batch already as :func:`encode_batch` makes it, for PostgreSQL.
    """
    batch_id = str(uuid.uuid4())
    dialect = connection.dialect.name
    tally = Tally(sent=len(rows))
    written: int | None = None  # rows this batch inserted or replaced, where the engine can say
    if dialect == "postgresql":
        tally.new, written = connection.execute(upsert_statement(dialect, table), {
            "rows": encoded if encoded is not None else encode_batch(rows), "batch_id": batch_id,
            "received_from": device_id}).one()
    else:
        stamped = [row | {"received_from": device_id, "first_batch": batch_id, "last_batch": batch_id}
                   for row in rows]
        if dialect == "sqlite":
            statement = upsert_statement(dialect, table).execution_options(insertmanyvalues_page_size=len(rows))
            firsts = connection.execute(statement, stamped).scalars().all()
            tally.new, written = sum(1 for first in firsts if first == batch_id), len(firsts)
        else:
            text_form = mysql_upsert(table, connection.dialect)
            flat = tuple(row[name] for row in stamped for name in text_form.names)
            connection.exec_driver_sql(text_form.statement(len(stamped)), flat)
    if written is None or written < len(rows):
        # Rows the guard turned away (sent before, or older than the centre's) need a look;
        # on an ordinary sync there are none and this costs nothing.
        lookup = select(table.c.id, table.c.version, table.c.first_batch, table.c.last_batch,
                        table.c.updated_at).where(table.c.id.in_(bindparam("ids", expanding=True)))
        sent = {row["id"]: (row["version"], _as_time(row["updated_at"])) for row in rows}
        for row_id, version, first, last, updated_at in connection.execute(lookup, {"ids": list(sent)}):
            if last == batch_id:
                if written is None:
                    tally.new += first == batch_id
            elif (version, updated_at) == sent[row_id]:
                tally.already += 1
            else:
                tally.conflicts += 1
    tally.updated = tally.sent - tally.new - tally.already - tally.conflicts
    return tally


@dataclass(frozen=True)
class Sent:
    """The centre's answer to one batch: what it made of the rows, and those it refused (id → reason)."""

    tally: Tally
    refused: dict[str, str] = field(default_factory=dict)


class CentreLink(Protocol):
    """How a sync talks to the centre: straight to its database, or through the central service."""

    as_stored: bool  # rows are read with times as the store keeps them (text), not as objects
    in_flight: int  # batches of one table it may have at the centre at once

    def batch_size(self, table: Table, wanted: int, /) -> int: ...

    def prepare(self, rows: list[dict[str, Any]], /, between: Callable[[], None] = ...) -> Any:
        """The batch made ready to send; ``between`` is called between pieces of long work."""

    def push(self, table: Table, rows: list[dict[str, Any]], prepared: Any, /) -> Sent: ...


class DirectLink:
    """Upload over an open connection to the central database (the data team's own path)."""

    in_flight = 1  # one connection: one statement at a time

    def __init__(self, connection: Connection, device_id: str) -> None:
        self.connection = connection
        self.device_id = device_id
        # SQLite's driver wants time objects; the others take the store's own text.
        self.as_stored = connection.dialect.name != "sqlite"

    def batch_size(self, table: Table, wanted: int) -> int:
        return batch_limit(self.connection.dialect.name, table, wanted)

    def prepare(self, rows: list[dict[str, Any]], between: Callable[[], None] = lambda: None) -> str | None:
        del between  # the data team's own path, run from the command line: no kiosk saves beside it
        return encode_batch(rows) if self.connection.dialect.name == "postgresql" else None

    def push(self, table: Table, rows: list[dict[str, Any]], prepared: Any) -> Sent:
        return Sent(send_batch(self.connection, table, rows, self.device_id, encoded=prepared))


def mark_synced(store: Store, model: type[SyncedModel], rows: Sequence[dict[str, Any]], *,
                patience: float | None = None, syncing: int | None = None,
                cancel: threading.Event | None = None) -> None:
    """Record that the centre holds these versions; a row changed since stays waiting.

    One statement per ``MARK_CHUNK`` rows: the ids and versions go in as one JSON list. A crash
    between two leaves the rest waiting, to be sent again and found already at the centre.
    Each waits for the saves to be quiet, until ``patience`` (a ``time.monotonic()``; by default
    ``LONGEST_QUIET_WAIT_S`` from now), and after that only while a save is under way. Saves
    by the thread ``syncing`` (the sync's own) do not count. ``cancel``, when set, ends the wait.
    """
    name = model.__tablename__
    statement = text(
        f"UPDATE {name} SET synced_version = sent.version "
        "FROM (SELECT value ->> '$[0]' AS id, value ->> '$[1]' AS version FROM json_each(:sent)) AS sent "
        f"WHERE {name}.id = sent.id AND {name}.synced_version < sent.version")
    # In short transactions that do not wait for the disk, each when the saves are quiet: a save
    # that comes all the same waits for one of them, briefly, not the whole batch. A mark lost
    # in a power cut (or still waiting when the app closes) means a row sent again.
    if patience is None:
        patience = time.monotonic() + LONGEST_QUIET_WAIT_S
    for start in range(0, len(rows), MARK_CHUNK):
        part = rows[start:start + MARK_CHUNK]
        if not wait_for_quiet(store, patience, syncing=syncing, cancel=cancel):
            store.give_way()
        with store.writing_unflushed() as conn:
            conn.execute(statement, {"sent": json.dumps([[row["id"], row["version"]] for row in part])})
    wait_for_quiet(store, patience, syncing=syncing, cancel=cancel)
    store.fold_log()


def wait_for_quiet(store: Store, patience: float, *, syncing: int | None, cancel: threading.Event | None) -> bool:
    """Wait for the saves to be quiet until ``patience`` (a ``time.monotonic()``), looking at
    ``cancel`` every ``CANCEL_LOOK_S``; True when they are quiet."""
    while not (cancel is not None and cancel.is_set()):
        left = patience - time.monotonic()
        if store.wait_for_quiet(longest=max(0.0, min(CANCEL_LOOK_S, left)), except_by=syncing):
            return True
        if left <= CANCEL_LOOK_S:
            return False
    return False


Batch = tuple[type[SyncedModel], Table, list[dict[str, Any]], Any]  # model, table, rows, ready to send


def _every_batch(store: Store, link: CentreLink, batch_size: int) -> Iterator[Batch]:
    """Every waiting batch, table by table, parents first, each made ready to send (on the
    reader thread, while the centre works on those before it)."""
    for model in UPLOAD_ORDER:
        table = central_table(model)
        for rows in pending_batches(store, model, link.batch_size(table, batch_size), as_stored=link.as_stored):
            yield model, table, rows, link.prepare(rows, between=store.give_way)


def upload(store: Store, link: CentreLink, *, batch_size: int = DEFAULT_BATCH,
           on_batch: Callable[[str, int], None] | None = None, into: Tally | None = None,
           cancel: threading.Event | None = None) -> Tally:
    """Send every waiting row, table by table, parents first.

    While the centre works, the next batches are read and made ready on one helper thread and
    those it confirmed are marked synced on another, each with its own connection to the
    store. A link that can (``link.in_flight`` above 1) has that many batches of a table at
    the centre at once, each committed on its own; a table's batches have all been answered
    before the next table's first goes, so a parent is always at the centre before its
    children. ``on_batch(table, rows)`` is called after each committed batch, in order; it may
    raise to stop (cancelling), and every batch the centre confirmed is still marked before
    this returns. ``into`` collects the counts as batches commit, so they are known even when
    the upload is stopped. A row the centre refused stays waiting here, and its reason is kept
    in the tally.

    While saves come in on other threads (a kiosk in use, a sheet typed in), no batch is sent
    until they are quiet, and then one at a time while they come in again: a batch's work here
    and at the centre keeps the machine's cores busy, and a save would wait for one. This is
    for at most ``LONGEST_QUIET_WAIT_S`` in all (the marks' patience), after which the upload
    goes at full speed. ``cancel``, when set, ends that wait, and the marks', at once.
    """
    tally = into if into is not None else Tally()
    marks: list[Future[None]] = []
    waiting: deque[tuple[type[SyncedModel], Table, list[dict[str, Any]], Future[Sent]]] = deque()
    in_flight = max(1, getattr(link, "in_flight", 1))
    # How long, in all, the marks may wait for quiet and the sending go slowly for saves.
    patience = time.monotonic() + LONGEST_QUIET_WAIT_S
    syncing = threading.get_ident()

    def settle(sent: Sent, model: type[SyncedModel], table: Table, rows: list[dict[str, Any]]) -> None:
        tally.add(sent.tally, table.name)
        tally.refusals.extend(Refusal(table.name, row_id, reason) for row_id, reason in sent.refused.items())
        kept = [row for row in rows if row["id"] not in sent.refused] if sent.refused else rows
        marks.append(marking.submit(mark_synced, store, model, kept, patience=patience,
                                     syncing=syncing, cancel=cancel))

    def saves_coming_in() -> bool:
        return time.monotonic() < patience and store.saves_first.coming_in(except_by=syncing)

    def after_the_saves() -> None:
        """While saves come in, send nothing until they are quiet (within the patience), or
        ``cancel`` is set (``on_batch`` then stops the upload after this batch)."""
        if saves_coming_in():
            wait_for_quiet(store, patience, syncing=syncing, cancel=cancel)

    def settle_oldest() -> None:
        model, table, rows, answer = waiting.popleft()
        settle(answer.result(), model, table, rows)
        if on_batch is not None:
            on_batch(table.name, len(rows))

    source = _every_batch(store, link, batch_size)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-read") as reading, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-mark") as marking, \
            ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="sync-send") as sending:
        try:
            # As many batches read ahead as can be at the centre at once; one reader, so in order.
            ahead = deque(reading.submit(next, source, None) for _ in range(in_flight))
            sending_table: Table | None = None
            while (batch := ahead.popleft().result()) is not None:
                ahead.append(reading.submit(next, source, None))
                model, table, rows, prepared = batch
                if table is not sending_table:  # the parents all answered before their children go
                    while waiting:
                        settle_oldest()
                    sending_table = table
                after_the_saves()
                if in_flight == 1:
                    settle(link.push(table, rows, prepared), model, table, rows)
                    if on_batch is not None:
                        on_batch(table.name, len(rows))
                    continue
                waiting.append((model, table, rows, sending.submit(link.push, table, rows, prepared)))
                # While saves come in, one batch at a time: two keep every core busy.
                while waiting and len(waiting) >= (1 if saves_coming_in() else in_flight):
                    settle_oldest()
            while waiting:
                settle_oldest()
        except BaseException:
            # Batches still at the centre may yet commit: those it confirms are marked too.
            for model, table, rows, answer in waiting:
                try:
                    settle(answer.result(), model, table, rows)
                except Exception:  # noqa: BLE001 (the first problem is the one to report)
                    pass
            _wait_for(marks, quietly=True)  # the first problem is the one to report
            raise
        _wait_for(marks, quietly=False)
    return tally


def _wait_for(marks: list[Future[None]], *, quietly: bool) -> None:
    """A batch the centre holds is always marked before the upload ends, even when stopping."""
    failed: BaseException | None = None
    for mark in marks:
        try:
            mark.result()
        except Exception as error:  # noqa: BLE001 (every batch gets its chance to be marked)
            log.error("marking a batch as synced failed: %s", type(error).__name__)
            failed = failed or error
    if failed is not None and not quietly:
        raise failed
