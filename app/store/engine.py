"""The SQLAlchemy engine over one SQLCipher file, opened the way DESIGN.md requires."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.pool import QueuePool

from app.store.keys import StoreKey
from app.store.write_turns import TurnTimeout, WriteTurns

BUSY_TIMEOUT_MS = 10_000
READING = "involve_reading"  # an execution option: this connection only reads
_HOLDS_TURN = "involve_holds_write_turn"


def open_connection(path: Path, key: StoreKey, *, wal: bool = True, read_only: bool = False
                    ) -> sqlcipher3.Connection:
    """A raw DB-API connection with the key applied and every pragma set.

    ``wal=False`` is for backup files, which must stay one self-contained file. ``read_only``
    is for looking into a copy without changing a byte of it.
    """
    if read_only:
        conn = sqlcipher3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                  isolation_level=None, check_same_thread=False)
    else:
        conn = sqlcipher3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                  check_same_thread=False)
    try:
        apply_pragmas(conn, key, wal=None if read_only else wal)
    except Exception:
        conn.close()
        raise
    return conn


def apply_pragmas(conn: sqlcipher3.Connection, key: StoreKey, *, wal: bool | None = True) -> None:
    """``wal`` None leaves the file's journal mode as it is."""
    # SQLCipher writes decryption failures to stderr by default; we report them ourselves.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {key.pragma()}")
    # Reading the schema is the first moment a wrong key or a damaged header shows.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if wal is not None:
        conn.execute(f"PRAGMA journal_mode = {'WAL' if wal else 'DELETE'}").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Erased personal data must not linger in freed pages of the file.
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def make_engine(path: Path, key: StoreKey) -> Engine:
    """An engine whose every pooled connection is a keyed SQLCipher connection."""
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=lambda: open_connection(path, key),
        poolclass=QueuePool,
        pool_size=3,
        # Error messages must not carry the values of a statement: they are people's details.
        hide_parameters=True,
    )

    # The driver's own transaction handling is off (isolation_level=None above); SQLAlchemy
    # starts each transaction itself, so SAVEPOINTs and DDL behave. IMMEDIATE takes the
    # write lock up front, so a read-then-write never fails half-way on a busy store.
    # A connection marked READING (see Store.read_connection) begins deferred instead: in WAL
    # mode a reader then never holds up a writer, however long it reads. Writers take turns
    # first come, first served (see write_turns), before SQLite's own lock.
    turns = WriteTurns()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get(READING):
            conn.exec_driver_sql("BEGIN")
            return
        try:
            turns.acquire(BUSY_TIMEOUT_MS / 1000)
        except TurnTimeout:
            raise exc.OperationalError("BEGIN IMMEDIATE", {}, sqlcipher3.OperationalError("database is locked")
                                       ) from None
        conn.info[_HOLDS_TURN] = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            conn.info.pop(_HOLDS_TURN, None)
            turns.release()
            raise

    @event.listens_for(engine, "commit")
    def _commit(conn: Connection) -> None:
        # The COMMIT itself, here, before the turn passes on: handed over earlier, the next
        # writer (a kiosk's save) would meet SQLite's lock still held and sleep in its busy
        # handler, 1, 2, 5, 10 ms at a time, long after the commit had finished. SQLAlchemy's
        # own commit, just after, then finds nothing left to do.
        if not conn.info.pop(_HOLDS_TURN, False):
            return
        driver = _driver(conn)
        try:
            driver.commit()
        except sqlcipher3.Error as error:
            # A COMMIT refused (a deferred check, a full disk) can leave the transaction open,
            # holding SQLite's lock and the connection's settings: end it here, nothing kept.
            with contextlib.suppress(sqlcipher3.Error):
                driver.rollback()
            raise exc.DBAPIError.instance("COMMIT", {}, error, sqlcipher3.Error, hide_parameters=True) from None
        finally:
            turns.release()

    @event.listens_for(engine, "rollback")
    def _rollback(conn: Connection) -> None:
        if not conn.info.pop(_HOLDS_TURN, False):
            return
        try:
            _driver(conn).rollback()
        except sqlcipher3.Error:
            pass  # SQLAlchemy's own rollback, just after, meets it again and says so
        finally:
            turns.release()

    return engine


def _driver(conn: Connection) -> sqlcipher3.Connection:
    driver = conn.connection.driver_connection
    assert driver is not None  # an open connection always has its driver's connection
    return driver


@contextlib.contextmanager
def read_only_connection(engine: Engine) -> Iterator[Connection]:
    """A connection of ``engine`` that only reads, in one snapshot of the data. It never takes
    the write lock, so a long read (a year's report, an export, a sync's batch) never holds up
    a save; anything it tries to write is refused."""
    with engine.connect() as connection:
        connection.execution_options(**{READING: True})
        connection.exec_driver_sql("PRAGMA query_only = ON")  # begins the (deferred) transaction
        try:
            yield connection
        finally:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA query_only = OFF")  # the pooled connection writes again
