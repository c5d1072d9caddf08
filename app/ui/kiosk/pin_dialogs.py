"""Setting the staff PIN, and asking for it before the kiosk can be left.

After a few wrong tries each try has to wait (see ``app.core.pin``): the dialog counts the
wait down and offers the button again when it is over, so staff are never shut out for long.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRegularExpression, Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.i18n import _, ngettext
from app.core.pin import validate_new_pin
from app.core.validation import ValidationError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import action_buttons, error_label, grow_to_fit
from app.ui.common.user_guide import KIOSK, add_guide_key

if TYPE_CHECKING:
    from app.store.kiosk_pin import PinCheck
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

Clock = Callable[[], dt.datetime]


def utc_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}")))
    field.setMaxLength(8)
    field.setAccessibleName(name)
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return field


def intro_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class WaitCountdown(QObject):
    """Keeps a button off until a wait after wrong tries is over, saying how long is left.

    ``timer`` ticks once a second on the real clock; tests put a manual one in its place and
    pass a clock of their own, so no test waits.
    """

    def __init__(self, message: CaptionedLabel, button: QPushButton, clock: Clock, parent: QObject) -> None:
        super().__init__(parent)
        self.message, self.button, self.clock = message, button, clock
        self.until: dt.datetime | None = None
        self.lead = ""
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def start(self, until: dt.datetime, lead: str) -> None:
        """Wait until ``until``; ``lead`` is said before how long is left ("That PIN is not right.")."""
        self.until, self.lead = until, lead
        self.button.setEnabled(False)
        self.timer.start()
        self.tick()

    def waiting(self) -> bool:
        return self.until is not None

    def tick(self) -> None:
        if self.until is None:
            return
        left = math.ceil((self.until - self.clock()).total_seconds())
        if left <= 0:
            self.until = None
            self.timer.stop()
            self.button.setEnabled(True)
            self.message.setText(f"{self.lead} {_('You can try again now.')}".strip())
            return
        self.message.setText(f"{self.lead} {self._left(left)}".strip())
        self.message.show()

    @staticmethod
    def _left(seconds: int) -> str:
        return ngettext("After several wrong tries each try has to wait: you can try again in {seconds} second.",
                        "After several wrong tries each try has to wait: you can try again in {seconds} seconds.",
                        seconds).format(seconds=seconds)


class NewPinRows:
    """The form's two rows for a new PIN typed twice, each with its problem message below it."""

    def __init__(self, form: QFormLayout) -> None:
        self.pin = pin_field(_("New PIN"))
        self.confirm = pin_field(_("New PIN again"))
        self.pin_error = error_label(_("Problem with New PIN"))
        self.confirm_error = error_label(_("Problem with New PIN again"))
        form.addRow(_("New PIN"), self.pin)
        form.addRow("", self.pin_error)
        form.addRow(_("New PIN again"), self.confirm)
        form.addRow("", self.confirm_error)

    def value(self) -> str | None:
        """The new PIN, or None with the problem shown beside the field it is about."""
        self.pin_error.hide()
        self.confirm_error.hide()
        try:
            return validate_new_pin(self.pin.text(), self.confirm.text())
        except ValidationError as error:
            for field, label in (("pin", self.pin_error), ("confirm", self.confirm_error)):
                if field in error.errors:
                    label.setText(error.errors[field])
                    label.show()
            (self.pin if "pin" in error.errors else self.confirm).setFocus()
            return None

    def could_not_save(self) -> None:
        self.pin_error.setText(_("The PIN could not be saved. Please try again."))
        self.pin_error.show()


class SetPinDialog(QDialog):
    """Staff choose the PIN that will be needed to leave the kiosk."""

    def __init__(self, store: Store, tasks: TaskPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.setWindowTitle(_("Set a staff PIN"))
        add_guide_key(self, KIOSK)  # shown to staff before the kiosk starts, never at the kiosk
        intro = intro_label(_("Kiosk mode can only be left with this PIN, so the public cannot reach "
                              "anything else on this laptop. Use 4 to 8 digits and keep it to your team."))
        form = QFormLayout()
        self.new = NewPinRows(form)
        buttons, self.save_button, _cancel = action_buttons(_("Save PIN"), self._save, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def _save(self) -> None:
        save_new_pin(self, self.store, self.tasks, self.new, self.save_button)


def save_new_pin(dialog: QDialog, store: Store, tasks: TaskPool, new: NewPinRows, button: QPushButton) -> None:
    """Store the new PIN typed in ``new`` (ending any wait) and close ``dialog``; or say why not."""
    pin = new.value()
    if pin is None:
        grow_to_fit(dialog)
        return
    from app.store.kiosk_pin import set_pin

    button.setEnabled(False)

    def failed(_error: Exception) -> None:
        button.setEnabled(True)
        new.could_not_save()
        grow_to_fit(dialog)

    tasks.run_in_session(store, set_pin, pin, on_success=lambda _result: dialog.accept(), on_failure=failed)


class UnlockDialog(QDialog):
    """Asks for the staff PIN; accepted only when it is right."""

    def __init__(self, store: Store, tasks: TaskPool, parent: QWidget | None = None, *,
                 clock: Clock = utc_clock) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.clock = store, tasks, clock
        self.setWindowTitle(_("Staff PIN"))
        intro = intro_label(_("Enter the staff PIN to leave kiosk mode."))
        self.pin = pin_field(_("Staff PIN"))
        self.message = error_label()
        buttons, self.unlock_button, _stay = action_buttons(_("Leave kiosk"), self._check, self.reject,
                                                            cancel_text=_("Stay in kiosk"))
        self.countdown = WaitCountdown(self.message, self.unlock_button, clock, self)
        form = QFormLayout()
        form.addRow(_("Staff PIN"), self.pin)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)

    def _check(self) -> None:
        from app.store.kiosk_pin import check_pin

        if self.countdown.waiting():
            return
        self.unlock_button.setEnabled(False)
        self.tasks.run_in_session(self.store, check_pin, self.pin.text(), self.clock(),
                                  on_success=self._checked, on_failure=self._failed)

    def _checked(self, result: PinCheck) -> None:
        from app.store.kiosk_pin import PinVerdict

        self.unlock_button.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        if result.verdict in (PinVerdict.RIGHT, PinVerdict.NOT_SET):
            self.accept()
            return
        lead = _("That PIN is not right.") if result.verdict is PinVerdict.WRONG else ""
        if result.wait_until is not None:
            self.countdown.start(result.wait_until, lead)
        else:
            self.message.setText(f"{lead} {_('Please try again.')}")
        self.message.show()
        grow_to_fit(self)

    def _failed(self, _error: Exception) -> None:
        self.unlock_button.setEnabled(True)
        self.message.setText(_("The PIN could not be checked. Please try again."))
        self.message.show()
