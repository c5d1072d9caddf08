"""Staff signing people up at an event, duplicates caught and merged, and bad input refused."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QWidget,
)
from sqlalchemy import text

from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.signups import ConsentMethod, Interest, PersonStatus, validate_signup
from app.store.events import add_event
from app.store.notices import current_notice
from app.store.people import ConsentGiven, get_person, save_signup, search_people
from app.store.practices import PracticeRecord, save_practice
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, click_label, find, when_dialog_opens

COUNT = "Sign-ups at this event"


def open_event(window: MainWindow, qtbot, name: str = "Spring health fair") -> str:
    with window.store.session() as session:
        record = add_event(session, window.store.device_id, validate_event(
            {"name": name, "kind": "community-event", "event_date": "2026-04-14"}))
    with qtbot.waitSignal(window.people.sig_counts_shown, timeout=10_000):
        window.open_event(record.id)
    return record.id


def add_practice(window: MainWindow, name: str, code: str) -> PracticeRecord:
    with window.store.session() as session:
        return save_practice(session, window.store.device_id, validate_practice(name, code))


def store_person(window: MainWindow, values: dict, *, method: ConsentMethod = ConsentMethod.KIOSK,
                 event_id: str | None = None):
    notice = current_notice("en", organisation="Us", contact="us@example.org")
    with window.store.session() as session:
        return save_signup(session, window.store.device_id, validate_signup(values),
                           ConsentGiven(notice.id, notice.version, method, event_id=event_id), event_id=event_id)


def count_text(window: MainWindow) -> str:
    return find(window.event_page, COUNT, QLabel).text()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def through_dialog(qtbot, open_it: Callable[[], None], act: Callable[[QWidget], None]) -> None:
    """Open a dialog that appears once the worker has read what it needs, and act on it to the end."""
    finished: list[bool] = []

    def acting(dialog: QWidget) -> None:
        act(dialog)
        finished.append(True)

    when_dialog_opens(acting)
    open_it()
    qtbot.waitUntil(lambda: bool(finished), timeout=15_000)


def type_into(qtbot, dialog, name: str, text: str) -> None:
    qtbot.keyClicks(find(dialog, name, QLineEdit), text)


def test_staff_sign_up_from_the_event_page(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    add_practice(window, "Hilltop Medical Centre", "G82002")
    riverside = add_practice(window, "Riverside Surgery", "G82001")
    assert count_text(window) == "Sign-ups at this event: 0"
    seen: dict[str, object] = {}

    def fill(dialog) -> None:
        seen["practice hidden at first"] = not any(c.isVisibleTo(dialog) for c in dialog.findChildren(QComboBox))
        type_into(qtbot, dialog, "Name", "Priya Patel")
        seen["consent words"] = find(dialog, "Agreed to the privacy notice", QCheckBox).text()
        type_into(qtbot, dialog, "Email", "priya.patel@example.com")
        type_into(qtbot, dialog, "Phone", "07912 345678")
        type_into(qtbot, dialog, "Postcode", "me15 6aa")
        click_label(qtbot, find(dialog, "Take part in surveys", QCheckBox))
        click_label(qtbot, find(dialog, Interest.PPG.label, QCheckBox))
        practice = find(dialog, "GP practice", QComboBox)
        # Typing part of the code finds the practice; Enter on the suggestion chooses it.
        qtbot.keyClicks(practice.lineEdit(), "g82001")
        popup = practice.completer().popup()
        qtbot.waitUntil(popup.isVisible, timeout=5_000)
        seen["suggested"] = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        click_label(qtbot, find(dialog, "Contact by text message"))
        qtbot.keyClicks(find(dialog, "Communication or access needs", QPlainTextEdit), "Large print letters")
        seen["summary"] = find(dialog, "Privacy notice summary", QLabel).text()
        click_label(qtbot, find(dialog, "Agreed to the privacy notice", QCheckBox))
        click(qtbot, button(dialog, "Save sign-up"))
        assert dialog.saving, "the sign-up was not saved"

    when_dialog_opens(fill)
    click(qtbot, button(window, "Sign someone up"))
    qtbot.waitUntil(lambda: count_text(window).startswith("Sign-ups at this event: 1"), timeout=10_000)

    assert seen["practice hidden at first"]
    assert seen["consent words"] == "Priya Patel has agreed to the privacy notice and asked us to sign them up"
    assert seen["suggested"] == ["Riverside Surgery (G82001)"]
    assert "The patient and public engagement team keeps your name" in str(seen["summary"])
    assert count_text(window) == ("Sign-ups at this event: 1 "
                                  "(given to staff, recorded on the person's behalf: 1)")
    assert window.statusBar().currentMessage() == "Signed up Priya Patel."
    with window.store.session() as session:
        [found] = search_people(session, "")
        person = get_person(session, found.id)
    d = person.details
    assert (d.name, d.email, d.phone, d.postcode) == ("Priya Patel", "priya.patel@example.com", "+447912345678",
                                                      "ME15 6AA")
    assert d.interests == (Interest.PPG, Interest.SURVEYS)
    assert d.practice_id == riverside.id
    assert d.contact_method.value == "text"
    assert d.access_needs == "Large print letters"
    assert person.status is PersonStatus.ACTIVE and person.event_id == event_id
    [consent] = person.consents
    assert consent.method is ConsentMethod.STAFF
    assert (consent.event_id, consent.notice_id, consent.notice_version) == (event_id, "privacy-notice", 1)
    assert consent.device_id == window.store.device_id and consent.withdrawn_at is None


def test_bad_email_and_no_consent_are_shown_beside_the_fields_and_nothing_is_saved(
        window: MainWindow, qtbot) -> None:
    open_event(window, qtbot)
    seen: dict[str, object] = {}

    def fill_badly(dialog) -> None:
        type_into(qtbot, dialog, "Name", "Priya Patel")
        type_into(qtbot, dialog, "Email", "priya@")
        click_label(qtbot, find(dialog, "Get the newsletter", QCheckBox))
        click(qtbot, button(dialog, "Save sign-up"))
        seen["email problem"] = find(dialog, "Problem with Email", QLabel).text()
        seen["consent problem"] = find(dialog, "Problem with Privacy notice", QLabel).text()
        seen["email problem beside"] = (find(dialog, "Problem with Email", QLabel).parentWidget()
                                        is find(dialog, "Email", QLineEdit).parentWidget())
        seen["focus"] = dialog.focusWidget() is find(dialog, "Email", QLineEdit)
        seen["saving"] = dialog.saving
        # Put the email right: only the consent is still missing, and focus goes to it.
        find(dialog, "Email", QLineEdit).clear()
        type_into(qtbot, dialog, "Email", "priya@example.com")
        click(qtbot, button(dialog, "Save sign-up"))
        seen["email fixed"] = not find(dialog, "Email", QLineEdit).parentWidget().findChild(QLabel, "fieldError") \
            .isVisibleTo(dialog)
        seen["focus on consent"] = dialog.focusWidget() is find(dialog, "Agreed to the privacy notice", QCheckBox)
        seen["still open"] = dialog.isVisible()
        when_dialog_opens(lambda box: click(qtbot, button(box, "Discard sign-up")))
        click(qtbot, button(dialog, "Cancel"))

    through_dialog(qtbot, lambda: click(qtbot, button(window, "Sign someone up")), fill_badly)
    window.tasks.wait()
    assert seen == {
        "email problem": "That does not look like an email address; write it like name@example.com.",
        "consent problem": ("We can only sign someone up once they have agreed to the privacy notice. "
                            "Read it with them, then tick this box."),
        "email problem beside": True, "focus": True, "saving": False, "email fixed": True,
        "focus on consent": True, "still open": True,
    }
    with window.store.session() as session:
        assert search_people(session, "") == []


def test_a_sign_up_that_matches_someone_is_flagged_and_added_to_their_record(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    existing = store_person(window, {"name": "Ann Smith", "email": "ann@example.com", "interests": ["newsletter"],
                                     "contact_method": "email"})
    seen: dict[str, object] = {}

    def fill(dialog) -> None:
        type_into(qtbot, dialog, "Name", "Ann Smith")
        type_into(qtbot, dialog, "Email", "ANN@example.com")
        type_into(qtbot, dialog, "Phone", "07911 123456")
        click_label(qtbot, find(dialog, "Take part in surveys", QCheckBox))
        click_label(qtbot, find(dialog, "Agreed to the privacy notice", QCheckBox))
        click(qtbot, button(dialog, "Save sign-up"))
        qtbot.waitUntil(lambda: any(w.accessibleName().startswith("Already signed up: ") and w.isVisible()
                                    for w in dialog.findChildren(QLabel)), timeout=10_000)
        seen["match"] = find(dialog, "Already signed up", QLabel).text()
        with window.store.session() as session:
            seen["saved before choosing"] = len(search_people(session, ""))
        click(qtbot, button(dialog, "Add to Ann Smith's record"))

    when_dialog_opens(fill)
    click(qtbot, button(window, "Sign someone up"))
    qtbot.waitUntil(lambda: count_text(window).startswith("Sign-ups at this event: 1"), timeout=10_000)

    assert seen["saved before choosing"] == 1
    assert str(seen["match"]).startswith("Ann Smith, ann@example.com, signed up ")
    assert str(seen["match"]).endswith(" — same email")
    assert window.statusBar().currentMessage() == "Added this sign-up to Ann Smith's record."
    with window.store.session() as session:
        [only] = search_people(session, "")
        person = get_person(session, only.id)
        merged = session.execute(text("SELECT count(*) FROM people WHERE status = 'merged'")).scalar_one()
    assert person.id == existing.id
    assert [c.method for c in person.consents] == [ConsentMethod.KIOSK, ConsentMethod.STAFF]
    assert person.consents[1].event_id == event_id
    assert person.details.interests == (Interest.NEWSLETTER, Interest.SURVEYS)
    assert person.details.phone == "+447911123456"  # missing on the record, so taken from the new sign-up
    assert merged == 1


def test_going_back_from_a_match_and_saving_as_a_different_person(window: MainWindow, qtbot) -> None:
    open_event(window, qtbot)
    store_person(window, {"name": "Sam Lee", "phone": "07911 123456", "interests": ["surveys"],
                          "contact_method": "phone"})
    seen: dict[str, object] = {}

    def fill(dialog) -> None:
        type_into(qtbot, dialog, "Name", "Sam Leigh")
        type_into(qtbot, dialog, "Phone", "07911123456")
        click_label(qtbot, find(dialog, "Contact by phone call"))
        click_label(qtbot, find(dialog, "Volunteer with us", QCheckBox))
        click_label(qtbot, find(dialog, "Agreed to the privacy notice", QCheckBox))
        click(qtbot, button(dialog, "Save sign-up"))
        qtbot.waitUntil(lambda: any(w.accessibleName().startswith("Already signed up: ") and w.isVisible()
                                    for w in dialog.findChildren(QLabel)), timeout=10_000)
        seen["match"] = find(dialog, "Already signed up", QLabel).text()
        click(qtbot, button(dialog, "Go back"))
        seen["back on the form"] = find(dialog, "Name", QLineEdit).text()
        click(qtbot, button(dialog, "Save sign-up"))
        qtbot.waitUntil(lambda: any(w.accessibleName().startswith("Already signed up: ") and w.isVisible()
                                    for w in dialog.findChildren(QLabel)), timeout=10_000)
        click(qtbot, button(dialog, "Save as a different person"))

    when_dialog_opens(fill)
    click(qtbot, button(window, "Sign someone up"))
    qtbot.waitUntil(lambda: count_text(window).startswith("Sign-ups at this event: 1"), timeout=10_000)
    assert str(seen["match"]).endswith(" — same phone number")
    assert seen["back on the form"] == "Sam Leigh"
    with window.store.session() as session:
        assert sorted(p.name for p in search_people(session, "")) == ["Sam Lee", "Sam Leigh"]


def test_without_practices_a_practice_is_added_in_place_and_chosen(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    seen: dict[str, object] = {}

    def add_riverside(editor) -> None:
        type_into(qtbot, editor, "Practice name", "Riverside Surgery")
        type_into(qtbot, editor, "ODS code", "g82001")
        click(qtbot, button(editor, "Save practice"))

    def look(dialog) -> None:
        click_label(qtbot, find(dialog, Interest.PPG.label, QCheckBox))
        seen["hint"] = [w.text() for w in dialog.findChildren(QLabel)
                        if w.isVisibleTo(dialog) and "GP practices" in w.text()]
        type_into(qtbot, dialog, "Name", "Jo Bloggs")
        type_into(qtbot, dialog, "Email", "jo@example.com")
        click_label(qtbot, find(dialog, "Agreed to the privacy notice", QCheckBox))
        click(qtbot, button(dialog, "Save sign-up"))
        seen["problem"] = find(dialog, "Problem with GP practice", QLabel).text()
        when_dialog_opens(add_riverside)
        click(qtbot, button(dialog, "Add a practice"))  # returns once the practice is saved
        practice = find(dialog, "GP practice", QComboBox)
        seen["chosen"] = practice.currentText() if practice.isVisibleTo(dialog) else ""
        click(qtbot, button(dialog, "Save sign-up"))

    through_dialog(qtbot, lambda: click(qtbot, button(window, "Sign someone up")), look)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10_000)
    window.tasks.wait()
    assert seen["hint"] == ["No GP practices are on the list yet. Add the person's practice to choose it."]
    assert seen["problem"].startswith("There are no GP practices to choose from yet.")
    assert seen["chosen"] == "Riverside Surgery (G82001)"
    with window.store.session() as session:
        [person] = search_people(session, "Jo Bloggs")
        assert person.event_id == event_id
        assert person.details.interests == (Interest.PPG,)
        assert person.details.practice_id is not None


def test_the_full_privacy_notice_can_be_read_from_the_form(window: MainWindow, qtbot) -> None:
    open_event(window, qtbot)
    window.settings.set("organisation_name", "Kent Engagement Team")
    seen: dict[str, object] = {}

    def read(dialog) -> None:
        def look(notice) -> None:
            seen["title"] = notice.windowTitle()
            seen["text"] = find(notice, "Full privacy notice", QTextBrowser).toPlainText()
            click(qtbot, button(notice, "Close"))

        when_dialog_opens(look)
        click(qtbot, button(dialog, "Read the full notice"))
        seen["back"] = QApplication.activeModalWidget() is dialog
        click(qtbot, button(dialog, "Cancel"))  # nothing typed: closes without asking

    through_dialog(qtbot, lambda: click(qtbot, button(window, "Sign someone up")), read)
    assert seen["title"] == "How we use your details"
    assert "Kent Engagement Team works with local people" in str(seen["text"])
    assert "How to stop or have your details removed" in str(seen["text"])
    assert "version 1" in str(seen["text"])
    assert seen["back"] is True
