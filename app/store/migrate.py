"""Schema revisions: which one a store is at, and bringing it to the newest."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

import app.store.migrations as migrations_package

MIGRATIONS_DIR = Path(migrations_package.__file__).resolve().parent


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Run every migration up to ``target`` on ``connection``, committing at the end."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, target)
    connection.commit()
