"""The organisation's central database as this laptop knows it: its address, a checked target,
whether it answers, and what waits to be sent.

``involve sync``, ``involve report --central`` and the window's Sync menu, panel and reports
all find the centre here, so a setting means the same to every one of them.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from app.core.i18n import _

if TYPE_CHECKING:
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.store.sync_history import SyncRecord
    from sync.connection import CentralTarget
    from sync.runner import Progress

HISTORY_LIMIT = 100


class NoCentral(ValueError):
    """No central database is set on this laptop, and none was given."""


class CentralSetting(NamedTuple):
    address: str  # "" when none is set
    allow_insecure: bool


def central_setting(settings: SettingsFile, given: str | None = None, *,
                    allow_insecure: bool = False) -> CentralSetting:
    """The centre to use: ``given`` (typed on the command line) or the one set in the app.

    An unencrypted connection is allowed if the person allowed it here or in the app's settings.
    """
    address = (given or str(settings.get("central_url") or "")).strip()
    return CentralSetting(address, allow_insecure or bool(settings.get("central_allow_insecure")))


def central_target(settings: SettingsFile, given: str | None = None, *, allow_insecure: bool = False) -> CentralTarget:
    """The centre to use, checked (a ``SyncError`` in plain words if its address cannot be used)."""
    setting = central_setting(settings, given, allow_insecure=allow_insecure)
    if not setting.address:
        raise NoCentral(_("no central database is set; give --central URL, or set it in the app under "
                          "Sync ▸ Connection."))
    return make_target(setting.address, setting.allow_insecure)


def make_target(address: str, allow_insecure: bool, password: str | None = None) -> CentralTarget:
    """A checked target, its password found (on a worker in the window: the keyring may be slow to answer)."""
    from sync.connection import target_from

    target = target_from(address, allow_insecure=allow_insecure)
    return replace(target, password=password) if password else target


def probe_address(address: str, allow_insecure: bool, password: str | None = None) -> tuple[bool, str]:
    """Reach the centre: (True, what it said), or (False, why not, in plain words)."""
    from sync.errors import SyncError
    from sync.runner import probe

    try:
        return True, probe(make_target(address, allow_insecure, password))
    except SyncError as error:  # expected when offline: an answer, not a failure to log
        return False, str(error)


@dataclass(frozen=True)
class SyncStatus:
    """What waits to be sent, the last good sync and the recent history."""

    pending: int
    last_success: dt.datetime | None  # aware UTC
    runs: list[SyncRecord] = field(default_factory=list)  # newest first

    @property
    def last_run(self) -> SyncRecord | None:
        return self.runs[0] if self.runs else None


def read_status(store: Store, history: int = HISTORY_LIMIT) -> SyncStatus:
    """Rows waiting, the last good sync and the recent history."""
    from app.store.sync_history import last_successful, list_runs
    from sync.upload import pending_count

    waiting = pending_count(store)
    with store.session() as session:
        last = last_successful(session)
        runs = list_runs(session, history)
    return SyncStatus(waiting, last.finished_at if last else None, runs)


def sync_now(store: Store, address: str, allow_insecure: bool, *, batch_size: int | None = None,
             progress: Callable[[Progress], None] | None = None,
             cancel: threading.Event | None = None) -> SyncRecord:
    """Sync with the centre at ``address``; the run's record, kept in the history however it ended.

    An address that cannot be used is a failed run in the history like any other, so nobody
    wonders what happened (``involve sync`` refuses such an address before opening the store).
    """
    from app.store.sync_history import record_run
    from sync.errors import SyncError
    from sync.runner import run_sync

    try:
        target = make_target(address, allow_insecure)
    except SyncError as error:
        record = failed_record(address, str(error))
        with store.session() as session:
            record_run(session, record)
        return record
    options: dict[str, Any] = {"progress": progress, "cancel": cancel}
    if batch_size:
        options["batch_size"] = batch_size
    return run_sync(store, target, **options)


def failed_record(address: str, message: str) -> SyncRecord:
    """A sync that ended before it began, as the history shows it."""
    from app.store.models import utcnow
    from app.store.sync_history import SyncRecord

    now = utcnow()
    return SyncRecord(started_at=now, finished_at=now, central=address, outcome="failed", message=message)
