"""The centre's guarded upsert: how a batch of a laptop's rows is written into a central table
in each engine's own words, so that a newer change wins and a withdrawal or erasure is never
undone. :func:`sync.upload.send_batch` runs it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Executable,
    Table,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSON

from app.core.signups import PersonStatus
from sync import central_schema as schema
from sync.central_schema import utc_now


def is_newer(current: Table, incoming: Any) -> Any:
    """The guard: a higher version wins; at the same version, the later change, so two laptops
    that changed one row from the same version end with the same row everywhere.

    A withdrawal or erasure is never undone by a newer row from a laptop that has not heard of
    it yet: for people and consents the guard also refuses a step back.
    """
    newer = or_(current.c.version < incoming.version,
                and_(current.c.version == incoming.version, current.c.updated_at < incoming.updated_at))
    if "device_id" in current.c:  # a row stays its maker's: no laptop rewrites another's
        newer = and_(newer, current.c.device_id == incoming.device_id)
    if current.name == "people":
        return and_(newer, _stage(incoming.status) >= _stage(current.c.status))
    if current.name == "consents":
        return and_(newer, or_(current.c.withdrawn_at.is_(None), incoming.withdrawn_at.is_not(None)),
                    or_(current.c.deleted_at.is_(None), incoming.deleted_at.is_not(None)))
    return newer


def _stage(status: Any) -> Any:
    """:attr:`PersonStatus.stage` in SQL."""
    # Constants written into the statement, not bound: MariaDB's is compiled once and reused.
    return case(*[(status == literal_column(f"'{s.value}'"), literal_column(str(s.stage)))
                  for s in PersonStatus if s.stage], else_=literal_column("0"))


def _guarded_changes(table: Table, excluded: Any) -> dict[str, Any]:
    changes = {name: excluded[name] for name in schema.shared_columns(table) if name != "id"}
    return changes | {"received_from": excluded.received_from, "last_batch": excluded.last_batch,
                      "changed_at": utc_now()}


@lru_cache(maxsize=64)
def upsert_statement(dialect: str, table: Table) -> Executable:
    """The guarded upsert for ``table`` in this engine's own words, built once per table.

    The batch's id and the sending laptop are bound values (``batch_id``, ``received_from``).
    PostgreSQL receives a batch as one JSON parameter (``rows``) turned back into rows by the
    server: a thousand rows' worth of placeholders would cost more to prepare than to send.
    """
    if dialect == "postgresql":
        names = schema.shared_columns(table)
        source = func.json_populate_recordset(literal_column(f"NULL::{table.name}"),
                                              cast(bindparam("rows", type_=Text), JSON)).table_valued(*names)
        batch = bindparam("batch_id", type_=Text)
        rows = select(*[source.c[n] for n in names], bindparam("received_from", type_=Text).label("received_from"),
                      batch.label("first_batch"), batch.label("last_batch"),
                      utc_now().label("received_at"), utc_now().label("changed_at"))
        insert = postgresql.insert(table).from_select(
            [*names, "received_from", "first_batch", "last_batch", "received_at", "changed_at"], rows)
        written = insert.on_conflict_do_update(
            index_elements=[table.c.id], set_=_guarded_changes(table, insert.excluded),
            where=is_newer(table, insert.excluded)).returning(table.c.first_batch).cte("written")
        # Two numbers come back, not a thousand ids: how many rows are new, and how many were written.
        return select(func.count().filter(written.c.first_batch == batch), func.count()).select_from(written)
    if dialect == "sqlite":
        upsert = sqlite.insert(table).values(received_at=utc_now(), changed_at=utc_now())
        return upsert.on_conflict_do_update(index_elements=[table.c.id], set_=_guarded_changes(table, upsert.excluded),
                                            where=is_newer(table, upsert.excluded)
                                            ).returning(table.c.first_batch)
    raise ValueError(f"no upsert for {dialect}")


@dataclass(frozen=True)
class MultiRowText:
    """A multi-row upsert as text: ``start`` + one ``row`` per row, joined by commas, + ``end``."""

    start: str
    row: str
    end: str
    names: tuple[str, ...]  # what each placeholder of a row is

    def statement(self, rows: int) -> str:
        return self.start + ", ".join([self.row] * rows) + self.end


@lru_cache(maxsize=64)
def mysql_upsert(table: Table, dialect: Any) -> MultiRowText:
    """MariaDB/MySQL: the batch goes as one multi-row statement, compiled once per table.

    Each row needs the server's clock beside its placeholders, which PyMySQL will not fold into
    one statement itself, and building a thousand-row statement in SQLAlchemy for each batch
    takes about a second; so SQLAlchemy compiles one row and the batch repeats it.
    """
    columns = [*schema.shared_columns(table), "received_from", "first_batch", "last_batch"]
    insert = mysql.insert(table).values({name: bindparam(name) for name in columns}
                                        | {"received_at": utc_now(), "changed_at": utc_now()})
    newer = is_newer(table, insert.inserted)

    def guarded(name: str, value: Any) -> Any:
        return func.if_(newer, value, table.c[name])

    # MariaDB assigns left to right, each seeing the ones before: the guard's own columns,
    # updated_at then version, must come last, or every later column would compare
    # against the new values and keep its old one.
    shared = [name for name in schema.shared_columns(table) if name not in ("id", "version", "updated_at")]
    ordered = [(name, guarded(name, insert.inserted[name])) for name in shared]
    ordered += [("received_from", guarded("received_from", insert.inserted.received_from)),
                ("last_batch", guarded("last_batch", insert.inserted.last_batch)),
                ("changed_at", guarded("changed_at", utc_now())),
                ("updated_at", guarded("updated_at", insert.inserted.updated_at)),
                ("version", guarded("version", insert.inserted.version))]
    compiled = insert.on_duplicate_key_update(ordered).compile(dialect=dialect)
    start, _sep, rest = str(compiled).partition(" VALUES ")
    row, clause, tail = rest.partition(" ON DUPLICATE KEY UPDATE ")
    if not (row.startswith("(") and row.endswith(")") and clause) or "%(" in clause + tail:
        raise ValueError(f"unexpected upsert for {table.name}")
    # PyMySQL fills plain %s placeholders from one flat list, row after row.
    names = tuple(re.findall(r"%\((\w+)\)s", row))
    return MultiRowText(start + " VALUES ", re.sub(r"%\((\w+)\)s", "%s", row), clause + tail, names)
