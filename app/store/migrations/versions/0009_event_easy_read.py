"""Whether an event's kiosk offers the FFT in easy read (a picture above each answer) and an
easy-read privacy notice.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Events made before easy read existed never offered it. A new column at the end of the table is
    # added in place (no copy of the table), so the counting triggers of 0008 are left as they are.
    op.add_column("events", sa.Column("easy_read", sa.Boolean(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("easy_read")
