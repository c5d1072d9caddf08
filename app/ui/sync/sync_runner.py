"""The one sync runner the Sync panel, the Sync menu and auto-sync share, and its worker threads.

A sync can take minutes, so it never goes through the store queue (whose one thread would then
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
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.i18n import _, ngettext
from app.services.central import (
    SyncStatus,
    central_setting,
    failed_record,
    probe_address,
    read_status,
    sync_now,
)
from app.store.settings_file import SettingsFile
from app.ui.common.tasks import TaskPool

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.sync_history import SyncRecord
    from sync.runner import Progress

log = logging.getLogger(__name__)


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
        self.tasks = TaskPool(self, threads=3, long_work=True)
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
        return central_setting(self.settings).address

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
        store, (address, allow_insecure, ca_file) = self.store, central_setting(self.settings)
        batch_size = self.batch_size
        cancel = self._cancel = threading.Event()
        self.progress = None

        def work(report: Callable[[Progress], None]) -> SyncRecord:
            return sync_now(store, address, allow_insecure, ca_file=ca_file, batch_size=batch_size, progress=report,
                            cancel=cancel)

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
        self._finished(failed_record(self.address, message))

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
        address, allow_insecure, ca_file = central_setting(self.settings)
        self.probing = True

        def answer(ok: bool, message: str) -> None:
            self.probing = False
            self.sig_probed.emit(ok, message)
            if on_done is not None:
                on_done(ok, message)

        self.probe_address(address, allow_insecure, None, answer, ca_file=ca_file)
        return True

    def probe_address(self, address: str, allow_insecure: bool, password: str | None,
                      on_done: Callable[[bool, str], None], *, ca_file: str = "") -> None:
        """Check any address with the credential kept for it."""
        self.tasks.run(lambda: probe_address(address, allow_insecure, password, ca_file=ca_file),
                       lambda answer: on_done(*answer),
                       lambda error: on_done(False, _("The central service could not be checked ({kind}).")
                                             .format(kind=type(error).__name__)))
