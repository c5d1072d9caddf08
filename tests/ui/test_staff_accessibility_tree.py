"""A screen reader hears every staff window's visible words: the tree check on each main window.

Each test opens a window as staff would, in the state worth hearing (figures counted, errors
shown), and walks its accessibility tree with ``assert_staff_window_accessible``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.common.captioned_label import CaptionedLabel
from app.ui.shell.main_window import MainWindow
from tests.ui.common.test_dashboard import open_event
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.paper.test_meeting import add_member, add_practices, open_meeting_event
from tests.ui.paper.test_paper import type_code
from tests.ui.people.test_people import through_dialog
from tests.ui.people.test_people_window import open_people, zebedee
from tests.ui.staff_accessibility import assert_staff_window_accessible, staff_window_accessibility_problems


def check_dialog(qtbot, open_it: Callable[[], None], before: Callable[[QWidget], None] = lambda _d: None) -> None:
    """Open a dialog, bring it to the state worth checking, check it, and close it."""
    def act(dialog: QWidget) -> None:
        before(dialog)
        try:
            assert_staff_window_accessible(dialog)
        finally:
            dialog.close()

    through_dialog(qtbot, open_it, act)


# ----- the check itself


def test_the_check_finds_a_label_hidden_behind_its_name_and_a_nameless_button(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    hidden = QLabel("42")
    hidden.setAccessibleName("Responses")  # a screen reader would say "Responses", never 42
    nameless = QPushButton()
    layout = QVBoxLayout(window)
    layout.addWidget(hidden)
    layout.addWidget(nameless)
    window.show()
    problems = staff_window_accessibility_problems(window)
    assert any("'42'" in p and "'Responses'" in p for p in problems), problems
    assert any("no accessible name" in p for p in problems), problems

    hidden.setAccessibleName("Responses: 42")
    nameless.setText("Save")
    assert staff_window_accessibility_problems(window) == []


def test_a_captioned_label_keeps_its_name_up_to_date() -> None:
    QApplication.instance() or QApplication([])
    label = CaptionedLabel("Responses today")
    assert label.accessibleName() == "Responses today"
    label.setText("42")
    assert label.accessibleName() == "Responses today: 42"
    label.setText("Responses today: 43")  # a text that says what it is is read as it is
    assert label.accessibleName() == "Responses today: 43"
    label.setText("<b>7</b> waiting")
    assert label.accessibleName() == "Responses today: 7 waiting"


# ----- the staff windows


def test_event_list(window: MainWindow) -> None:
    assert_staff_window_accessible(window)


def test_event_page_with_its_dashboard_and_details(window: MainWindow, qtbot) -> None:
    open_event(window, qtbot)
    assert find(window.event_page, "All responses", QLabel).accessibleName() == "All responses: 7"
    assert find(window.event_page, "Venue", QLabel).accessibleName() == "Venue: Not given"
    assert_staff_window_accessible(window)


def test_people_window_with_a_person_chosen(window: MainWindow, qtbot) -> None:
    zebedee(window)
    people = open_people(window, qtbot)
    qtbot.waitUntil(lambda: find(people, "Chosen person", QLabel).text() == "Zebedee Quartermain", timeout=10_000)
    assert find(people, "Postcode", QLabel).accessibleName() == "Postcode: ZE2 9XY"
    assert_staff_window_accessible(people)
    people.close()


def test_settings(window: MainWindow, qtbot) -> None:
    check_dialog(qtbot, window.open_settings)


def test_report_across_events(window: MainWindow, qtbot) -> None:
    check_dialog(qtbot, window.report_across_action.trigger,
                 lambda dialog: qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000))


def test_sync_panel(window: MainWindow, qtbot) -> None:
    panel = window.sync.open_panel()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert_staff_window_accessible(panel)
    assert_staff_window_accessible(window)  # the status bar's sync button says its status too
    panel.close()


def test_new_event_form_showing_its_problems(window: MainWindow, qtbot) -> None:
    def save_empty(dialog: QWidget) -> None:
        qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)
        problem = find(dialog, "Problem with Name", QLabel)
        assert problem.isVisible() and problem.text() in problem.accessibleName()

    check_dialog(qtbot, lambda: qtbot.mouseClick(button(window, "New event"), Qt.MouseButton.LeftButton), save_empty)


def test_sign_up_form_showing_its_problems(window: MainWindow, qtbot) -> None:
    open_event(window, qtbot)

    def save_empty(dialog: QWidget) -> None:
        qtbot.mouseClick(button(dialog, "Save sign-up"), Qt.MouseButton.LeftButton)
        problem = find(dialog, "Problem with Name", QLabel)
        assert problem.isVisible() and problem.text() in problem.accessibleName()

    check_dialog(qtbot, lambda: qtbot.mouseClick(button(window, "Sign someone up"), Qt.MouseButton.LeftButton),
                 save_empty)


@pytest.mark.parametrize("menu", ["actions_across_action"])
def test_actions_across_events(window: MainWindow, qtbot, menu: str) -> None:
    getattr(window, menu).trigger()
    actions = window.action_desk.window
    assert actions is not None
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert_staff_window_accessible(actions)
    actions.close()


def test_paper_dialogs_of_a_ppg_meeting(window: MainWindow, qtbot) -> None:
    larkspur, _hill = add_practices(window)
    add_member(window, "Ann Smith", larkspur)
    open_meeting_event(window, qtbot, larkspur)

    def click_on_page(name: str) -> Callable[[], None]:
        return lambda: qtbot.mouseClick(button(window, name), Qt.MouseButton.LeftButton)

    check_dialog(qtbot, click_on_page("Attendance and issues"),
                 lambda dialog: qtbot.waitUntil(lambda: bool(dialog.members), timeout=10_000))
    check_dialog(qtbot, click_on_page("Print sheets"))
    check_dialog(qtbot, click_on_page("Type in paper"), lambda dialog: type_code(qtbot, dialog, "XX-BAD"))


def test_staff_feedback_form_showing_its_problems(window: MainWindow, qtbot) -> None:
    open_event(window, qtbot)

    def save_empty(dialog: QWidget) -> None:
        qtbot.mouseClick(button(dialog, "Save feedback"), Qt.MouseButton.LeftButton)
        assert any(label.isVisible() and label.accessibleName().startswith("Problem with ")
                   for label in dialog.findChildren(QLabel))
        when_dialog_opens(lambda box: box.close())  # closing asks whether to throw the answers away

    check_dialog(qtbot, lambda: qtbot.mouseClick(button(window, "Record feedback"), Qt.MouseButton.LeftButton),
                 save_empty)


def test_gp_practices_and_connecting_to_the_centre(window: MainWindow, qtbot) -> None:
    check_dialog(qtbot, window.practices_action.trigger)
    check_dialog(qtbot, window.sync.open_connect,
                 lambda dialog: qtbot.mouseClick(button(dialog, "Connect"), Qt.MouseButton.LeftButton))


def test_export_choice(window: MainWindow, qtbot) -> None:
    open_event(window, qtbot)
    check_dialog(qtbot, lambda: qtbot.mouseClick(button(window, "Export"), Qt.MouseButton.LeftButton))
