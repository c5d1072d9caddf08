"""Buttons say what they do in words: none carries an icon that means something else (a floppy
disk on "Leave kiosk" or "Merge", a return arrow on "Make report" or a message's OK), even on
desktops whose theme puts icons on dialog buttons."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QProxyStyle, QStyle, QStyleFactory

from app.ui.common.dialog_parts import action_buttons
from app.ui.kiosk.pin_dialogs import UnlockDialog
from app.ui.reports.report_dialog import ReportAcrossDialog
from app.ui.shell.application import make_application
from app.ui.shell.main_window import MainWindow


class DesktopWithButtonIcons(QProxyStyle):
    """Fusion as GNOME and KDE themes set it up: an icon on every standard dialog button."""

    def styleHint(self, hint, option=None, widget=None, returnData=None) -> int:  # noqa: N802, N803
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returnData)


@pytest.fixture
def desktop_icons(qapp) -> Iterator[QApplication]:
    app = make_application()
    app.setStyle(DesktopWithButtonIcons("Fusion"))
    yield app
    make_application()  # the app's own style again


def test_action_buttons_carry_no_save_icon(desktop_icons, qtbot) -> None:
    for words in ("Leave kiosk", "Merge", "Save event"):
        buttons, action, cancel = action_buttons(words, lambda: None, lambda: None)
        qtbot.addWidget(buttons)
        assert action.text() == words
        assert action.icon().isNull(), words


def test_leave_kiosk_and_make_report_carry_no_icons(window: MainWindow, desktop_icons, qtbot) -> None:
    unlock = UnlockDialog(window.store, window.tasks, window)
    report = ReportAcrossDialog(window, store=window.store, tasks=window.tasks, central_configured=False)
    for dialog in (unlock, report):
        qtbot.addWidget(dialog)
    assert unlock.unlock_button.text() == "Leave kiosk" and unlock.unlock_button.icon().isNull()
    assert report.make_button.text() == "Make report" and report.make_button.icon().isNull()


def test_the_apps_own_style_puts_no_icon_on_a_messages_ok(qapp, qtbot, monkeypatch) -> None:
    made: list[QStyle] = []

    def desktop_fusion(_name: str) -> QStyle:
        made.append(DesktopWithButtonIcons("Fusion"))
        return made[-1]

    monkeypatch.setattr(QStyleFactory, "create", desktop_fusion)
    try:
        make_application()
        assert made, "the app's style is built on Fusion"
        box = QMessageBox(QMessageBox.Icon.Information, "Exported", "Saved 3 responses.")
        qtbot.addWidget(box)
        ok = box.addButton(QMessageBox.StandardButton.Ok)
        assert ok.text() == "OK" and ok.icon().isNull()
    finally:
        monkeypatch.undo()
        make_application()
