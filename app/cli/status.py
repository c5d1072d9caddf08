"""``involve status`` and ``involve device``: the store's health, the last sync, this laptop's name."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from app.cli.common import open_store
from app.core.i18n import _


def add_commands(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser("status", help=_("pending rows, last sync and store health"))
    status.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    device = commands.add_parser("device", help=_("show or change this laptop's name"))
    device.add_argument("--name", help=_("a new name for this laptop, for example 'Stall laptop 2'"))
    device.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _status(args: argparse.Namespace) -> int:
    from app.store.status import store_status

    report = store_status(args.data_dir)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for label, value in _status_lines(report):
            print(f"{label + ':':<24}{value}")
    return 0 if report["health"] in ("ok", "not created yet") else 1


def _status_lines(report: dict[str, Any]) -> list[tuple[str, str]]:
    lines = [(_("Store"), report["store"]), (_("Health"), report["health"])]
    if report.get("message"):
        lines.append((_("Problem"), report["message"]))
    if report.get("newest_backup"):
        lines.append((_("Newest usable backup") if report["health"] != "ok" else _("Newest backup"),
                      report["newest_backup"]))
    if report.get("schema_revision"):
        lines += [
            (_("Schema version"), f"{report['schema_revision']} (" + _("newest is") + f" {report['schema_head']})"),
            (_("This laptop"), f"{report['device_name']} ({report['device_id'][:8]})"),
            (_("Events"),
             f"{report['counts']['events']} ({report['counts']['archived_events']} " + _("archived") + ")"),
            (_("People signed up"), str(report["counts"]["people"])),
            (_("Waiting to sync"), str(report["pending_rows"])),
            (_("Central service"), report.get("central") or _("not connected (see: involve enrol)")),
            (_("Last sync"), _when_text(report["last_sync"]) if report["last_sync"] else _("never")),
            (_("Backups kept"), str(report["backups"])),
        ]
        if report.get("backups_kept_holding_more"):
            lines.append((_("Older backups kept"), _("{n} hold more than the newest; see: involve backup list").format(
                n=report["backups_kept_holding_more"])))
        if report.get("leftover_files"):
            lines.append((_("Leftover files"), _("{n} (see: involve backup list; remove: involve backup prune)").format(
                n=len(report["leftover_files"]))))
        attempt = report.get("last_sync_attempt")
        if attempt and attempt["outcome"] != "ok":
            lines.append((_("Last attempt"), f"{_when_text(attempt['finished_at'])}: {attempt['message']}"))
    return lines


def _when_text(iso: str) -> str:
    import datetime as dt

    return dt.datetime.fromisoformat(iso).astimezone().strftime("%d %b %Y %H:%M")


def _device(args: argparse.Namespace) -> int:
    from app.core.devices import validate_device_name

    new_name = validate_device_name(args.name) if args.name is not None else None
    store = open_store(args)
    try:
        if new_name is not None:
            store.rename_device(new_name)
        report = {"id": store.device_id, "name": store.device_name()}
    finally:
        store.close()
    print(json.dumps(report, indent=2) if args.json else f"{report['name']} ({report['id']})")
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("status", None): _status,
    ("device", None): _device,
}
