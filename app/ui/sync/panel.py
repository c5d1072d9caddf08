"""Sync ▸ Sync panel: where the laptop syncs to, whether it can, what is waiting, and what each sync did.

A window of its own that does not block the app. It only shows what the shared ``SyncRunner``
reports and asks it to start or cancel; closing the panel leaves a running sync to finish in
the background, with the status bar following it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.store.settings_file import SettingsFile
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons, error_label
from app.ui.common.user_guide import SYNC, add_guide_key
from app.ui.sync.history_view import HistoryTable, ReceiptView
from app.ui.sync.sync_runner import SyncRunner, SyncStatus, friendly_time, rows_text

if TYPE_CHECKING:
    from app.store.sync_history import SyncRecord
    from sync.runner import Progress

log = logging.getLogger(__name__)


def progress_text(progress: Progress) -> str:
    """ "Sending… 3,000 of 10,004 rows", or the stage alone when it is not counting rows."""
    if progress.total and progress.stage == _("Sending…"):
        return _("{stage} {done} of {total}").format(stage=progress.stage, done=f"{progress.done:,}",
                                                      total=rows_text(progress.total))
    return progress.stage


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("fieldLabel")
    return label


class SyncPanel(QDialog):
    """The sync panel; one per main window, hidden (not destroyed) when closed."""

    sig_set_up = Signal()
    """The person asked to connect this laptop to the organisation (or to connect it again)."""
    sig_auto_changed = Signal(bool)
    """"Sync automatically when online" was turned on or off (and saved)."""

    def __init__(self, runner: SyncRunner, settings: SettingsFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.settings = runner, settings
        self.setWindowTitle(_("Sync"))
        add_guide_key(self, SYNC)
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setSizeGripEnabled(True)

        # ----- where, whether, how much
        self.address = CaptionedLabel(_("Central service"))
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address.setWordWrap(True)
        self.connection_button = QPushButton()
        self.connection_button.clicked.connect(self.sig_set_up.emit)
        # One line says where things stand now: connected or not, syncing, checking, reachable or
        # why not. Counts and the latest sync's receipt are facts beside it, never a second verdict.
        self.reachability = CaptionedLabel(_("Sync state"))
        self.reachability.setWordWrap(True)
        self._last_word: str | None = None  # the newest check's or sync's word on reaching the centre
        self.check_button = QPushButton(_("C&heck again"))
        self.check_button.setAccessibleName(_("Check again"))
        self.check_button.clicked.connect(self.check_reachability)
        self.waiting = CaptionedLabel(_("Waiting to sync"), _("Counting…"))
        self.last_synced = CaptionedLabel(_("Last synced"), _("Looking…"))
        facts = QGridLayout()
        facts.setHorizontalSpacing(16)
        facts.setVerticalSpacing(8)
        facts.setColumnStretch(1, 1)
        for row, (label, value, button) in enumerate((
                (_("Central service"), self.address, self.connection_button),
                (_("Now"), self.reachability, self.check_button),
                (_("Waiting to sync"), self.waiting, None),
                (_("Last synced"), self.last_synced, None))):
            facts.addWidget(_heading(label), row, 0)
            facts.addWidget(value, row, 1)
            if button is not None:
                facts.addWidget(button, row, 2)
            # Every row as tall as one with a button, so the four lines are evenly spaced.
            facts.setRowMinimumHeight(row, self.check_button.sizeHint().height())
        card = QFrame()
        card.setObjectName("card")
        card.setLayout(facts)

        # ----- doing it
        self.auto = QCheckBox(_("Sync &automatically when online"))
        self.auto.setAccessibleName(_("Sync automatically when online"))
        self.auto.setChecked(bool(settings.get("auto_sync")))
        self.auto.toggled.connect(self._auto_toggled)
        self.next_try = CaptionedLabel(_("Next automatic try"))
        self.next_try.setObjectName("hint")
        self.auto_problem = error_label(_("Problem saving the setting"))
        self.sync_button = QPushButton(_("&Sync now"))
        self.sync_button.setObjectName("primary")
        self.sync_button.setAccessibleName(_("Sync now"))
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button = QPushButton(_("&Cancel sync"))
        self.cancel_button.setAccessibleName(_("Cancel sync"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Sync progress"))
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        keep_room = self.progress.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)  # shown only while a sync runs; the buttons stay put
        self.progress.setSizePolicy(keep_room)
        for push in (self.sync_button, self.cancel_button, self.check_button, self.connection_button):
            push.setAutoDefault(False)  # Enter in the window must not start or stop anything
        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.cancel_button)
        actions.addSpacing(12)
        actions.addWidget(self.progress, 1)
        auto_row = QHBoxLayout()
        auto_row.addWidget(self.auto)
        auto_row.addSpacing(12)
        auto_row.addWidget(self.next_try, 1)

        # ----- what happened
        self.receipt = ReceiptView()
        self.history = HistoryTable()

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(card)
        layout.addLayout(auto_row)
        layout.addWidget(self.auto_problem)
        layout.addLayout(actions)
        layout.addSpacing(8)
        layout.addWidget(_heading(_("Latest sync")))
        layout.addWidget(self.receipt)
        layout.addSpacing(8)
        layout.addWidget(_heading(_("History")))
        layout.addWidget(self.history, 1)
        layout.addWidget(close_buttons(self.close))
        self.resize(self.fontMetrics().averageCharWidth() * 125, 700)

        runner.sig_started.connect(self._started)
        runner.sig_progress.connect(self._progressed)
        runner.sig_finished.connect(self._finished)
        runner.sig_status.connect(self.show_status)
        runner.sig_probed.connect(self._probed)
        self.show_setup()
        if runner.status is not None:
            self.show_status(runner.status)
        self._show_idle()

    # ----- what is set up, and whether it answers

    def show_setup(self) -> None:
        """Show the central service this laptop is connected to (after connecting, too)."""
        if self.runner.configured:
            self.address.setText(self.runner.address)
            self.connection_button.setText(_("C&onnect again…"))
            self.connection_button.setAccessibleName(_("Connect again"))
            self.connection_button.setToolTip(_("Connect this laptop with a new enrolment code from your data team"))
        else:
            self.address.setText(_("Not connected yet"))
            self.connection_button.setText(_("C&onnect to your organisation…"))
            self.connection_button.setAccessibleName(_("Connect to your organisation"))
            self.connection_button.setToolTip("")
            self._last_word = None
        self.check_button.setEnabled(self.runner.configured)
        self._show_state()
        self._update_buttons()

    def _show_state(self) -> None:
        """The one line that says where syncing stands now."""
        runner = self.runner
        if not runner.configured:
            text = _("To sync, connect with an enrolment code from your data team.")
        elif runner.running:
            text = _("Syncing now…")
        elif runner.probing:
            text = _("Checking…")
        else:
            text = self._last_word or _("Not checked yet")
        self.reachability.setText(text)
        self._fit_state()

    def _fit_state(self) -> None:
        """A reason can take several lines; the grid gives a wrapped label too few unless told."""
        label = self.reachability
        if label.width() > 0:
            label.setMinimumHeight(label.heightForWidth(label.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_state()

    def check_reachability(self) -> None:
        """Reach the centre on a worker; "Checking…" until it answers."""
        if not self.runner.configured:
            self.show_setup()
            return
        self.check_button.setEnabled(False)
        if not self.runner.probing:
            self.runner.probe()
        self._show_state()

    def _probed(self, reachable: bool, message: str) -> None:
        self.check_button.setEnabled(self.runner.configured)
        self._last_word = _("Reachable") if reachable else _("Cannot reach: {reason}").format(reason=message)
        self._show_state()

    # ----- status

    def show_status(self, status: SyncStatus) -> None:
        # What waits here, counted now: it says nothing of whether the centre can be reached.
        self.waiting.setText(_("{rows} waiting to be sent").format(rows=rows_text(status.pending))
                             if status.pending else _("Nothing waiting to be sent"))
        self.last_synced.setText(friendly_time(status.last_success) if status.last_success else _("Never"))
        self.history.show_runs(status.runs)
        latest = status.last_run
        if latest is not None and (self.receipt.record is None
                                   or latest.finished_at >= self.receipt.record.finished_at):
            self.receipt.show_record(latest)
        if not self.runner.running:
            self._show_idle()

    def set_next_try(self, when: dt.datetime | None) -> None:
        self.next_try.setText(_("Next automatic try {when}.").format(when=friendly_time(when)) if when else "")

    def _auto_toggled(self, checked: bool) -> None:
        self.auto_problem.hide()
        try:
            self.settings.set("auto_sync", checked)
        except (OSError, ValueError) as error:
            self.auto.blockSignals(True)
            self.auto.setChecked(not checked)
            self.auto.blockSignals(False)
            self.auto_problem.setText(_("The setting could not be saved: {reason}").format(
                reason=getattr(error, "strerror", None) or error))
            self.auto_problem.show()
            return
        self.sig_auto_changed.emit(checked)

    # ----- syncing

    def sync_now(self) -> None:
        if not self.runner.configured:
            self.sig_set_up.emit()
            return
        self.runner.start()  # refuses if one is running; the buttons say so already

    def cancel(self) -> None:
        self.runner.cancel()
        self.cancel_button.setEnabled(False)
        self.progress.setFormat(_("Cancelling after this batch…"))

    def _started(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(_("Starting…"))
        self.progress.show()
        self._show_state()
        self._update_buttons()

    def _progressed(self, progress: Progress) -> None:
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(min(progress.done, max(progress.total, 1)))
        if not self.runner.cancelling:
            self.progress.setFormat(progress_text(progress))

    def _finished(self, record: SyncRecord) -> None:
        self.receipt.show_record(record)
        if record.outcome == "ok":
            self._last_word = _("Reachable")
        elif record.outcome == "failed" and record.message:
            # The sync's own reason is the newest word; it replaces an older check's "Reachable".
            self._last_word = _("The last sync did not finish: {reason}").format(reason=record.message)
        self._show_idle()
        self._show_state()

    def _show_idle(self) -> None:
        """Between syncs the progress bar is hidden: what the last one did is in its receipt below,
        and where things stand now in the state line, so nothing here can contradict them."""
        if self.runner.running:
            return
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.progress.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.runner.running
        self.sync_button.setEnabled(not running and self.runner.store is not None)
        self.cancel_button.setEnabled(running and not self.runner.cancelling)

    # ----- opening

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.show_setup()
        self._update_buttons()
        self.runner.refresh_status()
        if self.sync_button.isEnabled():
            self.sync_button.setFocus()
        if self.runner.configured and not self.runner.running:
            self.check_reachability()
        elif self.runner.running and self.runner.progress is not None:
            self._progressed(self.runner.progress)
