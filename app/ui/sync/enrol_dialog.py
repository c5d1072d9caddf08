"""Sync ▸ Connect to your organisation: enrol this laptop with the organisation's central service.

The data team gives a sheet with the service's address and a one-off enrolment code (typed out,
and together in a QR code). Connecting trades the code for this laptop's own credential, kept
in the operating system's keyring, and remembers the address; from then on the laptop syncs
through the service. The trade happens on a worker; the window only shows how it went.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.enrolment import CODE_MAX, PAYLOAD_PREFIX, SERVICE_URL_MAX, parse_enrolment_payload
from app.core.i18n import _
from app.services.central import CA_FILE_KEY, SERVICE_KEY
from app.services.enrolment import enrol_this_laptop
from app.store.settings_file import SettingsFile
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import error_label, grow_to_fit
from app.ui.common.user_guide import SYNC, add_guide_key

if TYPE_CHECKING:
    from app.ui.common.tasks import TaskPool
    from sync.service_client import Enrolled

log = logging.getLogger(__name__)

PASTE_SETTLE_MS = 300
"""A QR scanner types the pasted line a key at a time: split it once the keys stop."""
CA_FILE_MAX = 1000  # as long as the setting accepts
PASTE_MAX = len(PAYLOAD_PREFIX) + SERVICE_URL_MAX + 1 + CODE_MAX + 8  # and a little spacing around it


@dataclass(frozen=True)
class Refused:
    """Why connecting did not happen, in plain words, and which field it concerns ("" for none)."""

    message: str
    field: str = ""


def connect_laptop(settings: SettingsFile, device_id: str, address: str, code: str,
                   ca_file: str) -> Enrolled | Refused:
    """On a worker: enrol, or say plainly why not. Expected refusals are answers, not failures."""
    import os

    from sync.errors import SyncError
    from sync.service_client import parse_service_url

    try:
        parse_service_url(address)
    except SyncError as error:
        return Refused(str(error), "address")
    if ca_file and not os.path.isfile(ca_file):
        return Refused(_("There is no file at {path}. Choose the certificate file your IT team gave you, or "
                         "leave this empty.").format(path=ca_file), "ca_file")
    try:
        enrolled, _token = enrol_this_laptop(settings, device_id, address, code, ca_file)
    except SyncError as error:
        return Refused(str(error))
    except ValueError as error:  # a setting the settings file would not take, said plainly
        return Refused(str(error))
    except OSError as error:
        return Refused(_("This laptop was connected, but the settings file could not be saved ({reason}). "
                         "Ask your data team for a new code and try again.").format(
                             reason=error.strerror or type(error).__name__))
    return enrolled


class EnrolDialog(QDialog):
    """The address and the one-off code from the data team's sheet; Connect enrols this laptop."""

    sig_connected = Signal(object)
    """This laptop was enrolled (the ``Enrolled``: url, device name, central id); may come after closing."""
    sig_finished_working = Signal()
    """Connecting ended, however it ended."""

    def __init__(self, settings: SettingsFile, tasks: TaskPool, device_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.tasks, self.device_id = settings, tasks, device_id
        self.working = False
        self.enrolled: Enrolled | None = None
        self.setWindowTitle(_("Connect to your organisation"))
        add_guide_key(self, SYNC)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        connected_to = str(settings.get(SERVICE_KEY) or "")

        intro = QLabel(_(
            "This connects the laptop to your organisation's central service, so that what it collects "
            "is sent there safely. You need the sheet from your data team: it has the service's address "
            "and a one-off enrolment code. The code works once, within 24 hours of being made."))
        intro.setWordWrap(True)
        self.connected = CaptionedLabel(_("Connected"), _(
            "This laptop is connected to {url}. To connect it again (for example after its access was "
            "withdrawn, or to a new service), enter a new code from your data team.").format(url=connected_to))
        self.connected.setObjectName("banner")
        self.connected.setWordWrap(True)
        self.connected.setVisible(bool(connected_to))

        self.address = self._field(_("Address of your organisation's central service"), PASTE_MAX)
        self.address.setText(connected_to)
        self.address.setPlaceholderText("https://involve.example.nhs.uk")
        address_label = self._label(_("&Address of your organisation's central service"), self.address)
        address_hint = self._hint(_("As printed on the sheet from your data team."))
        self.address.setAccessibleDescription(address_hint.text())
        self.address_error = error_label(_("Problem with the address"))

        self.code = self._field(_("Enrolment code"), PASTE_MAX)  # room for the QR code's whole line
        self.code.setPlaceholderText("K7QX-M2PD-9HTA-WC4F")
        code_label = self._label(_("Enrolment c&ode"), self.code)
        code_hint = self._hint(_("Type it as printed, or paste the text of the sheet's QR code into either box "
                                 "to fill in both."))
        self.code.setAccessibleDescription(code_hint.text())
        self.code_error = error_label(_("Problem with the code"))

        self.ca_file = self._field(_("Certificate file (only if your IT team gave you one)"), CA_FILE_MAX)
        self.ca_file.setText(str(settings.get(CA_FILE_KEY) or ""))
        ca_label = self._label(_("Certificate &file (only if your IT team gave you one)"), self.ca_file)
        self.browse = QPushButton(_("&Browse…"))
        self.browse.setAccessibleName(_("Browse for the certificate file"))
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self.choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.browse)
        self.ca_error = error_label(_("Problem with the certificate file"))

        self.problem = error_label(_("Problem connecting"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(120)
        self.busy.setAccessibleName(_("Connecting"))
        self.busy_label = QLabel(_("Connecting…"))
        self.busy_label.setObjectName("hint")
        self.busy.hide()
        self.busy_label.hide()

        buttons = QDialogButtonBox()
        self.connect_button = QPushButton(_("&Connect"))
        self.connect_button.setAccessibleName(_("Connect"))
        self.connect_button.setDefault(True)  # Enter in any box connects
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.cancel_button.setAutoDefault(False)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.connect_button.clicked.connect(self.connect_laptop)
        self.cancel_button.clicked.connect(self.reject)  # also while connecting: the work ends on its own

        self._settle = QTimer(self, singleShot=True, interval=PASTE_SETTLE_MS)
        self._settle.timeout.connect(self.split_pasted)
        for field in (self.address, self.code):
            field.textEdited.connect(self._edited)
            field.editingFinished.connect(self.split_pasted)
        self.ca_file.textEdited.connect(lambda _text: self.ca_error.hide())

        bottom = QHBoxLayout()
        bottom.addWidget(self.busy)
        bottom.addWidget(self.busy_label, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.connected)
        layout.addSpacing(10 if connected_to else 0)
        for widget in (address_label, self.address, address_hint, self.address_error):
            layout.addWidget(widget)
        layout.addSpacing(10)
        for widget in (code_label, self.code, code_hint, self.code_error):
            layout.addWidget(widget)
        layout.addSpacing(10)
        layout.addWidget(ca_label)
        layout.addLayout(ca_row)
        layout.addWidget(self.ca_error)
        layout.addSpacing(10)
        layout.addWidget(self.problem)
        layout.addStretch(1)  # any spare height goes here, not between a field and its hint
        layout.addSpacing(8)
        layout.addLayout(bottom)

        chars = self.fontMetrics().averageCharWidth() * 84
        screen = (parent or self).screen().availableGeometry()
        self.setMinimumWidth(min(chars, int(screen.width() * 0.9)))
        (self.code if connected_to else self.address).setFocus()

    # ----- parts

    @staticmethod
    def _field(name: str, limit: int) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setMaxLength(limit)
        return field

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _hint(text: str) -> QLabel:
        hint = QLabel(text)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        return hint

    # ----- typing and pasting

    def _edited(self, _text: str) -> None:
        for label in (self.address_error, self.code_error, self.problem):
            label.hide()
        self._settle.start()

    def split_pasted(self) -> bool:
        """The QR code's text (``involve-enrol:ADDRESS#CODE``) in either box fills in both; True if it did."""
        self._settle.stop()
        for field in (self.address, self.code):
            pasted = parse_enrolment_payload(field.text())
            if pasted is not None:
                self.address.setText(pasted[0])
                self.code.setText(pasted[1])
                return True
        return False

    def choose_ca_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the certificate file"), self.ca_file.text(),
            _("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.ca_file.setText(path)
            self.ca_error.hide()

    # ----- connecting

    def connect_laptop(self) -> None:
        """Check what is typed, then enrol on a worker; the answer closes the window or shows why not."""
        if self.working:
            return
        self.split_pasted()
        for label in (self.address_error, self.code_error, self.ca_error, self.problem):
            label.hide()
        address, code, ca_file = self.address.text().strip(), self.code.text().strip(), self.ca_file.text().strip()
        if not address:
            self._refused(Refused(_("Enter the address from the sheet your data team gave you, for example "
                                    "https://involve.example.nhs.uk."), "address"))
            return
        if not code:
            self._refused(Refused(_("Enter the enrolment code from the sheet your data team gave you."), "code"))
            return
        self._set_working(True)
        settings, device_id = self.settings, self.device_id
        self.tasks.run(lambda: connect_laptop(settings, device_id, address, code, ca_file),
                       self._alive(self._answered), self._alive(self._failed))

    def _alive(self, callback: Callable[[object], None]) -> Callable[[object], None]:
        return lambda value: None if not shiboken6.isValid(self) else callback(value)

    def _answered(self, answer: object) -> None:
        self._set_working(False)
        if isinstance(answer, Refused):
            self._refused(answer)
        else:
            self.enrolled = cast("Enrolled", answer)
            self.sig_connected.emit(answer)
            if self.isVisible():
                self.accept()
        self.sig_finished_working.emit()

    def _failed(self, error: object) -> None:
        # Not an answer from the service: a bug or the computer itself. Said plainly; the log has the detail.
        self._set_working(False)
        self._refused(Refused(_("Connecting stopped because of an unexpected problem ({kind}). The code may "
                                "still work: try again, and if it happens again tell your IT team.").format(
                                    kind=type(error).__name__)))
        self.sig_finished_working.emit()

    def _refused(self, refused: Refused) -> None:
        label, field = {"address": (self.address_error, self.address), "code": (self.code_error, self.code),
                        "ca_file": (self.ca_error, self.ca_file)}.get(refused.field, (self.problem, self.code))
        label.setText(refused.message)
        label.setAccessibleDescription(refused.message)  # read out, not only the label's name
        label.show()
        grow_to_fit(self)
        if self.isVisible():
            field.setFocus()
            field.selectAll()

    def _set_working(self, working: bool) -> None:
        self.working = working
        self.connect_button.setEnabled(not working)
        self.browse.setEnabled(not working)
        for field in (self.address, self.code, self.ca_file):
            field.setReadOnly(working)  # what was typed stays, unchanged while it is being used
        self.busy.setVisible(working)
        self.busy_label.setVisible(working)
        grow_to_fit(self)

    def problem_text(self) -> str:
        """Every problem showing, for tests and screen readers alike."""
        return " ".join(label.text() for label in (self.address_error, self.code_error, self.ca_error, self.problem)
                        if not label.isHidden())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        grow_to_fit(self)
