"""What ``involve status`` reports: where the store is, whether it is healthy, what waits to sync."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from app.core.i18n import _
from app.store import backups, migrate, restore
from app.store.errors import StoreKeyMissing, StoreMissing, StoreUnreadable
from app.store.events import count_events
from app.store.paths import resolve_data_dir
from app.store.people import count_people
from app.store.settings_file import SettingsFile
from app.store.sync_history import last_run, last_successful

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def store_status(data_dir: str | os.PathLike[str] | None) -> dict[str, Any]:
    """A plain report; never creates a store and never raises for a store that will not open."""
    from app.logs import start_logging
    from app.store.store import Store, held_before

    paths = resolve_data_dir(data_dir)
    report: dict[str, Any] = {"store": str(paths.store), "schema_head": migrate.head_revision()}
    if (not paths.store.exists() or paths.store.stat().st_size == 0) and not held_before(paths):
        report["health"] = "not created yet"
        return report
    start_logging(paths.logs)
    settings = SettingsFile(paths.settings)
    keep = settings.get("backups_to_keep")
    try:
        store = Store.open(paths, backups_to_keep=keep)
    except StoreKeyMissing as error:
        return report | {"health": "no key", "message": str(error)}
    except StoreUnreadable as error:
        return report | {
            "health": "missing" if isinstance(error, StoreMissing) else "unreadable",
            "message": str(error),
            "newest_backup": str(error.backup) if error.backup else None,
        }
    try:
        with store.session() as session:
            counts = count_events(session) | count_people(session)
            waiting = pending_rows(session)
            synced, latest = last_successful(session), last_run(session)
        verdict = store.quick_check()
        found = backups.list_backups(paths.backups)
        report |= {
            "health": "ok" if verdict == "ok" else "damaged",
            "schema_revision": store.schema_revision(),
            "device_id": store.device_id,
            "device_name": store.device_name(),
            "counts": counts,
            "pending_rows": sum(waiting.values()),
            "pending_by_table": waiting,
            "central": settings.get("central_service") or None,
            "last_sync": synced.finished_at.isoformat() if synced else None,
            "last_sync_attempt": None if latest is None else {
                "finished_at": latest.finished_at.isoformat(), "outcome": latest.outcome,
                "message": latest.message, "sent": latest.sent, "mismatches": latest.mismatches},
            "backups": len(found),
            "newest_backup": str(found[0]) if found else None,
            "backups_kept_holding_more": max(0, len(found) - keep),
            "leftover_files": [str(leftover.path) for leftover in restore.leftovers(paths)],
        }
        if verdict != "ok":
            report["message"] = _("SQLite's check of the data file found a problem: {verdict}").format(
                verdict=verdict)
    finally:
        store.close()
    return report


def pending_rows(session: Session) -> dict[str, int]:
    """Rows changed here that the central database has not yet confirmed, per table."""
    from sqlalchemy import func, select

    from app.store.models import Base, Synced

    waiting: dict[str, int] = {}
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if issubclass(model, Synced):
            waiting[mapper.class_.__tablename__] = session.scalar(
                select(func.count()).select_from(model).where(model.version > model.synced_version)) or 0
    return dict(sorted(waiting.items()))
