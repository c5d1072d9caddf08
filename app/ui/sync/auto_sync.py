"""Syncing by itself when the laptop is back online, and trying again later when that fails.

The operating system's word that the network is up (``QNetworkInformation``) is only a hint:
a hotel Wi-Fi is "online" long before its sign-in page is passed, and the centre may be down.
So a hint (or, while rows are waiting, a timer every ten minutes) leads to a real check that
the centre answers, and only then to a sync. A failure is tried again after a wait that grows
with each failure in a row (``app.core.backoff``); a success resets it.

It never starts a sync while another runs (the shared ``SyncRunner`` refuses), does nothing
when automatic sync is turned off or no central database is set, and on a machine with no
network-information backend (a CI box, an offscreen test) it relies on the timer alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.backoff import Backoff
from app.store.settings_file import SettingsFile
from app.ui.sync.sync_runner import SyncRunner

if TYPE_CHECKING:
    from app.store.sync_history import SyncRecord

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 10 * 60 * 1000
FIRST_CHECK_MS = 15 * 1000  # after start-up, once the window and the counts have settled
RECEIVE_EVERY = dt.timedelta(hours=1)  # with nothing to send, still sync this often to receive


class AutoSync(QObject):
    """Watches for the network and the clock, and starts syncs through the shared runner."""

    sig_next_try = Signal(object)
    """When the next automatic try is (an aware datetime), or None when none is planned."""
    sig_attempt = Signal(str)
    """An automatic try began: checking the centre, for this reason ("online", "timer", "retry", "start")."""

    def __init__(self, runner: SyncRunner, settings: SettingsFile, parent: QObject | None = None, *,
                 backoff: Backoff | None = None, use_network_information: bool = True,
                 check_every_ms: int = CHECK_EVERY_MS, first_check_ms: int = FIRST_CHECK_MS) -> None:
        super().__init__(parent)
        self.runner, self.settings = runner, settings
        self.backoff = backoff or Backoff()
        self.use_network_information = use_network_information
        self.next_try: dt.datetime | None = None
        self.network: Any = None  # QNetworkInformation, when the platform has a backend
        self.active = False
        self._checking = False
        self.retry_timer = QTimer(self, singleShot=True)
        self.retry_timer.timeout.connect(lambda: self.attempt("retry"))
        self.check_timer = QTimer(self, interval=check_every_ms)
        self.check_timer.timeout.connect(self.periodic_check)
        self.first_timer = QTimer(self, singleShot=True, interval=first_check_ms)
        self.first_timer.timeout.connect(self.periodic_check)
        runner.sig_finished.connect(self._sync_finished)

    # ----- starting and stopping

    def start(self) -> None:
        """Begin watching (once the store is open)."""
        if self.active:
            return
        self.active = True
        if self.use_network_information and self.network is None:
            self.network = self._load_network_information()
            if self.network is not None:
                self.network.reachabilityChanged.connect(self._reachability_changed)
        self.check_timer.start()
        self.first_timer.start()

    def stop(self) -> None:
        """Stop watching (the store is closing); a sync already running is the runner's to finish."""
        self.active = False
        for timer in (self.retry_timer, self.check_timer, self.first_timer):
            timer.stop()
        if self.network is not None:
            try:
                self.network.reachabilityChanged.disconnect(self._reachability_changed)
            except (RuntimeError, TypeError):
                pass
            self.network = None
        self._set_next_try(None)

    @staticmethod
    def _load_network_information() -> Any:
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:
            return None
        try:
            loaded = QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability) \
                or QNetworkInformation.loadDefaultBackend()
        except (RuntimeError, TypeError):
            loaded = False
        instance = QNetworkInformation.instance() if loaded else None
        if instance is None:
            log.info("no network information on this system; checking for the centre on a timer")
        return instance

    # ----- when to try

    @property
    def enabled(self) -> bool:
        return bool(self.settings.get("auto_sync")) and self.runner.configured

    def settings_changed(self) -> None:
        """Automatic sync was turned on or off, or the centre changed: start afresh, at once if rows wait."""
        self.backoff.reset()
        self.retry_timer.stop()
        self._set_next_try(None)
        self.periodic_check()

    def _reachability_changed(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online:
            self.went_online()

    def went_online(self) -> bool:
        """The system says the network is back: check at once rather than waiting out a retry."""
        self.backoff.reset()
        return self.attempt("online")

    def _offline_hint(self) -> bool:
        if self.network is None:
            return False
        from PySide6.QtNetwork import QNetworkInformation

        return self.network.reachability() == QNetworkInformation.Reachability.Disconnected

    def periodic_check(self) -> None:
        status = self.runner.status
        if self.retry_timer.isActive() or self._offline_hint():
            return  # a retry is already planned, or there is certainly no network
        if status is None:
            return
        # Also when nothing waits here, now and then: withdrawals recorded at the centre and
        # newly planned events only arrive by syncing.
        stale = status.last_success is None or dt.datetime.now(dt.UTC) - status.last_success > RECEIVE_EVERY
        if status.pending or stale:
            self.attempt("timer")

    def attempt(self, reason: str = "") -> bool:
        """Check the centre answers, then sync. False when automatic sync does not apply just now."""
        if not self.active or not self.enabled:
            self._set_next_try(None)
            return False
        if self.runner.running or self._checking:
            return False
        self.retry_timer.stop()
        self._set_next_try(None)
        self._checking = True
        self.sig_attempt.emit(reason)
        if not self.runner.probe(self._probed):
            self._checking = False
            return False
        return True

    def _probed(self, reachable: bool, _message: str) -> None:
        self._checking = False
        if not self.active or not self.enabled:
            return
        if not reachable:
            log.info("automatic sync: the centre did not answer; trying again later")
            self._schedule_retry()
            return
        self.runner.start()  # refuses quietly if someone started one meanwhile

    def _sync_finished(self, record: SyncRecord) -> None:
        if record.outcome == "ok":
            # Whoever started it, the laptop is plainly online: the next failure starts small again.
            self.backoff.reset()
            self.retry_timer.stop()
            self._set_next_try(None)
        elif record.outcome == "failed" and self.active and self.enabled:
            self._schedule_retry()
        elif record.outcome == "cancelled":
            # Someone stopped it on purpose; do not start it again behind their back.
            self.retry_timer.stop()
            self._set_next_try(None)

    def _schedule_retry(self) -> None:
        seconds = self.backoff.next_delay()
        self.retry_timer.start(max(1, round(seconds * 1000)))
        self._set_next_try(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds))

    def _set_next_try(self, when: dt.datetime | None) -> None:
        if when != self.next_try:
            self.next_try = when
            self.sig_next_try.emit(when)
