"""The history of syncs with the central database, with each one's receipt.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("central", sa.String(500), nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False)
          for name in ("sent", "new", "updated", "already", "conflicts", "downloaded", "mismatches")),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
    )
    op.create_index("ix_sync_runs_started_at", "sync_runs", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_sync_runs_started_at", "sync_runs")
    op.drop_table("sync_runs")
