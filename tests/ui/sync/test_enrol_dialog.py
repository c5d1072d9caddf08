"""Sync ▸ Connect to your organisation…: enrolling this laptop with the central service, driven
as a person would, by the words on screen.

Most tests stand in for the service by replacing ``enrol_this_laptop`` where the dialog uses
it; the last ones connect to the real service (tests/sync/service_process.py) on loopback.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QProgressBar

import app.ui.sync.enrol_dialog as enrol_dialog
from app.services.central import CA_FILE_KEY, SERVICE_KEY
from app.store.settings_file import SettingsFile
from app.ui.common.tasks import TaskPool
from app.ui.common.text_size import apply_text_size
from app.ui.shell.application import make_application
from app.ui.sync.enrol_dialog import EnrolDialog
from sync.errors import SyncError
from sync.service_client import KEYRING_SERVICE, Enrolled
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.sync_fixtures import memory_keyring, service  # noqa: F401  (fixtures)

ADDRESS = "https://127.0.0.1:1"  # a service on this computer: accepted, and nothing real is reached
CODE = "K7QX-M2PD-9HTA-WC4F"
ADDRESS_FIELD = "Address of your organisation's central service"
CERTIFICATE_FIELD = "Certificate file (only if your IT team gave you one)"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs"


class FakeService:
    """Stands in for ``enrol_this_laptop``: remembers what it was given, answers as told, and can
    hold the answer back until released (so a test can look at the window meanwhile)."""

    def __init__(self, monkeypatch, *, refuse: str = "", name: str = "Outreach laptop 2") -> None:
        self.refuse, self.name = refuse, name
        self.calls: list[dict] = []
        self.release = threading.Event()
        self.release.set()
        self.threads: list[threading.Thread] = []
        monkeypatch.setattr(enrol_dialog, "enrol_this_laptop", self)

    def __call__(self, settings, device_id, address, code, ca_file="", *, keep=True):
        self.calls.append({"device_id": device_id, "address": address, "code": code, "ca_file": ca_file})
        self.threads.append(threading.current_thread())
        assert self.release.wait(30)
        if self.refuse:
            raise SyncError(self.refuse)
        settings.update({SERVICE_KEY: address, CA_FILE_KEY: ca_file})
        return Enrolled(address, self.name, "central-1"), "a-credential"


@pytest.fixture
def settings(tmp_path: Path) -> SettingsFile:
    return SettingsFile(tmp_path / "settings.json")


@pytest.fixture
def tasks(qtbot):
    make_application()
    pool = TaskPool(threads=1)
    yield pool
    pool.wait()
    pool.deleteLater()


@pytest.fixture
def open_dialog(qtbot, settings: SettingsFile, tasks: TaskPool):
    def opener() -> EnrolDialog:
        dialog = EnrolDialog(settings, tasks, "3f0c1e9a-7d4b-4a8e-9c55-0b1d2e3f4a5b")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return opener


def field(dialog: EnrolDialog, name: str) -> QLineEdit:
    found = find(dialog, name, QLineEdit)
    assert isinstance(found, QLineEdit)
    return found


def type_in(qtbot, box: QLineEdit, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def connect_with_enter(qtbot, dialog: EnrolDialog) -> None:
    with qtbot.waitSignal(dialog.sig_finished_working, timeout=20_000):
        qtbot.keyClick(field(dialog, "Enrolment code"), Qt.Key.Key_Return)


# ----- connecting


def test_connecting_from_the_sync_menu_saves_the_service_and_the_status_bar_says_so(
        qtbot, window, monkeypatch) -> None:
    fake = FakeService(monkeypatch, name="Outreach laptop 2")
    desk = window.sync
    desk.open_panel()
    seen: list[str] = []

    def fill_in(dialog) -> None:
        seen.append(dialog.windowTitle())
        type_in(qtbot, field(dialog, ADDRESS_FIELD), ADDRESS)
        type_in(qtbot, field(dialog, "Enrolment code"), CODE)
        qtbot.keyClick(field(dialog, "Enrolment code"), Qt.Key.Key_Return)  # Enter connects

    when_dialog_opens(fill_in)
    action = next(a for a in window.findChildren(type(desk.connect_action))
                  if a.text() == "&Connect to your organisation…")
    action.trigger()  # returns once the dialog has closed

    assert seen == ["Connect to your organisation"]
    assert fake.calls == [{"device_id": window.workspace.store.device_id, "address": ADDRESS, "code": CODE,
                           "ca_file": ""}]
    assert fake.threads[0] is not threading.main_thread(), "the service is reached on a worker"
    assert SettingsFile(window.settings.path).get(SERVICE_KEY) == ADDRESS
    assert window.statusBar().currentMessage() == f"Connected to {ADDRESS} as 'Outreach laptop 2'."
    assert find(desk.panel, "Central service", QLabel).text() == ADDRESS
    assert button(desk.panel, "Connect again").isEnabled()
    assert desk.indicator.text() != "Sync not set up"


def test_sync_now_on_a_laptop_not_connected_opens_connect(qtbot, window) -> None:
    seen: list[str] = []
    when_dialog_opens(lambda dialog: (seen.append(dialog.windowTitle()), button(dialog, "Cancel").click()))
    window.sync.sync_now_action.trigger()
    assert seen == ["Connect to your organisation"]
    assert window.sync.indicator.text() == "Sync not set up"


def test_a_refused_code_shows_the_services_words_and_keeps_what_was_typed(
        qtbot, open_dialog, settings: SettingsFile, monkeypatch) -> None:
    refusal = "That enrolment code has already been used. Each code works once; ask your data team for a new one."
    FakeService(monkeypatch, refuse=refusal)
    dialog = open_dialog()
    type_in(qtbot, field(dialog, ADDRESS_FIELD), ADDRESS)
    type_in(qtbot, field(dialog, "Enrolment code"), CODE)
    connect_with_enter(qtbot, dialog)
    assert dialog.isVisible() and dialog.enrolled is None
    problem = find(dialog, "Problem connecting", QLabel)
    assert problem.text() == refusal
    assert "Traceback" not in dialog.problem_text()
    assert field(dialog, ADDRESS_FIELD).text() == ADDRESS
    assert field(dialog, "Enrolment code").text() == CODE
    assert button(dialog, "Connect").isEnabled()
    assert settings.get(SERVICE_KEY) == ""
    type_in(qtbot, field(dialog, "Enrolment code"), "N3WC-0DE1")
    assert problem.isHidden(), "typing again clears the old problem"


def test_an_unexpected_failure_is_said_plainly(qtbot, open_dialog, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise KeyError("token")

    monkeypatch.setattr(enrol_dialog, "enrol_this_laptop", broken)
    dialog = open_dialog()
    type_in(qtbot, field(dialog, ADDRESS_FIELD), ADDRESS)
    type_in(qtbot, field(dialog, "Enrolment code"), CODE)
    connect_with_enter(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problem_text().startswith("Connecting stopped because of an unexpected problem (KeyError).")


def test_connect_is_disabled_while_working_and_cancel_still_closes(qtbot, open_dialog, settings: SettingsFile,
                                                                    monkeypatch) -> None:
    fake = FakeService(monkeypatch)
    fake.release.clear()
    dialog = open_dialog()
    connected: list[Enrolled] = []
    dialog.sig_connected.connect(connected.append)
    type_in(qtbot, field(dialog, ADDRESS_FIELD), ADDRESS)
    type_in(qtbot, field(dialog, "Enrolment code"), CODE)
    click(qtbot, button(dialog, "Connect"))
    qtbot.waitUntil(lambda: len(fake.calls) == 1)
    assert not button(dialog, "Connect").isEnabled()
    assert find(dialog, "Connecting", QProgressBar).isVisible()
    assert field(dialog, "Enrolment code").isReadOnly() and field(dialog, "Enrolment code").text() == CODE
    qtbot.keyClick(field(dialog, "Enrolment code"), Qt.Key.Key_Return)
    assert len(fake.calls) == 1, "Enter while connecting does not send the code again"

    assert button(dialog, "Cancel").isEnabled()
    click(qtbot, button(dialog, "Cancel"))
    assert not dialog.isVisible()
    # The code was already on its way, and works only once: its answer still connects the laptop.
    with qtbot.waitSignal(dialog.sig_finished_working, timeout=20_000):
        fake.release.set()
    assert [enrolled.device_name for enrolled in connected] == ["Outreach laptop 2"]
    assert settings.get(SERVICE_KEY) == ADDRESS


def test_escape_cancels(qtbot, open_dialog, monkeypatch) -> None:
    fake = FakeService(monkeypatch)
    dialog = open_dialog()
    type_in(qtbot, field(dialog, "Enrolment code"), CODE)
    qtbot.keyClick(field(dialog, "Enrolment code"), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and fake.calls == []


def test_an_empty_field_is_explained_beside_it_without_reaching_the_service(qtbot, open_dialog,
                                                                             monkeypatch) -> None:
    fake = FakeService(monkeypatch)
    dialog = open_dialog()
    click(qtbot, button(dialog, "Connect"))
    assert find(dialog, "Problem with the address", QLabel).text().startswith("Enter the address from the sheet")
    type_in(qtbot, field(dialog, ADDRESS_FIELD), ADDRESS)
    click(qtbot, button(dialog, "Connect"))
    assert find(dialog, "Problem with the code", QLabel).text().startswith("Enter the enrolment code")
    assert fake.calls == []


def test_an_address_that_is_not_https_is_explained_beside_the_address(qtbot, open_dialog, monkeypatch) -> None:
    fake = FakeService(monkeypatch)
    dialog = open_dialog()
    type_in(qtbot, field(dialog, ADDRESS_FIELD), "http://involve.example.nhs.uk")
    type_in(qtbot, field(dialog, "Enrolment code"), CODE)
    connect_with_enter(qtbot, dialog)
    assert "must be reached over https" in find(dialog, "Problem with the address", QLabel).text()
    assert fake.calls == [], "nothing is sent to an address that would not be encrypted"


def test_a_certificate_file_that_is_not_there_is_explained_beside_it(qtbot, open_dialog, tmp_path: Path,
                                                                     monkeypatch) -> None:
    fake = FakeService(monkeypatch)
    dialog = open_dialog()
    type_in(qtbot, field(dialog, ADDRESS_FIELD), ADDRESS)
    type_in(qtbot, field(dialog, "Enrolment code"), CODE)
    type_in(qtbot, field(dialog, CERTIFICATE_FIELD), str(tmp_path / "missing.pem"))
    connect_with_enter(qtbot, dialog)
    assert find(dialog, "Problem with the certificate file", QLabel).text().startswith("There is no file at ")
    assert fake.calls == []

    chosen = tmp_path / "organisation-ca.pem"
    chosen.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    monkeypatch.setattr(enrol_dialog.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_args: (str(chosen), "")))
    click(qtbot, button(dialog, "Browse for the certificate file"))
    assert field(dialog, CERTIFICATE_FIELD).text() == str(chosen)
    connect_with_enter(qtbot, dialog)
    assert fake.calls[0]["ca_file"] == str(chosen)


# ----- the QR code's text


@pytest.mark.parametrize("into", [ADDRESS_FIELD, "Enrolment code"])
def test_the_qr_codes_text_pasted_into_either_box_fills_in_both(qtbot, open_dialog, into: str) -> None:
    dialog = open_dialog()
    QGuiApplication.clipboard().setText(f"involve-enrol:https://involve.example.nhs.uk#{CODE}\n")
    box = field(dialog, into)
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: field(dialog, "Enrolment code").text() == CODE)
    assert field(dialog, ADDRESS_FIELD).text() == "https://involve.example.nhs.uk"


def test_the_qr_codes_text_typed_by_a_scanner_is_split_once_it_ends(qtbot, open_dialog, monkeypatch) -> None:
    fake = FakeService(monkeypatch)
    dialog = open_dialog()
    box = field(dialog, ADDRESS_FIELD)
    type_in(qtbot, box, f"involve-enrol:{ADDRESS}#{CODE}")  # a key at a time, as a scanner types
    qtbot.waitUntil(lambda: field(dialog, "Enrolment code").text() == CODE)
    assert box.text() == ADDRESS
    # A scanner that ends with Enter connects straight away, with the line split first.
    type_in(qtbot, box, f"involve-enrol:{ADDRESS}#N3WC-0DE1")
    connect_with_enter(qtbot, dialog)
    assert fake.calls[0]["address"] == ADDRESS and fake.calls[0]["code"] == "N3WC-0DE1"


# ----- already connected


def test_a_laptop_already_connected_says_where_and_offers_a_new_code(qtbot, open_dialog,
                                                                     settings: SettingsFile) -> None:
    settings.update({SERVICE_KEY: "https://involve.example.nhs.uk"})
    dialog = open_dialog()
    banner = find(dialog, "Connected", QLabel).text()
    assert banner.startswith("This laptop is connected to https://involve.example.nhs.uk.")
    assert "new code" in banner
    assert field(dialog, ADDRESS_FIELD).text() == "https://involve.example.nhs.uk"
    assert dialog.focusWidget() is field(dialog, "Enrolment code")


def test_a_laptop_not_connected_has_no_such_banner(qtbot, open_dialog) -> None:
    dialog = open_dialog()
    assert not any(label.isVisible() and label.accessibleName().startswith("Connected: ")
                   for label in dialog.findChildren(QLabel))
    assert dialog.focusWidget() is field(dialog, ADDRESS_FIELD)


# ----- for everyone


def test_every_control_is_named_with_its_visible_words_and_labels_have_access_keys(qtbot, open_dialog) -> None:
    dialog = open_dialog()

    def words(text: str) -> str:
        return text.replace("&", "").rstrip("…").strip()

    for control in dialog.findChildren(QAbstractButton):
        assert words(control.text()) in control.accessibleName(), control.text()
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    assert len(labels) == 3
    for label in labels:
        assert "&" in label.text(), label.text()
        assert words(label.text()) == label.buddy().accessibleName()
    keys = [label.text().split("&")[1][0].lower() for label in labels]
    keys += [b.text().split("&")[1][0].lower() for b in dialog.findChildren(QAbstractButton) if "&" in b.text()]
    assert len(keys) == len(set(keys)), f"two controls share an access key: {keys}"
    assert QKeySequence.mnemonic(button(dialog, "Connect").text()).toString() == "Alt+C"
    assert button(dialog, "Connect").isDefault()
    assert dialog.windowTitle() == "Connect to your organisation"
    intro = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "works once" in intro and "24 hours" in intro and "data team" in intro


@pytest.mark.parametrize("state", ["refused", "connecting"])
@pytest.mark.parametrize("size", ["normal", "large", "larger"])
@pytest.mark.parametrize("screen", [(1366, 768), (1024, 768)], ids=["1366x768", "1024x768"])
def test_it_fits_a_laptop_screen_at_every_text_size(qtbot, settings: SettingsFile, tasks: TaskPool, tmp_path: Path,
                                                   size: str, screen: tuple[int, int], state: str) -> None:
    """At its tallest (connected already, with a problem showing, or connecting), on the screen's
    width less a margin, nothing is cut off and it leaves room for a title bar and a taskbar.
    With INVOLVE_SCREENSHOTS=docs the pictures are saved in docs/ too, to be looked at."""
    from PySide6.QtWidgets import QApplication

    from app.ui.common.dialog_parts import grow_to_fit

    before = QApplication.font()
    apply_text_size(size)
    try:
        settings.update({SERVICE_KEY: "https://involve.example.nhs.uk"})
        dialog = EnrolDialog(settings, tasks, "3f0c1e9a-7d4b-4a8e-9c55-0b1d2e3f4a5b")
        qtbot.addWidget(dialog)
        dialog.code.setText(CODE)
        dialog.show()
        if state == "refused":
            dialog._refused(enrol_dialog.Refused("That enrolment code has already been used. Each code works once; "
                                                 "ask your data team for a new one."))
        else:
            dialog._set_working(True)
        width, height = screen
        room = min(dialog.sizeHint().width(), int(width * 0.9))  # as wide as it asks, within the screen
        assert dialog.minimumSizeHint().width() <= room
        dialog.setMinimumWidth(min(dialog.minimumWidth(), room))
        dialog.resize(room, 100)
        grow_to_fit(dialog)
        qtbot.waitUntil(lambda: dialog.width() == room)
        assert dialog.height() <= height - 80, (size, dialog.size())
        for label in dialog.findChildren(QLabel):
            if label.isVisible() and label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), label.text()
        picture = dialog.grab()
        name = f"connect-dialog-{state}-{size}-{width}x{height}.png"
        assert picture.save(str(tmp_path / name))
        if os.environ.get("INVOLVE_SCREENSHOTS") == "docs":
            assert picture.save(str(SCREENSHOTS / name))
        dialog._set_working(False)
    finally:
        QApplication.setFont(before)


# ----- the real central service


def test_connecting_to_the_real_service_keeps_the_credential_and_a_used_code_is_refused(
        qtbot, window, service, memory_keyring) -> None:
    code = service.add_device("Outreach laptop 3")

    def fill_in(dialog) -> None:
        type_in(qtbot, field(dialog, ADDRESS_FIELD), service.url)
        type_in(qtbot, field(dialog, "Enrolment code"), code)
        click(qtbot, button(dialog, "Connect"))

    when_dialog_opens(fill_in)
    assert window.sync.open_connect()
    assert window.statusBar().currentMessage() == f"Connected to {service.url} as 'Outreach laptop 3'."
    assert SettingsFile(window.settings.path).get(SERVICE_KEY) == service.url
    assert memory_keyring.items[(KEYRING_SERVICE, service.url)].strip()
    assert window.sync.runner.configured

    answers: list[str] = []

    def use_it_again(dialog) -> None:
        assert find(dialog, "Connected", QLabel).text().startswith(f"This laptop is connected to {service.url}.")
        type_in(qtbot, field(dialog, "Enrolment code"), code)
        with qtbot.waitSignal(dialog.sig_finished_working, timeout=20_000):
            click(qtbot, button(dialog, "Connect"))
        answers.append(dialog.problem_text())
        assert dialog.isVisible()
        button(dialog, "Cancel").click()

    when_dialog_opens(use_it_again)
    assert not window.sync.open_connect()
    assert answers and "already" in answers[0], answers
    assert "Traceback" not in answers[0]


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
