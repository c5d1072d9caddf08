"""Each laptop's rows found by laptop first, for the counts a sync compares.

The older index leads with the event, for reports; counting one laptop's rows per event
through it reads every laptop's entries.

Revision ID: c0005
Revises: c0004
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "c0005"
down_revision = "c0004"
branch_labels = None
depends_on = None

COUNTED = ("responses", "people", "consents", "attendance", "sheet_prints", "actions")


def upgrade() -> None:
    for table in COUNTED:
        op.create_index(f"ix_central_{table}_device", table, ["device_id", "event_id"])


def downgrade() -> None:
    for table in COUNTED:
        op.drop_index(f"ix_central_{table}_device", table)
