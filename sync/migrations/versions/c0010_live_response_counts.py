"""Each laptop's live responses counted from an index alone.

A sync's count check leaves deleted responses out (c0008). With the laptop-first index of
c0005 the database then had to read every response row to see whether it was deleted, so a
sync with nothing new grew with what the centre held (about 30 ms more at 100,000 rows). The
index now carries the deletion time too. It is made before the old one goes, which MariaDB
may be using for the foreign key to the devices.

Revision ID: c0010
Revises: c0009
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "c0010"
down_revision = "c0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_central_responses_device_live", "responses", ["device_id", "event_id", "deleted_at"])
    op.drop_index("ix_central_responses_device", "responses")


def downgrade() -> None:
    op.create_index("ix_central_responses_device", "responses", ["device_id", "event_id"])
    op.drop_index("ix_central_responses_device_live", "responses")
