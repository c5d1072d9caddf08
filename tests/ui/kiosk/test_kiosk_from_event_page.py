"""Staff start the kiosk from an event's page, set a PIN the first time, and get the laptop back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from app.core.events import validate_event
from app.store.events import add_event
from app.ui.kiosk.window import KioskWindow
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens


def open_event(window: MainWindow, qtbot, day: dt.date | None = None, *, easy_read: bool = False) -> str:
    with window.store.session() as session:
        event_id = add_event(session, window.store.device_id, validate_event(
            {"name": "Market stall", "kind": "outreach-stall",
             "event_date": (day or dt.date.today()).isoformat(), "easy_read": easy_read})).id
    with qtbot.waitSignal(window.sig_event_shown):
        window.open_event(event_id)
    return event_id


def the_kiosk() -> KioskWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow) and w.isVisible()), None)


def test_start_kiosk_set_a_pin_take_feedback_and_leave(window: MainWindow, qtbot) -> None:
    open_event(window, qtbot)
    problems: list[str] = []

    def set_pin(dialog) -> None:
        find(dialog, "New PIN", QLineEdit).setText("1111")
        find(dialog, "New PIN again", QLineEdit).setText("1111")
        button(dialog, "Save PIN").click()
        problems.append(find(dialog, "Problem with New PIN", QLabel).text())
        find(dialog, "New PIN", QLineEdit).setText("4821")
        find(dialog, "New PIN again", QLineEdit).setText("4821")
        button(dialog, "Save PIN").click()

    when_dialog_opens(set_pin)
    qtbot.mouseClick(button(window, "Start kiosk"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: the_kiosk() is not None, timeout=10_000)
    kiosk = the_kiosk()
    assert problems == ["Choose a PIN that is harder to guess than 1111."]
    assert kiosk.isFullScreen()
    assert not window.isVisible(), "the staff window must not be reachable from the kiosk"
    assert window.kiosk.window is kiosk

    kiosk.start()
    kiosk.question.editor.set_value("very_good")
    kiosk.next()
    with qtbot.waitSignal(window.sig_counts_shown, timeout=10_000):
        kiosk.next()
    assert "1" in find(window, "All responses", QLabel).text()

    def unlock(dialog) -> None:
        find(dialog, "Staff PIN", QLineEdit).setText("4821")
        button(dialog, "Leave kiosk").click()

    when_dialog_opens(unlock)
    with qtbot.waitSignal(kiosk.sig_closed, timeout=10_000):
        kiosk.close()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Kiosk mode ended.")
    assert window.isVisible()
    assert window.kiosk.window is None


def test_the_second_time_no_new_pin_is_asked(window: MainWindow, qtbot) -> None:
    from app.store.kiosk_pin import set_pin

    open_event(window, qtbot)
    with window.store.session() as session:
        set_pin(session, "4821")
    qtbot.mouseClick(button(window, "Start kiosk"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: the_kiosk() is not None, timeout=10_000)
    kiosk = the_kiosk()
    assert kiosk.pages.currentWidget() is kiosk.attract
    assert kiosk.attract.access.easy_read_button.isHidden()  # this event does not offer it
    kiosk._may_close = True  # as if staff had given the PIN
    kiosk.close()


def test_an_event_that_offers_easy_read_offers_it_at_its_kiosk(window: MainWindow, qtbot) -> None:
    from app.store.kiosk_pin import set_pin

    open_event(window, qtbot, easy_read=True)
    with window.store.session() as session:
        set_pin(session, "4821")
    qtbot.mouseClick(button(window, "Start kiosk"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: the_kiosk() is not None, timeout=10_000)
    kiosk = the_kiosk()
    assert kiosk.easy_read_offered and kiosk.attract.access.easy_read_button.isVisible()
    kiosk._may_close = True  # as if staff had given the PIN
    kiosk.close()


def test_an_event_on_another_day_needs_a_word_from_staff_first(window: MainWindow, qtbot) -> None:
    from app.store.kiosk_pin import set_pin

    open_event(window, qtbot, dt.date.today() - dt.timedelta(days=3))
    with window.store.session() as session:
        set_pin(session, "4821")
    asked: list[str] = []

    def cancel(dialog) -> None:
        asked.append(dialog.text())
        button(dialog, "Cancel").click()

    when_dialog_opens(cancel)
    qtbot.mouseClick(button(window, "Start kiosk"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert "Market stall is on" in asked[0] and "not today" in asked[0]
    assert the_kiosk() is None and window.isVisible()

    when_dialog_opens(lambda dialog: button(dialog, "Start kiosk for this event").click())
    qtbot.mouseClick(button(window, "Start kiosk"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: the_kiosk() is not None, timeout=10_000)
    kiosk = the_kiosk()
    qtbot.waitUntil(lambda: "Market stall" in kiosk.attract.event_label.text())
    assert kiosk.attract.event_label.isVisible()
    kiosk._may_close = True  # as if staff had given the PIN
    kiosk.close()
