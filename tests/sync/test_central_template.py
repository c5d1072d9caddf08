"""The sync tests' central databases, copied from a template, are as freshly migrated ones.

``make_central`` hands out copies of one migrated database per engine (see
``tests/sync/central_template.py``); a copy that lost a foreign key, an index or a row the
migrations wrote would let the sync tests pass against a centre no one can have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, MetaData, select

from sync.central import CENTRAL_HEAD, VERSION_TABLE, init_central
from sync.connection import autocommit_connection, make_central_engine, target_from
from tests.sqlite_schema import sqlite_schema
from tests.sync.conftest import _fresh_database, make_central


def _schema(conn: Connection) -> list[Any]:
    """Everything the engine keeps about the tables, in the engine's own words."""
    kind = conn.dialect.name
    if kind == "sqlite":
        return sqlite_schema(conn)
    if kind == "postgresql":
        queries = [
            "SELECT table_name, column_name, ordinal_position, column_default, is_nullable, data_type, "
            "character_maximum_length, numeric_precision, datetime_precision, collation_name "
            "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 3",
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
            "SELECT sequencename, start_value, increment_by, last_value FROM pg_sequences "
            "WHERE schemaname = 'public' ORDER BY 1",
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
            "SELECT event_object_table, trigger_name, action_statement FROM information_schema.triggers ORDER BY 1, 2",
            "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
        ]
        return [[tuple(row) for row in conn.exec_driver_sql(query)] for query in queries]
    database = conn.exec_driver_sql("SELECT DATABASE()").scalar()
    objects = [tuple(row) for row in conn.exec_driver_sql(
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = %s "
        "UNION ALL SELECT trigger_name, 'trigger' FROM information_schema.triggers WHERE trigger_schema = %s "
        "UNION ALL SELECT routine_name, 'routine' FROM information_schema.routines WHERE routine_schema = %s "
        "ORDER BY 1", (database, database, database))]
    tables = [name for name, kind_of in objects if kind_of == "BASE TABLE"]
    return [objects, *(conn.exec_driver_sql(f"SHOW CREATE TABLE `{name}`").one()[1] for name in tables)]


def _rows(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    tables = MetaData()
    tables.reflect(conn)
    return {name: sorted(tuple(map(str, row)) for row in conn.execute(select(table)))
            for name, table in tables.tables.items()}


def _look(url: str) -> tuple[list[Any], dict[str, list[tuple[Any, ...]]]]:
    engine = make_central_engine(target_from(url))
    try:
        with autocommit_connection(engine) as conn:
            return _schema(conn), _rows(conn)
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "mariadb"])
def test_a_copied_centre_is_a_freshly_migrated_one_with_an_identity_of_its_own(kind: str, tmp_path: Path) -> None:
    if kind == "sqlite":
        fresh, drop_fresh = f"sqlite:///{tmp_path / 'fresh.db'}", (lambda: None)
    else:
        fresh, drop_fresh = _fresh_database(kind)
    first, drop_first = make_central(kind, tmp_path)
    second, drop_second = make_central(kind, tmp_path)
    try:
        engine = make_central_engine(target_from(fresh))
        try:
            assert init_central(engine).revision == CENTRAL_HEAD
        finally:
            engine.dispose()
        fresh_schema, fresh_rows = _look(fresh)
        ids = set()
        for copy in (first, second):
            schema, rows = _look(copy)
            assert schema == fresh_schema
            ids |= {value for key, value in rows.pop("central_info") if key == "central_id"}
            assert rows == {name: found for name, found in fresh_rows.items() if name != "central_info"}
            assert rows[VERSION_TABLE] == [(CENTRAL_HEAD,)]
        fresh_id = {value for key, value in fresh_rows["central_info"] if key == "central_id"}
        assert len(ids) == 2 and not ids & fresh_id  # every centre its own, as each migration makes one
        if kind == "sqlite":
            assert (tmp_path / "fresh.db").stat().st_mode == Path(first.removeprefix("sqlite:///")).stat().st_mode
    finally:
        drop_second()
        drop_first()
        drop_fresh()
