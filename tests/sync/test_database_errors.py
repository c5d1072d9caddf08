"""A central database that cannot be used is explained the right way round, on PostgreSQL and
MariaDB: a missing database or user is not "check this laptop is online", and missing privileges
are not "not set up yet". The log names the error's class and code, and nothing else."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app.cli.command import main
from sync.connection import target_from
from sync.runner import run_sync
from tests.sync.conftest import make_central, server_url


@pytest.fixture(params=["postgresql", "mariadb"])
def server(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def no_rights_user(server: str) -> Iterator[str]:
    """A user who may log in and nothing more."""
    name = f"involve_nobody_{uuid.uuid4().hex[:6]}"
    admin = create_engine(make_url(server_url(server)), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if server == "postgresql":
            conn.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN')
        else:
            conn.exec_driver_sql(f"CREATE USER '{name}'@'%%'")
    yield name
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"' if server == "postgresql"
                             else f"DROP USER IF EXISTS '{name}'@'%%'")
    admin.dispose()


def _refused(capsys, url: str) -> str:
    assert main(["central", "device", "list", "--db", url]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_a_database_that_does_not_exist_is_named(capsys, server: str) -> None:
    url = make_url(server_url(server)).set(database="no_such_involve_db").render_as_string(hide_password=False)
    err = _refused(capsys, url)
    assert "There is no database 'no_such_involve_db'" in err and "online" not in err


def test_a_user_that_does_not_exist_is_named(capsys) -> None:
    """PostgreSQL only: MariaDB answers an unknown user exactly as a wrong password, by design."""
    url = make_url(server_url("postgresql")).set(username="no_such_involve_user").render_as_string(hide_password=False)
    err = _refused(capsys, url)
    assert "has no user 'no_such_involve_user'" in err and "online" not in err


def test_missing_privileges_are_not_called_not_set_up(capsys, server: str, no_rights_user: str,
                                                      tmp_path: Path) -> None:
    url, drop = make_central(server, tmp_path)
    try:
        as_nobody = make_url(url).set(username=no_rights_user, password=None).render_as_string(hide_password=False)
        err = _refused(capsys, as_nobody)
        assert f"user '{no_rights_user}' is not allowed" in err and "not been set up" not in err
    finally:
        drop()


def test_the_log_names_the_error_class_and_code_and_nothing_else(caplog, server: str, store) -> None:
    url = make_url(server_url(server)).set(database="secret_db_name").render_as_string(hide_password=False)
    with caplog.at_level(logging.WARNING, logger="sync.runner"):
        record = run_sync(store, target_from(url))
    assert record.outcome == "failed" and "There is no database 'secret_db_name'" in record.message
    [line] = [r.getMessage() for r in caplog.records if r.name == "sync.runner"]
    assert line in ("sync failed: OperationalError 3D000", "sync failed: OperationalError 1049"), line
