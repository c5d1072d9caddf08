"""The health network, kept centrally like every synced table: organisations and their contacts,
programmes and their links, involvement logs and claims, contact lists sent, and people's topics.

Revision ID: c0009
Revises: c0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sync.migrations.versions.c0001_central_tables import _table

revision = "c0009"
down_revision = "c0008"
branch_labels = None
depends_on = None

TABLES = ("organisations", "organisation_contacts", "programmes", "programme_links", "activities", "claims",
          "contact_lists", "contact_list_entries")


def _ref(name: str, target: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.String(36), sa.ForeignKey(f"{target}.id"), nullable=nullable)


def upgrade() -> None:
    op.add_column("people", sa.Column("topics", sa.Text(), nullable=True))
    op.execute("UPDATE people SET topics = '[]'")
    with op.batch_alter_table("people") as batch:
        batch.alter_column("topics", existing_type=sa.Text(), nullable=False)
    _table("organisations",
           sa.Column("name", sa.Text(), nullable=False),
           sa.Column("kind", sa.Text(), nullable=False),
           sa.Column("areas", sa.Text(), nullable=False),
           sa.Column("topics", sa.Text(), nullable=False),
           sa.Column("communities", sa.Text(), nullable=False),
           sa.Column("email", sa.Text(), nullable=False),
           sa.Column("phone", sa.Text(), nullable=False),
           sa.Column("website", sa.Text(), nullable=False),
           sa.Column("notes", sa.Text(), nullable=False),
           _ref("practice_id", "gp_practices"),
           sa.Column("name_key", sa.Text(), nullable=True),
           # Not enforced: the organisation merged into may come in a later batch.
           sa.Column("merged_into_id", sa.String(36), nullable=True), by_event=False)
    _table("organisation_contacts",
           _ref("organisation_id", "organisations", nullable=False),
           _ref("person_id", "people", nullable=False),
           sa.Column("role", sa.Text(), nullable=False), by_event=False)
    _table("programmes",
           sa.Column("name", sa.Text(), nullable=False),
           sa.Column("decision", sa.Text(), nullable=False),
           sa.Column("duty_applies", sa.Boolean(), nullable=True),
           sa.Column("duty_notes", sa.Text(), nullable=False),
           sa.Column("what_changed", sa.Text(), nullable=False),
           sa.Column("feedback_given", sa.Text(), nullable=False),
           sa.Column("start_date", sa.Date(), nullable=True),
           sa.Column("end_date", sa.Date(), nullable=True), by_event=False)
    _table("programme_links",
           _ref("programme_id", "programmes", nullable=False),
           _ref("event_id", "events"),
           _ref("action_id", "actions"))
    _table("activities",
           _ref("person_id", "people"),
           _ref("organisation_id", "organisations"),
           sa.Column("kind", sa.Text(), nullable=False),
           sa.Column("title", sa.Text(), nullable=False),
           sa.Column("activity_date", sa.Date(), nullable=False),
           sa.Column("minutes", sa.Integer(), nullable=False),
           sa.Column("role", sa.Text(), nullable=False),
           sa.Column("level", sa.Text(), nullable=False),
           _ref("event_id", "events"),
           _ref("programme_id", "programmes"),
           sa.Column("notes", sa.Text(), nullable=False))
    _table("claims",
           _ref("person_id", "people", nullable=False),
           _ref("activity_id", "activities"),
           sa.Column("kind", sa.Text(), nullable=False),
           sa.Column("role_level", sa.Text(), nullable=False),
           sa.Column("amount_pence", sa.Integer(), nullable=False),
           sa.Column("description", sa.Text(), nullable=False),
           sa.Column("claimed_on", sa.Date(), nullable=False),
           sa.Column("status", sa.Text(), nullable=False),
           sa.Column("exported_at", sa.DateTime().with_variant(sa.dialects.mysql.DATETIME(fsp=6), "mysql", "mariadb"),
                     nullable=True), by_event=False)
    _table("contact_lists",
           sa.Column("purpose", sa.Text(), nullable=False),
           sa.Column("search", sa.Text(), nullable=False),
           sa.Column("file_format", sa.Text(), nullable=False),
           sa.Column("sent_at", sa.DateTime().with_variant(sa.dialects.mysql.DATETIME(fsp=6), "mysql", "mariadb"),
                     nullable=False), by_event=False)
    _table("contact_list_entries",
           _ref("contact_list_id", "contact_lists", nullable=False),
           _ref("person_id", "people"),
           _ref("organisation_id", "organisations"), by_event=False)
    for table in ("programme_links", "activities"):  # as for every table with an event: see c0005
        op.create_index(f"ix_central_{table}_device", table, ["device_id", "event_id"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    op.drop_column("people", "topics")
