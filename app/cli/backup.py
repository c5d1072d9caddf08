"""``involve backup``: list, make, restore and prune backups of the data.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from app.cli.common import UsageError, open_store
from app.core.i18n import _, ngettext
from app.store.paths import user_path

if TYPE_CHECKING:
    from pathlib import Path

    from app.store.keys import StoreKey
    from app.store.paths import DataPaths


def add_commands(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser("backup", help=_("list, make, restore or prune backups of the data"))
    backup_commands = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    backup_list = backup_commands.add_parser("list", help=_("list backups (newest first) and leftover files"))
    backup_list.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    backup_commands.add_parser("now", help=_("back up the data now"))
    restore = backup_commands.add_parser(
        "restore", help=_("put a backup in place of the data; the current data is backed up first and kept"))
    restore.add_argument("file", nargs="?", metavar="FILE",
                         help=_("the backup to restore (default: the newest one that opens)"))
    restore.add_argument("--yes", action="store_true", help=_("do not ask before replacing the data"))
    prune = backup_commands.add_parser(
        "prune", help=_("remove leftover files, and old backups kept because they hold more than the newest"))
    prune.add_argument("--yes", action="store_true", help=_("do not ask before removing them"))


def backup_when(path: Path) -> str:
    from app.store.backups import backup_time

    when = backup_time(path)
    return when.astimezone().strftime("%d %b %Y %H:%M") if when else path.name


def _paths(args: argparse.Namespace) -> DataPaths:
    from app.logs import start_logging
    from app.store.paths import resolve_data_dir

    paths = resolve_data_dir(args.data_dir)
    paths.ensure()
    start_logging(paths.logs)
    return paths


def _backup_list(args: argparse.Namespace) -> int:
    from app.store.backups import is_healthy, read_backups
    from app.store.keys import get_store_key
    from app.store.restore import leftovers
    from app.store.settings_file import SettingsFile

    paths = _paths(args)
    found = read_backups(paths.backups)
    left = leftovers(paths)
    key = get_store_key(create=False) if found else None
    keep = SettingsFile(paths.settings).get("backups_to_keep")
    rows = [{"file": str(b.path), "sequence": b.sequence, "made": b.made.isoformat() if b.made else None,
             "rows": b.rows, "opens": key is not None and is_healthy(b.path, key), "bytes": b.path.stat().st_size,
             "kept_holding_more": index >= keep} for index, b in enumerate(found)]
    extra = [{"file": str(f.path), "kind": f.kind, "modified": f.modified.isoformat(), "bytes": f.size} for f in left]
    if args.json:
        print(json.dumps({"backups": rows, "leftovers": extra}, indent=2))
        return 0
    if not rows:
        print(_("No backups yet. Involve makes one each time the desktop app opens."))
    for row, backup in zip(rows, found, strict=True):
        state = _("opens") if row["opens"] else _("DOES NOT OPEN")
        held = ngettext("{n} row", "{n} rows", backup.rows).format(n=backup.rows) if backup.rows is not None else ""
        note = "  " + _("(kept: holds more than the newest)") if row["kept_holding_more"] else ""
        print(f"{backup.sequence:>5}  {backup_when(backup.path)}  {state:<14} {held:>12}  {backup.path}{note}")
    if extra:
        print(_("Leftover files (remove them with: involve backup prune):"))
        for leftover in left:
            kind = _("set aside by a restore") if leftover.kind == "set aside" else _("never finished")
            print(f"  {leftover.modified.astimezone():%d %b %Y %H:%M}  {kind:<24} {leftover.path}")
    return 0


def _backup_now(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        from app.store.settings_file import SettingsFile

        made = store.backup_now(SettingsFile(store.paths.settings).get("backups_to_keep"))
    finally:
        store.close()
    print(made)
    return 0


def _backup_restore(args: argparse.Namespace) -> int:

    from app.store.backups import is_healthy, newest_usable_backup, rows_in
    from app.store.errors import StoreError
    from app.store.keys import get_store_key
    from app.store.restore import finish_interrupted_restore, restore_backup

    paths = _paths(args)
    key = get_store_key(create=False)
    finish_interrupted_restore(paths.store)
    if args.file:
        chosen = user_path(args.file).resolve()
        if not chosen.is_file():
            raise UsageError(_("involve backup restore: there is no file {file}").format(file=chosen))
        if not is_healthy(chosen, key):
            raise StoreError(_("{file} does not open with this computer's key or is damaged; nothing was changed.")
                             .format(file=chosen))
    else:
        newest = newest_usable_backup(paths.backups, key)
        if newest is None:
            raise StoreError(_("There is no backup that opens; nothing was changed."))
        chosen = newest
    held_now = rows_in(paths.store, key, live=True)
    if not args.yes:
        then = rows_in(chosen, key)
        _confirm(_("Replace the data on this computer ({now}) with the copy made {when} ({then})? The "
                   "current data is backed up first and kept.").format(
            now=ngettext("{n} row", "{n} rows", held_now).format(n=held_now) if held_now is not None
            else _("it does not open"),
            when=backup_when(chosen), then=ngettext("{n} row", "{n} rows", then or 0).format(n=then)))
    if held_now is not None:
        before = _back_up_current(paths, key)
        print(_("Backed up the current data first: {file}").format(file=before))
    aside = restore_backup(chosen, paths.store)
    print(_("Restored the copy made {when}.").format(when=backup_when(chosen)))
    if aside.exists():
        print(_("The file it replaced is kept as {file}").format(file=aside))
    return 0


def _back_up_current(paths: DataPaths, key: StoreKey) -> Path:
    from app.store.backups import make_backup
    from app.store.engine import open_connection

    conn = open_connection(paths.store, key)
    try:
        return make_backup(conn, paths.backups, key)
    finally:
        conn.close()


def _confirm(question: str) -> None:
    """Ask on the terminal; without one, refuse rather than act unasked."""
    if not sys.stdin.isatty():
        raise UsageError(_("{question} Add --yes to go ahead without being asked.").format(question=question))
    answer = input(f"{question} [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise UsageError(_("Nothing was changed."))


def _backup_prune(args: argparse.Namespace) -> int:
    from app.store.backups import prune_backups, read_backups
    from app.store.keys import get_store_key
    from app.store.restore import leftovers, remove_leftovers
    from app.store.settings_file import SettingsFile

    paths = _paths(args)
    keep = SettingsFile(paths.settings).get("backups_to_keep")
    left = leftovers(paths)
    held_back = read_backups(paths.backups)[keep:]
    if not left and not held_back:
        print(_("There is nothing to remove."))
        return 0
    if not args.yes:
        _confirm(_("Remove {files} leftover files and {backups} old backups that hold more than the newest? "
                   "What they hold that the data does not is lost.").format(files=len(left), backups=len(held_back)))
    removed = remove_leftovers(left)
    pruned = prune_backups(paths.backups, keep, get_store_key(create=False), even_larger=True)
    print(_("Removed {files} leftover files and {backups} old backups.").format(files=removed,
                                                                                backups=len(pruned.removed)))
    return 0


HANDLERS = {
    ("backup", "list"): _backup_list,
    ("backup", "now"): _backup_now,
    ("backup", "restore"): _backup_restore,
    ("backup", "prune"): _backup_prune,
}
