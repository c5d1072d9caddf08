"""The central service: enrolled laptops, the audit log, and columns that hold what laptops hold.

Revision ID: c0004
Revises: c0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0004"
down_revision = "c0003"
branch_labels = None
depends_on = None

# Sized text columns as c0001–c0003 made them. A laptop's SQLite store keeps any length, so a
# long name (or its duplicate key) refused here would stop that laptop's every later sync.
WIDENED = {
    "devices": {"name": 200},
    "gp_practices": {"name": 200, "code": 10},
    "events": {"name": 200, "kind": 40, "venue": 200, "locality": 200, "organiser": 200, "partners": 200,
               "service": 120},
    "people": {"name": 200, "email": 254, "phone": 40, "postcode": 16, "contact_method": 10, "status": 10,
               "email_key": 254, "phone_key": 40, "name_postcode_key": 220},
    "consents": {"notice_id": 40, "method": 10, "paper_sheet": 40},
    "attendance": {"guest_name": 200},
    "responses": {"mode": 10, "language": 10, "fft_rating": 20, "paper_sheet": 40},
    "sheet_prints": {"kind": 20, "notice_id": 40},
    "actions": {"topic": 40, "owner": 200, "status": 12},
}

NULLABLE = {("people", "email_key"), ("people", "phone_key"), ("people", "name_postcode_key"),
            ("responses", "fft_rating"), ("responses", "paper_sheet"), ("consents", "paper_sheet"),
            ("sheet_prints", "notice_id"), ("actions", "topic")}


def _date_time() -> sa.types.TypeEngine:
    return sa.DateTime().with_variant(sa.dialects.mysql.DATETIME(fsp=6), "mysql", "mariadb")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":  # SQLite does not enforce a string's length
        for table, columns in WIDENED.items():
            for column, length in columns.items():
                # MariaDB restates the whole column: its null rule and default must be given again.
                op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length),
                                existing_nullable=(table, column) in NULLABLE,
                                existing_server_default="" if (table, column) == ("events", "service") else None)
    op.create_table(
        "device_enrolments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("code_expires_at", _date_time(), nullable=False),
        sa.Column("code_used_at", _date_time()),
        sa.Column("device_id", sa.String(36), index=True),
        sa.Column("token_hash", sa.String(64), unique=True),
        sa.Column("created_at", _date_time(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("enrolled_at", _date_time()),
        sa.Column("revoked_at", _date_time()),
        sa.Column("last_seen_at", _date_time()),
        mysql_charset="utf8mb4", mysql_engine="InnoDB")
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _date_time(), nullable=False, index=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        mysql_charset="utf8mb4", mysql_engine="InnoDB")


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("device_enrolments")
