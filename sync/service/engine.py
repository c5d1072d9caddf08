"""The service's own connection pool to the central database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

from sync.connection import connect_arguments, private_sqlite_file, target_from

POOL_SIZE = 8


def service_engine(address: str, *, allow_insecure: bool = False) -> Engine:
    """A pooled engine for one worker process. The password comes from the environment or the keyring."""
    target = target_from(address, allow_insecure=allow_insecure)
    private_sqlite_file(target)
    url = target.url.set(password=target.password) if target.password else target.url
    options: dict[str, Any] = {"use_native_hstore": False} if target.kind == "postgresql" else {}
    if target.kind != "sqlite":
        options |= {"pool_size": POOL_SIZE, "max_overflow": 4, "pool_pre_ping": True, "pool_recycle": 1800}
    engine = create_engine(url, connect_args=connect_arguments(target), hide_parameters=True, **options)
    if target.kind == "sqlite":
        _sqlite_transactions(engine)
    return engine


def _sqlite_transactions(engine: Engine) -> None:
    """SQLite: write-ahead logging for several workers, and transactions SQLAlchemy begins
    itself, so a savepoint inside a request behaves as on the other engines."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
