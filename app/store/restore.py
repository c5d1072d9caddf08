"""Putting a backup back in place of the store, safely at every step, and what is left over.

A restore writes a small journal beside the store before it starts, and follows it step by
step: copy the backup in under a temporary name, move the current store (and its write-ahead
log) aside, move the copy into place, remove the journal. Should the process die at any
point, the next :func:`finish_interrupted_restore` (run before the store is opened) either
undoes the restore, when the copy was not yet whole, or finishes it: there is always a
store, and the one it replaced is always kept.

Files a restore or a backup leaves beside the store (stores set aside, half-made copies) are
found by :func:`leftovers`, so they can be listed, offered when the store is missing, and
removed when a person says so.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.store.atomic_file import replacing, sync_file, sync_folder, write_bytes_atomically
from app.store.paths import DataPaths

log = logging.getLogger(__name__)
STORE_FILES = ("", "-wal", "-shm")  # the store and what SQLite keeps beside it
SET_ASIDE = (".replaced-", ".damaged-")  # a store a restore moved aside; ".damaged-" from earlier versions


def journal_path(store: Path) -> Path:
    return store.with_name(store.name + ".restore")


def incoming_path(store: Path) -> Path:
    return store.with_name(store.name + ".restoring")


def restore_backup(backup: Path, store: Path, now: dt.datetime | None = None) -> Path:
    """Put ``backup`` in place of ``store``; the store it replaces is moved aside, never deleted.

    Returns where the replaced store went (it may not exist, when there was no store).
    """
    now = now or dt.datetime.now(dt.UTC)
    aside = store.with_name(f"{store.name}{SET_ASIDE[0]}{now:%Y%m%dT%H%M%SZ}")
    journal, incoming = journal_path(store), incoming_path(store)
    _write_journal(journal, backup, aside, "copying")
    try:
        with replacing(incoming, private=True, temp_name=incoming.name + ".partial") as copy:
            shutil.copyfile(backup, copy)
    except BaseException:
        journal.unlink(missing_ok=True)  # nothing else was touched: the store is as it was
        raise
    _write_journal(journal, backup, aside, "copied")  # from here on, the restore is finished, never undone
    _finish(store, incoming, aside)
    journal.unlink()
    sync_folder(store.parent)
    log.info("restored the store from %s; the file it replaced is kept as %s", backup.name, aside.name)
    return aside


def _write_journal(journal: Path, backup: Path, aside: Path, stage: str) -> None:
    write_bytes_atomically(journal, json.dumps({"backup": str(backup), "aside": aside.name, "stage": stage}).encode())


def _finish(store: Path, incoming: Path, aside: Path) -> None:
    """The restore's last steps; each may already have been done by an interrupted run."""
    if not incoming.exists():
        return  # the copy was moved into place: the old store and its log went aside before that
    # The old store's -wal and -shm belong to it, not to the backup: they go aside with it.
    for suffix in STORE_FILES:
        current = Path(f"{store}{suffix}")
        if current.exists():
            os.replace(current, Path(f"{aside}{suffix}"))
    os.replace(incoming, store)


@dataclass(frozen=True)
class Recovered:
    outcome: Literal["finished", "undone"]
    backup: str
    aside: Path


def finish_interrupted_restore(store: Path) -> Recovered | None:
    """Complete or undo a restore that stopped part-way; None when there was none.

    Run before the store is opened, so a missing store is never taken for a new one while a
    restore is still in hand.
    """
    journal, incoming = journal_path(store), incoming_path(store)
    if not journal.exists():
        return None
    try:
        found = json.loads(journal.read_text(encoding="utf-8"))
        stage, backup, aside = found["stage"], str(found["backup"]), store.with_name(str(found["aside"]))
    except (OSError, ValueError, KeyError, TypeError):
        stage, backup, aside = "copying", "", store  # the journal was never whole: nothing after it happened
    if stage != "copied" or aside.parent != store.parent:
        incoming.unlink(missing_ok=True)
        Path(f"{incoming}.partial").unlink(missing_ok=True)
        journal.unlink()
        log.warning("a restore that stopped before its copy was whole was undone; the store is as it was")
        return Recovered("undone", backup, aside)
    if incoming.exists():
        sync_file(incoming)  # whole, as the journal says; on the disk before the old store moves
    _finish(store, incoming, aside)
    journal.unlink()
    sync_folder(store.parent)
    log.warning("a restore that stopped part-way was finished; the file it replaced is kept as %s", aside.name)
    return Recovered("finished", backup, aside)


@dataclass(frozen=True)
class Leftover:
    path: Path
    kind: Literal["set aside", "unfinished copy"]
    size: int
    modified: dt.datetime


def leftovers(paths: DataPaths) -> list[Leftover]:
    """Files beside the store and its backups that are neither: stores a restore set aside, and
    copies that were never finished. Newest first."""
    found: list[Leftover] = []
    store = paths.store
    for folder in (paths.root, paths.backups):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            name = path.name
            if not path.is_file() or name.endswith(("-wal", "-shm")):  # these go with the file they belong to
                continue
            if folder == paths.root and any(name.startswith(store.name + mark) for mark in SET_ASIDE):
                kind: Literal["set aside", "unfinished copy"] = "set aside"
            elif (name.endswith(".partial") or name == incoming_path(store).name and not journal_path(store).exists()
                  or (name.startswith(".involve-") and name.endswith(".tmp"))):
                kind = "unfinished copy"
            else:
                continue
            stat = path.stat()
            found.append(Leftover(path, kind, stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)))
    return sorted(found, key=lambda leftover: leftover.modified, reverse=True)


def set_aside_stores(paths: DataPaths) -> list[Path]:
    """Stores a restore moved aside, newest first."""
    return [leftover.path for leftover in leftovers(paths) if leftover.kind == "set aside"]


def remove_leftovers(found: list[Leftover]) -> int:
    """Delete ``found`` (what a person was shown and agreed to); returns how many went."""
    removed = 0
    for leftover in found:
        for suffix in STORE_FILES[1:]:
            Path(f"{leftover.path}{suffix}").unlink(missing_ok=True)
        try:
            leftover.path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
    log.info("removed %d leftover files", removed)
    return removed
