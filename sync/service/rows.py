"""What the service makes of a batch a laptop sent: check each row, decide whose it is, store it.

The sending laptop is known from its credential, never from the rows. A laptop writes only
rows it made; events and GP practices are shared (any laptop may correct one, but never
change who made it). A row that fails a check is refused on its own with a plain reason, and
the rest of the batch lands.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, NaiveDatetime, TypeAdapter, ValidationError, create_model
from sqlalchemy import Boolean, ColumnElement, Connection, Date, Integer, String, Table, Time, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError

from app.core.i18n import N_, _
from sync import central_schema as schema
from sync.central_schema import CentralDateTime
from sync.service.wire import MAX_ROWS, UtcDateTime
from sync.upload import Sent, Tally, batch_limit, send_batch

log = logging.getLogger(__name__)

MAX_TEXT = 100_000  # far beyond anything the app lets a person type
MAX_INT = 2**31 - 1
# Text may hold any character but NUL, which PostgreSQL cannot store: such a row is refused
# alone, on every engine, rather than failing its whole batch when its id is looked up.
NO_NUL = r"^[^\x00]*$"
# Planning records any enrolled laptop may correct.
SHARED_TABLES = frozenset({"events", "gp_practices", "organisations", "programmes"})
# What a person calls a parent record a row refers to.
PARENT_NAMES = {"events": N_("an event"), "people": N_("a person"), "gp_practices": N_("a GP practice"),
                "responses": N_("a response"), "devices": N_("a laptop"), "organisations": N_("an organisation"),
                "programmes": N_("a programme"), "actions": N_("an action"), "activities": N_("an activity"),
                "contact_lists": N_("a contact list")}
TABLES: dict[str, Table] = {"devices": schema.devices, **schema.SYNCED_TABLES}


def _field(column: Any, *, naive: bool = False) -> tuple[Any, Any]:
    kind = column.type
    base: Any
    if isinstance(kind, CentralDateTime):
        base = NaiveDatetime if naive else UtcDateTime
    elif isinstance(kind, Date):
        base = dt.date
    elif isinstance(kind, Time):
        base = dt.time
    elif isinstance(kind, Boolean):
        base = bool
    elif isinstance(kind, Integer):
        base = Annotated[int, Field(ge=0, le=MAX_INT)]
    else:
        base = Annotated[str, Field(max_length=getattr(kind, "length", None) or MAX_TEXT, pattern=NO_NUL)]
    return (base | None if column.nullable else base), ...


@cache
def row_model(table_name: str, *, naive: bool = False) -> type[BaseModel]:
    """The wire form of one row of ``table_name``: every column the laptop sends, nothing else.

    ``naive`` is the same row with every time written without a zone (UTC, as a laptop sends
    them), checked without a call back into Python for each time.
    """
    table = TABLES[table_name]
    fields = {name: _field(table.c[name], naive=naive) for name in schema.shared_columns(table)}
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        f"{''.join(part.title() for part in table_name.split('_'))}{'Naive' if naive else ''}Row",
        __config__=ConfigDict(extra="forbid"), **fields)
    return model


@cache
def _time_fields(table_name: str) -> tuple[str, ...]:
    table = TABLES[table_name]
    return tuple(name for name in schema.shared_columns(table) if isinstance(table.c[name].type, CentralDateTime))


@cache
def _adapter(table_name: str) -> TypeAdapter[Any]:
    return TypeAdapter(row_model(table_name))


@cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


@cache
def _body_adapter(table_name: str) -> TypeAdapter[Any]:
    """A whole request body of ``table_name`` rows, every one of them valid and its times in UTC
    written without a zone, as a laptop sends them."""
    row: Any = row_model(table_name, naive=True)
    body: type[BaseModel] = create_model(
        f"{row.__name__}Batch", __config__=ConfigDict(extra="forbid"),
        rows=(Annotated[list[row], Field(max_length=MAX_ROWS)], ...))
    return TypeAdapter(body)


class BatchUnreadable(ValueError):
    """The request body is not a batch of rows at all; ``where`` names the part that is wrong."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


@dataclass
class Batch:
    """A request body read and checked: the rows that passed, each refused row's reason, and
    how many rows were sent."""

    rows: list[BaseModel]
    refused: dict[str, str]
    sent: int


def read_batch(table_name: str, body: bytes) -> Batch:
    """Read the rows of ``table_name`` a laptop sent, checking each.

    Almost every batch is wholly valid, and is read and checked in one pass; only a batch with
    a bad row (or a time given with its zone) is read again row by row, to refuse that row alone
    with a reason. Times from the first pass have no zone, and are UTC.
    """
    try:
        rows = _body_adapter(table_name).validate_json(body).rows
        return Batch(rows, {}, len(rows))
    except ValidationError:
        pass
    try:
        document = json.loads(body)
    except ValueError:
        raise BatchUnreadable("request") from None
    if not isinstance(document, dict) or set(document) != {"rows"}:
        raise BatchUnreadable("request")
    raw_rows = document["rows"]
    if not isinstance(raw_rows, list) or len(raw_rows) > MAX_ROWS:
        raise BatchUnreadable("rows")
    refused: dict[str, str] = {}
    checked: list[BaseModel] = []
    adapter = _adapter(table_name)
    for position, raw in enumerate(raw_rows):
        row_id = str(raw.get("id", f"#{position + 1}"))[:40] if isinstance(raw, dict) else f"#{position + 1}"
        try:
            checked.append(adapter.validate_python(raw))
        except ValidationError as error:
            refused[row_id] = _("The centre could not read this row: {problem}.").format(problem=_problem(error))
    return Batch(checked, refused, len(raw_rows))


def _problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "row"
    if first["type"] == "string_too_long":
        return _("{field} is too long for the centre").format(field=where)
    if first["type"] == "extra_forbidden":
        return _("it has a field the centre does not know ({field})").format(field=where)
    if first["type"] == "missing":
        return _("{field} is missing").format(field=where)
    if first["type"] == "string_pattern_mismatch":
        return _("{field} holds a character the centre cannot store").format(field=where)
    return _("{field} is not valid").format(field=where)


def accept(connection: Connection, table_name: str, batch: Batch, device_id: str) -> Sent:
    """Store the rows the laptop ``device_id`` sent for ``table_name``, those it may write."""
    table = TABLES[table_name]
    refused = dict(batch.refused)
    checked: list[dict[str, Any]] = []
    validated: dict[str, BaseModel] = {}  # by id, the first of each, for writing the batch as JSON
    # Rows written to PostgreSQL go as JSON, where a time without a zone is UTC already; the
    # other engines' columns take only times that say they are UTC.
    times = _time_fields(table_name) if connection.dialect.name != "postgresql" else ()
    for row in batch.rows:
        values = row.model_dump()
        for name in times:
            value = values[name]
            if value is not None and value.tzinfo is None:
                values[name] = value.replace(tzinfo=dt.UTC)
        validated.setdefault(values["id"], row)
        checked.append(values)
    checked = _first_of_each(checked, refused)
    checked = _owned(connection, table, checked, device_id, refused)
    checked = _parents_known(connection, table, checked, device_id, refused)
    tally = Tally()
    size = batch_limit(connection.dialect.name, table, len(checked) or 1)
    for start in range(0, len(checked), size):
        part = checked[start:start + size]
        models = [validated[row["id"]] for row in part]
        encoded = (_list_adapter(type(models[0])).dump_json(models).decode()
                   if connection.dialect.name == "postgresql" else None)
        tally.add(_store(connection, table, part, device_id, refused, encoded), table.name)
    tally.sent = batch.sent
    tally.refused = len(refused)
    return Sent(tally, refused)


def _first_of_each(rows: list[dict[str, Any]], refused: dict[str, str]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    kept = []
    for row in rows:
        if row["id"] in seen:
            refused[row["id"]] = _("This row was sent twice in one batch.")
            continue
        seen.add(row["id"])
        kept.append(row)
    return kept


def _owned(connection: Connection, table: Table, rows: list[dict[str, Any]], device_id: str,
           refused: dict[str, str]) -> list[dict[str, Any]]:
    """Only rows this laptop may write: its own, or a shared record keeping its maker."""
    if not rows:
        return rows
    if table.name == "devices":
        kept = [row for row in rows if row["id"] == device_id]
        for row in rows:
            if row["id"] != device_id:
                refused[row["id"]] = _("A laptop can only send its own details.")
        return kept
    makers = dict(connection.execute(select(table.c.id, table.c.device_id).where(
        _among(connection, table.c.id, [row["id"] for row in rows]))).all())
    kept = []
    for row in rows:
        maker = makers.get(row["id"])
        if maker is None and row["device_id"] != device_id:
            refused[row["id"]] = _("This row names another laptop as its maker; a laptop can only add its own.")
        elif maker is not None and maker != row["device_id"]:
            refused[row["id"]] = _("This row was made on another laptop, and who made it cannot change.")
        elif maker is not None and maker != device_id and table.name not in SHARED_TABLES:
            refused[row["id"]] = _("This row was made on another laptop; only that laptop can change it.")
        else:
            kept.append(row)
    return kept


def _parents_known(connection: Connection, table: Table, rows: list[dict[str, Any]], device_id: str,
                   refused: dict[str, str]) -> list[dict[str, Any]]:
    """Rows whose parents the centre has (so one missing parent does not fail the batch), and
    whose person, if any, this laptop made: no laptop attaches a consent to another's person."""
    for key in table.foreign_keys:
        column = key.parent.name
        parent = key.column.table
        wanted = {row[column] for row in rows if row.get(column) is not None}
        if not wanted:
            continue
        found = dict(connection.execute(select(parent.c.id, parent.c.device_id if "device_id" in parent.c
                                                else parent.c.id).where(
            _among(connection, parent.c.id, sorted(wanted)))).all())
        kept = []
        for row in rows:
            value = row.get(column)
            if value is None:
                kept.append(row)
            elif value not in found:
                refused[row["id"]] = _("This row refers to {parent} the centre does not have (yet).").format(
                    parent=_(PARENT_NAMES.get(parent.name, parent.name)))
            elif parent.name == "people" and found[value] != device_id:
                refused[row["id"]] = _("This row refers to a person held by another laptop.")
            else:
                kept.append(row)
        rows = kept
    return rows


def _among(connection: Connection, column: Any, values: list[str]) -> ColumnElement[bool]:
    """``column IN values``; on PostgreSQL as one array value, not thousands of placeholders
    that cost more to write out and parse than the lookup itself."""
    if connection.dialect.name == "postgresql":
        return column == any_(bindparam("among", values, type_=ARRAY(String())))
    return column.in_(values)


def _store(connection: Connection, table: Table, rows: list[dict[str, Any]], device_id: str,
           refused: dict[str, str], encoded: str | None = None) -> Tally:
    """One statement for the batch; should the database still refuse it, each row on its own.

    ``encoded`` is the batch already written as PostgreSQL receives it.

    Runs inside the request's transaction; each try is a savepoint, so a refused row leaves
    nothing behind and the transaction carries on.
    """
    if not rows:
        return Tally()
    try:
        with connection.begin_nested():
            return send_batch(connection, table, rows, device_id, encoded=encoded)
    except DBAPIError as error:
        if error.connection_invalidated:
            raise
        log.warning("a %s batch was refused by the database (%s); storing its rows one by one", table.name,
                    type(error.orig).__name__)
    tally = Tally()
    for row in rows:
        try:
            with connection.begin_nested():
                tally.add(send_batch(connection, table, [row], device_id), table.name)
        except DBAPIError as error:
            if error.connection_invalidated:
                raise
            refused[row["id"]] = _("The central database could not store this row ({kind}).").format(
                kind=type(error.orig).__name__)
    return tally
