"""Sync ▸ Connection: where the central database is, its password, and whether to insist on encryption.

The address is saved without a password; the password goes to the operating system's keyring.
A password typed into the address is moved into the password box as soon as the address is
finished, so it is never saved in a file. Nothing is saved unless all of it can be.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.store.settings_file import SettingsFile
from app.ui.common.dialog_parts import action_buttons, error_label, grow_to_fit

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from app.ui.sync.sync_runner import SyncRunner

log = logging.getLogger(__name__)


def split_password(text: str) -> tuple[str, str | None]:
    """``text`` without a password typed into it, spelt as typed otherwise, and that password.

    Anything that does not parse comes back unchanged, for the check to explain.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text.strip())
    except (ArgumentError, ValueError):
        return text, None
    if url.password is None:
        return text, None
    # URL.set(password=None) would leave the password in place; a URL is a named tuple underneath.
    return url._replace(password=None).render_as_string(hide_password=False), str(url.password)


class ConnectionDialog(QDialog):
    """The central database's address and password, checked beside each field."""

    sig_tested = Signal(bool, str)
    """Test connection answered: (reached, what it said)."""

    def __init__(self, settings: SettingsFile, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.runner = settings, runner
        self.saved = False
        self._test_number = 0
        self.setWindowTitle(_("Connection to the central database"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 92)

        intro = QLabel(_("Involve sends what this laptop collects to your organisation's central database. "
                         "Your IT team will give you its address and a password."))
        intro.setWordWrap(True)
        self.address = QLineEdit(str(settings.get("central_url") or ""))
        self.address.setAccessibleName(_("Central database address"))
        self.address.setPlaceholderText("postgresql://user@server/database")
        self.address.setMaxLength(500)
        self.address.editingFinished.connect(self._address_finished)
        self.address.textEdited.connect(lambda _text: self._clear_messages())
        address_label = QLabel(_("Central database &address"))
        address_label.setBuddy(self.address)
        address_hint = QLabel(_("For example postgresql://involve@db.example.nhs.uk/involve. A password typed "
                                "here is moved to the password box and never saved in a file."))
        address_hint.setObjectName("hint")
        address_hint.setWordWrap(True)
        self.address_error = error_label(_("Problem with the address"))

        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password"))
        self.password.setPlaceholderText(_("Leave empty to keep the saved password") if settings.get("central_url")
                                         else _("The password for the central database"))
        self.password.textEdited.connect(lambda _text: self._clear_messages())
        password_label = QLabel(_("&Password"))
        password_label.setBuddy(self.password)
        password_hint = QLabel(self._password_hint())
        password_hint.setObjectName("hint")
        password_hint.setWordWrap(True)

        self.require_tls = QCheckBox(_("Require an encrypted connection (recommended)"))
        self.require_tls.setChecked(not settings.get("central_allow_insecure"))
        self.require_tls.toggled.connect(self._tls_toggled)
        tls_hint = QLabel(_("Keeps what is sent private on the way. Only turn this off if your IT team says the "
                            "central database cannot be reached any other way."))
        tls_hint.setObjectName("hint")
        tls_hint.setWordWrap(True)

        self.test_button = QPushButton(_("&Test connection"))
        self.test_button.setAccessibleName(_("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(_("Test result"))
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)

        self.problem = error_label(_("Problem saving the connection"))
        buttons, self.save_button, self.cancel_button = action_buttons(_("Save connection"), self.save, self.reject)
        # Enter in the address box only finishes the address (moving any password out): saving
        # there would close the dialog before the password is typed. Enter elsewhere saves.
        self.address.installEventFilter(self)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(intro)
        layout.addSpacing(10)
        for widget in (address_label, self.address, address_hint, self.address_error):
            layout.addWidget(widget)
        layout.addSpacing(10)
        for widget in (password_label, self.password, password_hint):
            layout.addWidget(widget)
        layout.addSpacing(10)
        layout.addWidget(self.require_tls)
        layout.addWidget(tls_hint)
        layout.addSpacing(12)
        layout.addLayout(test_row)
        layout.addSpacing(8)
        layout.addWidget(self.problem)
        layout.addStretch(1)  # any spare height goes here, not between a field and its hint
        layout.addWidget(buttons)
        self.address.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.address and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._address_finished()
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _password_hint() -> str:
        from sync.connection import PASSWORD_ENV

        if os.environ.get(PASSWORD_ENV):
            return _("{env} is set on this computer, so Involve uses it instead of a saved password.").format(
                env=PASSWORD_ENV)
        return _("Kept in this computer's secure password store (keyring), not in a file.")

    # ----- checking as people type

    @property
    def allow_insecure(self) -> bool:
        return not self.require_tls.isChecked()

    def _clear_messages(self) -> None:
        for label in (self.address_error, self.problem):
            label.hide()

    def _address_finished(self) -> None:
        self._take_password_out()
        if self.address.text().strip():
            self.checked_url()

    def _take_password_out(self) -> None:
        address, password = split_password(self.address.text())
        if password is None:
            return
        self.address.setText(address)
        self.password.setText(password)
        self.test_result.setText(_("The password was moved out of the address into the password box."))

    def checked_url(self) -> URL | None:
        """The address as Involve will use it, or None with the problem shown beside it."""
        from sync.connection import parse_central_url, tls_problem
        from sync.errors import SyncError

        try:
            url, _typed = parse_central_url(self.address.text())
        except SyncError as error:
            self._address_problem(str(error))
            return None
        problem = tls_problem(url, self.allow_insecure)
        if problem:
            self._address_problem(problem)
            return None
        self.address_error.hide()
        return url

    def _address_problem(self, message: str) -> None:
        self.address_error.setText(message)
        self.address_error.show()
        grow_to_fit(self)
        return None

    def address_problem(self) -> str:
        return self.address_error.text() if not self.address_error.isHidden() else ""

    def _tls_toggled(self, required: bool) -> None:
        if not required:
            box = QMessageBox(QMessageBox.Icon.Warning, _("Allow an unencrypted connection?"), _(
                "Without encryption, what this laptop sends, including people's names and contact details, "
                "could be read by anyone on the same network. Only do this if your IT team has told you to."),
                parent=self)
            allow = box.addButton(_("Allow unencrypted"), QMessageBox.ButtonRole.DestructiveRole)
            keep = box.addButton(_("Keep encryption"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is not allow:
                self.require_tls.blockSignals(True)
                self.require_tls.setChecked(True)
                self.require_tls.blockSignals(False)
                return
        if self.address.text().strip():
            self.checked_url()

    # ----- testing and saving

    def test_connection(self) -> None:
        """Reach the centre with what is typed (saved or not), on a worker; the answer shows beside the button."""
        self._take_password_out()
        url = self.checked_url()
        if url is None:
            self.test_result.setText(_("Fix the address first."))
            return
        from sync.connection import display_url

        self._test_number += 1
        number = self._test_number
        self.test_result.setText(_("Testing…"))
        self.test_button.setEnabled(False)

        def answer(ok: bool, message: str) -> None:
            if not shiboken6.isValid(self) or number != self._test_number:
                return  # the dialog closed, or a newer test is under way
            self.test_button.setEnabled(True)
            self.test_result.setText(message if ok else _("Could not connect: {reason}").format(reason=message))
            grow_to_fit(self)
            self.sig_tested.emit(ok, message)

        self.runner.probe_address(display_url(url), self.allow_insecure, self.password.text() or None, answer)

    def save(self) -> None:
        """Save the address and the choice about encryption, and the password in the keyring: all or nothing."""
        from sync.connection import display_url, save_password
        from sync.errors import SyncError

        self._clear_messages()
        self._take_password_out()
        url = self.checked_url()
        if url is None:
            self.address.setFocus()
            return
        changes = {"central_url": display_url(url), "central_allow_insecure": self.allow_insecure}
        before = {key: self.settings.get(key) for key in changes}
        try:
            self.settings.update(changes)
        except (ValueError, OSError) as error:
            self.settings.values.update(before)  # the file was not written; keep memory matching it
            self._show_problem(str(error) if isinstance(error, ValueError) else _(
                "The connection could not be saved: {reason}").format(reason=error.strerror))
            return
        password = self.password.text()
        if password:
            try:
                save_password(url, password)  # reads it back: some keyrings accept and keep nothing
            except SyncError as error:
                self._undo_settings(before)
                self._show_problem(str(error))
                return
        self.saved = True
        self.accept()

    def _undo_settings(self, before: dict[str, object]) -> None:
        try:
            self.settings.update(before)
        except (ValueError, OSError):
            self.settings.values.update(before)
            log.warning("could not put the connection settings back after the keyring refused the password")

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        grow_to_fit(self)

    def problem_text(self) -> str:
        return self.problem.text() if not self.problem.isHidden() else ""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        grow_to_fit(self)
