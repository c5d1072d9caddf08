"""The central database: every synced table, with where and when each row was received.

Revision ID: c0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None

TABLE_OPTIONS: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_engine": "InnoDB"}


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb"),
                     nullable=nullable)


def _received() -> list[sa.Column]:
    return [
        sa.Column("received_from", sa.String(36), nullable=False),
        _when("received_at"),
        _when("changed_at"),
        sa.Column("first_batch", sa.String(36), nullable=False),
        sa.Column("last_batch", sa.String(36), nullable=False),
    ]


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        _when("deleted_at", nullable=True),
    ]


def _table(name: str, *columns: sa.Column, by_event: bool = True) -> None:
    op.create_table(name, *_synced(), *columns, *_received(), **TABLE_OPTIONS)
    if by_event:
        op.create_index(f"ix_central_{name}_event", name, ["event_id", "device_id"])
    op.create_index(f"ix_central_{name}_changed", name, ["changed_at"])


def upgrade() -> None:
    op.create_table("central_info",
                    sa.Column("key", sa.String(100), primary_key=True),
                    sa.Column("value", sa.Text(), nullable=False), **TABLE_OPTIONS)
    op.bulk_insert(sa.table("central_info", sa.column("key"), sa.column("value")),
                   [{"key": "central_id", "value": str(uuid.uuid4())}])
    op.create_table("devices",
                    sa.Column("id", sa.String(36), primary_key=True),
                    sa.Column("name", sa.String(200), nullable=False),
                    _when("created_at"), _when("updated_at"),
                    sa.Column("version", sa.Integer(), nullable=False),
                    *_received(), **TABLE_OPTIONS)
    _table("gp_practices",
           sa.Column("name", sa.String(200), nullable=False),
           sa.Column("code", sa.String(10), nullable=False), by_event=False)
    _table("events",
           sa.Column("name", sa.String(200), nullable=False),
           sa.Column("kind", sa.String(40), nullable=False),
           sa.Column("event_date", sa.Date(), nullable=False),
           sa.Column("start_time", sa.Time(), nullable=True),
           sa.Column("end_time", sa.Time(), nullable=True),
           sa.Column("venue", sa.String(200), nullable=False),
           sa.Column("locality", sa.String(200), nullable=False),
           sa.Column("organiser", sa.String(200), nullable=False),
           sa.Column("partners", sa.String(200), nullable=False),
           sa.Column("notes", sa.Text(), nullable=False),
           _when("archived_at", nullable=True),
           sa.Column("survey_ids", sa.Text(), nullable=False),
           sa.Column("practice_id", sa.String(36), sa.ForeignKey("gp_practices.id"), nullable=True),
           by_event=False)
    _table("people",
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
           sa.Column("merged_into_id", sa.String(36), nullable=True),
           _when("withdrawn_at", nullable=True),
           _when("erased_at", nullable=True),
           sa.Column("email_key", sa.String(254), nullable=True),
           sa.Column("phone_key", sa.String(40), nullable=True),
           sa.Column("name_postcode_key", sa.String(220), nullable=True))
    _table("consents",
           sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), nullable=False),
           sa.Column("notice_id", sa.String(40), nullable=False),
           sa.Column("notice_version", sa.Integer(), nullable=False),
           sa.Column("method", sa.String(10), nullable=False),
           sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=True),
           sa.Column("paper_sheet", sa.String(40), nullable=True),
           sa.Column("paper_row", sa.Integer(), nullable=True),
           _when("given_at"),
           _when("withdrawn_at", nullable=True))
    _table("attendance",
           sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=False),
           sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), nullable=True),
           sa.Column("guest_name", sa.String(200), nullable=False))
    _table("responses",
           sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=False),
           sa.Column("mode", sa.String(10), nullable=False),
           sa.Column("language", sa.String(10), nullable=False),
           sa.Column("survey_versions", sa.Text(), nullable=False),
           sa.Column("answers", sa.Text(), nullable=False),
           sa.Column("fft_rating", sa.String(20), nullable=True),
           _when("submitted_at"),
           sa.Column("paper_sheet", sa.String(40), nullable=True),
           sa.Column("paper_row", sa.Integer(), nullable=True),
           sa.Column("raised_by_group", sa.Boolean(), nullable=False))
    _table("sheet_prints",
           sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), nullable=False),
           sa.Column("kind", sa.String(20), nullable=False),
           sa.Column("first_number", sa.Integer(), nullable=False),
           sa.Column("last_number", sa.Integer(), nullable=False),
           sa.Column("large_print", sa.Boolean(), nullable=False),
           sa.Column("notice_id", sa.String(40), nullable=True),
           sa.Column("notice_version", sa.Integer(), nullable=True))
    op.create_table("survey_definitions",
                    sa.Column("id", sa.String(40), primary_key=True),
                    sa.Column("version", sa.Integer(), nullable=False),
                    sa.Column("definition", sa.Text(), nullable=False),
                    sa.Column("published_by", sa.String(200), nullable=False),
                    _when("changed_at"),
                    _when("deleted_at", nullable=True), **TABLE_OPTIONS)


def downgrade() -> None:
    for name in ("survey_definitions", "sheet_prints", "responses", "attendance", "consents", "people",
                 "events", "gp_practices", "devices", "central_info"):
        op.drop_table(name)
