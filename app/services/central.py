"""The organisation's centre as this laptop knows it: its address, a checked target, whether it
answers, and what waits to be sent.

A laptop reaches the centre through the central service it was enrolled with (the setting
``central_service``). A database address given on the command line (``--central URL``) is the
data team's direct path, for people who hold database access.

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
    from sync.service_client import ServiceTarget

HISTORY_LIMIT = 100


class NoCentral(ValueError):
    """This laptop is not connected to a central service, and no centre was given."""


SERVICE_KEY = "central_service"
CA_FILE_KEY = "central_ca_file"
DIRECT_KEY = "central_url"  # a database address from before the central service; no longer used to sync
DATABASE_SCHEMES = ("postgresql", "postgres", "mysql", "mariadb", "sqlite")


class CentralSetting(NamedTuple):
    address: str  # "" when none is set
    allow_insecure: bool
    ca_file: str = ""


def is_database_address(address: str) -> bool:
    """True for a database address (the data team's direct path), False for a service's."""
    scheme = address.strip().split("://", 1)[0].lower() if "://" in address else ""
    return scheme.split("+", 1)[0] in DATABASE_SCHEMES


def central_setting(settings: SettingsFile, given: str | None = None, *,
                    allow_insecure: bool = False) -> CentralSetting:
    """The centre to use: ``given`` (typed on the command line) or the one set in the app.

    An unencrypted connection is allowed if the person allowed it here or in the app's settings.
    """
    address = (given or str(settings.get(SERVICE_KEY) or "")).strip()
    return CentralSetting(address, allow_insecure or bool(settings.get("central_allow_insecure")),
                          str(settings.get(CA_FILE_KEY) or ""))


def central_target(settings: SettingsFile, given: str | None = None, *,
                   allow_insecure: bool = False) -> CentralTarget | ServiceTarget:
    """The centre to use, checked (a ``SyncError`` in plain words if its address cannot be used)."""
    setting = central_setting(settings, given, allow_insecure=allow_insecure)
    if not setting.address:
        raise NoCentral(not_connected_text(bool(settings.get(DIRECT_KEY))))
    return make_target(setting.address, setting.allow_insecure, ca_file=setting.ca_file)


def database_target(settings: SettingsFile, given: str | None = None, *,
                    allow_insecure: bool = False) -> CentralTarget:
    """The central database itself, for those who hold access to it (reports across every laptop):
    ``given``, or the database address kept from before the central service."""
    from sync.connection import target_from
    from sync.errors import SyncError

    address = database_address(settings, given)
    if not is_database_address(address):
        raise SyncError(_("'{address}' is not a database address; reading the centre's tables needs one such as "
                          "postgresql://user@server/involve.").format(address=address[:200]))
    return target_from(address, allow_insecure=allow_insecure or bool(settings.get("central_allow_insecure")))


def database_address(settings: SettingsFile, given: str | None = None) -> str:
    """The central database's address as given or kept; :class:`NoCentral` if there is none."""
    address = (given or str(settings.get(DIRECT_KEY) or "")).strip()
    if not address:
        raise NoCentral(_("reading from the central database needs its address and a password, which only the "
                          "data team holds; give --central URL."))
    return address


def not_connected_text(had_direct: bool) -> str:
    first = (_("this laptop used to reach the central database directly, which is no longer allowed; ")
             if had_direct else _("this laptop is not connected to your organisation's central service yet; "))
    return first + _("ask your data team for an enrolment code, then run: involve enrol ADDRESS CODE (or, in the "
                     "app, Sync ▸ Connect to your organisation…).")


def make_target(address: str, allow_insecure: bool, password: str | None = None, *,
                ca_file: str = "") -> CentralTarget | ServiceTarget:
    """A checked target with its secret found (on a worker in the window: the keyring may be slow):
    the central service's, or for a database address the data team's direct one."""
    if not is_database_address(address):
        from sync.service_client import service_target

        return service_target(address, ca_file or None)
    from sync.connection import target_from

    target = target_from(address, allow_insecure=allow_insecure)
    return replace(target, password=password) if password else target


def probe_address(address: str, allow_insecure: bool, password: str | None = None, *,
                  ca_file: str = "") -> tuple[bool, str]:
    """Reach the centre: (True, what it said), or (False, why not, in plain words)."""
    from sync.errors import SyncError
    from sync.runner import probe

    try:
        return True, probe(make_target(address, allow_insecure, password, ca_file=ca_file))
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


def sync_now(store: Store, address: str, allow_insecure: bool, *, ca_file: str = "", batch_size: int | None = None,
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
        target = make_target(address, allow_insecure, ca_file=ca_file)
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
