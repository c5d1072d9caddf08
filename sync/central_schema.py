"""The central database's tables, as the sync code reads and writes them.

The centre holds the same synced tables as a laptop's store (so its columns come from the
store's models), without the laptop-only ``synced_version``, plus what the centre needs:

- ``received_from``: the device that last sent the row (``device_id`` is the one that made it);
- ``received_at``: when the centre first received it; ``changed_at``: when it last changed
  there, by the centre's clock, which is what laptops download by;
- ``first_batch`` / ``last_batch``: the upload batch that inserted it and that last wrote it,
  so a sync can tell rows new at the centre from rows already there without asking first.

Unique constraints that hold on one laptop (a paper row typed once, a practice code listed
once) are not repeated here: two laptops can each hold such a row under their own ids, and a
central refusal would stop every later sync. Alembic creates these tables
(``sync/migrations``); a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Protocol, cast, overload

from sqlalchemy import Column, DateTime, ForeignKey, FromClause, Index, Integer, MetaData, String, Table, Text
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeEngine

from app.store import models
from app.store.models import UTCDateTime


class SyncedModel(Protocol):
    """A mapped class whose rows go to the centre: its table and its two version columns."""

    __tablename__: str
    __table__: ClassVar[FromClause]
    version: ClassVar[InstrumentedAttribute[int]]
    synced_version: ClassVar[InstrumentedAttribute[int]]


# Laptop tables in the order their rows must reach the centre: parents before children.
SYNCED_MODELS: tuple[type[SyncedModel], ...] = (
    models.GpPractice, models.Event, models.Person, models.Consent, models.Attendance,
    models.Response, models.SheetPrint, models.Action, models.Organisation, models.OrganisationContact,
    models.Programme, models.ProgrammeLink, models.Activity, models.Claim, models.ContactList,
    models.ContactListEntry,
)
CENTRE_ONLY = ("received_from", "received_at", "changed_at", "first_batch", "last_batch")
LOCAL_ONLY = ("synced_version",)
# References the centre does not enforce: a person merged into one sent in a later batch.
UNENFORCED = {("people", "merged_into_id"), ("organisations", "merged_into_id")}


class CentralDateTime(UTCDateTime):
    """UTC times, kept to the microsecond on MariaDB too (its DATETIME drops them by default)."""

    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name in ("mysql", "mariadb"):
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())


class utc_now(FunctionElement):  # noqa: N801 (reads as a SQL function)
    """The central server's clock in UTC, whatever its time zone."""

    type = DateTime()
    inherit_cache = True


@compiles(utc_now)
def _utc_now_default(_element: utc_now, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "CURRENT_TIMESTAMP"


@compiles(utc_now, "postgresql")
def _utc_now_pg(_element: utc_now, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "(now() AT TIME ZONE 'UTC')"


@compiles(utc_now, "mysql")
@compiles(utc_now, "mariadb")
def _utc_now_mysql(_element: utc_now, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "UTC_TIMESTAMP(6)"


@compiles(utc_now, "sqlite")
def _utc_now_sqlite(_element: utc_now, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _central_kind(column: Column) -> TypeEngine[Any]:
    """The centre's type for a laptop column. Text rather than a sized string: SQLite on the
    laptop keeps any length, and a row the laptop accepted must fit at the centre too."""
    if isinstance(column.type, UTCDateTime):
        return CentralDateTime()
    if isinstance(column.type, String) and not isinstance(column.type, Text) and not _is_key(column):
        return Text()
    return column.type.copy()


def _is_key(column: Column) -> bool:
    return bool(column.primary_key or column.foreign_keys or getattr(column.type, "length", None) == 36)


def _central_column(column: Column) -> Column:
    kind = _central_kind(column)
    references = [ForeignKey(fk.target_fullname) for fk in column.foreign_keys
                  if (column.table.name, column.name) not in UNENFORCED and fk.column.table.name != "devices"]
    return Column(column.name, kind, *references, primary_key=column.primary_key,
                  nullable=column.nullable if not column.primary_key else False)


def _build() -> tuple[MetaData, dict[str, Table]]:
    metadata = MetaData()
    kw: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_engine": "InnoDB"}
    Table("central_info", metadata,
          Column("key", String(100), primary_key=True),
          Column("value", Text, nullable=False), **kw)
    Table("devices", metadata,
          Column("id", String(36), primary_key=True),
          Column("name", Text, nullable=False),
          Column("created_at", CentralDateTime(), nullable=False),
          Column("updated_at", CentralDateTime(), nullable=False),
          Column("version", Integer, nullable=False),
          *_centre_columns(), **kw)
    tables: dict[str, Table] = {}
    for model in SYNCED_MODELS:
        source = cast(Table, model.__table__)  # a declarative model's table is a Table
        columns = [_central_column(c) for c in source.columns if c.name not in LOCAL_ONLY]
        columns.sort(key=lambda c: not c.primary_key)
        table = Table(source.name, metadata, *columns, *_centre_columns(), **kw)
        if "event_id" in table.c:
            Index(f"ix_central_{source.name}_event", table.c.event_id, table.c.device_id)
            if source.name == "responses":  # deleted ones are not counted: read from the index alone (c0010)
                Index("ix_central_responses_device_live", table.c.device_id, table.c.event_id, table.c.deleted_at)
            else:
                Index(f"ix_central_{source.name}_device", table.c.device_id, table.c.event_id)
        Index(f"ix_central_{source.name}_changed", table.c.changed_at)
        tables[source.name] = table
    Table("survey_definitions", metadata,
          Column("id", String(40), primary_key=True),
          Column("version", Integer, nullable=False),
          Column("definition", Text, nullable=False),
          Column("published_by", String(200), nullable=False),
          Column("changed_at", CentralDateTime(), nullable=False),
          Column("deleted_at", CentralDateTime()), **kw)
    # Every version ever published, so a report reads old answers by their own version.
    Table("survey_history", metadata,
          Column("id", String(40), primary_key=True),
          Column("version", Integer, primary_key=True, autoincrement=False),
          Column("definition", Text, nullable=False),
          Column("published_by", String(200), nullable=False),
          Column("published_at", CentralDateTime(), nullable=False), **kw)
    # A laptop's right to use the service: an enrolment code, once, then a credential. Only
    # hashes are kept; the laptop's own device id is bound at enrolment.
    Table("device_enrolments", metadata,
          Column("id", String(36), primary_key=True),
          Column("name", String(200), nullable=False),
          Column("code_hash", String(64), nullable=False, unique=True),
          Column("code_expires_at", CentralDateTime(), nullable=False),
          Column("code_used_at", CentralDateTime()),
          Column("device_id", String(36), index=True),
          Column("token_hash", String(64), unique=True),
          Column("created_at", CentralDateTime(), nullable=False),
          Column("created_by", String(200), nullable=False),
          Column("enrolled_at", CentralDateTime()),
          Column("revoked_at", CentralDateTime()),
          Column("last_seen_at", CentralDateTime()), **kw)
    # Append-only: the service and the data team's commands insert, nothing updates or deletes.
    Table("audit_log", metadata,
          Column("id", Integer, primary_key=True, autoincrement=True),
          Column("at", CentralDateTime(), nullable=False, index=True),
          Column("actor", String(200), nullable=False),
          Column("action", String(40), nullable=False),
          Column("detail", Text, nullable=False), **kw)
    return metadata, tables


def _centre_columns() -> list[Column]:
    return [
        Column("received_from", String(36), nullable=False),
        Column("received_at", CentralDateTime(), nullable=False),
        Column("changed_at", CentralDateTime(), nullable=False),
        Column("first_batch", String(36), nullable=False),
        Column("last_batch", String(36), nullable=False),
    ]


metadata, SYNCED_TABLES = _build()
devices = metadata.tables["devices"]
central_info = metadata.tables["central_info"]
survey_definitions = metadata.tables["survey_definitions"]
survey_history = metadata.tables["survey_history"]
device_enrolments = metadata.tables["device_enrolments"]
audit_log = metadata.tables["audit_log"]


def shared_columns(table: Table) -> list[str]:
    """The columns a laptop sends for ``table``: all but the centre's own."""
    return [c.name for c in table.columns if c.name not in CENTRE_ONLY]


@overload
def as_utc(value: dt.datetime) -> dt.datetime: ...
@overload
def as_utc(value: None) -> None: ...
def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else (value if value.tzinfo else value.replace(tzinfo=dt.UTC))
