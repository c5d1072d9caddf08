"""``involve backup``: list, make and restore backups of the data.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.cli.common import UsageError, open_store
from app.core.i18n import _

if TYPE_CHECKING:
    from pathlib import Path


def add_commands(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser("backup", help=_("list, make or restore backups of the data"))
    backup_commands = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    backup_list = backup_commands.add_parser("list", help=_("list backups, newest first"))
    backup_list.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    backup_commands.add_parser("now", help=_("back up the data now"))
    restore = backup_commands.add_parser(
        "restore", help=_("put a backup in place of the data; the current file is kept, renamed"))
    restore.add_argument("file", nargs="?", metavar="FILE",
                         help=_("the backup to restore (default: the newest one that opens)"))


def backup_when(path: Path) -> str:
    from app.store.backups import backup_time

    when = backup_time(path)
    return when.astimezone().strftime("%d %b %Y %H:%M") if when else path.name


def _backup_list(args: argparse.Namespace) -> int:
    from app.store.backups import backup_time, is_healthy, list_backups
    from app.store.keys import get_store_key
    from app.store.paths import resolve_data_dir

    paths = resolve_data_dir(args.data_dir)
    found = list_backups(paths.backups)
    key = get_store_key(create=False) if found else None
    rows = []
    for path in found:
        made = backup_time(path)
        rows.append({"file": str(path), "made": made.isoformat() if made else None,
                     "opens": key is not None and is_healthy(path, key), "bytes": path.stat().st_size})
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print(_("No backups yet. Involve makes one each time the desktop app opens."))
    else:
        for row, path in zip(rows, found, strict=True):
            state = _("opens") if row["opens"] else _("DOES NOT OPEN")
            print(f"{backup_when(path)}  {state:<14} {path}")
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
    from pathlib import Path

    from app.logs import start_logging
    from app.store.backups import is_healthy, newest_usable_backup, restore_backup
    from app.store.errors import StoreError
    from app.store.keys import get_store_key
    from app.store.paths import resolve_data_dir

    paths = resolve_data_dir(args.data_dir)
    key = get_store_key(create=False)
    if args.file:
        chosen = Path(args.file).expanduser().resolve()
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
    paths.ensure()
    start_logging(paths.logs)
    aside = restore_backup(chosen, paths.store)
    print(_("Restored the backup made {when}.").format(when=backup_when(chosen)))
    if aside.exists():
        print(_("The file it replaced is kept as {file}").format(file=aside))
    return 0


HANDLERS = {
    ("backup", "list"): _backup_list,
    ("backup", "now"): _backup_now,
    ("backup", "restore"): _backup_restore,
}
