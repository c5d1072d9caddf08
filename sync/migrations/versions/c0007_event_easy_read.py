"""Whether an event's kiosk offers the FFT in easy read, sent by laptops with each event.

Revision ID: c0007
Revises: c0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0007"
down_revision = "c0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Events already at the centre came from laptops without easy read: they never offered it.
    op.add_column("events", sa.Column("easy_read", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("events", "easy_read")
