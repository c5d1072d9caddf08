"""Set-up central databases for the tests, copied from one migrated per engine and test process.

Running every central migration costs about a second a database (several on MariaDB), and most
sync tests want a fresh centre per engine, so each test process migrates one template per
engine the first time it is asked for one and hands out copies:

- SQLite: a copy of the file, with the template's (owner-only) permissions.
- PostgreSQL: ``CREATE DATABASE … TEMPLATE``, which copies everything in the database.
- MariaDB has no template databases: each table is made again from the template's own
  ``SHOW CREATE TABLE`` (indexes, foreign keys, character sets and all), and rows the
  migrations wrote are copied. The template must hold tables only; anything else (a view, a
  trigger, a routine) stops the tests, so a migration that adds one is noticed here.

Each copy then gets a centre identity of its own, as a freshly migrated database would. Tests
of the migrations themselves (an older centre upgraded) migrate databases of their own and
never come here. ``tests/sync/test_central_template.py`` checks copies against a freshly
migrated database on every engine.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, update

from sync.central import init_central
from sync.central_schema import central_info
from sync.connection import make_central_engine, target_from


@dataclass
class _Template:
    kind: str
    url: str  # the migrated template itself: never handed to a test
    name: str  # the database's name; the file's path for SQLite
    admin: Engine | None = None  # on the server's own database, to create and drop copies
    home: str = ""  # that database's name
    tables: list[tuple[str, str, bool]] = field(default_factory=list)  # MariaDB: name, CREATE TABLE, has rows


_templates: dict[str, _Template] = {}
_lock = threading.Lock()


def _quoted(kind: str, name: str) -> str:
    return f'"{name}"' if kind == "postgresql" else f"`{name}`"


def _migrate(url: str) -> None:
    engine = make_central_engine(target_from(url))
    try:
        init_central(engine)
    finally:
        engine.dispose()


def _make_template(kind: str, server: str | None) -> _Template:
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="involve-central-template-"))
        path = folder / "central.db"
        url = f"sqlite:///{path}"
        _migrate(url)
        return _Template(kind, url, str(path))
    assert server is not None
    base = make_url(server)
    name = f"involve_tpl_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT", pool_size=1, pool_pre_ping=True)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {_quoted(kind, name)}")
    template = _Template(kind, base.set(database=name).render_as_string(hide_password=False), name, admin,
                         base.database or "")
    try:
        _migrate(template.url)
        if kind == "mariadb":
            template.tables = _mariadb_tables(admin, name)
    except BaseException:
        _drop_template(template)
        raise
    return template


def _mariadb_tables(admin: Engine, name: str) -> list[tuple[str, str, bool]]:
    with admin.connect() as conn:
        others = conn.exec_driver_sql(
            "SELECT 'view or sequence', table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type <> 'BASE TABLE' "
            "UNION ALL SELECT 'trigger', trigger_name FROM information_schema.triggers WHERE trigger_schema = %s "
            "UNION ALL SELECT 'routine', routine_name FROM information_schema.routines WHERE routine_schema = %s "
            "UNION ALL SELECT 'event', event_name FROM information_schema.events WHERE event_schema = %s",
            (name, name, name, name)).all()
        if others:
            raise AssertionError(f"The central migrations now make more than tables ({others}): teach "
                                 "tests/sync/central_template.py to copy them to each test's database.")
        names = [row[0] for row in conn.exec_driver_sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY table_name",
            (name,))]
        tables = []
        for table in names:
            create = conn.exec_driver_sql(f"SHOW CREATE TABLE `{name}`.`{table}`").one()[1]
            has_rows = conn.exec_driver_sql(f"SELECT EXISTS (SELECT 1 FROM `{name}`.`{table}`)").scalar()
            tables.append((table, create, bool(has_rows)))
    return tables


def _drop_template(template: _Template) -> None:
    if template.kind == "sqlite":
        shutil.rmtree(Path(template.name).parent, ignore_errors=True)
        return
    assert template.admin is not None
    force = " WITH (FORCE)" if template.kind == "postgresql" else ""
    with template.admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {_quoted(template.kind, template.name)}{force}")
    template.admin.dispose()


def _template(kind: str, server: str | None) -> _Template:
    with _lock:
        if kind not in _templates:
            _templates[kind] = _make_template(kind, server)
        return _templates[kind]


def copy_central(kind: str, tmp_path: Path, server: str | None) -> tuple[str, Callable[[], None]]:
    """A copy of the migrated template of ``kind``: its URL, and how to drop it.

    ``server`` is the database server's URL (any database on it); None for SQLite.
    """
    template = _template(kind, server)
    if kind == "sqlite":
        path = tmp_path / f"central-{uuid.uuid4().hex[:6]}.db"
        shutil.copy(template.name, path)  # the bytes and the owner-only permissions
        url, drop = f"sqlite:///{path}", (lambda: None)
    else:
        url, drop = _copy_on_server(template)
    _new_identity(url)
    return url, drop


def _copy_on_server(template: _Template) -> tuple[str, Callable[[], None]]:
    kind, admin = template.kind, template.admin
    assert admin is not None
    name = f"involve_t_{uuid.uuid4().hex[:12]}"
    quoted = _quoted(kind, name)
    with admin.connect() as conn:
        if kind == "postgresql":
            conn.exec_driver_sql(f"CREATE DATABASE {quoted} TEMPLATE {_quoted(kind, template.name)}")
        else:
            conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
            conn.exec_driver_sql(f"USE {quoted}")
            conn.exec_driver_sql("SET SESSION foreign_key_checks = 0")  # tables in any order
            try:
                for table, create, has_rows in template.tables:
                    conn.exec_driver_sql(create.replace("%", "%%"))
                    if has_rows:
                        conn.exec_driver_sql(f"INSERT INTO `{table}` SELECT * FROM `{template.name}`.`{table}`")
            finally:
                conn.exec_driver_sql("SET SESSION foreign_key_checks = 1")
                conn.exec_driver_sql(f"USE {_quoted(kind, template.home)}")  # the pooled connection's own again

    def drop() -> None:
        force = " WITH (FORCE)" if kind == "postgresql" else ""
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted}{force}")

    return make_url(template.url).set(database=name).render_as_string(hide_password=False), drop


def _new_identity(url: str) -> None:
    # The migration gives every centre an id of its own; a laptop refuses to mix centres by it.
    engine = make_central_engine(target_from(url))
    try:
        with engine.begin() as conn:
            conn.execute(update(central_info).where(central_info.c.key == "central_id")
                         .values(value=str(uuid.uuid4())))
    finally:
        engine.dispose()


def drop_templates() -> None:
    """Drop every template this process made (at the end of the test session)."""
    with _lock:
        for template in _templates.values():
            _drop_template(template)
        _templates.clear()

