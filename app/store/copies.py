"""Every copy of the data kept beside the store, and an erasure reaching each of them.

Backups and the stores a restore set aside hold what the store held when they were made. When
someone is erased, their details must not live on in those copies until they are pruned: each
copy that opens is rewritten with the erased people's details removed, with SQLite's secure
delete on, so the old text is overwritten in the file rather than left in freed space. A copy
that does not open (damaged, or made with another key) cannot be rewritten; it is listed as a
leftover, and ``involve backup prune`` removes it.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import sqlcipher3

from app.core.signups import PersonStatus
from app.store import backups, restore
from app.store.engine import open_connection
from app.store.keys import StoreKey
from app.store.paths import DataPaths
from app.store.people import ERASED_DETAILS

log = logging.getLogger(__name__)


def copies(paths: DataPaths) -> list[Path]:
    """Backups, then stores set aside: every copy of the data beside the store."""
    return backups.list_backups(paths.backups) + restore.set_aside_stores(paths)


def erase_in_copies(paths: DataPaths, key: StoreKey, person_ids: list[str], now: dt.datetime | None = None) -> int:
    """Remove the details of ``person_ids`` from every copy that opens; returns how many changed."""
    if not person_ids:
        return 0
    stamp = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None).isoformat(sep=" ")
    changed = 0
    for copy in copies(paths):
        try:
            changed += _erase_in(copy, key, person_ids, stamp)
        except sqlcipher3.DatabaseError as error:
            log.warning("a copy of the data could not be opened to erase people from it (%s)", type(error).__name__)
    if changed:
        log.info("erased people's details from %d copies of the data", changed)
    return changed


def _erase_in(copy: Path, key: StoreKey, person_ids: list[str], stamp: str) -> int:
    conn = open_connection(copy, key, wal=False)  # one self-contained file, with secure delete on
    try:
        marks = ", ".join("?" for _ in person_ids)
        details = ", ".join(f"{column} = ?" for column in ERASED_DETAILS)
        cursor = conn.execute(
            f"UPDATE people SET {details}, status = ?, erased_at = coalesce(erased_at, ?), "  # noqa: S608 (fixed names)
            f"deleted_at = coalesce(deleted_at, ?) WHERE id IN ({marks}) AND status != ?",
            [*ERASED_DETAILS.values(), PersonStatus.ERASED.value, stamp, stamp, *person_ids,
             PersonStatus.ERASED.value])
        return 1 if cursor.rowcount else 0
    except sqlcipher3.OperationalError:  # a copy from before people were kept: nobody to erase
        return 0
    finally:
        conn.close()
