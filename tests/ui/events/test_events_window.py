"""Creating, finding, editing and archiving events through the window, as staff would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit

from app.core.events import validate_event
from app.store.events import add_event, list_events
from app.store.store import Store
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens

PPG_DAY = QDate(2026, 4, 14)


def fill_new_event(dialog, *, name: str, kind: str = "PPG meeting", day: QDate = PPG_DAY,
                   venue: str = "", qtbot=None) -> None:
    qtbot.keyClicks(find(dialog, "Name", QLineEdit), name)
    kinds = find(dialog, "Kind of event", QComboBox)
    kinds.setCurrentIndex(kinds.findText(kind))
    find(dialog, "Date", QDateEdit).setDate(day)
    if venue:
        qtbot.keyClicks(find(dialog, "Venue", QLineEdit), venue)


def list_rows(window: MainWindow) -> list[str]:
    proxy = window.list_page.table.model()
    return [proxy.index(row, 1).data() for row in range(proxy.rowCount())]


def stored_events(window: MainWindow):
    with window.store.session() as session:
        return list_events(session, include_archived=True)


def test_first_start_shows_an_empty_list_that_says_what_to_do(window: MainWindow) -> None:
    assert window.list_page.empty.isVisible()
    assert "New event" in window.list_page.empty.text()
    assert button(window, "New event").isEnabled()


def test_create_an_event_through_the_window(window: MainWindow, qtbot) -> None:
    def fill(dialog) -> None:
        fill_new_event(dialog, name="Larkspur PPG", venue="Larkspur Surgery", qtbot=qtbot)
        find(dialog, "Set start and end times").setChecked(True)
        qtbot.keyClicks(find(dialog, "Organising team", QLineEdit), "Engagement team")
        service = find(dialog, "Service (for the FFT return)", QLineEdit)
        assert "Leave blank if it is about more than one" in service.toolTip()
        qtbot.keyClicks(service, " Larkspur Surgery ")
        qtbot.keyClicks(find(dialog, "Notes", QPlainTextEdit), "Bring the banner")
        qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)

    when_dialog_opens(fill)
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        qtbot.mouseClick(button(window, "New event"), Qt.MouseButton.LeftButton)

    page = window.event_page
    assert page.isVisible()
    assert page.title.text() == "Larkspur PPG"
    assert page.subtitle.text() == "PPG meeting · Tue 14 Apr 2026, 10:00 to 13:00"
    assert find(page, "Venue", QLabel).text() == "Larkspur Surgery"
    assert find(page, "Organising team", QLabel).text() == "Engagement team"
    assert window.windowTitle().startswith("Larkspur PPG")

    [saved] = stored_events(window)
    assert (saved.name, saved.details.kind.value, saved.details.event_date) == (
        "Larkspur PPG", "ppg-meeting", dt.date(2026, 4, 14))
    assert saved.details.start_time == dt.time(10, 0) and saved.details.notes == "Bring the banner"
    assert saved.details.service == "Larkspur Surgery"

    qtbot.mouseClick(button(window, "Back to all events"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: list_rows(window) == ["Larkspur PPG"])
    assert window.list_page.table.isVisible()


def test_problems_are_shown_beside_the_field_and_nothing_is_saved(window: MainWindow, qtbot) -> None:
    seen: dict[str, str] = {}

    def try_blank_then_fix(dialog) -> None:
        qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)
        error = find(dialog, "Problem with Name", QLabel)
        seen["name"] = error.text()
        seen["still open"] = str(dialog.isVisible())
        seen["focus"] = dialog.focusWidget().accessibleName()
        find(dialog, "Set start and end times").setChecked(True)
        find(dialog, "End time").setTime(find(dialog, "Start time").time())
        qtbot.keyClicks(find(dialog, "Name", QLineEdit), "Coffee morning")
        qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)
        seen["times"] = find(dialog, "Problem with Times", QLabel).text()
        button(dialog, "Cancel").click()

    when_dialog_opens(try_blank_then_fix)
    qtbot.mouseClick(button(window, "New event"), Qt.MouseButton.LeftButton)
    assert seen == {"name": "Give the event a name.", "still open": "True", "focus": "Name",
                    "times": "The end time must be after the start time."}
    assert stored_events(window) == []


def test_find_and_edit_an_event(gui_data, open_window, qtbot) -> None:
    seed = Store.open(gui_data)
    with seed.session() as session:
        for name, venue, service in (("Market stall", "High Street", "Y02960"),
                                     ("Diabetes focus group", "Library", "")):
            add_event(session, seed.device_id, validate_event(
                {"name": name, "kind": "outreach-stall", "event_date": "2026-05-02", "venue": venue,
                 "service": service}))
    seed.close()
    window = open_window()
    assert sorted(list_rows(window)) == ["Diabetes focus group", "Market stall"]

    qtbot.keyClicks(find(window, "Search events", QLineEdit), "library")
    assert list_rows(window) == ["Diabetes focus group"]
    find(window, "Search events", QLineEdit).clear()
    qtbot.keyClicks(find(window, "Search events", QLineEdit), "nothing like this")
    assert list_rows(window) == [] and "No events match" in window.list_page.empty.text()
    find(window, "Search events", QLineEdit).clear()
    qtbot.keyClicks(find(window, "Search events", QLineEdit), "market")

    table = window.list_page.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 1))
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.event_page.title.text() == "Market stall"

    def change_venue(dialog) -> None:
        venue = find(dialog, "Venue", QLineEdit)
        assert venue.text() == "High Street"
        assert find(dialog, "Service (for the FFT return)", QLineEdit).text() == "Y02960"
        venue.clear()
        qtbot.keyClicks(venue, "Market Square")
        qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)

    when_dialog_opens(change_venue)
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        qtbot.mouseClick(button(window, "Edit details"), Qt.MouseButton.LeftButton)
    assert find(window.event_page, "Venue", QLabel).text() == "Market Square"
    edited = next(r for r in stored_events(window) if r.name == "Market stall")
    assert edited.details.venue == "Market Square" and edited.version == 2
    assert edited.details.service == "Y02960"  # kept through the edit


def test_archive_an_event_then_undo(window: MainWindow, qtbot) -> None:
    with window.store.session() as session:
        add_event(session, window.store.device_id, validate_event(
            {"name": "Winter fair", "kind": "community-event", "event_date": "2026-12-05"}))
    with qtbot.waitSignal(window.sig_events_loaded):
        window.reload_events()
    with qtbot.waitSignal(window.sig_event_shown):
        window.list_page.table.activated.emit(window.list_page.table.model().index(0, 0))

    with qtbot.waitSignal(window.sig_event_shown):
        qtbot.mouseClick(button(window, "Archive event"), Qt.MouseButton.LeftButton)
    assert window.event_page.archived_banner.isVisible()
    assert not button(window, "Edit details").isEnabled()
    assert stored_events(window)[0].archived
    assert "Ctrl+Z" in window.statusBar().currentMessage()

    with qtbot.waitSignal(window.sig_event_shown):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not stored_events(window)[0].archived
    assert button(window, "Archive event").isVisible()
    assert window.statusBar().currentMessage().startswith("Undone")

    with qtbot.waitSignal(window.sig_event_shown):
        qtbot.mouseClick(button(window, "Archive event"), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.event_page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: list_rows(window) == [])
    window.show_archived_action.trigger()
    qtbot.waitUntil(lambda: list_rows(window) == ["Winter fair"])
    assert window.list_page.table.model().index(0, 4).data() == "Archived"


def test_when_every_event_is_archived_the_list_says_so_and_shows_them_on_request(window: MainWindow, qtbot) -> None:
    with window.store.session() as session:
        for name in ("Winter fair", "Spring fair"):
            event = add_event(session, window.store.device_id, validate_event(
                {"name": name, "kind": "community-event", "event_date": "2026-12-05"}))
            from app.store.events import set_archived

            set_archived(session, event.id, True)
    with qtbot.waitSignal(window.sig_events_loaded):
        window.reload_events()
    page = window.list_page
    assert page.empty.isVisible()
    assert page.empty.text() == "All 2 events are archived.\nShow them, or choose “New event…” to add one."
    assert "No events yet" not in page.empty.text()
    with qtbot.waitSignal(window.sig_events_loaded):
        qtbot.mouseClick(button(window, "Show archived events"), Qt.MouseButton.LeftButton)
    assert window.show_archived_action.isChecked()
    assert sorted(list_rows(window)) == ["Spring fair", "Winter fair"]


def test_cancelling_a_new_event_saves_nothing(window: MainWindow, qtbot) -> None:
    def type_then_cancel(dialog) -> None:
        qtbot.keyClicks(find(dialog, "Name", QLineEdit), "Half typed")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(type_then_cancel)
    qtbot.mouseClick(button(window, "New event"), Qt.MouseButton.LeftButton)
    window.tasks.wait()
    assert stored_events(window) == []


def test_the_event_form_offers_only_dates_reports_can_cover(window: MainWindow, qtbot) -> None:
    seen: dict[str, QDate] = {}

    def look(dialog) -> None:
        date = find(dialog, "Date", QDateEdit)
        seen["first"], seen["last"] = date.minimumDate(), date.maximumDate()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(look)
    qtbot.mouseClick(button(window, "New event"), Qt.MouseButton.LeftButton)
    window.tasks.wait()
    assert (seen["first"], seen["last"]) == (QDate(1900, 1, 1), QDate(2999, 12, 31))
