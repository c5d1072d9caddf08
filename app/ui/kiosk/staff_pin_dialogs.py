"""Staff change the kiosk PIN (knowing the current one), or reset a forgotten one.

Both are reached only from the staff window, never from the kiosk. A reset asks for no old
PIN because the staff window runs only with the store open, which needs the store's key (in
this account's keyring or given by IT); whoever holds it can already read all the PIN guards.
The same reset is ``involve pin reset`` in a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QPushButton, QVBoxLayout, QWidget

from app.core.i18n import _
from app.ui.common.dialog_parts import action_buttons, error_label, grow_to_fit
from app.ui.common.user_guide import KIOSK, add_guide_key
from app.ui.kiosk.pin_dialogs import (
    Clock,
    NewPinRows,
    SetPinDialog,
    WaitCountdown,
    intro_label,
    pin_field,
    save_new_pin,
    utc_clock,
)

if TYPE_CHECKING:
    from app.store.kiosk_pin import PinCheck
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


class ChangePinDialog(QDialog):
    """The current PIN, then the new one twice. A wrong current PIN counts as a wrong try."""

    def __init__(self, store: Store, tasks: TaskPool, parent: QWidget | None = None, *,
                 clock: Clock = utc_clock) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.clock = store, tasks, clock
        self.setWindowTitle(_("Change the staff PIN"))
        add_guide_key(self, KIOSK)
        intro = intro_label(_("The staff PIN is needed to leave kiosk mode. Enter the PIN you use now, "
                              "then the new one twice, and tell your team the new one."))
        self.current = pin_field(_("Current PIN"))
        self.current_error = error_label(_("Problem with Current PIN"))
        form = QFormLayout()
        form.addRow(_("Current PIN"), self.current)
        form.addRow("", self.current_error)
        self.new = NewPinRows(form)
        buttons, self.change_button, _cancel = action_buttons(_("Change PIN"), self._change, self.reject)
        self.forgotten_button = QPushButton(_("Forgotten the PIN? Reset it…"))
        self.forgotten_button.setObjectName("link")
        self.forgotten_button.setAutoDefault(False)  # Enter changes the PIN, never opens the reset
        self.forgotten_button.clicked.connect(self._reset_instead)
        self.countdown = WaitCountdown(self.current_error, self.change_button, clock, self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.forgotten_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def _change(self) -> None:
        if self.countdown.waiting():
            return
        self.current_error.hide()
        pin = self.new.value()
        if pin is None:
            grow_to_fit(self)
            return
        from app.store.kiosk_pin import change_pin

        self.change_button.setEnabled(False)
        self.tasks.run_in_session(self.store, change_pin, self.current.text(), pin, self.clock(),
                                  on_success=self._changed, on_failure=self._failed)

    def _changed(self, result: PinCheck) -> None:
        from app.store.kiosk_pin import PinVerdict

        self.change_button.setEnabled(True)
        if result.verdict in (PinVerdict.RIGHT, PinVerdict.NOT_SET):
            self.accept()
            return
        self.current.clear()
        self.current.setFocus()
        lead = _("That is not the current PIN, so nothing was changed.") if result.verdict is PinVerdict.WRONG else ""
        if result.wait_until is not None:
            self.countdown.start(result.wait_until, lead)
        else:
            self.current_error.setText(lead)
        self.current_error.show()
        grow_to_fit(self)

    def _failed(self, _error: Exception) -> None:
        self.change_button.setEnabled(True)
        self.current_error.setText(_("The PIN could not be changed. Please try again."))
        self.current_error.show()
        grow_to_fit(self)

    def _reset_instead(self) -> None:
        reset = ResetPinDialog(self.store, self.tasks, self)
        accepted = reset.exec() == QDialog.DialogCode.Accepted
        reset.deleteLater()  # and the PIN typed into it
        if accepted:
            self.done(ResetPinDialog.RESET)


class ResetPinDialog(QDialog):
    """A new PIN without the old one, for when nobody remembers it."""

    RESET = 2  # the result of a dialog that ended in a reset

    def __init__(self, store: Store, tasks: TaskPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.setWindowTitle(_("Reset the staff PIN"))
        add_guide_key(self, KIOSK)
        intro = intro_label(_(
            "Use this when nobody remembers the staff PIN. It sets a new one without the old PIN, and "
            "ends any wait after wrong tries. Only staff signed in to this laptop can do this: it needs "
            "the key to Involve's data, which the kiosk never gives to the public. In a terminal, "
            "'involve pin reset' does the same."))
        form = QFormLayout()
        self.new = NewPinRows(form)
        buttons, self.reset_button, _cancel = action_buttons(_("Reset PIN"), self._reset, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def _reset(self) -> None:
        save_new_pin(self, self.store, self.tasks, self.new, self.reset_button)


def open_staff_pin(owner: QWidget, store: Store, tasks: TaskPool, said: Callable[[str], None]) -> None:
    """Change the PIN, or set one if there is none yet; ``said`` tells the window what happened."""
    from app.store.kiosk_pin import has_pin

    def ask(pin_set: bool) -> None:
        # Each dialog goes once answered, and the PINs typed into it with it: kept as hidden
        # children of the window, they would pile up, PINs and all.
        if not pin_set:
            dialog: QDialog = SetPinDialog(store, tasks, owner)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            dialog.deleteLater()
            if accepted:
                said(_("The staff PIN was set."))
            return
        dialog = ChangePinDialog(store, tasks, owner)
        outcome = dialog.exec()
        dialog.deleteLater()
        if outcome == QDialog.DialogCode.Accepted:
            said(_("The staff PIN was changed. Tell your team the new one."))
        elif outcome == ResetPinDialog.RESET:
            said(_("The staff PIN was reset. Tell your team the new one."))

    tasks.run_in_session(store, has_pin, on_success=ask)
