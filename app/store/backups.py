"""Online backups of the store beside it: making, listing and pruning them.

A backup is an encrypted copy made with SQLite's backup API while the store is open. It is
written under a temporary name and renamed when complete, so a half-made copy never looks
like a backup.

Backups are ordered by a sequence number in their names, never by the clock: a clock once
set days ahead must not make an old backup look like the newest. Each name also records how
many rows the backup holds, so that pruning never removes a backup in favour of newer ones
holding less (an emptied or replaced store) without a person saying so. Putting a backup
back is in :mod:`app.store.restore`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from app.store.atomic_file import replacing, write_bytes_atomically
from app.store.engine import open_connection
from app.store.keys import StoreKey

log = logging.getLogger(__name__)
PREFIX = "involve-"
SUFFIX = ".db"
# The tables whose rows a backup's size is judged by: everything the public and staff gave.
HELD_TABLES = ("events", "responses", "people", "consents", "attendance", "sheet_prints", "actions", "gp_practices")
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAMED = re.compile(r"^involve-(?P<sequence>\d{8})-(?P<stamp>\d{8}T\d{12}Z)-n(?P<rows>\d+)\.db$")
_TIME_ONLY = re.compile(r"^involve-(?P<stamp>\d{8}T\d{12}Z)\.db$")  # named by earlier versions
# What the store's files looked like when the newest backup was taken from them.
SOURCE_STATE = "newest-backup-source.json"


@dataclass(frozen=True)
class Backup:
    path: Path
    sequence: int  # 0 for a backup named by the time alone, by an earlier version: older than any numbered one
    made: dt.datetime | None  # by the clock of the day, for people; never used to order
    rows: int | None  # rows it holds; None when its name does not say

    @property
    def order(self) -> tuple[int, str]:
        return self.sequence, self.path.name


def read_backup_name(path: Path) -> Backup | None:
    """What ``path``'s name says of it, or None when it is not a backup's name."""
    named = _NAMED.match(path.name)
    if named:
        return Backup(path, int(named["sequence"]), _when(named["stamp"]), int(named["rows"]))
    earlier = _TIME_ONLY.match(path.name)
    if earlier:
        return Backup(path, 0, _when(earlier["stamp"]), None)
    return None


def _when(stamp: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def read_backups(folder: Path) -> list[Backup]:
    """Backups in ``folder``, newest (highest sequence) first."""
    if not folder.is_dir():
        return []
    found = [b for b in (read_backup_name(p) for p in folder.iterdir() if p.is_file()) if b is not None]
    return sorted(found, key=lambda b: b.order, reverse=True)


def list_backups(folder: Path) -> list[Path]:
    """The paths of the backups in ``folder``, newest first."""
    return [b.path for b in read_backups(folder)]


def backup_time(path: Path) -> dt.datetime | None:
    found = read_backup_name(path)
    return found.made if found else None


def backup_name(sequence: int, rows: int, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{PREFIX}{sequence:08d}-{now:{_STAMP}}-n{rows}{SUFFIX}"


def held_rows(connection: sqlcipher3.Connection) -> int:
    """How many rows of what people gave a store (or a copy of one) holds."""
    total = 0
    for table in HELD_TABLES:
        try:
            total += connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed names)
        except sqlcipher3.OperationalError:  # a copy made before the table existed
            continue
    return total


def make_backup(source: sqlcipher3.Connection, folder: Path, key: StoreKey, now: dt.datetime | None = None) -> Path:
    """Copy the open store ``source`` into a new file in ``folder``; return its path."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    sequence = max((b.sequence for b in read_backups(folder)), default=0) + 1
    now = now or dt.datetime.now(dt.UTC)
    held: list[int] = []

    def named(_copy: Path) -> Path:
        return folder / backup_name(sequence, held[0], now)

    # Named .partial while it is made: a half-made copy is never taken for a backup.
    partial_name = f"{PREFIX}{sequence:08d}.partial"
    with replacing(folder / partial_name, private=True, temp_name=partial_name,
                   rename=named) as partial:
        target = open_connection(partial, key, wal=False)
        try:
            source.backup(target)
            # The copy carries the store's write-ahead-log mode in its header; a backup is one
            # self-contained file, which can then be looked into read-only without a trace.
            target.execute("PRAGMA journal_mode = DELETE").fetchone()
            held.append(held_rows(target))
        finally:
            target.close()
    made = named(partial)
    log.info("backed up the store to %s", made.name)
    return made


def store_state(store: Path) -> list[list[int]]:
    """The size and modification time of the store's file and its write-ahead log: any save
    changes one of them. A log that is absent or empty counts the same."""
    state = []
    for path in (store, store.with_name(store.name + "-wal")):
        try:
            found = path.stat()
        except FileNotFoundError:
            continue
        if found.st_size:
            state.append([found.st_size, found.st_mtime_ns])
    return state


def record_source(folder: Path, backup: Path, state: list[list[int]]) -> None:
    """Note that ``backup`` was taken from the store as ``state`` (read before copying began)."""
    text = json.dumps({"backup": backup.name, "store": state})
    write_bytes_atomically(folder / SOURCE_STATE, text.encode(), private=True)


def unchanged_since_newest(folder: Path, store: Path) -> bool:
    """True when nothing has been saved to ``store`` since its newest backup was taken: another
    backup would be the same again, and would push an older, different one out."""
    found = read_backups(folder)
    try:
        recorded = json.loads((folder / SOURCE_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (bool(found) and isinstance(recorded, dict) and recorded.get("backup") == found[0].path.name
            and recorded.get("store") == store_state(store))


@dataclass(frozen=True)
class Pruned:
    removed: list[Path]
    kept_holding_more: list[Path]  # old enough to go, but holding more than the newest: kept until a person says


def prune_backups(folder: Path, keep: int, key: StoreKey | None = None, *, even_larger: bool = False) -> Pruned:
    """Remove all but the newest ``keep`` backups, except any holding more rows than the newest
    (unless ``even_larger``: a person has seen them and said so).

    A backup named by an earlier version does not say what it holds; with ``key`` it is
    opened and counted, and without one it is kept.
    """
    found = read_backups(folder)
    newest = _rows(found[0], key) if found else None
    removed, kept = [], []
    for old in found[max(keep, 1):]:
        rows = _rows(old, key)
        if not even_larger and (rows is None or newest is None or rows > newest):
            kept.append(old.path)
            continue
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
        log.info("removed old backup %s", old.path.name)
    if kept:
        log.warning("kept %d old backups that hold more than the newest", len(kept))
    return Pruned(removed, kept)


def _rows(backup: Backup, key: StoreKey | None) -> int | None:
    if backup.rows is not None or key is None:
        return backup.rows
    return rows_in(backup.path, key, checked=False)


def rows_in(path: Path, key: StoreKey, *, checked: bool = True, live: bool = False) -> int | None:
    """The rows a copy of the data holds, looked into read-only (``live``: the store itself, opened
    as the app opens it); None when it does not open or, ``checked``, fails SQLite's quick check."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        conn = open_connection(path, key, read_only=not live)
    except sqlcipher3.DatabaseError:
        return None
    try:
        if checked and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return None
        return held_rows(conn)
    except sqlcipher3.DatabaseError:
        return None
    finally:
        conn.close()


def is_healthy(path: Path, key: StoreKey) -> bool:
    """True when ``path`` opens with ``key`` and passes SQLite's quick check."""
    try:
        conn = open_connection(path, key, read_only=True)
    except sqlcipher3.DatabaseError:
        return False
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def newest_usable_backup(folder: Path, key: StoreKey) -> Path | None:
    for candidate in list_backups(folder):
        if is_healthy(candidate, key):
            return candidate
    return None
