"""Nobody signs up, at the kiosk, with staff or on paper, until the organisation and its privacy contact are set."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.core.settings import SignupNotSetUp
from app.store.notices import current_easy_read_notice, current_notice
from app.ui.shell.main_window import MainWindow
from tests.ui.common.test_dashboard import open_event
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.kiosk.test_kiosk_signup import give_feedback, texts_on_screen

PLACEHOLDER = "the engagement team at your GP practice"


def test_the_privacy_notice_never_names_nobody() -> None:
    for read in (current_notice, current_easy_read_notice):
        for organisation, contact in (("", ""), ("Kent Health Voices", ""), ("", "privacy@kent.nhs.uk")):
            with pytest.raises(SignupNotSetUp):
                read("en", organisation=organisation, contact=contact)
    assert "privacy@kent.nhs.uk" in current_notice("en", organisation="Kent Health Voices",
                                                   contact="privacy@kent.nhs.uk").full_text


def test_an_old_settings_file_holding_the_placeholder_counts_as_not_set(tmp_path) -> None:
    from app.store.settings_file import SettingsFile

    path = tmp_path / "settings.json"
    path.write_text('{"organisation_name": "The patient and public engagement team", '
                    f'"privacy_contact": "{PLACEHOLDER}", "text_size": "large"}}', encoding="utf-8")
    settings = SettingsFile(path)
    assert settings.organisation() == ("", "")
    assert settings.get("text_size") == "large"


@pytest.mark.parametrize("what", ["Sign someone up", "Print sheets", "Type in paper"])
def test_staff_are_told_what_to_set_and_can_open_settings(window: MainWindow, qtbot, what: str) -> None:
    window.settings.update({"privacy_contact": ""})
    open_event(window, qtbot)
    told: dict[str, str] = {}

    def fill_in_settings(dialog) -> None:
        told["next window"] = dialog.windowTitle()
        field = find(dialog, "How to contact you about personal data", QLineEdit)
        qtbot.keyClicks(field, "privacy@northshire.nhs.uk")
        qtbot.mouseClick(button(dialog, "Save settings"), Qt.MouseButton.LeftButton)

    def read_and_open_settings(box) -> None:
        assert isinstance(box, QMessageBox)
        told["title"], told["text"], told["missing"] = box.windowTitle(), box.text(), box.informativeText()
        when_dialog_opens(fill_in_settings)
        qtbot.mouseClick(button(box, "Open Settings…"), Qt.MouseButton.LeftButton)

    when_dialog_opens(read_and_open_settings)
    qtbot.mouseClick(button(window, what), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.settings.get("privacy_contact") != "", timeout=10_000)
    assert told["title"] == "Set up sign-up first"
    assert "Before anyone can sign up" in told["text"]
    assert told["missing"] == "Still to fill in: How to contact you about personal data."
    assert told["next window"] == "Settings"

    # Now set, the same button opens its own window.
    opened: dict[str, str] = {}

    def close(dialog) -> None:
        opened["title"] = dialog.windowTitle()
        dialog.reject()

    when_dialog_opens(close)
    qtbot.mouseClick(button(window, what), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "title" in opened, timeout=10_000)
    assert opened["title"] != "Set up sign-up first"


def test_cancel_leaves_the_event_as_it_was(window: MainWindow, qtbot) -> None:
    window.settings.update({"organisation_name": "", "privacy_contact": ""})
    open_event(window, qtbot)
    done: list[str] = []

    def cancel(box) -> None:
        done.append(box.informativeText())
        qtbot.mouseClick(button(box, "Cancel"), Qt.MouseButton.LeftButton)

    when_dialog_opens(cancel)
    qtbot.mouseClick(button(window, "Sign someone up"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done) and QApplication.activeModalWidget() is None, timeout=10_000)
    assert done == ["Still to fill in: Organisation name, How to contact you about personal data."]


@pytest.mark.parametrize("missing", ["organisation_name", "privacy_contact"])
def test_the_kiosk_offers_no_sign_up_until_set_and_says_nothing_about_it(kiosk_maker, qtbot, missing: str) -> None:
    kiosk = kiosk_maker(offer=True, size=(1024, 768), settings_values={missing: ""})
    screens: list[str] = []
    kiosk.sig_screen_changed.connect(screens.append)
    give_feedback(qtbot, kiosk)
    qtbot.waitUntil(lambda: bool(screens) and screens[-1] == "thanks", timeout=10_000)
    assert "offer" not in screens
    shown = texts_on_screen(kiosk)
    assert "Your answers have been saved." in shown
    assert "sign up" not in shown.lower() and "involved" not in shown.lower()


def test_the_kiosk_offers_sign_up_once_set(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(offer=True, size=(1024, 768))
    screens: list[str] = []
    kiosk.sig_screen_changed.connect(screens.append)
    give_feedback(qtbot, kiosk)
    qtbot.waitUntil(lambda: bool(screens) and screens[-1] == "offer", timeout=10_000)
