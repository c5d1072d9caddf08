"""Event times, locality, organiser and partners; archiving instead of deleting.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("start_time", sa.Time(), nullable=True))
        batch.add_column(sa.Column("end_time", sa.Time(), nullable=True))
        for name in ("locality", "organiser", "partners"):
            batch.add_column(
                sa.Column(name, sa.String(200), nullable=False, server_default="")
            )
        batch.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name in ("archived_at", "partners", "organiser", "locality", "end_time", "start_time"):
            batch.drop_column(name)
