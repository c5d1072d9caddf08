""""You said, we did": actions agreed in answer to feedback.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("synced_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=True),
        sa.Column("topic", sa.String(40), nullable=True),
        sa.Column("response_id", sa.String(36), sa.ForeignKey("responses.id"), nullable=True),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_will", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("what_done", sa.Text(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_actions_event_id", "actions", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_actions_event_id", "actions")
    op.drop_table("actions")
