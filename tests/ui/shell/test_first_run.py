"""Setting up a new laptop: the assistant on first start, its checks, Cancel, and File ▸ Set up this laptop…."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QRadioButton, QWizard

from app.store.kiosk_pin import has_pin
from app.store.paths import DataPaths
from app.store.settings_file import SettingsFile
from app.ui.common.text_size import apply_text_size
from app.ui.shell.application import build_main_window, make_application
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.staff_accessibility import assert_staff_window_accessible

DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.fixture
def new_laptop(qtbot, tmp_path: Path) -> Iterator[tuple[DataPaths, list[MainWindow]]]:
    """A laptop on its first start: no settings file yet. The window opens once the test says what to do."""
    paths = DataPaths(tmp_path / "new-laptop")
    opened: list[MainWindow] = []
    yield paths, opened
    for window in opened:
        window.close()
    apply_text_size("normal")


def start(qtbot, paths: DataPaths, opened: list[MainWindow]) -> MainWindow:
    make_application()
    window = build_main_window(paths.root)
    qtbot.addWidget(window)
    opened.append(window)
    window.show()
    with qtbot.waitSignal(window.sig_store_ready, timeout=20_000):
        window.open_store()
    return window


def page_title(wizard: QWizard) -> str:
    return wizard.currentPage().title()


def next_page(qtbot, wizard: QWizard) -> None:
    qtbot.mouseClick(button(wizard, "Next"), Qt.MouseButton.LeftButton)


def problem(wizard: QWizard) -> str:
    label = find(wizard.currentPage(), "Problem on this page", QLabel)
    return label.text()


def type_in(qtbot, wizard: QWizard, name: str, text: str) -> None:
    field = find(wizard.currentPage(), name, QLineEdit)
    field.clear()
    qtbot.keyClicks(field, text)


def test_first_start_walks_through_setting_up_and_saves_only_at_finish(qtbot, new_laptop) -> None:
    paths, opened = new_laptop
    seen: dict[str, object] = {}

    def walk(wizard) -> None:
        assert isinstance(wizard, QWizard)
        seen["first"] = page_title(wizard)
        assert_staff_window_accessible(wizard)
        sizes = find(wizard, "Text size", QComboBox)
        sizes.setCurrentIndex(sizes.findData("large"))
        seen["live size"] = QApplication.font().pointSizeF()
        next_page(qtbot, wizard)

        seen["organisation page"] = page_title(wizard)
        next_page(qtbot, wizard)  # nothing filled in: it stays, saying what is missing
        seen["empty"] = (page_title(wizard), problem(wizard))
        type_in(qtbot, wizard, "Organisation name", "Kent Health Voices")
        type_in(qtbot, wizard, "How to contact you about personal data", "the engagement team")
        next_page(qtbot, wizard)
        seen["bad contact"] = (page_title(wizard), problem(wizard))
        assert SettingsFile(paths.settings).get("organisation_name") == ""  # nothing saved on the way
        type_in(qtbot, wizard, "How to contact you about personal data", "privacy@kent.nhs.uk")
        next_page(qtbot, wizard)

        seen["laptop page"] = page_title(wizard)
        type_in(qtbot, wizard, "Laptop name", "   ")
        next_page(qtbot, wizard)
        seen["no name"] = problem(wizard)
        type_in(qtbot, wizard, "Laptop name", "Stall laptop 2")
        next_page(qtbot, wizard)

        seen["pin page"] = page_title(wizard)
        type_in(qtbot, wizard, "New PIN", "1111")
        type_in(qtbot, wizard, "New PIN again", "1111")
        next_page(qtbot, wizard)
        seen["easy pin"] = page_title(wizard)
        type_in(qtbot, wizard, "New PIN", "4821")
        type_in(qtbot, wizard, "New PIN again", "4821")
        next_page(qtbot, wizard)

        seen["connect page"] = page_title(wizard)
        assert find(wizard, "Later, from Sync ▸ Connect to your organisation…", QRadioButton).isChecked()
        assert_staff_window_accessible(wizard)
        qtbot.mouseClick(button(wizard, "Finish"), Qt.MouseButton.LeftButton)

    when_dialog_opens(walk)
    window = start(qtbot, paths, opened)
    qtbot.waitUntil(lambda: window.store_label.text() == "This laptop: Stall laptop 2", timeout=15_000)

    assert seen["first"] == "Text size"
    assert seen["live size"] == pytest.approx(10.5 * 1.25)  # tried out at once
    assert seen["organisation page"] == "Your organisation"
    assert seen["empty"] == ("Your organisation", "Fill in 'Organisation name'.")
    assert seen["bad contact"][0] == "Your organisation"
    assert "Give an email address, a phone number" in seen["bad contact"][1]
    assert seen["laptop page"] == "This laptop's name" and "Give this laptop a name" in seen["no name"]
    assert seen["pin page"] == seen["easy pin"] == "Staff PIN for the kiosk"
    assert seen["connect page"] == "Your organisation's centre"
    saved = SettingsFile(paths.settings)
    assert saved.organisation() == ("Kent Health Voices", "privacy@kent.nhs.uk")
    assert saved.get("text_size") == "large"
    with window.store.session() as session:
        assert has_pin(session)
    assert window.store.device_name() == "Stall laptop 2"


def test_cancel_keeps_nothing_and_the_text_size_goes_back(qtbot, new_laptop) -> None:
    paths, opened = new_laptop
    done: list[bool] = []

    def cancel_late(wizard) -> None:
        sizes = find(wizard, "Text size", QComboBox)
        sizes.setCurrentIndex(sizes.findData("larger"))
        next_page(qtbot, wizard)
        type_in(qtbot, wizard, "Organisation name", "Kent Health Voices")
        type_in(qtbot, wizard, "How to contact you about personal data", "01622 123456")
        next_page(qtbot, wizard)
        qtbot.mouseClick(button(wizard, "Cancel"), Qt.MouseButton.LeftButton)
        done.append(True)

    when_dialog_opens(cancel_late)
    window = start(qtbot, paths, opened)
    qtbot.waitUntil(lambda: bool(done) and QApplication.activeModalWidget() is None, timeout=15_000)
    assert SettingsFile(paths.settings).organisation() == ("", "")
    assert SettingsFile(paths.settings).get("text_size") == "normal"
    assert QApplication.font().pointSizeF() == pytest.approx(10.5)
    with window.store.session() as session:
        assert not has_pin(session)

    # Set up later from the File menu: the assistant shows what is set, and a PIN set already is left alone.
    shown: dict[str, object] = {}

    def look(wizard) -> None:
        next_page(qtbot, wizard)
        shown["organisation"] = find(wizard, "Organisation name", QLineEdit).text()
        wizard.reject()

    window.settings.update({"organisation_name": "Kent Health Voices"})
    when_dialog_opens(look)
    window.set_up_action.trigger()
    qtbot.waitUntil(lambda: "organisation" in shown, timeout=15_000)
    assert shown["organisation"] == "Kent Health Voices"


@pytest.mark.parametrize("size", ["normal", "larger"])
def test_screenshot_of_the_assistant(qtbot, new_laptop, size: str, tmp_path: Path) -> None:
    """The organisation page, looked at by eye; with INVOLVE_SCREENSHOTS=docs the normal one is docs/first-run.png."""
    paths, opened = new_laptop
    grabbed: list[bool] = []

    def grab(wizard) -> None:
        sizes = find(wizard, "Text size", QComboBox)
        sizes.setCurrentIndex(sizes.findData(size))
        next_page(qtbot, wizard)
        type_in(qtbot, wizard, "Organisation name", "Kent Health Voices")
        type_in(qtbot, wizard, "How to contact you about personal data", "privacy@kent.nhs.uk or 01622 123456")
        picture = wizard.grab()
        assert picture.save(str(tmp_path / f"first-run-{size}.png"))
        if size == "normal" and os.environ.get("INVOLVE_SCREENSHOTS") == "docs":
            assert picture.save(str(DOCS / "first-run.png"))
        wizard.reject()
        grabbed.append(True)

    when_dialog_opens(grab)
    start(qtbot, paths, opened)
    qtbot.waitUntil(lambda: bool(grabbed), timeout=15_000)


def test_connect_now_opens_the_connect_dialog_after_finish(qtbot, new_laptop) -> None:
    paths, opened = new_laptop
    seen: dict[str, object] = {}

    def close_connect(dialog) -> None:
        seen["connect"] = dialog.windowTitle()
        seen["settings saved first"] = SettingsFile(paths.settings).organisation()
        dialog.reject()

    def walk(wizard) -> None:
        next_page(qtbot, wizard)
        type_in(qtbot, wizard, "Organisation name", "Kent Health Voices")
        type_in(qtbot, wizard, "How to contact you about personal data", "0300 123 4567")
        next_page(qtbot, wizard)
        next_page(qtbot, wizard)  # the name given when the store was made
        type_in(qtbot, wizard, "New PIN", "4821")
        type_in(qtbot, wizard, "New PIN again", "4821")
        next_page(qtbot, wizard)
        now = find(wizard, "Connect now, after Finish", QRadioButton)
        now.setFocus()
        qtbot.keyClick(now, Qt.Key.Key_Space)  # chosen by keyboard
        assert now.isChecked()
        wizard.finished.connect(lambda _result: when_dialog_opens(close_connect))  # the next window to open
        qtbot.mouseClick(button(wizard, "Finish"), Qt.MouseButton.LeftButton)

    when_dialog_opens(walk)
    start(qtbot, paths, opened)
    qtbot.waitUntil(lambda: "connect" in seen, timeout=15_000)
    assert seen["connect"] == "Connect to your organisation"
    assert seen["settings saved first"] == ("Kent Health Voices", "0300 123 4567")
