"""Removing a sign-up typed in from paper by mistake: a record of who removed which sheet's row,
when and why. The person's details are not kept in it: a removed row is erased like a person.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Kept on this laptop, and only ever added to: the tombstones themselves are what sync.
    op.create_table(
        "row_removals",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), nullable=False, index=True),
        sa.Column("consent_id", sa.String(36), sa.ForeignKey("consents.id"), nullable=False),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=True),
        sa.Column("paper_sheet", sa.String(40), nullable=False),
        sa.Column("paper_row", sa.Integer(), nullable=False),
        sa.Column("person_removed", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("laptop", sa.String(200), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("row_removals")
