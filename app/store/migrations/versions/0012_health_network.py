"""The health network: organisations and their contacts, programmes and the decisions they
informed, each member's involvement log and claims, the contact lists sent, and the topics a
person cares about.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("organisations", "organisation_contacts", "programmes", "programme_links", "activities", "claims",
          "contact_lists", "contact_list_entries")


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("synced_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def _ref(name: str, target: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.String(36), sa.ForeignKey(f"{target}.id"), nullable=nullable)


def _text(name: str, default: str = "") -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default=default)


def upgrade() -> None:
    # At the end of the table, so added in place; everyone signed up so far has no topics yet.
    op.add_column("people", sa.Column("topics", sa.Text(), nullable=False, server_default="[]"))
    op.create_table(
        "organisations", *_synced(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        _text("areas", "[]"), _text("topics", "[]"), _text("communities", "[]"),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("website", sa.String(500), nullable=False),
        _text("notes"),
        _ref("practice_id", "gp_practices"),
        sa.Column("name_key", sa.String(220), nullable=True),
        _ref("merged_into_id", "organisations"),
    )
    op.create_index("ix_organisations_name_key", "organisations", ["name_key"])
    op.create_table(
        "organisation_contacts", *_synced(),
        _ref("organisation_id", "organisations", nullable=False),
        _ref("person_id", "people", nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
    )
    op.create_index("ix_organisation_contacts_organisation_id", "organisation_contacts", ["organisation_id"])
    op.create_index("ix_organisation_contacts_person_id", "organisation_contacts", ["person_id"])
    op.create_table(
        "programmes", *_synced(),
        sa.Column("name", sa.String(200), nullable=False),
        _text("decision"),
        sa.Column("duty_applies", sa.Boolean(), nullable=True),
        _text("duty_notes"), _text("what_changed"), _text("feedback_given"),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
    )
    op.create_table(
        "programme_links", *_synced(),
        _ref("programme_id", "programmes", nullable=False),
        _ref("event_id", "events"),
        _ref("action_id", "actions"),
    )
    op.create_index("ix_programme_links_programme_id", "programme_links", ["programme_id"])
    op.create_table(
        "activities", *_synced(),
        _ref("person_id", "people"),
        _ref("organisation_id", "organisations"),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("activity_date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        _ref("event_id", "events"),
        _ref("programme_id", "programmes"),
        _text("notes"),
    )
    for column in ("person_id", "organisation_id", "event_id", "programme_id"):
        op.create_index(f"ix_activities_{column}", "activities", [column])
    op.create_table(
        "claims", *_synced(),
        _ref("person_id", "people", nullable=False),
        _ref("activity_id", "activities"),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("role_level", sa.String(12), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        _text("description"),
        sa.Column("claimed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_claims_person_id", "claims", ["person_id"])
    op.create_table(
        "contact_lists", *_synced(),
        sa.Column("purpose", sa.Text(), nullable=False),
        _text("search", "{}"),
        sa.Column("file_format", sa.String(20), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "contact_list_entries", *_synced(),
        _ref("contact_list_id", "contact_lists", nullable=False),
        _ref("person_id", "people"),
        _ref("organisation_id", "organisations"),
    )
    op.create_index("ix_contact_list_entries_contact_list_id", "contact_list_entries", ["contact_list_id"])
    op.create_index("ix_contact_list_entries_person_id", "contact_list_entries", ["person_id"])
    for table in TABLES:
        op.create_index(f"ix_{table}_unsent", table, ["version"], sqlite_where=sa.text("version > synced_version"))


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    with op.batch_alter_table("people") as batch:
        batch.drop_column("topics")
