"""Online backups of the store beside it, and putting one back.

A backup is an encrypted copy made with SQLite's backup API while the store is open. It is
written under a temporary name and renamed when complete, so a half-made copy never looks
like a backup. Only the newest few are kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path

import sqlcipher3

from app.store.atomic_file import replacing, sync_file
from app.store.engine import open_connection
from app.store.keys import StoreKey

log = logging.getLogger(__name__)
PREFIX = "involve-"
SUFFIX = ".db"


def backup_name(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{PREFIX}{now:%Y%m%dT%H%M%S%fZ}{SUFFIX}"


def list_backups(folder: Path) -> list[Path]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.name.startswith(PREFIX) and p.name.endswith(SUFFIX)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def backup_time(path: Path) -> dt.datetime | None:
    stamp = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
    try:
        return dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def make_backup(source: sqlcipher3.Connection, folder: Path, key: StoreKey) -> Path:
    """Copy the open store ``source`` into a new file in ``folder``; return its path."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = folder / backup_name()
    # Named NAME.partial while it is made: list_backups never takes it for a backup.
    with replacing(final, private=True, temp_name=final.name + ".partial") as partial:
        target = open_connection(partial, key, wal=False)
        try:
            source.backup(target)
        finally:
            target.close()
    log.info("backed up the store to %s", final.name)
    return final


def prune_backups(folder: Path, keep: int) -> None:
    for old in list_backups(folder)[max(keep, 1):]:
        old.unlink(missing_ok=True)
        log.info("removed old backup %s", old.name)


def is_healthy(path: Path, key: StoreKey) -> bool:
    """True when ``path`` opens with ``key`` and passes SQLite's quick check."""
    try:
        conn = open_connection(path, key, wal=False)
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


def restore_backup(backup: Path, store: Path) -> Path:
    """Put ``backup`` in place of ``store``; the old store is moved aside, never deleted.

    Returns where the old store was moved to.
    """
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = store.with_name(f"{store.name}.damaged-{stamp}")
    with replacing(store, private=True, temp_name=store.name + ".restoring") as incoming:
        shutil.copyfile(backup, incoming)
        sync_file(incoming)  # on the disk before the old store moves: a power cut then loses nothing
        # The old store's -wal and -shm belong to it, not to the backup: they go aside with it.
        for suffix in ("", "-wal", "-shm"):
            current = Path(str(store) + suffix)
            if current.exists():
                os.replace(current, Path(str(aside) + suffix))
    log.info("restored the store from %s; the old file is kept as %s", backup.name, aside.name)
    return aside
