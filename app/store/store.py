"""Opening the local store: key, integrity check, backup, migrations, this device."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import sqlcipher3
from sqlalchemy import Connection, Engine, exc, select
from sqlalchemy.orm import Session, sessionmaker

from app.core.i18n import _
from app.store import backups, migrate, restore
from app.store.engine import make_engine, read_only_connection
from app.store.errors import StoreError, StoreKeyMissing, StoreMissing, StoreUnreadable
from app.store.keys import StoreKey, get_store_key
from app.store.models import Device, LocalState
from app.store.paths import DataPaths, create_private_file
from app.store.saves_first import SavesFirst
from app.store.side_process import SideProcess
from app.store.versioning import StoreSession

log = logging.getLogger(__name__)
BackupPolicy = Literal["always", "if-upgrading", "never"]


@dataclass(frozen=True)
class LookedAfter:
    backup: Path | None  # the backup made, or None when nothing had changed since the newest


@dataclass
class Store:
    """An open store. Each thread makes its own sessions from it with :meth:`session`."""

    paths: DataPaths
    engine: Engine
    key: StoreKey
    device_id: str
    upgraded_from: str | None = None
    recovered: restore.Recovered | None = None  # a restore interrupted last time, finished or undone on opening
    saves_first: SavesFirst = field(default_factory=SavesFirst, repr=False)  # see give_way
    side: SideProcess = field(init=False, repr=False)  # long reads in a process of their own

    def __post_init__(self) -> None:
        self.side = SideProcess(self.paths.store, self.key)  # started only when first needed

    @classmethod
    def open(
        cls,
        paths: DataPaths,
        *,
        backup: BackupPolicy = "if-upgrading",
        backups_to_keep: int = 5,
        key: StoreKey | None = None,
        check: bool = True,
    ) -> Store:
        """Open (creating if need be) the store in ``paths``, bringing it up to date.

        ``check=False`` leaves out SQLite's check of every page, which grows with the store: the
        desktop app runs it after the window is ready instead (:meth:`look_after`).

        Raises ``StoreKeyMissing`` when there is no key, ``StoreUnreadable`` when the file cannot
        be decrypted or is damaged, and ``StoreMissing`` when the file is missing or empty where
        a store has been before; in each case nothing on disk is changed.

        A restore that was interrupted is finished (or undone, if its copy was not whole) first;
        ``recovered`` says which.
        """
        recovered = restore.finish_interrupted_restore(paths.store)
        is_new = not paths.store.exists() or paths.store.stat().st_size == 0
        if is_new and held_before(paths):
            raise _missing(paths, key)
        key = key or get_store_key(create=is_new)
        paths.ensure()
        create_private_file(paths.store)
        engine = make_engine(paths.store, key)
        migrating = False
        try:
            with engine.connect() as conn:
                if check and not is_new:
                    raw = conn.connection.driver_connection
                    assert raw is not None  # an open connection always has its driver's connection
                    _check_integrity(lambda: raw.execute("PRAGMA quick_check").fetchone()[0], paths, key)
                before = migrate.current_revision(conn)
                conn.rollback()
                upgrading = before != migrate.head_revision()
                if (backup == "always" or (backup == "if-upgrading" and upgrading)) and not is_new:
                    backups.make_backup(conn.connection.driver_connection, paths.backups, key)
                    backups.prune_backups(paths.backups, backups_to_keep, key)
                if upgrading:
                    log.info("upgrading the store schema from %s", before or "empty")
                    migrating = True
                    migrate.upgrade(conn)
        except exc.DatabaseError as error:
            engine.dispose()
            if migrating:  # the file opened; bringing it up to date failed and was rolled back
                log.error("store upgrade from %s failed: %s", before or "empty", type(error.orig).__name__)
                raise StoreError(_(
                    "Involve's data could not be updated for this version, so it has been left as it was "
                    "(a backup was made first). Please tell your IT team.")) from None
            if isinstance(error.orig, sqlcipher3.DatabaseError) and not is_new:
                raise _unreadable(paths, key) from None
            raise
        except BaseException:
            engine.dispose()
            raise
        store = cls(paths, engine, key, device_id="", upgraded_from=before if upgrading else None,
                    recovered=recovered)
        store.device_id = store._this_device()
        return store

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends cleanly and rolls back otherwise."""
        with self.saves_first.saving(), self._sessions.begin() as session:
            yield session

    def give_way(self) -> None:
        """For background work between its pieces: wait, briefly, while a save on another thread
        is under way, so the save has Python and the disk to itself (see :mod:`app.store.saves_first`)."""
        self.saves_first.give_way()

    def wait_for_quiet(self, longest: float, *, except_by: int | None = None) -> bool:
        """For background writes a save would have to wait for: wait until no save (other than
        those of the thread ``except_by``) has been made for a moment, at most ``longest``
        seconds; False when that ran out first."""
        return self.saves_first.wait_for_quiet(longest=longest, except_by=except_by)

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A connection that only reads (see :func:`app.store.engine.read_only_connection`)."""
        with read_only_connection(self.engine) as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session on :meth:`read_connection`: for reads that may take a while."""
        with self.read_connection() as connection, Session(bind=connection) as session:
            yield session

    @property
    def _sessions(self) -> sessionmaker[StoreSession]:
        maker = self.__dict__.get("_maker")
        if maker is None:
            # StoreSession bumps the version of every synced row changed through it.
            maker = self.__dict__["_maker"] = sessionmaker(self.engine, class_=StoreSession, expire_on_commit=False)
        return maker

    @contextmanager
    def writing_unflushed(self) -> Iterator[Connection]:
        """A write transaction whose commit does not wait for the disk: the next save that does
        (every other write here), or the next checkpoint, takes it there. Only for what may be
        lost in a power cut without harm, such as a sync's note that the centre holds a row
        (the row is then sent again, and found already there). The write-ahead log keeps the
        file whole either way; without the wait, a kiosk's save queued behind it is not held up
        by a flush of the disk it does not need."""
        with self.engine.connect() as connection:
            driver = connection.connection.driver_connection
            assert driver is not None  # an open connection always has its driver's connection
            driver.execute("PRAGMA synchronous = NORMAL")
            try:
                with connection.begin():
                    yield connection
            finally:
                driver.execute("PRAGMA synchronous = FULL")

    def backup_now(self, backups_to_keep: int = 5) -> Path:
        raw = self.engine.raw_connection()
        try:
            path = backups.make_backup(raw.driver_connection, self.paths.backups, self.key)
        finally:
            raw.close()
        backups.prune_backups(self.paths.backups, backups_to_keep, self.key)
        return path

    def look_after(self, backups_to_keep: int = 5) -> LookedAfter:
        """Check every page of the store and back it up if anything was saved since its newest
        backup, without holding up a save: the check reads a snapshot, and the backup copies one.

        Raises ``StoreUnreadable`` (offering the newest backup) when the check finds damage.
        """
        with self.read_connection() as connection:
            _check_integrity(lambda: connection.exec_driver_sql("PRAGMA quick_check").scalar(), self.paths, self.key)
        # Fold the log into the file first: closing does that anyway, and would otherwise look
        # like a change next time.
        self.flush_log()
        if backups.unchanged_since_newest(self.paths.backups, self.paths.store):
            return LookedAfter(backup=None)
        state = backups.store_state(self.paths.store)
        made = self.backup_now(backups_to_keep)
        backups.record_source(self.paths.backups, made, state)
        return LookedAfter(backup=made)

    def flush_log(self) -> bool:
        """Copy the write-ahead log into the file and empty it, so old page images (holding what was
        just withdrawn or erased) are gone from the disk now, not whenever SQLite next gets to it.

        True when the log was emptied; False if another connection was busy, in which case the
        next call (or closing the app) does it.
        """
        raw = self.engine.raw_connection()
        driver = raw.driver_connection
        assert driver is not None  # an open connection always has its driver's connection
        try:
            busy, _frames, _moved = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        return busy == 0

    def erase_in_copies(self) -> int:
        """Bring every erasure made here into the backups and set-aside copies beside the store
        (see :mod:`app.store.copies`); returns how many copies changed."""
        from app.core.signups import PersonStatus
        from app.store.copies import erase_in_copies
        from app.store.models import Person

        with self.session() as session:
            erased = list(session.scalars(select(Person.id).where(Person.status == PersonStatus.ERASED.value)))
        return erase_in_copies(self.paths, self.key, erased)

    def fold_log(self) -> None:
        """Copy what the write-ahead log holds into the file as far as readers allow, without
        waiting for anyone. After a big write (a sync marking thousands of rows), so that the
        next small one (a kiosk's save) does not find the log over its limit and pay for it."""
        raw = self.engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None  # an open connection always has its driver's connection
            driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            raw.close()

    def quick_check(self) -> str:
        """SQLite's own verdict on the file: ``ok`` or the first problem it found."""
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA quick_check").scalar())

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return migrate.current_revision(conn)

    def close(self) -> None:
        self.side.close()
        self.engine.dispose()

    def _this_device(self) -> str:
        with self.session() as session:
            state = session.get(LocalState, "device_id")
            if state is not None:
                return state.value
            device = Device(name=socket.gethostname()[:200] or _("This laptop"))
            session.add(device)
            session.flush()
            session.add(LocalState(key="device_id", value=device.id))
            log.info("this store is device %s", device.id)
            return device.id

    def device_name(self) -> str:
        with self.session() as session:
            device = session.get(Device, self.device_id)
            return device.name if device else ""

    def rename_device(self, name: str) -> None:
        """Give this laptop a new name; ``name`` must already be checked."""
        with self.session() as session:
            device = session.execute(select(Device).where(Device.id == self.device_id)).scalar_one()
            device.name = name


def _check_integrity(quick_check: Callable[[], object], paths: DataPaths, key: StoreKey) -> None:
    try:
        verdict = quick_check()
    except (sqlcipher3.DatabaseError, exc.DatabaseError):  # damage bad enough that the check cannot read a page
        verdict = "malformed"
    if verdict != "ok":
        log.error("store failed its quick check")
        raise _unreadable(paths, key, damaged=True)


def damaged(paths: DataPaths) -> StoreUnreadable:
    """What to say when SQLite found a damaged page while the store was in use."""
    return _unreadable(paths, get_store_key(create=False), damaged=True)


def _unreadable(paths: DataPaths, key: StoreKey, *, damaged: bool = False) -> StoreUnreadable:
    backup = backups.newest_usable_backup(paths.backups, key)
    if damaged:
        message = _("Involve's data file is damaged, so it has not been opened or changed.")
    else:
        message = _(
            "Involve's data file could not be opened: either this computer's key is not the one "
            "it was made with, or the file is damaged. It has not been changed."
        )
    log.error("store unreadable (damaged=%s, backup available=%s)", damaged, backup is not None)
    return StoreUnreadable(message, path=paths.store, backup=backup)


def held_before(paths: DataPaths) -> bool:
    """True when there are signs a store has been here: backups, files set aside, or its log."""
    wal = paths.store.with_name(paths.store.name + "-wal")
    return (bool(backups.read_backups(paths.backups)) or bool(restore.leftovers(paths))
            or (wal.exists() and wal.stat().st_size > 0))


def _missing(paths: DataPaths, key: StoreKey | None) -> StoreMissing:
    """The store is gone or empty where one has been: never make a new one; offer the copy that
    opens and holds the most (a store a restore set aside, or a backup)."""
    best: Path | None = None
    try:
        key = key or get_store_key(create=False)
    except StoreKeyMissing:
        key = None
    if key is not None:
        best = _fullest_copy(paths, key)
    log.error("store missing or empty where one has been (a copy that opens: %s)", best is not None)
    return StoreMissing(_("Involve's data file is missing or empty, but this computer has held Involve data "
                          "before, so a new, empty one has not been made."), path=paths.store, backup=best)


def _fullest_copy(paths: DataPaths, key: StoreKey) -> Path | None:
    """Of the stores set aside and the backups, the one that opens and holds the most rows
    (the newest, when they hold the same)."""
    candidates = restore.set_aside_stores(paths) + backups.list_backups(paths.backups)
    best: tuple[int, int] | None = None
    chosen = None
    for rank, path in enumerate(reversed(candidates)):  # later in the list is older; ties go to the newer
        held = backups.rows_in(path, key)
        if held is not None and (best is None or (held, rank) > best):
            best, chosen = (held, rank), path
    return chosen
