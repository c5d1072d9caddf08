"""A screen reader hears every staff window's visible words: the tree check on each main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.ui.shell.main_window import MainWindow
from tests.ui.common.test_dashboard import open_event
from tests.ui.helpers import button, when_dialog_opens
from tests.ui.people.test_people import add_practice
from tests.ui.people.test_people_window import open_people, zebedee
from tests.ui.staff_accessibility import staff_window_accessibility_problems


def problems_in(window: QWidget) -> list[str]:
    return staff_window_accessibility_problems(window)


def test_explore(window: MainWindow, qtbot) -> None:
    found: dict[str, list[str]] = {}
    found["list"] = problems_in(window)
    open_event(window, qtbot)
    found["event"] = problems_in(window)
    zebedee(window)
    people = open_people(window, qtbot)
    found["people"] = problems_in(people)
    people.close()

    def look(name):
        def act(dialog):
            found[name] = problems_in(dialog)
            dialog.reject()
        return act

    when_dialog_opens(look("settings"))
    window.open_settings()
    when_dialog_opens(look("report"))
    window.report_across_action.trigger()

    def event_errors(dialog):
        qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)
        found["event form"] = problems_in(dialog)
        dialog.reject()
    when_dialog_opens(event_errors)
    qtbot.mouseClick(button(window, "Edit details"), Qt.MouseButton.LeftButton)

    def signup_errors(dialog):
        qtbot.mouseClick(button(dialog, "Save sign-up"), Qt.MouseButton.LeftButton)
        found["signup form"] = problems_in(dialog)
        dialog.reject()
    when_dialog_opens(signup_errors)
    qtbot.mouseClick(button(window, "Sign someone up"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "signup form" in found, timeout=10_000)
    for k, v in found.items():
        print("==", k)
        for p in v:
            print("  ", p)
    assert False
