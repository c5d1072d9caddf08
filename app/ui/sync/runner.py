"""The one sync runner the Sync panel, the Sync menu and auto-sync share, and its worker threads.

A sync can take minutes, so it never goes through ``StoreTasks`` (whose one thread would then
hold up every save behind it): it runs on a pool of its own, as do the small reads that keep
the status bar up to date and the checks that reach the centre. Because all three callers
start syncs through the same :class:`SyncRunner`, two syncs never run at once.

Nothing here touches a widget; results come back to the GUI thread as signals. The sync
modules (and SQLAlchemy) load on the worker the first time they are needed.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from app.core.i18n import _, ngettext
from app.store.settings_file import SettingsFile
from app.ui.common.tasks import Job, Relay

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.sync_history import SyncRecord
    from sync.connection import CentralTarget
    from sync.runner import Progress

log = logging.getLogger(__name__)
HISTORY_LIMIT = 100


class SideTasks(QObject):
    """Work that may run beside the store queue: reaching the centre, counting, the sync itself."""

    def __init__(self, parent: QObject | None = None, threads: int = 3) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._pending: set[Relay] = set()

    def run(self, work: Callable[[Relay], Any] | Callable[[], Any],
            on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[Exception], None] | None = None,
            *, on_progress: Callable[[Any], None] | None = None) -> None:
        """Run ``work()`` on the pool; with ``on_progress``, ``work(report)`` may call ``report(x)``."""
        relay = Relay()
        self._pending.add(relay)

        @Slot(bool, object)
        def finished(ok: bool, payload: object) -> None:
            self._pending.discard(relay)
            relay.deleteLater()
            if not shiboken6.isValid(self):
                return
            if ok and on_success is not None:
                on_success(payload)
            elif not ok and on_failure is not None:
                on_failure(payload)  # type: ignore[arg-type]

        relay.sig_finished.connect(finished)
        if on_progress is not None:
            relay.sig_progress.connect(on_progress)
            job = Job(lambda: work(relay.sig_progress.emit), relay)  # type: ignore[call-arg]
        else:
            job = Job(work, relay)  # type: ignore[arg-type]
        self._pool.start(job)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar and the panel show when no sync is running."""

    pending: int
    last_success: dt.datetime | None  # aware UTC
    runs: list[SyncRecord] = field(default_factory=list)  # newest first

    @property
    def last_run(self) -> SyncRecord | None:
        return self.runs[0] if self.runs else None


def read_status(store: Store, history: int = HISTORY_LIMIT) -> SyncStatus:
    """On a worker: rows waiting, the last good sync and the recent history."""
    from app.store.sync_history import last_successful, list_runs
    from sync.upload import pending_count

    waiting = pending_count(store)
    with store.session() as session:
        last = last_successful(session)
        runs = list_runs(session, history)
    return SyncStatus(waiting, last.finished_at if last else None, runs)


def friendly_time(when: dt.datetime, now: dt.datetime | None = None) -> str:
    """A moment in local time as people say it: "today at 14:02", "yesterday at 09:10", "3 Mar 2026 at 14:02"."""
    local = when.astimezone()
    today = (now or dt.datetime.now().astimezone()).astimezone().date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return _("today at {time}").format(time=clock)
    if local.date() == today - dt.timedelta(days=1):
        return _("yesterday at {time}").format(time=clock)
    return _("{day} at {time}").format(day=f"{local.day} {local.strftime('%b %Y')}", time=clock)


def rows_text(n: int) -> str:
    return ngettext("{n} row", "{n} rows", n).format(n=f"{n:,}")


def make_target(address: str, allow_insecure: bool, password: str | None = None) -> CentralTarget:
    """On a worker (the keyring may be slow to answer): a checked target, its password found."""
    from dataclasses import replace

    from sync.connection import target_from

    target = target_from(address, allow_insecure=allow_insecure)
    return replace(target, password=password) if password else target


def probe_address(address: str, allow_insecure: bool, password: str | None = None) -> tuple[bool, str]:
    """On a worker: reach the centre. (True, what it said), or (False, why not, in plain words)."""
    from sync.errors import SyncError
    from sync.runner import probe

    try:
        return True, probe(make_target(address, allow_insecure, password))
    except SyncError as error:  # expected when offline: an answer, not a failure to log
        return False, str(error)


def _failed_record(address: str, message: str) -> SyncRecord:
    from app.store.models import utcnow
    from app.store.sync_history import SyncRecord

    now = utcnow()
    return SyncRecord(started_at=now, finished_at=now, central=address, outcome="failed", message=message)


class SyncRunner(QObject):
    """Starts syncs (one at a time), cancels them, and keeps the sync status up to date."""

    sig_started = Signal()
    """A sync began."""
    sig_progress = Signal(object)
    """How far the running sync has got (a ``sync.runner.Progress``)."""
    sig_finished = Signal(object)
    """A sync ended, however it ended (its ``SyncRecord``)."""
    sig_status = Signal(object)
    """Fresh counts and history were read (a :class:`SyncStatus`)."""
    sig_probed = Signal(bool, str)
    """A check that the centre can be reached ended: (reachable, plain message)."""

    def __init__(self, settings: SettingsFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.store: Store | None = None
        self.tasks = SideTasks(self)
        self.batch_size: int | None = None  # None: the sync's own default
        self.status: SyncStatus | None = None
        self.progress: Progress | None = None
        self.last_record: SyncRecord | None = None
        self.probing = False
        self._cancel: threading.Event | None = None
        self._reading = False
        self._read_again = False

    # ----- what is set up

    def set_store(self, store: Store | None) -> None:
        self.store = store
        if store is not None:
            self.refresh_status()

    @property
    def address(self) -> str:
        return str(self.settings.get("central_url") or "")

    @property
    def configured(self) -> bool:
        return bool(self.address)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    @property
    def cancelling(self) -> bool:
        return self._cancel is not None and self._cancel.is_set()

    # ----- syncing

    def start(self) -> bool:
        """Begin a sync in the background; False (and nothing happens) if one is running or it cannot start."""
        if self.running or self.store is None or not self.configured:
            return False
        store, address = self.store, self.address
        allow_insecure, batch_size = bool(self.settings.get("central_allow_insecure")), self.batch_size
        cancel = self._cancel = threading.Event()
        self.progress = None

        def work(report: Callable[[Progress], None]) -> SyncRecord:
            from app.store.sync_history import record_run
            from sync.errors import SyncError
            from sync.runner import run_sync

            try:
                target = make_target(address, allow_insecure)
            except SyncError as error:
                # Kept in the history like any other failed sync, so nobody wonders what happened.
                record = _failed_record(address, str(error))
                with store.session() as session:
                    record_run(session, record)
                return record
            options: dict[str, Any] = {"progress": report, "cancel": cancel}
            if batch_size:
                options["batch_size"] = batch_size
            return run_sync(store, target, **options)

        self.tasks.run(work, self._finished, self._crashed, on_progress=self._progressed)
        self.sig_started.emit()
        return True

    def cancel(self) -> None:
        """Ask the running sync to stop after the batch it is sending; what the centre confirmed stays."""
        if self._cancel is not None:
            self._cancel.set()

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until background work ends (used when the app closes, after :meth:`cancel`)."""
        return self.tasks.wait(msecs)

    def _progressed(self, progress: Progress) -> None:
        if self._cancel is None:  # a report queued behind the end of the sync
            return
        self.progress = progress
        self.sig_progress.emit(progress)

    def _finished(self, record: SyncRecord) -> None:
        self._cancel = None
        self.progress = None
        self.last_record = record
        self.sig_finished.emit(record)
        self.refresh_status()

    def _crashed(self, error: Exception) -> None:
        # run_sync answers for the network and the centre; this is the store or a bug.
        from app.store import StoreError

        message = str(error) if isinstance(error, StoreError) else _(
            "The sync stopped because of an unexpected problem ({kind}). Nothing has been lost; please tell "
            "your IT team.").format(kind=type(error).__name__)
        self._finished(_failed_record(self.address, message))

    # ----- reading the status and reaching the centre

    def refresh_status(self) -> None:
        """Read rows waiting and the history again; ``sig_status`` follows. Calls while reading are merged."""
        if self.store is None:
            return
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        store = self.store

        def done(status: SyncStatus | None) -> None:
            self._reading = False
            if status is not None:
                self.status = status
                self.sig_status.emit(status)
            if self._read_again:
                self._read_again = False
                self.refresh_status()

        def failed(error: Exception) -> None:
            log.warning("could not read the sync status: %s", type(error).__name__)
            done(None)

        self.tasks.run(lambda: read_status(store), done, failed)

    def probe(self, on_done: Callable[[bool, str], None] | None = None) -> bool:
        """Check the saved centre can be reached; ``sig_probed`` (and ``on_done``) follow. False if not set up."""
        if not self.configured:
            return False
        address, allow_insecure = self.address, bool(self.settings.get("central_allow_insecure"))
        self.probing = True

        def answer(ok: bool, message: str) -> None:
            self.probing = False
            self.sig_probed.emit(ok, message)
            if on_done is not None:
                on_done(ok, message)

        self.probe_address(address, allow_insecure, None, answer)
        return True

    def probe_address(self, address: str, allow_insecure: bool, password: str | None,
                      on_done: Callable[[bool, str], None]) -> None:
        """Check any address (the connection dialog's, before it is saved)."""
        self.tasks.run(lambda: probe_address(address, allow_insecure, password),
                       lambda answer: on_done(*answer),
                       lambda error: on_done(False, _("The central database could not be checked ({kind}).")
                                             .format(kind=type(error).__name__)))
