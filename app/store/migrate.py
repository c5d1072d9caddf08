"""Schema revisions: which one a store is at, and bringing it to the newest.

Alembic is imported only when a store actually needs upgrading, so an ordinary start-up
does not pay for loading it and reading every migration script.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

import app.store.migrations as migrations_package

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(migrations_package.__file__).resolve().parent
# The newest revision in migrations/versions; a test keeps this in step with the scripts.
HEAD_REVISION = "0012"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return HEAD_REVISION


def script_head_revision() -> str | None:
    """The head as Alembic reads it from the scripts (slow; for tests and tooling)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Run every migration up to ``target`` on ``connection``, committing at the end.

    SQLite changes a table by copying it, which foreign keys from other tables would refuse,
    so they are switched off for the migration (outside any transaction, as SQLite requires)
    and every reference is checked before they are switched back on.
    """
    from alembic import command

    raw = connection.connection.driver_connection
    assert raw is not None  # an open connection always has its driver's connection
    if connection.in_transaction():
        connection.commit()
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            connection.rollback()
            raise RuntimeError(f"the upgrade would leave {len(broken)} broken references; nothing was changed")
        connection.commit()
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
