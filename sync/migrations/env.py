"""Alembic environment for the central database: handed an open connection by ``sync.central``."""

from __future__ import annotations

from alembic import context

from sync.central_schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  version_table="central_alembic_version", transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
