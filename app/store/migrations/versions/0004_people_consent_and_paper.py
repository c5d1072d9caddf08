"""Sign-ups with consent, GP practices, PPG attendance and paper sheets.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


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


def upgrade() -> None:
    op.create_table(
        "gp_practices", *_synced(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("code", sa.String(10), nullable=False, unique=True),
    )
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("practice_id", sa.String(36), nullable=True))
        batch.create_foreign_key("fk_events_practice_id", "gp_practices", ["practice_id"], ["id"])
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("paper_sheet", sa.String(40), nullable=True))
        batch.add_column(sa.Column("paper_row", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("raised_by_group", sa.Boolean(), nullable=False, server_default="0"))
        batch.create_unique_constraint("uq_responses_paper_row", ["event_id", "paper_sheet", "paper_row"])
    op.create_table(
        "people", *_synced(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("postcode", sa.String(16), nullable=False),
        sa.Column("interests", sa.Text(), nullable=False),
        sa.Column("practice_id", sa.String(36), sa.ForeignKey("gp_practices.id"), nullable=True),
        sa.Column("contact_method", sa.String(10), nullable=False),
        sa.Column("access_needs", sa.Text(), nullable=False),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("merged_into_id", sa.String(36), sa.ForeignKey("people.id"), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.Column("email_key", sa.String(254), nullable=True),
        sa.Column("phone_key", sa.String(40), nullable=True),
        sa.Column("name_postcode_key", sa.String(220), nullable=True),
    )
    for column in ("email_key", "phone_key", "name_postcode_key"):
        op.create_index(f"ix_people_{column}", "people", [column])
    op.create_table(
        "consents", *_synced(),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("notice_id", sa.String(40), nullable=False),
        sa.Column("notice_version", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=True),
        sa.Column("paper_sheet", sa.String(40), nullable=True),
        sa.Column("paper_row", sa.Integer(), nullable=True),
        sa.Column("given_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("event_id", "paper_sheet", "paper_row", name="uq_consents_paper_row"),
    )
    op.create_index("ix_consents_person_id", "consents", ["person_id"])
    op.create_table(
        "attendance", *_synced(),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), nullable=True),
        sa.Column("guest_name", sa.String(200), nullable=False),
        sa.UniqueConstraint("event_id", "person_id", name="uq_attendance_member"),
    )
    op.create_index("ix_attendance_event_id", "attendance", ["event_id"])
    op.create_table(
        "sheet_prints", *_synced(),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("first_number", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.Column("large_print", sa.Boolean(), nullable=False),
        sa.Column("notice_id", sa.String(40), nullable=True),
        sa.Column("notice_version", sa.Integer(), nullable=True),
    )
    op.create_index("ix_sheet_prints_event_id", "sheet_prints", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_sheet_prints_event_id", table_name="sheet_prints")
    op.drop_table("sheet_prints")
    op.drop_index("ix_attendance_event_id", table_name="attendance")
    op.drop_table("attendance")
    op.drop_index("ix_consents_person_id", table_name="consents")
    op.drop_table("consents")
    for column in ("email_key", "phone_key", "name_postcode_key"):
        op.drop_index(f"ix_people_{column}", table_name="people")
    op.drop_table("people")
    with op.batch_alter_table("responses") as batch:
        batch.drop_constraint("uq_responses_paper_row", type_="unique")
        batch.drop_column("raised_by_group")
        batch.drop_column("paper_row")
        batch.drop_column("paper_sheet")
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("fk_events_practice_id", type_="foreignkey")
        batch.drop_column("practice_id")
    op.drop_table("gp_practices")
