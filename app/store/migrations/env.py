"""Alembic environment: always handed an open connection by ``app.store.migrate``."""

from __future__ import annotations

from alembic import context

from app.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table safely.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
