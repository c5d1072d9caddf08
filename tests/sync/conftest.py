"""Central databases for the sync tests: a fresh, set-up database per test.

PostgreSQL and MariaDB come from ``INVOLVE_TEST_PG_URL`` / ``INVOLVE_TEST_MARIADB_URL`` (CI
sets both); each test gets its own throwaway database on that server, dropped afterwards.
Without the variable the test is skipped with the reason; ``.ci/run`` always sets them.
The set-up databases are copies of one migrated per engine and test process
(``tests/sync/central_template.py``); a test of the migrations makes a bare database with
``_fresh_database`` and migrates it itself.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url

from app.store.paths import DataPaths
from app.store.store import Store
from tests.store_template import new_store
from tests.sync.central_template import copy_central
from tests.sync.service_process import CentralService, start_service

SERVERS = {"postgresql": "INVOLVE_TEST_PG_URL", "mariadb": "INVOLVE_TEST_MARIADB_URL"}


def server_url(kind: str) -> str:
    url = os.environ.get(SERVERS[kind])
    if not url:
        pytest.skip(f"{SERVERS[kind]} is not set, so there is no {kind} server to test against")
    return url


def _fresh_database(kind: str) -> tuple[str, Callable[[], None]]:
    base = make_url(server_url(kind))
    name = f"involve_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    quoted = f'"{name}"' if kind == "postgresql" else f"`{name}`"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {quoted}")

    def drop() -> None:
        with admin.connect() as conn:
            if kind == "postgresql":
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
            else:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted}")
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


@contextmanager
def older_centre(kind: str, tmp_path: Path, revision: str) -> Iterator[tuple[str, Engine]]:
    """A bare central database of ``kind`` migrated only as far as ``revision``, as an older
    release left it: its URL and engine, for a test of the upgrade from there."""
    from alembic import command

    from sync.central import _config
    from sync.connection import make_central_engine, target_from

    url, drop = (f"sqlite:///{tmp_path / 'old.db'}", lambda: None) if kind == "sqlite" else _fresh_database(kind)
    engine = make_central_engine(target_from(url))
    try:
        with engine.connect() as connection:
            command.upgrade(_config(connection), revision)
            connection.commit()
        yield url, engine
    finally:
        engine.dispose()
        drop()


def make_central(kind: str, tmp_path: Path) -> tuple[str, Callable[[], None]]:
    """A set-up central database of ``kind`` (sqlite, postgresql, mariadb): its URL and how to drop it.

    As migrated by ``init_central``, with an identity of its own, but copied from a template.
    """
    return copy_central(kind, tmp_path, None if kind == "sqlite" else server_url(kind))


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each engine in turn."""
    url, drop = make_central(request.param, tmp_path)
    yield url
    drop()


@pytest.fixture
def pg_central(tmp_path: Path) -> Iterator[str]:
    url, drop = make_central("postgresql", tmp_path)
    yield url
    drop()


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    """``make_store("laptop-a")``: a separate store (a separate device) per name."""
    opened: list[Store] = []

    def make(name: str) -> Store:
        store = new_store(DataPaths(tmp_path / name))
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def service(central_url: str, tmp_path: Path) -> Iterator[CentralService]:
    """The real central service in front of each engine's central database in turn."""
    running = start_service(central_url, tmp_path)
    yield running
    running.stop()
