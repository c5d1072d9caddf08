"""The staff PIN in the window: leaving the kiosk after wrong tries, changing it, resetting it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.core.pin import MAX_WAIT
from app.store.kiosk_pin import PinVerdict, check_pin, set_pin
from app.store.store import Store
from app.ui.common.tasks import TaskPool
from app.ui.kiosk.pin_dialogs import SetPinDialog, UnlockDialog
from app.ui.kiosk.staff_pin_dialogs import ChangePinDialog
from app.ui.shell.application import make_application
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.manual_clock import ManualClock
from tests.ui.staff_accessibility import assert_staff_window_accessible

PIN, NEW_PIN = "4821", "7350"
START = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


class Clock(ManualClock):
    """The manual clock as the wall clock the PIN's waits are measured on."""

    def __call__(self) -> dt.datetime:
        return START + dt.timedelta(milliseconds=self.now)


@pytest.fixture
def tasks(store: Store) -> Iterator[TaskPool]:
    make_application()
    with store.session() as session:
        set_pin(session, PIN)
    pool = TaskPool()
    yield pool
    pool.wait()


def verdict(store: Store, pin: str) -> PinVerdict:
    with store.session() as session:
        return check_pin(session, pin, START + dt.timedelta(hours=1)).verdict


def press(qtbot, dialog: QWidget, name: str, pin: str, action: str) -> None:
    field = find(dialog, name, QLineEdit)
    field.setText(pin)
    qtbot.mouseClick(button(dialog, action), Qt.MouseButton.LeftButton)


def unlock_dialog(qtbot, store: Store, tasks: TaskPool, clock: Clock) -> UnlockDialog:
    dialog = UnlockDialog(store, tasks, clock=clock)
    qtbot.addWidget(dialog)
    clock.take_over(dialog.countdown, "timer")
    dialog.show()
    return dialog


def test_after_wrong_tries_the_kiosk_waits_then_lets_staff_out(qtbot, store: Store, tasks: TaskPool) -> None:
    clock = Clock()
    dialog = unlock_dialog(qtbot, store, tasks, clock)
    leave = button(dialog, "Leave kiosk")
    said = []
    for _ in range(4):  # someone at the kiosk tries four PINs
        press(qtbot, dialog, "Staff PIN", "0000", "Leave kiosk")
        qtbot.waitUntil(lambda: not tasks.busy and dialog.message.isVisible())
        said.append(dialog.message.text())
    assert said[0] == "That PIN is not right. Please try again."
    assert said[3] == ("That PIN is not right. After several wrong tries each try has to wait: "
                       "you can try again in 5 seconds.")
    assert not leave.isEnabled()
    assert_staff_window_accessible(dialog)  # the message is heard, not only a caption

    clock.advance(4_000)
    assert dialog.message.text().endswith("you can try again in 1 second.") and not leave.isEnabled()
    clock.advance(1_000)
    assert leave.isEnabled() and dialog.message.text() == "That PIN is not right. You can try again now."

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        press(qtbot, dialog, "Staff PIN", PIN, "Leave kiosk")


def test_the_public_cannot_keep_staff_out_for_more_than_a_minute(qtbot, store: Store, tasks: TaskPool) -> None:
    clock = Clock()
    dialog = unlock_dialog(qtbot, store, tasks, clock)
    leave = button(dialog, "Leave kiosk")
    for _ in range(12):  # as many wrong tries as the waits allow
        press(qtbot, dialog, "Staff PIN", "0000", "Leave kiosk")
        qtbot.waitUntil(lambda: not tasks.busy and dialog.message.isVisible())
        clock.advance(int(MAX_WAIT.total_seconds() * 1000))
        assert leave.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        press(qtbot, dialog, "Staff PIN", PIN, "Leave kiosk")


def test_changing_the_pin_needs_the_current_one(qtbot, store: Store, tasks: TaskPool) -> None:
    dialog = ChangePinDialog(store, tasks, clock=Clock())
    qtbot.addWidget(dialog)
    dialog.show()
    find(dialog, "New PIN", QLineEdit).setText(NEW_PIN)
    find(dialog, "New PIN again", QLineEdit).setText("7351")
    press(qtbot, dialog, "Current PIN", PIN, "Change PIN")
    problem = find(dialog, "Problem with New PIN again", QLabel)
    assert problem.text() == "The two PINs are not the same."
    assert_staff_window_accessible(dialog)

    find(dialog, "New PIN again", QLineEdit).setText(NEW_PIN)
    press(qtbot, dialog, "Current PIN", "0000", "Change PIN")
    qtbot.waitUntil(lambda: not tasks.busy and find(dialog, "Problem with Current PIN", QLabel).isVisible())
    assert find(dialog, "Problem with Current PIN", QLabel).accessibleName() == (
        "Problem with Current PIN: That is not the current PIN, so nothing was changed.")
    assert_staff_window_accessible(dialog)

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        press(qtbot, dialog, "Current PIN", PIN, "Change PIN")
    assert verdict(store, NEW_PIN) is PinVerdict.RIGHT
    assert verdict(store, PIN) is PinVerdict.WRONG


def test_a_forgotten_pin_is_reset_from_the_staff_menu(window: MainWindow, qtbot) -> None:
    with window.store.session() as session:
        set_pin(session, PIN)
    seen: dict[str, object] = {}

    def reset(dialog: QWidget) -> None:
        assert_staff_window_accessible(dialog)
        press(qtbot, dialog, "New PIN", NEW_PIN, "Reset PIN")  # "New PIN again" left empty
        seen["problem"] = find(dialog, "Problem with New PIN again", QLabel).text()
        assert_staff_window_accessible(dialog)
        find(dialog, "New PIN again", QLineEdit).setText(NEW_PIN)
        qtbot.mouseClick(button(dialog, "Reset PIN"), Qt.MouseButton.LeftButton)

    def forgotten(dialog: QWidget) -> None:
        seen["title"] = dialog.windowTitle()
        assert_staff_window_accessible(dialog)
        when_dialog_opens(reset)
        qtbot.mouseClick(button(dialog, "Forgotten the PIN? Reset it…"), Qt.MouseButton.LeftButton)
        if dialog.isVisible():  # the reset failed a check and was closed: close this too, so the test ends
            dialog.reject()

    when_dialog_opens(forgotten)
    window.staff_pin_action.trigger()
    qtbot.waitUntil(lambda: "was reset" in window.statusBar().currentMessage(), timeout=10_000)
    assert seen == {"title": "Change the staff PIN", "problem": "The two PINs are not the same."}
    assert verdict(window.store, NEW_PIN) is PinVerdict.RIGHT


def test_with_no_pin_yet_the_staff_menu_sets_one(window: MainWindow, qtbot) -> None:
    def set_one(dialog: QWidget) -> None:
        assert isinstance(dialog, SetPinDialog)
        press(qtbot, dialog, "New PIN", "1111", "Save PIN")
        assert find(dialog, "Problem with New PIN", QLabel).accessibleName() == (
            "Problem with New PIN: Choose a PIN that is harder to guess than 1111.")
        assert_staff_window_accessible(dialog)
        find(dialog, "New PIN", QLineEdit).setText(NEW_PIN)
        press(qtbot, dialog, "New PIN again", NEW_PIN, "Save PIN")

    when_dialog_opens(set_one)
    window.staff_pin_action.trigger()
    qtbot.waitUntil(lambda: "was set" in window.statusBar().currentMessage(), timeout=10_000)
    assert verdict(window.store, NEW_PIN) is PinVerdict.RIGHT
