"""Setting the staff PIN, and asking for it before the kiosk can be left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.core.i18n import _
from app.core.pin import MAX_TRIES, validate_new_pin
from app.core.validation import ValidationError
from app.ui.common.dialog_parts import action_buttons, error_label
from app.ui.common.tasks import TaskPool

if TYPE_CHECKING:
    from app.store.kiosk_pin import PinCheck
    from app.store.store import Store


def _pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}")))
    field.setMaxLength(8)
    field.setAccessibleName(name)
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return field


class SetPinDialog(QDialog):
    """Staff choose the PIN that will be needed to leave the kiosk."""

    def __init__(self, store: Store, tasks: TaskPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.setWindowTitle(_("Set a staff PIN"))
        intro = QLabel(_("Kiosk mode can only be left with this PIN, so the public cannot reach "
                         "anything else on this laptop. Use 4 to 8 digits and keep it to your team."))
        intro.setWordWrap(True)
        self.pin = _pin_field(_("New PIN"))
        self.confirm = _pin_field(_("New PIN again"))
        self.pin_error = error_label(_("Problem with New PIN"))
        self.confirm_error = error_label(_("Problem with New PIN again"))
        form = QFormLayout()
        form.addRow(_("New PIN"), self.pin)
        form.addRow("", self.pin_error)
        form.addRow(_("New PIN again"), self.confirm)
        form.addRow("", self.confirm_error)
        buttons, self.save_button, _cancel = action_buttons(_("Save PIN"), self._save, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def _save(self) -> None:
        self.pin_error.hide()
        self.confirm_error.hide()
        try:
            pin = validate_new_pin(self.pin.text(), self.confirm.text())
        except ValidationError as error:
            for field, label in (("pin", self.pin_error), ("confirm", self.confirm_error)):
                if field in error.errors:
                    label.setText(error.errors[field])
                    label.show()
            return
        from app.store.kiosk_pin import set_pin

        self.save_button.setEnabled(False)

        def failed(_error: Exception) -> None:
            self.save_button.setEnabled(True)
            self.pin_error.setText(_("The PIN could not be saved. Please try again."))
            self.pin_error.show()

        self.tasks.run_in_session(self.store, set_pin, pin, on_success=lambda _result: self.accept(),
                                  on_failure=failed)


class UnlockDialog(QDialog):
    """Asks for the staff PIN; accepted only when it is right."""

    def __init__(self, store: Store, tasks: TaskPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.setWindowTitle(_("Staff PIN"))
        intro = QLabel(_("Enter the staff PIN to leave kiosk mode."))
        intro.setWordWrap(True)
        self.pin = _pin_field(_("Staff PIN"))
        self.message = error_label(_("PIN message"))
        buttons, self.unlock_button, _stay = action_buttons(_("Leave kiosk"), self._check, self.reject,
                                                            cancel_text=_("Stay in kiosk"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.pin)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)

    def _check(self) -> None:
        from app.store.kiosk_pin import check_pin

        self.unlock_button.setEnabled(False)
        self.tasks.run_in_session(self.store, check_pin, self.pin.text(),
                                  on_success=self._checked, on_failure=self._failed)

    def _checked(self, result: PinCheck) -> None:
        from app.store.kiosk_pin import PinVerdict

        self.unlock_button.setEnabled(True)
        self.pin.clear()
        if result.verdict in (PinVerdict.RIGHT, PinVerdict.NOT_SET):
            self.accept()
            return
        if result.verdict is PinVerdict.LOCKED:
            assert result.locked_until is not None  # a locked verdict says until when
            until = result.locked_until.astimezone().strftime("%H:%M")
            text = _("Too many wrong tries ({tries}). The PIN is locked until {time}.").format(
                tries=MAX_TRIES, time=until)
        else:
            text = _("That PIN is not right. {left} tries left before it locks.").format(left=result.tries_left)
        self.message.setText(text)
        self.message.show()
        self.pin.setFocus()

    def _failed(self, _error: Exception) -> None:
        self.unlock_button.setEnabled(True)
        self.message.setText(_("The PIN could not be checked. Please try again."))
        self.message.show()
