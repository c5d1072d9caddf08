"""People: correcting a person's details, possible duplicates in the list, the window's place,
and the words that must agree with what is stored (erasures, withdrawals, kiosk consents)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QWidget
from sqlalchemy import text

from app.core.signups import ConsentMethod
from app.store.people import erase_person, get_person, withdraw_consent
from app.ui.common.text_size import apply_text_size
from app.ui.people.people_window import COLUMNS, DUPLICATE_COLUMN, PeopleWindow
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.people.test_people import click, store_person
from tests.ui.people.test_people_window import chosen_name, open_people, search, zebedee

BOB = {"name": "Bob Jones", "email": "bob@example.org", "phone": "07400 123456", "interests": ["newsletter"],
       "contact_method": "phone"}


def consent_rows(window: MainWindow) -> list[tuple]:
    with window.store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text("SELECT * FROM consents ORDER BY id"))]


def choose(people: PeopleWindow, qtbot, name: str) -> None:
    row = next(r for r in range(people.table.rowCount()) if people.table.item(r, 0).text() == name)
    people.table.selectRow(row)
    qtbot.waitUntil(lambda: chosen_name(people) == name and people.view is not None
                    and people.view.record.name == name, timeout=10_000)


def test_edit_is_checked_like_a_sign_up_saves_and_leaves_consents_as_given(window: MainWindow, qtbot) -> None:
    person = zebedee(window)
    store_person(window, BOB)
    before = consent_rows(window)
    people = open_people(window, qtbot)
    search(people, qtbot, "", 2)
    choose(people, qtbot, "Zebedee Quartermain")
    seen: dict[str, object] = {}

    def correct(dialog: QWidget) -> None:
        seen["title"] = dialog.windowTitle()
        seen["filled"] = (find(dialog, "Name", QLineEdit).text(), find(dialog, "Phone", QLineEdit).text())
        seen["consent shown"] = any(w.isVisibleTo(dialog) for w in dialog.findChildren(QCheckBox)
                                    if "privacy notice" in w.text())
        phone = find(dialog, "Phone", QLineEdit)
        phone.clear()
        qtbot.keyClicks(phone, "123")
        click(qtbot, button(dialog, "Save changes"))
        seen["problem"] = find(dialog, "Problem with Phone", QLabel).text()
        phone.clear()
        qtbot.keyClicks(phone, "07400 123456")  # Bob's number: they may be the same person now
        email = find(dialog, "Email", QLineEdit)
        email.clear()
        qtbot.keyClicks(email, "zeb@example.org")
        click(qtbot, button(dialog, "Save changes"))

    when_dialog_opens(correct)
    click(qtbot, button(people, "Edit"))
    qtbot.waitUntil(lambda: people.outcome.text().startswith("Saved"), timeout=10_000)
    assert seen["title"] == "Change Zebedee Quartermain's details"
    assert seen["filled"] == ("Zebedee Quartermain", "07912 345678")
    assert seen["consent shown"] is False
    assert seen["problem"] == "That phone number is not complete or not in use; check the digits."
    assert people.outcome.text() == "Saved Zebedee Quartermain's details. Their consent records are unchanged."
    with window.store.session() as session:
        after = get_person(session, person.id)
    assert (after.details.email, after.details.phone) == ("zeb@example.org", "+447400123456")
    assert after.version > person.version
    assert consent_rows(window) == before
    # Duplicates are looked at again: both are now marked on the list, and the pane says so.
    qtbot.waitUntil(lambda: people.duplicate_count.text() == "2 possible duplicates", timeout=10_000)
    assert [people.table.item(r, DUPLICATE_COLUMN).text() for r in range(2)] == ["Possibly", "Possibly"]
    banner = people.details.duplicates
    qtbot.waitUntil(lambda: banner.isVisibleTo(people), timeout=10_000)
    assert "Possibly the same person as Bob Jones (same phone number)" in banner.text()


def test_a_withdrawn_person_cannot_be_edited_and_shows_no_way_to_contact_them(window: MainWindow, qtbot) -> None:
    person = zebedee(window)
    store_person(window, BOB)
    with window.store.session() as session:
        withdraw_consent(session, person.id)
    people = open_people(window, qtbot)
    search(people, qtbot, "", 2)
    choose(people, qtbot, "Bob Jones")
    assert button(people, "Edit").isEnabled()
    contact_by = people.details.values["method"]
    assert contact_by.isVisibleTo(people) and contact_by.text() == "Phone call"
    choose(people, qtbot, "Zebedee Quartermain")
    assert not button(people, "Edit").isEnabled()
    assert "cannot be changed" in button(people, "Edit").toolTip()
    assert not contact_by.isVisibleTo(people)
    shown = [w.text() for w in people.findChildren(QLabel) if w.isVisibleTo(people)]
    assert "Contact by" not in shown and "Text message" not in shown


def test_possible_duplicates_are_marked_counted_and_filtered_in_the_list(window: MainWindow, qtbot) -> None:
    zebedee(window)
    store_person(window, {"name": "Zebedee Q", "email": "ZEBEDEE.Q@example.org", "interests": ["surveys"],
                          "contact_method": "email"})
    store_person(window, BOB)
    people = open_people(window, qtbot)
    table = search(people, qtbot, "", 3)
    assert COLUMNS[DUPLICATE_COLUMN] == "Duplicate?"
    marks = {table.item(r, 0).text(): table.item(r, DUPLICATE_COLUMN).text() for r in range(3)}
    assert marks == {"Bob Jones": "", "Zebedee Q": "Possibly", "Zebedee Quartermain": "Possibly"}
    qtbot.waitUntil(lambda: people.duplicate_count.text() == "2 possible duplicates", timeout=10_000)
    # Marked though the other record is not among those found.
    table = search(people, qtbot, "Quartermain", 1)
    assert table.item(0, DUPLICATE_COLUMN).text() == "Possibly"
    assert people.duplicate_count.text() == "2 possible duplicates"
    table = search(people, qtbot, "", 3)
    only = find(people, "Possible duplicates only", QCheckBox)
    only.setChecked(True)
    qtbot.waitUntil(lambda: table.rowCount() == 2 and not people.tasks.busy, timeout=10_000)
    assert {table.item(r, 0).text() for r in range(2)} == {"Zebedee Q", "Zebedee Quartermain"}
    assert people.found.text() == "2 possible duplicates found"
    search(people, qtbot, "Bob", 0)
    assert people.found.text() == "No one here may be signed up twice."
    only.setChecked(False)
    qtbot.waitUntil(lambda: table.rowCount() == 1 and not people.tasks.busy, timeout=10_000)


def test_after_an_erasure_the_empty_list_says_so(window: MainWindow, qtbot) -> None:
    person = zebedee(window)
    with window.store.session() as session:
        erase_person(session, person.id)
    people = open_people(window, qtbot)
    search(people, qtbot, "", 0)
    assert people.found.text() == "No one is on the list: the 1 person signed up here was erased."


def test_a_kiosk_consent_shows_its_day_and_no_made_up_time(window: MainWindow, qtbot) -> None:
    store_person(window, BOB, method=ConsentMethod.KIOSK)
    store_person(window, {**BOB, "name": "Carol Lee", "email": "carol@example.org", "phone": "",
                              "contact_method": "email"}, method=ConsentMethod.STAFF)
    people = open_people(window, qtbot)
    search(people, qtbot, "", 2)
    choose(people, qtbot, "Bob Jones")
    kiosk = find(people, "Consent records", QLabel).text()
    assert "At the kiosk" in kiosk
    assert re.search(r"^Given \d{1,2} \w{3} \d{4}, recorded on this laptop", kiosk, re.M), kiosk
    assert not re.search(r"\d\d:\d\d", kiosk), kiosk
    choose(people, qtbot, "Carol Lee")
    staff = find(people, "Consent records", QLabel).text()
    # Given to staff: the real time, in local time.
    assert re.search(r"^Given \d{1,2} \w{3} \d{4} at \d\d:\d\d, recorded on this laptop", staff, re.M), staff


def test_the_people_window_opens_where_it_was_left(window: MainWindow, qtbot) -> None:
    people = open_people(window, qtbot)
    people.resize(QSize(700, 500))
    people.move(QPoint(40, 30))
    click(qtbot, button(people, "Close"))
    qtbot.waitUntil(lambda: window.people.people_window is None, timeout=5_000)
    assert window.settings.get("people_window_geometry")
    again = open_people(window, qtbot)
    assert again is not people
    assert again.size() == QSize(700, 500)


@pytest.fixture
def largest_text() -> Iterator[None]:
    apply_text_size("larger")
    yield
    apply_text_size("normal")


@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1024, 768)])
@pytest.mark.usefixtures("largest_text")
def test_every_column_shows_on_a_small_screen_with_the_largest_text(window: MainWindow, qtbot, size: QSize) -> None:
    zebedee(window)
    store_person(window, {**BOB, "name": "Chloe Harrington-Smythe", "email": "chloe@a-rather-long-domain.example.org"})
    people = open_people(window, qtbot)
    table = search(people, qtbot, "", 2)
    assert people.minimumSizeHint().width() <= size.width()
    people.resize(size.width() - 10, size.height() - 40)
    qtbot.waitUntil(lambda: people.width() == size.width() - 10)
    QApplication.processEvents()
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0  # nothing off to the right
    right = header.sectionViewportPosition(len(COLUMNS) - 1) + header.sectionSize(len(COLUMNS) - 1)
    assert right <= table.viewport().width()
    for column, title in enumerate(COLUMNS):
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title
