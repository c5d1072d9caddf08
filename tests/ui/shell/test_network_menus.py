"""The health network's windows open from the main window's menus, once data is open."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.shell.main_window import MainWindow


def menu_item(window: MainWindow, menu: str, item: str):
    found = next(a.menu() for a in window.menuBar().actions() if a.text() == menu)
    return next(a for a in found.actions() if a.text() == item)


def opened_by(window: MainWindow, qtbot, menu: str, item: str, desk_window) -> QWidget:
    action = menu_item(window, menu, item)
    assert action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: desk_window() is not None and desk_window().isVisible(), timeout=10_000)
    return desk_window()


def test_the_ppg_network_opens_from_the_people_menu(window: MainWindow, qtbot) -> None:
    shown = opened_by(window, qtbot, "&People", "P&PG network…", lambda: window.network.ppg_network.window)
    assert shown.windowTitle() == "PPG network: Patient Participation Groups"
    shown.close()
