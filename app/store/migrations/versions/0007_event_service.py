"""The NHS service or site an event's feedback is about, for the FFT monthly return.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing events were not about one service as far as anyone recorded: blank.
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("service", sa.String(120), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("service")
