"""Corrections to saved feedback: an audit of who changed or deleted a response, when and why; a
deleted response carries its reason and who deleted it to the centre; and the count check after a
sync leaves deleted responses out.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

KINDS = ("insert", "delete", "update")


def _counted(row: str, *, live: bool) -> str:
    condition = f"{row}.synced_version > 0 AND {row}.event_id IS NOT NULL"
    return condition + (f" AND {row}.deleted_at IS NULL" if live else "")


def response_triggers(*, live: bool) -> list[str]:
    """The triggers keeping ``confirmed_counts`` in step with ``responses``; ``live`` counts only
    responses not deleted (the centre's count leaves them out too)."""
    def counted(row: str) -> str:
        return _counted(row, live=live)

    add = ("INSERT INTO confirmed_counts (table_name, device_id, event_id, n) "
           f"SELECT 'responses', NEW.device_id, NEW.event_id, 1 WHERE {counted('NEW')} "
           "ON CONFLICT (table_name, device_id, event_id) DO UPDATE SET n = n + 1;")
    take = (f"UPDATE confirmed_counts SET n = n - 1 WHERE {counted('OLD')} AND table_name = 'responses' "
            "AND device_id = OLD.device_id AND event_id = OLD.event_id;")
    columns = "synced_version, device_id, event_id" + (", deleted_at" if live else "")
    return [
        f"CREATE TRIGGER tr_responses_counted_insert AFTER INSERT ON responses WHEN {counted('NEW')} "
        f"BEGIN {add} END",
        f"CREATE TRIGGER tr_responses_counted_delete AFTER DELETE ON responses WHEN {counted('OLD')} "
        f"BEGIN {take} END",
        f"CREATE TRIGGER tr_responses_counted_update AFTER UPDATE OF {columns} ON responses "
        f"WHEN ({counted('OLD')}) OR ({counted('NEW')}) BEGIN {take} {add} END",
    ]


def _recount(*, live: bool) -> None:
    for kind in KINDS:
        op.execute(f"DROP TRIGGER IF EXISTS tr_responses_counted_{kind}")
    op.execute("DELETE FROM confirmed_counts WHERE table_name = 'responses'")
    op.execute("INSERT INTO confirmed_counts (table_name, device_id, event_id, n) "
               "SELECT 'responses', device_id, event_id, count(*) FROM responses "
               f"WHERE {_counted('responses', live=live)} GROUP BY device_id, event_id")
    for statement in response_triggers(live=live):
        op.execute(statement)


def upgrade() -> None:
    # New columns at the end of the table are added in place (no copy of the table).
    op.add_column("responses", sa.Column("deleted_reason", sa.Text(), nullable=True))
    op.add_column("responses", sa.Column("deleted_by", sa.String(200), nullable=True))
    # Kept on this laptop, and only ever added to: the tombstone itself is what syncs.
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("response_id", sa.String(36), sa.ForeignKey("responses.id"), nullable=False, index=True),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("laptop", sa.String(200), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("paper_sheet", sa.String(40), nullable=True),
        sa.Column("paper_row", sa.Integer(), nullable=True),
    )
    _recount(live=True)


def downgrade() -> None:
    op.drop_table("corrections")
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("deleted_by")
        batch.drop_column("deleted_reason")
    _recount(live=False)
