"""The NHS service or site an event's feedback is about, sent by laptops with each event.

Revision ID: c0003
Revises: c0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Events already at the centre came from laptops that had no service field: blank.
    op.add_column("events", sa.Column("service", sa.String(120), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("events", "service")
