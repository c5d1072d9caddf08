"""People ▸ Find a person: searching, withdrawing consent, erasing for good, merging two records;
and People ▸ GP practices."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableWidget, QWidget
from sqlalchemy import text

from app.core.signups import ConsentMethod, Interest, PersonStatus
from app.store.people import get_person, search_people
from app.store.practices import list_practices
from app.ui.people.people_window import COLUMNS, PeopleWindow
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.people.test_people import add_practice, click, open_event, store_person, through_dialog
from tests.ui.staff_accessibility import assert_staff_window_accessible

SECRETS = ("Zebedee", "Quartermain", "zebedee.q@example.org", "7912345678", "912 345678", "ZE2 9XY", "ZE29XY",
           "Makaton")


def open_people(window: MainWindow, qtbot) -> PeopleWindow:
    window.find_person_action.trigger()
    [people] = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "People"]
    assert isinstance(people, PeopleWindow)
    # Opening reads the store and backs it up first: on a loaded machine that has taken over 10 s.
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)
    return people


def search(people: PeopleWindow, qtbot, words: str, rows: int) -> QTableWidget:
    box = find(people, "Search people", QLineEdit)
    box.clear()
    qtbot.keyClicks(box, words)
    table = find(people, "People found", QTableWidget)
    qtbot.waitUntil(lambda: table.rowCount() == rows and not people.tasks.busy, timeout=10_000)
    return table


def chosen_name(people: PeopleWindow) -> str:
    return find(people, "Chosen person", QLabel).text()


def zebedee(window: MainWindow, event_id: str | None = None):
    practice = add_practice(window, "Riverside Surgery", "G82001")
    return store_person(window, {
        "name": "Zebedee Quartermain", "email": "zebedee.q@example.org", "phone": "07912 345678",
        "postcode": "ze2 9xy", "interests": ["ppg", "focus-groups"], "practice_id": practice.id,
        "contact_method": "text", "access_needs": "Makaton signs, please",
    }, method=ConsentMethod.STAFF, event_id=event_id)


def test_search_as_you_type_and_see_every_consent(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    person = zebedee(window, event_id)
    store_person(window, {"name": "Bob Jones", "phone": "07400 123456", "interests": ["newsletter"],
                          "contact_method": "phone"})
    people = open_people(window, qtbot)
    table = search(people, qtbot, "", 2)
    assert people.found.text() == "2 people signed up"
    table = search(people, qtbot, "912 345", 1)  # part of the phone number, spaced as people say it
    qtbot.waitUntil(lambda: chosen_name(people) == "Zebedee Quartermain", timeout=10_000)
    assert [table.item(0, c).text() for c in range(5)][:4] == [
        "Zebedee Quartermain", "zebedee.q@example.org · 07912 345678", "ZE2 9XY", "Signed up"]
    assert find(people, "GP practice", QLabel).text() == "Riverside Surgery (G82001)"
    assert find(people, "Wants to", QLabel).text() == "; ".join(
        (Interest.PPG.label, Interest.FOCUS_GROUPS.label))
    assert find(people, "Contact by", QLabel).text() == "Text message"
    assert find(people, "Access needs", QLabel).text() == "Makaton signs, please"
    consents = find(people, "Consent records", QLabel).text()
    assert "Privacy notice “privacy-notice”, version 1" in consents
    assert "Given to staff, recorded on the person's behalf at “Spring health fair”" in consents
    assert "recorded on this laptop" in consents
    search(people, qtbot, "nobody-like-this", 0)
    assert people.found.text() == "No one matches that. Check the spelling, or try part of it."
    assert person.id  # stored
    qtbot.keyClick(people, Qt.Key.Key_Escape)
    assert not people.isVisible()


def test_withdrawing_consent_keeps_only_what_stops_contact(window: MainWindow, qtbot) -> None:
    person = zebedee(window)
    people = open_people(window, qtbot)
    search(people, qtbot, "Zebedee", 1)
    qtbot.waitUntil(lambda: chosen_name(people) == "Zebedee Quartermain", timeout=10_000)
    seen: dict[str, str] = {}

    def confirm(box) -> None:
        seen["title"] = box.windowTitle()
        seen["text"] = box.text()
        click(qtbot, button(box, "Withdraw consent"))

    when_dialog_opens(confirm)
    click(qtbot, button(people, "Withdraw consent"))
    qtbot.waitUntil(lambda: find(people, "Status", QLabel).text().startswith("Consent withdrawn on "),
                    timeout=10_000)
    assert seen["title"] == "Withdraw Zebedee Quartermain's consent?"
    assert "We will not contact Zebedee Quartermain again" in seen["text"]
    assert "name, email and phone number are kept only so that we never contact them again" in seen["text"]
    assert not button(people, "Withdraw consent").isEnabled()
    assert "Withdrawn " in find(people, "Consent records", QLabel).text()
    with window.store.session() as session:
        after = get_person(session, person.id)
    assert after.status is PersonStatus.WITHDRAWN
    assert (after.name, after.details.email, after.details.phone) == (
        "Zebedee Quartermain", "zebedee.q@example.org", "+447912345678")
    assert (after.details.postcode, after.details.interests, after.details.practice_id,
            after.details.access_needs) == ("", (), None, "")
    assert after.consents and all(c.withdrawn_at is not None for c in after.consents)


def test_cancelling_an_erasure_changes_nothing(window: MainWindow, qtbot) -> None:
    person = zebedee(window)
    people = open_people(window, qtbot)
    qtbot.waitUntil(lambda: chosen_name(people) == "Zebedee Quartermain", timeout=10_000)
    when_dialog_opens(lambda box: click(qtbot, button(box, "Cancel")))
    click(qtbot, button(people, "Erase"))
    window.tasks.wait()
    with window.store.session() as session:
        assert get_person(session, person.id).status is PersonStatus.ACTIVE


def test_erasure_leaves_no_personal_data_in_the_store_but_a_tombstone(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    person = zebedee(window, event_id)
    backup = window.store.backup_now()  # a backup made while Zebedee's details were held
    people = open_people(window, qtbot)
    search(people, qtbot, "quarter", 1)
    qtbot.waitUntil(lambda: chosen_name(people) == "Zebedee Quartermain", timeout=10_000)
    seen: dict[str, str] = {}

    def confirm(box) -> None:
        seen["text"] = box.text()
        click(qtbot, button(box, "Erase Zebedee Quartermain for good"))

    when_dialog_opens(confirm)
    click(qtbot, button(people, "Erase"))
    qtbot.waitUntil(lambda: find(people, "What was done", QLabel).text().startswith("The person's details were "
                                                                                      "erased"), timeout=10_000)
    qtbot.waitUntil(lambda: people.table.rowCount() == 0 and not window.tasks.busy, timeout=10_000)
    assert "removed for good" in seen["text"] and "next sync" in seen["text"]
    qtbot.waitUntil(lambda: window.event_page.people.count.text() == "Sign-ups at this event: 0", timeout=10_000)

    # Every text in every table, read back through SQL.
    with window.store.engine.connect() as conn:
        tables = [row[0] for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = []
        for table in tables:
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"'):
                for value in row:
                    as_text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                    found += [(table, secret) for secret in SECRETS if secret.casefold() in as_text.casefold()]
        assert found == []
        tombstone = conn.execute(text("SELECT status, deleted_at, erased_at, name, email, phone, postcode, "
                                      "access_needs, interests, practice_id, email_key, phone_key, "
                                      "name_postcode_key FROM people WHERE id = :id"), {"id": person.id}).one()
        consents = conn.execute(text("SELECT withdrawn_at, deleted_at FROM consents WHERE person_id = :id"),
                                {"id": person.id}).all()
    assert tombstone.status == "erased" and tombstone.deleted_at is not None and tombstone.erased_at is not None
    assert tuple(tombstone)[3:] == ("", "", "", "", "", "[]", None, None, None, None)
    assert consents and all(c.withdrawn_at is not None and c.deleted_at is not None for c in consents)
    with window.store.session() as session:
        assert search_people(session, "") == []

    # And the file itself, page by page, decrypted with the store's key: freed space holds none of it.
    # The same for the backup made before the erasure: the erasure reached it too.
    for path in (Path(window.store.paths.store), backup):
        pages = _decrypted_pages(window, path)
        assert any(b"CREATE TABLE" in page for page in pages), "the pages were not decrypted"
        leftovers = [s for s in SECRETS for page in pages if s.casefold().encode() in page.lower()]
        assert leftovers == [], path.name


def _decrypted_pages(window: MainWindow, path: Path) -> list[bytes]:
    """The file's pages, decrypted as SQLCipher 4 writes them (AES-256-CBC, a PBKDF2-SHA512
    key from the file's salt, an IV and HMAC at the end of each page). The app itself must have
    emptied the write-ahead log after the erasure: its old page images would hold what was erased."""
    ciphers = pytest.importorskip("cryptography.hazmat.primitives.ciphers")
    window.tasks.wait()
    raw = window.store.engine.raw_connection()
    try:
        conn = raw.driver_connection
        page_size = conn.execute("PRAGMA cipher_page_size").fetchone()[0]
        iterations = conn.execute("PRAGMA kdf_iter").fetchone()[0]
    finally:
        raw.close()
    for suffix in ("-wal", "-journal"):
        beside = path.with_name(path.name + suffix)
        assert not beside.exists() or beside.stat().st_size == 0, f"{beside.name} still holds old pages"
    data = path.read_bytes()
    secret = os.environ["INVOLVE_STORE_KEY"]
    if re.fullmatch(r"[0-9a-fA-F]{64}", secret):
        key = bytes.fromhex(secret)
    else:
        key = hashlib.pbkdf2_hmac("sha512", secret.encode(), data[:16], int(iterations), 32)
    size, reserve = int(page_size), 80  # 16 bytes of IV, 64 of HMAC-SHA512
    pages = []
    for number in range(len(data) // size):
        page = data[number * size:(number + 1) * size]
        start = 16 if number == 0 else 0  # the first page begins with the salt
        iv = page[size - reserve:size - reserve + 16]
        decryptor = ciphers.Cipher(ciphers.algorithms.AES(key), ciphers.modes.CBC(iv)).decryptor()
        pages.append(decryptor.update(page[start:size - reserve]) + decryptor.finalize())
    return pages


def test_merging_two_records_of_the_same_person_keeps_every_consent(window: MainWindow, qtbot) -> None:
    first = store_person(window, {"name": "Ann Smith", "email": "ann@example.com", "interests": ["newsletter"],
                                  "contact_method": "email"})
    second = store_person(window, {"name": "Annie Smith", "phone": "07911 123456", "postcode": "ME14 1XX",
                                   "interests": ["volunteering"], "contact_method": "phone"},
                          method=ConsentMethod.STAFF)
    people = open_people(window, qtbot)
    table = search(people, qtbot, "smith", 2)
    qtbot.waitUntil(lambda: chosen_name(people) == "Ann Smith", timeout=10_000)
    assert table.item(0, 0).text() == "Ann Smith"
    seen: dict[str, object] = {}

    def merge(dialog) -> None:
        seen["left"] = find(dialog, "Name, left", QLabel).text()
        seen["right"] = find(dialog, "Name, right", QLabel).text()
        seen["right phone"] = find(dialog, "Phone, right", QLabel).text()
        assert_staff_window_accessible(dialog)  # each cell is heard with its field and side, and its value
        click(qtbot, button(dialog, "Keep this record, the one on the left"))
        click(qtbot, button(dialog, "Merge"))

    when_dialog_opens(merge)
    click(qtbot, button(people, "Merge with"))
    qtbot.waitUntil(lambda: table.rowCount() == 1 and not window.tasks.busy, timeout=10_000)
    assert seen == {"left": "Ann Smith", "right": "Annie Smith", "right phone": "07911 123456"}
    assert find(people, "What was done", QLabel).text().startswith("Merged: Ann Smith's record now holds")
    with window.store.session() as session:
        kept = get_person(session, first.id)
        [left] = search_people(session, "")
    assert left.id == first.id != second.id
    assert sorted(c.method for c in kept.consents) == [ConsentMethod.KIOSK, ConsentMethod.STAFF]
    assert kept.details.interests == (Interest.NEWSLETTER, Interest.VOLUNTEERING)
    assert (kept.details.phone, kept.details.postcode) == ("+447911123456", "ME14 1XX")


def test_a_person_who_signed_up_twice_is_pointed_out_and_offered_first_to_merge(window: MainWindow, qtbot) -> None:
    """Kiosk sign-ups are never flagged to the public, so staff see the likely match here."""
    first = store_person(window, {"name": "Ann Smith", "email": "ann@example.com", "interests": ["newsletter"],
                                  "contact_method": "email"})
    store_person(window, {"name": "A. Smith", "email": "ANN@example.com", "interests": ["surveys"],
                          "contact_method": "email"})
    store_person(window, {"name": "Bob Smith", "email": "bob@example.com", "interests": ["surveys"],
                          "contact_method": "email"})
    people = open_people(window, qtbot)
    table = search(people, qtbot, "Ann Smith", 1)
    qtbot.waitUntil(lambda: chosen_name(people) == "Ann Smith", timeout=10_000)
    pointer = people.details.duplicates
    assert pointer.text().startswith("Possibly the same person as A. Smith (same email)")
    assert "Bob" not in pointer.text()
    seen: dict[str, str] = {}

    def merge(dialog) -> None:
        seen["right"] = find(dialog, "Name, right", QLabel).text()
        click(qtbot, button(dialog, "Keep this record, the one on the left"))
        click(qtbot, button(dialog, "Merge"))

    when_dialog_opens(merge)
    click(qtbot, button(people, "Merge with"))
    qtbot.waitUntil(lambda: not window.tasks.busy and "Merged" in find(people, "What was done", QLabel).text(),
                    timeout=10_000)
    assert seen == {"right": "A. Smith"} and table.rowCount() >= 1
    with window.store.session() as session:
        assert len(get_person(session, first.id).consents) == 2
    qtbot.waitUntil(lambda: not pointer.isVisible(), timeout=10_000)  # nobody left to merge with


def test_gp_practices_add_refuse_bad_and_duplicate_codes_and_remove(window: MainWindow, qtbot) -> None:
    seen: dict[str, object] = {}

    def add(name: str, code: str, *, then_fix: str = "") -> Callable[[QWidget], None]:
        def fill(editor) -> None:
            qtbot.keyClicks(find(editor, "Practice name", QLineEdit), name)
            qtbot.keyClicks(find(editor, "ODS code", QLineEdit), code)
            click(qtbot, button(editor, "Save practice"))
            qtbot.waitUntil(lambda: not editor.saving, timeout=10_000)
            seen.setdefault("problems", []).append(find(editor, "Problem with ODS code", QLabel).text()
                                                   if editor.isVisible() else "")
            if editor.isVisible() and then_fix:
                code_box = find(editor, "ODS code", QLineEdit)
                code_box.clear()
                qtbot.keyClicks(code_box, then_fix)
                click(qtbot, button(editor, "Save practice"))
                qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10_000)
            elif editor.isVisible():
                click(qtbot, button(editor, "Cancel"))
        return fill

    def work(dialog) -> None:
        table = dialog.table  # hidden while the list is empty
        seen["empty"] = find(dialog, "No practices yet. Add the practices in your area with Add practice.",
                             QLabel).isVisible()
        when_dialog_opens(add("Riverside Surgery", "12345", then_fix="g82001"))
        click(qtbot, button(dialog, "Add practice"))
        qtbot.waitUntil(lambda: table.rowCount() == 1 and table.isVisible(), timeout=10_000)
        seen["row"] = (table.item(0, 0).text(), table.item(0, 1).text())
        when_dialog_opens(add("Another Surgery", "G82001"))
        click(qtbot, button(dialog, "Add practice"))
        window.tasks.wait()
        seen["after duplicate"] = table.rowCount()

        def rename(editor) -> None:
            seen["filled in"] = (find(editor, "Practice name", QLineEdit).text(),
                                 find(editor, "ODS code", QLineEdit).text())
            find(editor, "Practice name", QLineEdit).selectAll()
            qtbot.keyClicks(find(editor, "Practice name", QLineEdit), "Riverside Medical Practice")
            click(qtbot, button(editor, "Save practice"))

        when_dialog_opens(rename)
        click(qtbot, button(dialog, "Change practice"))
        qtbot.waitUntil(lambda: table.item(0, 0).text() == "Riverside Medical Practice", timeout=10_000)
        seen["saved"] = find(dialog, "What was done", QLabel).text()

        def confirm(box) -> None:
            seen["remove text"] = box.text()
            click(qtbot, button(box, "Remove practice"))

        when_dialog_opens(confirm)
        click(qtbot, button(dialog, "Remove practice"))
        qtbot.waitUntil(lambda: not table.isVisible(), timeout=10_000)
        click(qtbot, button(dialog, "Close"))

    through_dialog(qtbot, window.practices_action.trigger, work)
    assert seen["empty"] is True
    assert seen["problems"] == ["A GP practice code is a letter then five digits, for example G82001.",
                                "G82001 is already on the list as Riverside Surgery."]
    assert seen["row"] == ("Riverside Surgery", "G82001")
    assert seen["after duplicate"] == 1
    assert seen["filled in"] == ("Riverside Surgery", "G82001")
    assert seen["saved"] == "Saved Riverside Medical Practice (G82001)."
    assert "People who already chose it keep it on their record." in str(seen["remove text"])
    with window.store.session() as session:
        assert list_practices(session) == []


def test_removing_a_practice_keeps_it_on_people_who_chose_it(window: MainWindow, qtbot) -> None:
    person = zebedee(window)

    def remove(dialog) -> None:
        when_dialog_opens(lambda box: click(qtbot, button(box, "Remove practice")))
        click(qtbot, button(dialog, "Remove practice"))
        qtbot.waitUntil(lambda: not dialog.table.isVisible(), timeout=10_000)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    through_dialog(qtbot, window.practices_action.trigger, remove)
    with window.store.session() as session:
        assert list_practices(session) == []
        assert get_person(session, person.id).details.practice_id is not None
    people = open_people(window, qtbot)
    qtbot.waitUntil(lambda: chosen_name(people) == "Zebedee Quartermain", timeout=10_000)
    assert find(people, "GP practice", QLabel).text() == "Riverside Surgery (G82001) — no longer on the list"


def test_a_full_list_of_results_is_measured_once_not_per_cell(window: MainWindow, qtbot) -> None:
    """200 people found used to freeze the window for seconds: the columns fitted to their contents
    were measured again for every cell put in. Measuring is counted here, not timed."""
    import datetime as dt
    import random

    from PySide6.QtWidgets import QStyledItemDelegate

    from app.store.demo import seed_demo
    from app.store.demo_people import seed_signups
    from app.store.survey_library import load_library

    store = window.store
    today = dt.date(2026, 6, 1)
    made = seed_demo(store, load_library(store.paths.surveys).surveys, events=3, responses=0, seed=1, today=today)
    seed_signups(store, random.Random(2), made.event_ids, 210, today)

    class Counting(QStyledItemDelegate):
        measured = 0

        def sizeHint(self, option, index):  # noqa: N802 - Qt's name
            Counting.measured += 1
            return super().sizeHint(option, index)

    people = open_people(window, qtbot)
    table = find(people, "People found", QTableWidget)
    counting = Counting(table)  # kept referenced: the table does not own it
    table.setItemDelegate(counting)
    Counting.measured = 0
    with qtbot.waitSignal(people.sig_results_shown, timeout=10_000):
        people.search_now()
    assert table.rowCount() == 200
    assert Counting.measured <= 200 * len(COLUMNS) * 2, f"measured {Counting.measured} times for 200 rows"
    people.close()
