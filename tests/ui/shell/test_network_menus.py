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


def test_programmes_open_from_the_reports_menu(window: MainWindow, qtbot) -> None:
    shown = opened_by(window, qtbot, "&Reports", "&Programmes and decisions…",
                      lambda: window.network.programmes.window)
    assert shown.windowTitle().startswith("Programmes")
    shown.close()


def test_who_should_we_involve_opens_from_the_people_menu(window: MainWindow, qtbot) -> None:
    shown = opened_by(window, qtbot, "&People", "&Who should we involve?…", lambda: window.network.finding.window)
    assert "involve" in shown.windowTitle()
    shown.close()


def test_organisations_open_from_the_people_menu(window: MainWindow, qtbot) -> None:
    shown = opened_by(window, qtbot, "&People", "&Organisations…", lambda: window.network.organisations.window)
    assert shown.windowTitle() == "Organisations"
    shown.close()


def test_claims_for_finance_open_from_the_people_menu(window: MainWindow, qtbot) -> None:
    shown = opened_by(window, qtbot, "&People", "&Claims for finance…",
                      lambda: window.network.involvement.claims_window)
    assert "Claims" in shown.windowTitle()
    shown.close()


def test_a_members_involvement_log_opens_from_people(window: MainWindow, qtbot) -> None:
    from tests.ui.helpers import button
    from tests.ui.people.test_people import click, store_person
    from tests.ui.people.test_people_edit import choose
    from tests.ui.people.test_people_window import open_people, search

    store_person(window, {"name": "Ann Smith", "email": "ann@example.org", "interests": ["health-network"],
                          "contact_method": "email"})
    people = open_people(window, qtbot)
    search(people, qtbot, "", 1)
    choose(people, qtbot, "Ann Smith")
    click(qtbot, button(people, "Involvement log"))
    qtbot.waitUntil(lambda: window.network.involvement.log_window is not None
                    and window.network.involvement.log_window.isVisible(), timeout=10_000)
    assert "Ann Smith" in window.network.involvement.log_window.windowTitle()
    window.network.involvement.log_window.close()
    people.close()
