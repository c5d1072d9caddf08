"""Every version of each survey published, not only the newest.

A central report reads each answer by the version it was given with, so the words of an
older version must stay after a newer one is published. The versions published so far are
the ones in survey_definitions; they start the history.

Revision ID: c0006
Revises: c0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "c0006"
down_revision = "c0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("survey_history",
                    sa.Column("id", sa.String(40), primary_key=True),
                    sa.Column("version", sa.Integer(), primary_key=True, autoincrement=False),
                    sa.Column("definition", sa.Text(), nullable=False),
                    sa.Column("published_by", sa.String(200), nullable=False),
                    sa.Column("published_at", sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb"),
                              nullable=False),
                    mysql_charset="utf8mb4", mysql_engine="InnoDB")
    op.execute("INSERT INTO survey_history (id, version, definition, published_by, published_at) "
               "SELECT id, version, definition, published_by, changed_at FROM survey_definitions")


def downgrade() -> None:
    op.drop_table("survey_history")
