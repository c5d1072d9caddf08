"""Where the central database is and how to reach it safely.

The URL kept in the settings never holds a password: the password lives in the operating
system's keyring, or in ``INVOLVE_CENTRAL_PASSWORD`` for headless use. PostgreSQL on another
machine must use TLS unless someone has knowingly turned that off.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from app.core.i18n import _
from app.store.paths import create_private_file
from sync.errors import SyncError

log = logging.getLogger(__name__)

PASSWORD_ENV = "INVOLVE_CENTRAL_PASSWORD"
KEYRING_SERVICE = "Involve central database"
CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT_S = 120
# Drivers Involve ships with or tests against, by what people type.
DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg",
           "postgresql+psycopg": "postgresql+psycopg", "mysql": "mysql+pymysql", "mariadb": "mysql+pymysql",
           "mysql+pymysql": "mysql+pymysql", "mariadb+pymysql": "mysql+pymysql", "sqlite": "sqlite"}
SECURE_SSLMODES = ("require", "verify-ca", "verify-full")
LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class CentralTarget:
    """A checked central database address; ``url`` never carries the password."""

    url: URL
    password: str | None = None
    allow_insecure: bool = False

    @property
    def display(self) -> str:
        return display_url(self.url)

    @property
    def kind(self) -> str:
        return self.url.get_backend_name()


def parse_central_url(text: str) -> tuple[URL, str | None]:
    """The URL without its password, and the password if one was typed in it.

    Raises :class:`SyncError` with a plain message for anything Involve cannot use.
    """
    text = (text or "").strip()
    if not text:
        raise SyncError(_("No central database is set. Enter its address, for example "
                          "postgresql://involve@db.example.nhs.uk/involve."))
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise SyncError(_("'{url}' is not a database address Involve understands. It should look like "
                          "postgresql://user@server/database.").format(url=_masked(text))) from None
    driver = DRIVERS.get(url.drivername)
    if driver is None:
        raise SyncError(_("Involve can sync to PostgreSQL, MariaDB/MySQL or a SQLite file, not '{kind}'.")
                        .format(kind=url.drivername))
    url = url.set(drivername=driver)
    if driver == "sqlite":
        if not url.database or url.database == ":memory:":
            raise SyncError(_("A SQLite central database must be a file, for example sqlite:////srv/involve.db."))
    elif not url.host or not url.database:
        raise SyncError(_("The address must name the server and the database, for example "
                          "postgresql://involve@db.example.nhs.uk/involve."))
    password = url.password
    if "password" in url.query:  # libpq also takes it as an option; it must not be kept there either
        typed = url.query["password"]
        password = password if password is not None else (typed[0] if isinstance(typed, tuple) else typed)
        url = url.difference_update_query(["password"])
    return _without_password(url), (str(password) if password is not None else None)


def _without_password(url: URL) -> URL:
    # URL.set() leaves a value alone when given None, so it cannot take a password away.
    return url._replace(password=None)


def display_url(url: URL) -> str:
    """The address as people write it: no password, no driver name."""
    return _without_password(url)._replace(drivername=url.get_backend_name()).render_as_string(hide_password=False)


def _masked(text: str) -> str:
    # Never echo a password someone typed into the address back onto the screen or a log.
    if "@" in text and "://" in text:
        scheme, rest = text.split("://", 1)
        credentials, _sep, host = rest.rpartition("@")
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return text


def is_local(url: URL) -> bool:
    host = (url.host or "").lower()
    return url.get_backend_name() == "sqlite" or host in LOCAL_HOSTS or host.startswith("/")


def tls_problem(url: URL, allow_insecure: bool) -> str | None:
    """Why this address is refused under the TLS rule, or None when it may be used."""
    if url.get_backend_name() != "postgresql" or is_local(url) or allow_insecure:
        return None
    mode = url.query.get("sslmode", "require")
    if mode in SECURE_SSLMODES:
        return None
    return _("The central database is on another computer, so the connection must be encrypted "
             "(sslmode={mode} is not). Remove sslmode from the address, or turn off 'Require an "
             "encrypted connection' if your IT team has agreed.").format(mode=mode)


def keyring_user(url: URL) -> str:
    return display_url(url)


def stored_password(url: URL) -> str | None:
    """The password from the environment, else the keyring; None when neither has one."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, keyring_user(url))
    except Exception as error:  # noqa: BLE001 - any keyring backend failure means "no stored password"
        log.warning("keyring unavailable for the central password: %s", type(error).__name__)
        return None


def save_password(url: URL, password: str) -> None:
    """Keep the password in the keyring; raises :class:`SyncError` when there is no usable keyring."""
    try:
        import keyring

        if password:
            keyring.set_password(KEYRING_SERVICE, keyring_user(url), password)
            # Some backends accept a password and keep nothing; only a read-back proves it saved.
            if keyring.get_password(KEYRING_SERVICE, keyring_user(url)) != password:
                raise RuntimeError("the keyring did not keep the password")
        else:
            try:
                keyring.delete_password(KEYRING_SERVICE, keyring_user(url))
            except keyring.errors.PasswordDeleteError:
                pass
    except SyncError:
        raise
    except Exception as error:  # noqa: BLE001 - any keyring backend failure means "not saved", said plainly
        log.warning("keyring could not store the central password: %s", type(error).__name__)
        raise SyncError(_("This computer has no secure password store (keyring) Involve can use, so the "
                          "password was not saved. Set {env} instead, or ask IT to enable a keyring.")
                        .format(env=PASSWORD_ENV)) from None


def target_from(text: str, *, allow_insecure: bool = False) -> CentralTarget:
    """A checked target for the address ``text``, with its password found."""
    url, typed_password = parse_central_url(text)
    problem = tls_problem(url, allow_insecure)
    if problem:
        raise SyncError(problem)
    password = typed_password if typed_password is not None else stored_password(url)
    return CentralTarget(url, password, allow_insecure)


def connect_arguments(target: CentralTarget) -> dict[str, object]:
    """What the database driver is given besides the address: time limits, and TLS when remote."""
    kind = target.kind
    connect_args: dict[str, object] = {}
    if kind == "postgresql":
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "Involve",
                        # A cut cable is noticed in about a minute rather than hanging for hours.
                        "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3,
                        # Each batch statement runs a handful of times: preparing it would cost a round trip.
                        "prepare_threshold": None,
                        # A server that is up but stuck (a lock held elsewhere) ends the statement.
                        "options": f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000}"}
        if "sslmode" not in target.url.query:
            # Encryption over the loopback protects nothing and costs round trips.
            connect_args["sslmode"] = "disable" if is_local(target.url) else "require"
    elif kind == "mysql":
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_S, "read_timeout": STATEMENT_TIMEOUT_S,
                        "write_timeout": STATEMENT_TIMEOUT_S,
                        "charset": "utf8mb4"}
    elif kind == "sqlite":
        connect_args = {"timeout": 30}
    return connect_args


def private_sqlite_file(target: CentralTarget) -> None:
    """A SQLite centre holds everyone's sign-ups: its file is made readable by its owner only
    (SQLite gives its -wal and -shm files the same permissions), where it does not exist yet."""
    if target.kind != "sqlite" or not target.url.database:
        return
    try:
        path = Path(target.url.database).expanduser()
    except RuntimeError:  # "~name" for no such user: SQLite says so when it opens the file
        return
    if path.parent.is_dir():
        create_private_file(path)


def make_central_engine(target: CentralTarget) -> Engine:
    """An engine for the centre. The sync itself works through :func:`autocommit_connection`."""
    private_sqlite_file(target)
    url = target.url.set(password=target.password) if target.password else target.url
    kind = target.kind
    connect_args = connect_arguments(target)
    options: dict[str, object] = {"use_native_hstore": False} if kind == "postgresql" else {}
    # No rollback when a connection is put away: the sync's statements commit themselves, and
    # after a cut connection the attempt only fills the log with a second report of the cut.
    return create_engine(url, connect_args=connect_args, poolclass=NullPool, hide_parameters=True,
                         pool_reset_on_return=None, **options)


def autocommit_connection(engine: Engine) -> Connection:
    """A connection on which each statement is its own transaction.

    An upload batch is one statement, so it commits as a whole or not at all, with no extra
    BEGIN and COMMIT round trips; downloads only read.
    """
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")
