"""F1 opens the offline user guide at the page for the window in front, and never from the kiosk."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.ui.common import user_guide
from app.ui.shell.main_window import MainWindow


@pytest.fixture
def opened(monkeypatch) -> Iterator[list[QUrl]]:
    """The URLs Involve asked the system to open, in place of a real browser."""
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    yield urls


def press_f1(qtbot, widget: QWidget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    qtbot.keyClick(QApplication.focusWidget() or widget, Qt.Key.Key_F1)


def guide_page(url: QUrl) -> str:
    assert url.isLocalFile(), url
    path = user_guide.guide_folder() / url.fileName()
    assert path.is_file() and url.toLocalFile() == str(path), url
    return url.fileName()


def test_f1_and_help_user_guide_open_the_guide_home_from_the_main_window(qtbot, window: MainWindow,
                                                                         opened: list[QUrl]) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    entry = next(a for a in help_menu.actions() if a.text() == "&User guide")
    assert "F1" in [s.toString() for s in entry.shortcuts()]
    press_f1(qtbot, window)
    assert [guide_page(url) for url in opened] == ["index.html"]
    entry.trigger()
    assert [guide_page(url) for url in opened] == ["index.html", "index.html"]


def _people(window: MainWindow) -> QWidget:
    window.people.open_people()
    assert window.people.people_window is not None
    return window.people.people_window


def _actions(window: MainWindow) -> QWidget:
    window.action_desk.open_all()
    assert window.action_desk.window is not None
    return window.action_desk.window


def _sync(window: MainWindow) -> QWidget:
    return window.sync.open_panel()


def _report(window: MainWindow) -> QWidget:
    from app.ui.reports.report_dialog import ReportAcrossDialog

    assert window.store is not None
    return ReportAcrossDialog(window, store=window.store, tasks=window.tasks, central_configured=False)


def _staff_pin(window: MainWindow) -> QWidget:
    from app.ui.kiosk.staff_pin_dialogs import ChangePinDialog

    assert window.store is not None
    return ChangePinDialog(window.store, window.tasks, window)


def _settings(window: MainWindow) -> QWidget:
    from app.ui.shell.settings_dialog import SettingsDialog

    return SettingsDialog(window.settings, window)


def _new_event(window: MainWindow) -> QWidget:
    from app.ui.events.event_dialog import EventDialog

    return EventDialog(window, surveys=window.workspace.survey_titles(), store=window.store, tasks=window.tasks)


def _practices(window: MainWindow) -> QWidget:
    from app.ui.people.practices_dialog import PracticesDialog

    assert window.store is not None
    return PracticesDialog(window, store=window.store, tasks=window.tasks, practices=[])


def _organisations(window: MainWindow) -> QWidget:
    window.network.organisations.open()
    assert window.network.organisations.window is not None
    return window.network.organisations.window


def _who_to_involve(window: MainWindow) -> QWidget:
    window.network.finding.open_who_to_involve()
    assert window.network.finding.window is not None
    return window.network.finding.window


@pytest.mark.parametrize(("open_window_of", "page"), [
    (_people, "people.html"), (_actions, "actions.html"), (_sync, "sync.html"), (_report, "reports.html"),
    (_staff_pin, "kiosk.html"), (_settings, "set-up.html"), (_new_event, "plan-an-event.html"),
    (_practices, "people.html"), (_organisations, "network.html"), (_who_to_involve, "network.html"),
], ids=["people", "actions", "sync", "report", "staff-pin", "settings", "new-event", "gp-practices", "organisations",
        "who-to-involve"])
def test_f1_in_a_staff_window_opens_its_own_page(qtbot, window: MainWindow, opened: list[QUrl],
                                                open_window_of: Callable[[MainWindow], QWidget], page: str) -> None:
    staff_window = open_window_of(window)
    press_f1(qtbot, staff_window)
    assert [guide_page(url) for url in opened] == [page]
    staff_window.close()


def test_the_kiosk_never_opens_a_browser_on_f1(qtbot, kiosk_maker, opened: list[QUrl]) -> None:
    """A member of the public pressing F1 must not reach a browser, and through it the computer."""
    kiosk = kiosk_maker()
    press_f1(qtbot, kiosk)
    kiosk.start()
    press_f1(qtbot, kiosk)
    assert opened == []


def test_without_a_browser_it_says_where_the_guide_is(qtbot, monkeypatch, window: MainWindow) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    press_f1(qtbot, window)
    assert len(said) == 1
    assert str(user_guide.guide_folder() / "index.html") in said[0] and "web browser" in said[0]
