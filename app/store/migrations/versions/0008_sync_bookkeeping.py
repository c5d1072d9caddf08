"""Sync bookkeeping that stays quick however much a laptop holds.

A partial index on each synced table holds only the rows waiting to go, and
``confirmed_counts``, kept by triggers, holds how many rows of each kind the centre has
confirmed per laptop and event. Before this, every sync read each table through twice, even
when there was nothing to send.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SYNCED = ("devices", "events", "responses", "gp_practices", "people", "consents", "attendance", "sheet_prints",
          "actions")
# The tables whose rows belong to an event, as the count check after a sync compares them.
COUNTED = ("responses", "people", "consents", "attendance", "sheet_prints", "actions")


def _counted(row: str) -> str:
    return f"{row}.synced_version > 0 AND {row}.event_id IS NOT NULL"


def _add(table: str) -> str:
    return (f"INSERT INTO confirmed_counts (table_name, device_id, event_id, n) "
            f"SELECT '{table}', NEW.device_id, NEW.event_id, 1 WHERE {_counted('NEW')} "
            f"ON CONFLICT (table_name, device_id, event_id) DO UPDATE SET n = n + 1;")


def _take(table: str) -> str:
    return (f"UPDATE confirmed_counts SET n = n - 1 WHERE {_counted('OLD')} AND table_name = '{table}' "
            f"AND device_id = OLD.device_id AND event_id = OLD.event_id;")


def triggers(table: str) -> list[str]:
    """The statements that keep ``confirmed_counts`` in step with ``table``."""
    return [
        f"CREATE TRIGGER tr_{table}_counted_insert AFTER INSERT ON {table} WHEN {_counted('NEW')} "
        f"BEGIN {_add(table)} END",
        f"CREATE TRIGGER tr_{table}_counted_delete AFTER DELETE ON {table} WHEN {_counted('OLD')} "
        f"BEGIN {_take(table)} END",
        f"CREATE TRIGGER tr_{table}_counted_update AFTER UPDATE OF synced_version, device_id, event_id ON {table} "
        f"WHEN ({_counted('OLD')}) OR ({_counted('NEW')}) BEGIN {_take(table)} {_add(table)} END",
    ]


def upgrade() -> None:
    op.create_table(
        "confirmed_counts",
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "device_id", "event_id", name="pk_confirmed_counts"),
    )
    for table in COUNTED:
        op.execute(f"INSERT INTO confirmed_counts (table_name, device_id, event_id, n) "
                   f"SELECT '{table}', device_id, event_id, count(*) FROM {table} "
                   f"WHERE synced_version > 0 AND event_id IS NOT NULL GROUP BY device_id, event_id")
        for statement in triggers(table):
            op.execute(statement)
    for table in SYNCED:
        op.create_index(f"ix_{table}_unsent", table, ["version"], sqlite_where=sa.text("version > synced_version"))


def downgrade() -> None:
    for table in SYNCED:
        op.drop_index(f"ix_{table}_unsent", table)
    for table in COUNTED:
        for kind in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER tr_{table}_counted_{kind}")
    op.drop_table("confirmed_counts")
