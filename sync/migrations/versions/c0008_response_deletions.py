"""Why a response was deleted, and who deleted it (the laptop and the account signed in to it),
sent by laptops with the response's tombstone.

Revision ID: c0008
Revises: c0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0008"
down_revision = "c0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Responses already at the centre were deleted, if at all, without a reason being sent.
    op.add_column("responses", sa.Column("deleted_reason", sa.Text(), nullable=True))
    op.add_column("responses", sa.Column("deleted_by", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("responses", "deleted_by")
    op.drop_column("responses", "deleted_reason")
