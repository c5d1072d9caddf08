"""PPG meetings: choosing the practice on the event form, taking attendance and noting the group's issues."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton

from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.signups import ConsentMethod, validate_signup
from app.store.attendance import group_issues, register
from app.store.events import add_event, get_event, list_events
from app.store.people import ConsentGiven, save_signup
from app.store.practices import save_practice
from app.store.responses import response_answers
from app.ui.shell.main_window import MainWindow
from tests.ui.events.test_events_window import fill_new_event
from tests.ui.helpers import button, click_label, find, when_dialog_opens


def add_practices(window: MainWindow) -> tuple[str, str]:
    with window.store.session() as session:
        device = window.store.device_id
        larkspur = save_practice(session, device, validate_practice("Larkspur Surgery", "G82001"))
        hill = save_practice(session, device, validate_practice("Hill Street Medical Centre", "G82002"))
    return larkspur.id, hill.id


def add_member(window: MainWindow, name: str, practice_id: str) -> str:
    with window.store.session() as session:
        return save_signup(session, window.store.device_id, validate_signup(
            {"name": name, "email": f"{name.split()[0].lower()}@example.org", "interests": ["ppg", "newsletter"],
             "practice_id": practice_id, "contact_method": "email"}),
            ConsentGiven("privacy", 1, ConsentMethod.STAFF)).id


def open_meeting_event(window: MainWindow, qtbot, practice_id: str | None) -> str:
    with window.store.session() as session:
        event_id = add_event(session, window.store.device_id, validate_event(
            {"name": "Larkspur PPG", "kind": "ppg-meeting", "event_date": "2026-04-14",
             "survey_ids": ["fft", "topics"], "practice_id": practice_id})).id
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        window.open_event(event_id)
    return event_id


def test_a_new_ppg_meeting_is_saved_with_its_practice(window: MainWindow, qtbot) -> None:
    _larkspur, hill = add_practices(window)
    seen: dict[str, object] = {}

    def fill(dialog) -> None:
        fill_new_event(dialog, name="Outreach stall", kind="Outreach stall", qtbot=qtbot)
        seen["hidden for a stall"] = not any(w.accessibleName() == "GP practice" and w.isVisibleTo(dialog)
                                             for w in dialog.findChildren(QComboBox))
        kinds = find(dialog, "Kind of event", QComboBox)
        kinds.setCurrentIndex(kinds.findText("PPG meeting"))
        practices = find(dialog, "GP practice", QComboBox)
        qtbot.waitUntil(practices.isEnabled, timeout=10_000)
        seen["offered"] = [practices.itemText(i) for i in range(practices.count())]
        practices.setCurrentIndex(practices.findText("Hill Street Medical Centre (G82002)"))
        qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)

    when_dialog_opens(fill)
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        qtbot.mouseClick(button(window, "New event"), Qt.MouseButton.LeftButton)

    assert seen == {"hidden for a stall": True, "offered": [
        "Not chosen yet", "Hill Street Medical Centre (G82002)", "Larkspur Surgery (G82001)"]}
    with window.store.session() as session:
        [event] = list_events(session)
    assert event.details.kind.value == "ppg-meeting" and event.details.practice_id == hill

    def leave_practice(dialog) -> None:  # editing keeps it; a stall drops it
        practices = find(dialog, "GP practice", QComboBox)
        qtbot.waitUntil(practices.isEnabled, timeout=10_000)
        seen["kept"] = practices.currentText()
        kinds = find(dialog, "Kind of event", QComboBox)
        kinds.setCurrentIndex(kinds.findText("Outreach stall"))
        qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)

    when_dialog_opens(leave_practice)
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        qtbot.mouseClick(button(window, "Edit details"), Qt.MouseButton.LeftButton)
    assert seen["kept"] == "Hill Street Medical Centre (G82002)"
    with window.store.session() as session:
        assert get_event(session, event.id).details.practice_id is None


def test_take_attendance_and_note_the_groups_issues(window: MainWindow, qtbot) -> None:
    larkspur, hill = add_practices(window)
    ann = add_member(window, "Ann Smith", larkspur)
    add_member(window, "Bilal Khan", larkspur)
    add_member(window, "Cerys Jones", hill)  # another practice's PPG: not on this register
    event_id = open_meeting_event(window, qtbot, larkspur)
    seen: dict[str, object] = {}

    def take(dialog) -> None:
        qtbot.waitUntil(lambda: bool(dialog.members), timeout=10_000)
        seen["members"] = dialog.member_names()
        seen["whose"] = find(dialog, "Whose PPG", QLabel).text()
        click_label(qtbot, find(dialog, "Ann Smith", QCheckBox))
        guest = find(dialog, "Guest's name", QLineEdit)
        qtbot.keyClicks(guest, "Jo Bloggs")
        qtbot.keyClick(guest, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(dialog.guests), timeout=10_000)
        qtbot.keyClicks(guest, "Sam Carer")
        qtbot.mouseClick(button(dialog, "Add guest"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(dialog.guests) == 2, timeout=10_000)
        guests = find(dialog, "Guests", QListWidget)
        guests.setFocus()
        guests.setCurrentRow(1)
        qtbot.mouseClick(button(dialog, "Remove guest"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(dialog.guests) == 1, timeout=10_000)
        seen["present"] = find(dialog, "Present", QLabel).text()

        qtbot.mouseClick(button(dialog, "Add issue"), Qt.MouseButton.LeftButton)
        seen["empty issue"] = find(dialog, "Problem with the issue", QLabel).text()
        qtbot.keyClicks(find(dialog, "Issue", QPlainTextEdit), "Hard to get through on the phone at 8am")
        click_label(qtbot, find(dialog, "Getting a GP appointment", QCheckBox))
        qtbot.mouseClick(button(dialog, "Add issue"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.issues_added == 1, timeout=10_000)
        issues = find(dialog, "Issues raised", QListWidget)
        seen["listed"] = issues.item(0).text()
        seen["cleared"] = find(dialog, "Issue", QPlainTextEdit).toPlainText()
        qtbot.mouseClick(button(dialog, "Close"), Qt.MouseButton.LeftButton)

    when_dialog_opens(take)
    qtbot.mouseClick(button(window, "Attendance and issues"), Qt.MouseButton.LeftButton)
    window.tasks.wait()

    assert seen["members"] == ["Ann Smith", "Bilal Khan"]
    assert "Larkspur Surgery" in seen["whose"]
    assert seen["present"] == "2 people present: 1 of 2 members and 1 guest"
    assert seen["empty issue"] == "Type the issue the group raised."
    assert seen["listed"] == "Hard to get through on the phone at 8am\nAbout: Getting a GP appointment"
    assert seen["cleared"] == ""
    with window.store.session() as session:
        stored = register(session, event_id)
        [(_id, issue, topics)] = group_issues(session, event_id)
        [response] = response_answers(session, event_id)
    assert [(line.member.id, line.present) for line in stored.members if line.present] == [(ann, True)]
    assert [g.name for g in stored.guests] == ["Jo Bloggs"]
    assert issue == "Hard to get through on the phone at 8am" and topics == ("gp_access",)
    assert response["mode"] == "staff"

    # Opened again, the register shows what was saved.
    def look_again(dialog) -> None:
        qtbot.waitUntil(lambda: bool(dialog.members), timeout=10_000)
        seen["ticked"] = [box.text() for box in dialog.members.values() if box.isChecked()]
        seen["issues"] = find(dialog, "Issues raised", QListWidget).count()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(look_again)
    qtbot.mouseClick(button(window, "Attendance and issues"), Qt.MouseButton.LeftButton)
    assert seen["ticked"] == ["Ann Smith"] and seen["issues"] == 1


def test_a_meeting_without_a_practice_says_so_and_offers_to_set_it(window: MainWindow, qtbot) -> None:
    larkspur, _hill = add_practices(window)
    event_id = open_meeting_event(window, qtbot, None)
    seen: dict[str, object] = {}

    def choose_practice(dialog) -> None:
        practices = find(dialog, "GP practice", QComboBox)
        qtbot.waitUntil(practices.isEnabled, timeout=10_000)
        practices.setCurrentIndex(practices.findText("Larkspur Surgery (G82001)"))
        qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)

    def meeting(dialog) -> None:
        qtbot.waitUntil(lambda: any(b.accessibleName() == "Set the GP practice" and b.isVisible()
                                    for b in dialog.findChildren(QPushButton)), timeout=10_000)
        set_it = button(dialog, "Set the GP practice")
        seen["said"] = [label.text() for label in dialog.findChildren(QLabel)
                        if label.objectName() == "banner" and label.isVisible()]
        qtbot.mouseClick(set_it, Qt.MouseButton.LeftButton)
        when_dialog_opens(choose_practice)  # the event's own form opens once this one has closed

    when_dialog_opens(meeting)
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        qtbot.mouseClick(button(window, "Attendance and issues"), Qt.MouseButton.LeftButton)

    assert seen["said"] == ["This meeting has no GP practice set, so there is no list of members to tick. Guests "
                            "can still be added."]
    with window.store.session() as session:
        assert get_event(session, event_id).details.practice_id == larkspur


def test_pressing_enter_twice_saves_a_guest_and_an_issue_once(window: MainWindow, qtbot) -> None:
    larkspur, _hill = add_practices(window)
    event_id = open_meeting_event(window, qtbot, larkspur)

    def twice(dialog) -> None:
        guest = find(dialog, "Guest's name", QLineEdit)
        qtbot.keyClicks(guest, "Mrs Guest")
        qtbot.keyClick(guest, Qt.Key.Key_Return)
        qtbot.keyClick(guest, Qt.Key.Key_Return)  # before the first has been saved
        # Saved: the name is listed and the box is ready for the next. Only then move on, or the
        # save's answer, however late it comes, takes the focus back to the guest's name.
        qtbot.waitUntil(lambda: bool(dialog.guests) and dialog.add_guest_button.isEnabled(), timeout=30_000)
        issue = find(dialog, "Issue", QPlainTextEdit)
        issue.setFocus()
        qtbot.waitUntil(issue.hasFocus, timeout=30_000)
        qtbot.keyClicks(issue, "Parking")
        qtbot.keyClick(issue, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(issue, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: dialog.issues_added >= 1 and dialog.add_issue_button.isEnabled(), timeout=30_000)
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)  # the second press, had it saved, shows too
        qtbot.mouseClick(button(dialog, "Close"), Qt.MouseButton.LeftButton)

    when_dialog_opens(twice)
    qtbot.mouseClick(button(window, "Attendance and issues"), Qt.MouseButton.LeftButton)
    window.tasks.wait()
    with window.store.session() as session:
        assert [g.name for g in register(session, event_id).guests] == ["Mrs Guest"]
        assert [text for _id, text, _topics in group_issues(session, event_id)] == ["Parking"]
