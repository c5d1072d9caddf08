""""You said, we did": the actions laptops record, kept centrally like every synced table.

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa

from sync.migrations.versions.c0001_central_tables import _table

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _table("actions",
           sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=True),
           sa.Column("topic", sa.String(40), nullable=True),
           sa.Column("response_id", sa.String(36), sa.ForeignKey("responses.id"), nullable=True),
           sa.Column("you_said", sa.Text(), nullable=False),
           sa.Column("we_will", sa.Text(), nullable=False),
           sa.Column("owner", sa.String(200), nullable=False),
           sa.Column("due_date", sa.Date(), nullable=True),
           sa.Column("status", sa.String(12), nullable=False),
           sa.Column("what_done", sa.Text(), nullable=False),
           sa.Column("done_on", sa.Date(), nullable=True))


def downgrade() -> None:
    from alembic import op

    op.drop_table("actions")
