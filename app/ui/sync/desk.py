"""The main window's sync: the Sync menu, the status-bar indicator, the panel and auto-sync.

Kept out of ``main_window`` like the other desks. The panel and the dialog that connects the
laptop to the organisation load when first opened; the sync itself, and the sync modules, only ever load on a worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QPushButton

from app.core.i18n import _, ngettext
from app.ui.common.remembered_geometry import RememberedGeometry
from app.ui.sync.auto_sync import AutoSync
from app.ui.sync.sync_runner import SyncRunner

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.sync_history import SyncRecord
    from app.ui.common.workspace import Workspace
    from app.ui.sync.panel import SyncPanel
    from sync.service_client import Enrolled

SYNC_NOW_KEY = "Ctrl+Shift+Y"
RECOUNT_AFTER_MS = 300  # after store work settles, count what waits; a burst of saves is counted once


class SyncDesk(QObject):
    """Everything sync in the main window, around one shared :class:`SyncRunner`."""

    def __init__(self, workspace: Workspace, window: QMainWindow) -> None:
        super().__init__(window)
        settings = workspace.settings
        self.window, self.settings = window, settings
        self.runner = SyncRunner(settings, self)
        self.auto = AutoSync(self.runner, settings, self)
        self.panel: SyncPanel | None = None

        self.indicator = QPushButton()
        self.indicator.setObjectName("link")
        self.indicator.setStyleSheet("margin-right: 12px;")  # apart from "This laptop: …" beside it
        self.indicator.setToolTip(_("Open the sync panel"))
        self.indicator.clicked.connect(self.open_panel)
        self.sync_now_action = self._action(_("Sync &now"), self.sync_now)
        self.sync_now_action.setShortcut(QKeySequence(SYNC_NOW_KEY))
        self.panel_action = self._action(_("Sync &panel…"), self.open_panel)
        self.connect_action = self._action(_("&Connect to your organisation…"), self.open_connect)

        # Anything saved may be waiting to sync: recount once the store queue goes quiet. Until
        # that count is in, the status bar does not say "All synced" from a count made before.
        self.store_tasks = workspace.tasks
        self.uncounted = False  # store work has run since the last count
        self._recount = QTimer(self, singleShot=True, interval=RECOUNT_AFTER_MS)
        self._recount.timeout.connect(self._count_now)
        workspace.sig_store_changed.connect(self.set_store)
        workspace.tasks.sig_busy_changed.connect(self._store_busy)
        self._counting = False

        for signal in (self.runner.sig_started, self.runner.sig_progress):
            signal.connect(self.update_indicator)
        self.runner.sig_status.connect(self._counted)
        self.runner.sig_finished.connect(self._finished)
        self.auto.sig_next_try.connect(self._next_try)
        self.update_indicator()
        self.set_enabled(False)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def add_menu(self, menu: QMenu) -> None:
        menu.addAction(self.sync_now_action)
        menu.addSeparator()
        menu.addAction(self.panel_action)
        menu.addAction(self.connect_action)

    def set_enabled(self, enabled: bool) -> None:
        for action in (self.sync_now_action, self.panel_action, self.connect_action):
            action.setEnabled(enabled)
        self.indicator.setEnabled(enabled)

    # ----- the store opening and closing

    def set_store(self, store: Store | None) -> None:
        self.runner.set_store(store)
        self.set_enabled(store is not None)
        if store is not None:
            self.auto.start()
        else:
            self.auto.stop()
        self.update_indicator()

    def shutdown(self, msecs: int = 60_000) -> None:
        """The window is closing: stop trying, ask a running sync to stop, and wait for it."""
        self.auto.stop()
        self._recount.stop()
        self.runner.cancel()
        self.runner.wait(msecs)
        self.runner.set_store(None)

    # ----- acting

    def sync_now(self) -> None:
        if not self.runner.configured:
            self.open_connect()
            return
        if not self.runner.start():
            self.open_panel()  # already syncing: show how far it has got

    def open_panel(self) -> SyncPanel:
        if self.panel is None:
            from app.ui.sync.panel import SyncPanel

            self.panel = SyncPanel(self.runner, self.settings, self.window)
            self.panel.sig_set_up.connect(self.open_connect)
            self.panel.sig_auto_changed.connect(lambda _on: self.auto.settings_changed())
            self.panel.set_next_try(self.auto.next_try)
            RememberedGeometry(self.panel, self.settings, "sync_window_geometry")
        self.panel.show()
        self.panel.raise_()
        self.panel.activateWindow()
        return self.panel

    def open_connect(self) -> bool:
        """Sync ▸ Connect to your organisation…: True if this laptop was connected."""
        from app.ui.sync.enrol_dialog import EnrolDialog

        store = self.runner.store
        if store is None:  # nothing to connect until the store is open (the menu says so by being disabled)
            return False
        parent = self.panel if self.panel is not None and self.panel.isVisible() else self.window
        dialog = EnrolDialog(self.settings, self.runner.tasks, store.device_id, parent)
        dialog.sig_connected.connect(self._connected)
        dialog.exec()
        if dialog.working:
            # Closed while the code was on its way: the answer still counts (a code works only once),
            # so the dialog stays until it comes, to pass it on.
            dialog.sig_finished_working.connect(dialog.deleteLater)
        else:
            dialog.deleteLater()
        self.update_indicator()
        return dialog.enrolled is not None

    def _connected(self, enrolled: Enrolled) -> None:
        self.auto.settings_changed()
        self.window.statusBar().showMessage(_("Connected to {url} as '{name}'.").format(
            url=enrolled.url, name=enrolled.device_name), 10_000)
        if self.panel is not None and self.panel.isVisible():
            self.panel.show_setup()
            self.panel.check_reachability()
        self.runner.refresh_status()
        self.update_indicator()

    # ----- the indicator

    def _store_busy(self, busy: bool) -> None:
        if busy:
            self._recount.stop()
            if not self.uncounted:
                self.uncounted = True
                self.update_indicator()
        else:
            self._recount.start()

    def _count_now(self) -> None:
        self._counting = True
        self.runner.refresh_status()

    def _counted(self, *_args: object) -> None:
        if self._counting and not self.store_tasks.busy:
            self._counting = False
            self.uncounted = False
        self.update_indicator()

    def _finished(self, record: SyncRecord) -> None:
        from sync.receipt import headline

        self.window.statusBar().showMessage(headline(record) if record.outcome != "failed"
                                            else record.message, 10_000)
        self.update_indicator()

    def _next_try(self, when: dt.datetime | None) -> None:
        if self.panel is not None:
            self.panel.set_next_try(when)
        self.update_indicator()

    def indicator_text(self) -> str:
        from app.ui.sync.sync_runner import friendly_time

        runner = self.runner
        if runner.running:
            return _("Syncing…")
        if not runner.configured:
            return _("Sync not set up")
        status = runner.status
        if status is None or (self.uncounted and not status.pending):
            return _("Sync: counting…")
        parts = []
        if status.pending:
            parts.append(ngettext("{n} waiting to sync", "{n} waiting to sync", status.pending)
                         .format(n=f"{status.pending:,}"))
        if status.last_success is None:
            parts.append(_("Not synced yet") if not parts else _("not synced yet"))
        else:
            local = status.last_success.astimezone()
            when = local.strftime("%H:%M") if local.date() == dt.date.today() else friendly_time(local)
            parts.append(_("last synced {when}").format(when=when) if parts
                         else _("All synced · last synced {when}").format(when=when))
        if self.auto.next_try is not None:
            parts.append(_("next try {when}").format(when=self.auto.next_try.astimezone().strftime("%H:%M")))
        return " · ".join(parts)

    def update_indicator(self, *_args: object) -> None:
        self.indicator.setText(self.indicator_text())
        self.indicator.setAccessibleName(_("Sync status: {status}").format(status=self.indicator.text()))
