"""The central database's tables: made by Alembic, matching what the sync code writes."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from app.store.models import Base
from sync import central_schema
from sync.central import CENTRAL_HEAD, init_central
from sync.connection import autocommit_connection, make_central_engine, target_from
from tests.sync.conftest import make_central


def test_the_central_migration_builds_exactly_the_tables_the_sync_writes(central_url: str) -> None:
    engine = make_central_engine(target_from(central_url))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": False,
                                                             "version_table": "central_alembic_version"})
            differences = compare_metadata(context, central_schema.metadata)
        assert differences == []
    finally:
        engine.dispose()


def test_every_laptop_table_that_syncs_is_at_the_centre_with_every_column() -> None:
    for model in central_schema.SYNCED_MODELS:
        local = {c.name for c in model.__table__.columns} - {"synced_version"}
        centre = set(central_schema.shared_columns(central_schema.SYNCED_TABLES[model.__tablename__]))
        assert local == centre, model.__tablename__
    synced = {m.class_.__tablename__ for m in Base.registry.mappers if hasattr(m.class_, "synced_version")}
    assert synced - {"devices"} == {m.__tablename__ for m in central_schema.SYNCED_MODELS}


def test_central_init_is_safe_to_run_again(tmp_path: Path) -> None:
    url, drop = make_central("sqlite", tmp_path)
    engine = make_central_engine(target_from(url))
    try:
        first = init_central(engine)
        again = init_central(engine)
        assert first == again and again.revision == CENTRAL_HEAD
        with autocommit_connection(engine) as conn:
            assert "responses" in inspect(conn).get_table_names()
    finally:
        engine.dispose()
        drop()


def test_a_sqlite_centre_and_its_log_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    import os
    import stat

    previous = os.umask(0o022)  # the usual umask, under which SQLite makes files readable by all
    try:
        central = tmp_path / "central.db"
        engine = make_central_engine(target_from(f"sqlite:///{central}"))
        try:
            init_central(engine)
        finally:
            engine.dispose()
    finally:
        os.umask(previous)
    made = [p for p in tmp_path.iterdir() if p.name.startswith("central.db")]
    assert made and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in made), [
        (p.name, oct(p.stat().st_mode)) for p in made]
