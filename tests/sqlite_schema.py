"""A SQLite database's schema in a form two databases can be compared by."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection


def sqlite_schema(conn: Connection) -> list[Any]:
    """Tables (columns, foreign keys, indexes) and every other object of the database.

    A table's CREATE statement is not compared as text: Alembic's batch mode, which remakes a
    table to change it, writes the foreign keys in an order that varies from run to run.
    """
    found: list[Any] = [tuple(row) for row in conn.exec_driver_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type <> 'table' ORDER BY type, name")]
    for (table,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all():
        found.append((table, [tuple(row) for row in conn.exec_driver_sql(f"PRAGMA table_xinfo('{table}')")]))
        found.append(sorted(tuple(row)[2:] for row in conn.exec_driver_sql(f"PRAGMA foreign_key_list('{table}')")))
        indexes = sorted(tuple(row)[1:] for row in conn.exec_driver_sql(f"PRAGMA index_list('{table}')"))
        found.append(indexes)
        found.extend([tuple(row) for row in conn.exec_driver_sql(f"PRAGMA index_xinfo('{index[0]}')")]
                     for index in indexes)
    return found
