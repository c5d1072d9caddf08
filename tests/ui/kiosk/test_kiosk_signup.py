"""Signing up at the kiosk after giving feedback, as a member of the public would: by keyboard,
by tapping, saying no, walking away, and in Polish."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.store.store import Store
from app.ui.kiosk.window import KioskWindow
from tests.ui.helpers import button, find
from tests.ui.kiosk_fixture import kiosk_clock, press, until_reset

PRACTICES = [("Bearsted Medical Practice", "G82001"), ("College Practice", "G82002")]


@pytest.fixture
def make_kiosk(kiosk_maker):
    def maker(*, offer: bool = True, practices: bool = True):
        return kiosk_maker(offer=offer, practices=PRACTICES if practices else (), size=(1024, 768),
                           settings_values={"organisation_name": "Kent Health Voices"})

    return maker


def focus_is(name: str) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and focused.accessibleName() == name


def type_here(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def texts_on_screen(kiosk: KioskWindow) -> str:
    parts = [w.text() for w in kiosk.findChildren(QLabel) if w.isVisible()]
    parts += [w.text() for w in kiosk.findChildren(QAbstractButton) if w.isVisible()]
    parts += [w.text() for w in kiosk.findChildren(QLineEdit) if w.isVisible()]
    return "\n".join(parts)


def every_text_in_the_window(kiosk: KioskWindow) -> str:
    """Everything any widget holds, shown or not: what the next person could ever reach."""
    parts = [w.text() for w in kiosk.findChildren(QLabel)]
    parts += [w.text() for w in kiosk.findChildren(QAbstractButton)]
    parts += [w.text() for w in kiosk.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in kiosk.findChildren(QPlainTextEdit)]
    parts += [w.accessibleName() + w.accessibleDescription() for w in kiosk.findChildren(QWidget)]
    return "\n".join(parts)


def give_feedback(qtbot, kiosk: KioskWindow, first_answer: str = "Very good") -> None:
    """Answer the FFT by keyboard and send it; the feedback is saved before anything else."""
    with qtbot.waitSignal(kiosk.sig_screen_changed):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus_is(first_answer))
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QPlainTextEdit))
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def say_yes(qtbot, kiosk: KioskWindow, yes: str = "Yes, tell me more") -> None:
    """Tab to Yes (no answer has the focus on arrival) and press Enter."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is kiosk.offer)
    press(qtbot, Qt.Key.Key_Tab)
    assert focus_is(yes)
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=10_000) as changed:
        press(qtbot, Qt.Key.Key_Return)
    assert changed.args == ["signup"]


def next_step(qtbot, kiosk: KioskWindow, question: str) -> None:
    """Press Enter to move on, and wait until the next question is asked."""
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kiosk.signup_screen.question.text().startswith(question))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and kiosk.signup_screen.step.isAncestorOf(QApplication.focusWidget()))


def rows(store: Store, sql: str) -> list[dict]:
    with store.engine.connect() as conn:
        result = conn.exec_driver_sql(sql)
        return [dict(row._mapping) for row in result]


def test_a_kiosk_signup_with_consent_by_keyboard(make_kiosk, qtbot, store: Store) -> None:
    kiosk = make_kiosk()
    give_feedback(qtbot, kiosk)
    assert kiosk.flow is None, "the feedback's flow is gone before the sign-up starts"
    screen = texts_on_screen(kiosk)
    assert "Your answers have been saved." in screen and "Would you like to get involved?" in screen

    say_yes(qtbot, kiosk)
    assert "What would you like to do?" in texts_on_screen(kiosk)
    qtbot.waitUntil(lambda: focus_is("Join the local health network"))
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)
    assert focus_is("Join my GP practice's Patient Participation Group")
    press(qtbot, Qt.Key.Key_Space)

    next_step(qtbot, kiosk, "Which GP practice are you registered with?")
    assert focus_is("Bearsted Medical Practice")
    press(qtbot, Qt.Key.Key_Down)
    assert focus_is("College Practice")
    press(qtbot, Qt.Key.Key_Space)

    next_step(qtbot, kiosk, "What is your name?")
    type_here(qtbot, "Anna Smith")
    next_step(qtbot, kiosk, "How can we contact you?")
    assert focus_is("Email address")
    type_here(qtbot, "anna@example.com")
    press(qtbot, Qt.Key.Key_Tab)
    assert focus_is("Phone number")
    type_here(qtbot, "07911 123456")
    next_step(qtbot, kiosk, "How would you like us to contact you?")
    assert focus_is("Email")
    press(qtbot, Qt.Key.Key_Space)
    next_step(qtbot, kiosk, "What is your postcode? (optional)")
    type_here(qtbot, "me14 1xx")
    next_step(qtbot, kiosk, "Do you have any communication or access needs? (optional)")
    type_here(qtbot, "Large print, please")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Enter alone starts a new line
    qtbot.waitUntil(lambda: kiosk.signup_screen.step_name == "consent")

    screen = texts_on_screen(kiosk)
    assert "How we use your details" in screen and "Kent Health Voices keeps your name" in screen
    assert kiosk.signup_screen.next_button.text() == "Sign me up"
    qtbot.waitUntil(lambda: focus_is("I agree to this privacy notice"))
    press(qtbot, Qt.Key.Key_Space)
    assert QApplication.focusWidget().isChecked()
    with qtbot.waitSignal(kiosk.sig_signup_saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Return)
    assert kiosk.pages.currentWidget() is kiosk.thanks
    assert "Thank you" in texts_on_screen(kiosk)
    assert "We will be in touch by email." in texts_on_screen(kiosk)

    [person] = rows(store, "SELECT * FROM people")
    [consent] = rows(store, "SELECT * FROM consents")
    [response] = rows(store, "SELECT * FROM responses")
    event_id = kiosk.event_id
    assert person["id"] == saved.args[0]
    assert (person["name"], person["email"], person["phone"], person["postcode"]) == (
        "Anna Smith", "anna@example.com", "+447911123456", "ME14 1XX")
    assert person["interests"] == '["health-network", "ppg"]' and person["contact_method"] == "email"
    assert person["practice_id"] is not None and person["access_needs"] == "Large print, please"
    assert person["event_id"] == event_id
    assert (consent["person_id"], consent["method"], consent["notice_id"], consent["notice_version"],
            consent["event_id"]) == (person["id"], "kiosk", "privacy-notice", 1, event_id)
    # Separate records: nothing of the sign-up names the feedback, or the other way round.
    assert response["id"] not in {str(v) for v in (*person.values(), *consent.values())}
    assert person["id"] not in {str(v) for v in response.values()}
    created = str(person["created_at"])  # only the day: it cannot be matched to a response's time
    assert " 00:00:00" in created, created

    with qtbot.waitSignal(kiosk.sig_screen_changed):
        press(qtbot, Qt.Key.Key_Space)
    assert kiosk.pages.currentWidget() is kiosk.attract
    assert "Anna Smith" not in every_text_in_the_window(kiosk)


def go_to_consent(qtbot, kiosk: KioskWindow) -> None:
    """Tick the newsletter, give a name and an email address, skip the rest: to the notice."""
    say_yes(qtbot, kiosk)
    qtbot.mouseClick(button(kiosk, "Get the newsletter"), Qt.MouseButton.LeftButton)
    next_step(qtbot, kiosk, "What is your name?")
    type_here(qtbot, "Sam Jones")
    next_step(qtbot, kiosk, "How can we contact you?")
    type_here(qtbot, "sam@example.com")
    next_step(qtbot, kiosk, "What is your postcode?")  # email alone: nothing to choose about contact
    next_step(qtbot, kiosk, "Do you have any communication")
    qtbot.mouseClick(button(kiosk, "Next"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.signup_screen.step_name == "consent")


def test_no_signup_without_the_consent_tick(make_kiosk, qtbot, store: Store) -> None:
    kiosk = make_kiosk()
    give_feedback(qtbot, kiosk)
    go_to_consent(qtbot, kiosk)
    qtbot.mouseClick(button(kiosk, "Sign me up"), Qt.MouseButton.LeftButton)
    message = "⚠ To sign up, tick the box to say you agree to this privacy notice."
    qtbot.waitUntil(lambda: message in texts_on_screen(kiosk))
    assert find(kiosk, "Problem: To sign up, tick the box to say you agree to this privacy notice.", QLabel)
    assert focus_is("I agree to this privacy notice"), "the focus goes to what needs doing"
    tasks_done(qtbot, kiosk)
    assert rows(store, "SELECT id FROM people") == [] and rows(store, "SELECT id FROM consents") == []
    assert kiosk.pages.currentWidget() is kiosk.signup_screen

    # Reading the whole notice and coming back keeps the place; then ticking signs up.
    qtbot.mouseClick(button(kiosk, "Read the full notice"), Qt.MouseButton.LeftButton)
    assert "Who we are" in texts_on_screen(kiosk)
    assert "How to stop or have your details removed" in texts_on_screen(kiosk)
    qtbot.mouseClick(button(kiosk, "Back to sign-up"), Qt.MouseButton.LeftButton)
    assert kiosk.signup_screen.step_name == "consent"
    qtbot.mouseClick(button(kiosk, "I agree to this privacy notice"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.sig_signup_saved, timeout=10_000):
        qtbot.mouseClick(button(kiosk, "Sign me up"), Qt.MouseButton.LeftButton)
    assert [p["name"] for p in rows(store, "SELECT name FROM people")] == ["Sam Jones"]


def test_the_full_notice_by_keyboard(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    give_feedback(qtbot, kiosk)
    go_to_consent(qtbot, kiosk)
    qtbot.waitUntil(lambda: focus_is("I agree to this privacy notice"))
    press(qtbot, Qt.Key.Key_Backtab)
    assert focus_is("Read the full notice")
    with qtbot.waitSignal(kiosk.sig_screen_changed) as changed:
        press(qtbot, Qt.Key.Key_Return)
    assert changed.args == ["notice"]
    assert focus_is("Privacy notice: How we use your details"), "the notice itself takes the focus, to scroll"
    bar = kiosk.notice.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    press(qtbot, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    press(qtbot, Qt.Key.Key_Tab)
    assert focus_is("Back to sign-up")
    with qtbot.waitSignal(kiosk.sig_screen_changed) as changed:
        press(qtbot, Qt.Key.Key_Return)
    assert changed.args == ["signup"] and focus_is("Read the full notice")


def tasks_done(qtbot, kiosk: KioskWindow) -> None:
    """Until the worker has nothing queued or running, and every answer it gave has been acted on."""
    qtbot.waitUntil(lambda: not kiosk.tasks.busy, timeout=30_000)


def test_no_thank_you_saves_nobody(make_kiosk, qtbot, store: Store) -> None:
    kiosk = make_kiosk()
    give_feedback(qtbot, kiosk)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is kiosk.offer)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert focus_is("No, thank you")
    with qtbot.waitSignal(kiosk.sig_screen_changed) as changed:
        press(qtbot, Qt.Key.Key_Space)
    assert changed.args == ["thanks"]
    assert "Your answers have been saved. They help us improve local health services." in texts_on_screen(kiosk)
    tasks_done(qtbot, kiosk)
    assert rows(store, "SELECT id FROM people") == []
    assert len(rows(store, "SELECT id FROM responses")) == 1


def test_changing_your_mind_on_the_first_question_goes_back_to_the_offer(make_kiosk, qtbot, store) -> None:
    kiosk = make_kiosk()
    give_feedback(qtbot, kiosk)
    say_yes(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.sig_screen_changed) as changed:
        qtbot.mouseClick(button(kiosk, "Back"), Qt.MouseButton.LeftButton)
    assert changed.args == ["offer"] and kiosk.signup is None
    qtbot.mouseClick(button(kiosk, "No, thank you"), Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.thanks
    assert rows(store, "SELECT id FROM people") == []


def test_walking_away_during_the_signup_throws_it_all_away(make_kiosk, qtbot, store: Store) -> None:
    kiosk = make_kiosk()
    clock = kiosk_clock(kiosk)
    give_feedback(qtbot, kiosk)
    say_yes(qtbot, kiosk)
    qtbot.mouseClick(button(kiosk, "Volunteer with us"), Qt.MouseButton.LeftButton)
    next_step(qtbot, kiosk, "What is your name?")
    type_here(qtbot, "Zofia Secretname")
    next_step(qtbot, kiosk, "How can we contact you?")
    type_here(qtbot, "zofia.secret@example.com")
    assert "zofia.secret@example.com" in texts_on_screen(kiosk)

    clock.advance(kiosk.idle_timer.interval())  # the person walks away: the warning covers their details
    assert "zofia.secret@example.com" not in texts_on_screen(kiosk)
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=5_000) as changed:
        clock.advance(until_reset(kiosk) - kiosk.idle_timer.interval())  # the setting's 90 seconds in all
    assert changed.args == ["attract"]
    assert kiosk.signup is None and kiosk.signup_screen.step is None
    everything = every_text_in_the_window(kiosk)
    assert "Secretname" not in everything and "zofia.secret" not in everything
    tasks_done(qtbot, kiosk)
    assert rows(store, "SELECT id FROM people") == [] and rows(store, "SELECT id FROM consents") == []

    give_feedback(qtbot, kiosk)  # the next person starts afresh
    say_yes(qtbot, kiosk)
    assert not button(kiosk, "Volunteer with us").isChecked()


def test_walking_away_from_the_offer_goes_back_to_the_welcome(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    clock = kiosk_clock(kiosk)
    give_feedback(qtbot, kiosk)
    assert kiosk.pages.currentWidget() is kiosk.offer
    clock.advance(kiosk.idle_timer.interval() - 1)
    assert kiosk.pages.currentWidget() is kiosk.offer
    clock.advance(until_reset(kiosk) - kiosk.idle_timer.interval())
    assert kiosk.pages.currentWidget() is kiosk.warning
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=5_000) as changed:
        clock.advance(1)
    assert changed.args == ["attract"]


def test_the_same_signup_in_polish(make_kiosk, qtbot, store: Store) -> None:
    kiosk = make_kiosk()
    qtbot.mouseClick(button(kiosk, "Polski"), Qt.MouseButton.LeftButton)
    give_feedback(qtbot, kiosk, "Bardzo dobrze")
    screen = texts_on_screen(kiosk)
    assert "Czy chcesz się zaangażować?" in screen and "Nie, dziękuję" in screen
    say_yes(qtbot, kiosk, "Tak, chcę wiedzieć więcej")
    screen = texts_on_screen(kiosk)
    assert "Co chcesz robić?" in screen and "Krok 1 z" in screen
    assert "Dołączyć do lokalnej sieci zdrowia" in screen and "Otrzymywać biuletyn" in screen

    qtbot.mouseClick(button(kiosk, "Dalej"), Qt.MouseButton.LeftButton)
    assert "⚠ Wybierz co najmniej jedną formę zaangażowania." in texts_on_screen(kiosk)
    qtbot.mouseClick(button(kiosk, "Otrzymywać biuletyn"), Qt.MouseButton.LeftButton)
    next_step(qtbot, kiosk, "Jak się nazywasz?")
    next_step_refused = "⚠ Podaj imię i nazwisko."
    press(qtbot, Qt.Key.Key_Return)
    assert next_step_refused in texts_on_screen(kiosk)
    type_here(qtbot, "Anna Kowalska")
    next_step(qtbot, kiosk, "Jak możemy się z Tobą skontaktować?")
    press(qtbot, Qt.Key.Key_Return)
    assert "⚠ Podaj adres e-mail lub numer telefonu, abyśmy mogli się z Tobą skontaktować." in texts_on_screen(kiosk)
    type_here(qtbot, "anna@")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "12")
    press(qtbot, Qt.Key.Key_Return)
    screen = texts_on_screen(kiosk)
    assert "⚠ To nie wygląda na adres e-mail; wpisz go w formie name@example.com." in screen
    assert "⚠ Ten numer telefonu jest niepełny lub nieużywany; sprawdź cyfry." in screen
    assert focus_is("Adres e-mail"), "the focus goes to the first problem"
    QApplication.focusWidget().setText("")
    type_here(qtbot, "anna@example.com")
    press(qtbot, Qt.Key.Key_Tab)
    QApplication.focusWidget().setText("")
    type_here(qtbot, "07911 123456")
    next_step(qtbot, kiosk, "Jak mamy się z Tobą kontaktować?")
    assert "Rozmowa telefoniczna" in texts_on_screen(kiosk) and "SMS" in texts_on_screen(kiosk)
    qtbot.mouseClick(button(kiosk, "SMS"), Qt.MouseButton.LeftButton)
    next_step(qtbot, kiosk, "Jaki jest Twój kod pocztowy?")
    type_here(qtbot, "XYZ")
    press(qtbot, Qt.Key.Key_Return)
    assert "⚠ To nie wygląda na brytyjski kod pocztowy; wpisz go w formie ME14 1XX." in texts_on_screen(kiosk)
    QApplication.focusWidget().setText("")
    next_step(qtbot, kiosk, "Czy masz jakieś potrzeby")
    qtbot.mouseClick(button(kiosk, "Dalej"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.signup_screen.step_name == "consent")
    screen = texts_on_screen(kiosk)
    assert "Jak wykorzystujemy Twoje dane" in screen and "Kent Health Voices przechowuje" in screen
    qtbot.mouseClick(button(kiosk, "Zapisz mnie"), Qt.MouseButton.LeftButton)
    assert "Aby się zapisać, zaznacz pole" in texts_on_screen(kiosk)
    qtbot.mouseClick(button(kiosk, "Zgadzam się z tą informacją o prywatności"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.sig_signup_saved, timeout=10_000):
        qtbot.mouseClick(button(kiosk, "Zapisz mnie"), Qt.MouseButton.LeftButton)
    assert "Skontaktujemy się z Tobą SMS-em." in texts_on_screen(kiosk)
    [person] = rows(store, "SELECT name, contact_method, postcode FROM people")
    assert person == {"name": "Anna Kowalska", "contact_method": "text", "postcode": ""}
    kiosk.show_attract()
    assert "Have your say" in texts_on_screen(kiosk), "the next person starts in English"


def test_with_the_offer_turned_off_it_is_never_asked(make_kiosk, qtbot, store: Store) -> None:
    kiosk = make_kiosk(offer=False)
    shown: list[str] = []
    kiosk.sig_screen_changed.connect(shown.append)
    give_feedback(qtbot, kiosk)
    assert kiosk.pages.currentWidget() is kiosk.thanks
    assert "Would you like to get involved?" not in texts_on_screen(kiosk)
    assert "offer" not in shown and "signup" not in shown


def test_without_practices_there_is_no_ppg_offered_or_to_choose(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk(practices=False)
    give_feedback(qtbot, kiosk)
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is kiosk.offer)
    offer = texts_on_screen(kiosk)
    assert "local health network" in offer and "patient group" not in offer
    say_yes(qtbot, kiosk)
    screen = texts_on_screen(kiosk)
    assert "Join the local health network" in screen and "Patient Participation Group" not in screen


def test_with_practices_the_offer_names_the_patient_group(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    give_feedback(qtbot, kiosk)
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is kiosk.offer)
    assert "your GP practice's patient group" in texts_on_screen(kiosk)
    say_yes(qtbot, kiosk)
    assert "Patient Participation Group" in " ".join(texts_on_screen(kiosk).split())


@pytest.mark.parametrize("language", ["en", "pl"])
def test_every_signup_control_is_named_and_finger_sized(make_kiosk, qtbot, language: str) -> None:
    kiosk = make_kiosk()
    kiosk.choose_language(language)
    kiosk.start()
    kiosk.question.editor.set_value("good")
    kiosk.next()
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    seen: list[str] = []

    def check(where: str) -> None:
        def named_and_big_enough() -> None:  # once laid out, on a later turn of the event loop
            controls = [w for w in kiosk.findChildren(QWidget)
                        if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
                        and not isinstance(w.parentWidget(), QPlainTextEdit)]
            unnamed = [type(w).__name__ for w in controls if not w.accessibleName().strip()]
            assert unnamed == [], f"{where}: {unnamed}"
            small = [(w.accessibleName(), w.height()) for w in controls
                     if not isinstance(w, QPlainTextEdit) and w.height() < 44]
            assert small == [], f"{where}: {small}"

        qtbot.waitUntil(named_and_big_enough)
        seen.append(where)

    check("offer")
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=10_000):
        kiosk.offer.yes_button.click()
    answers = {"interests": {"interests": ["ppg"]}, "name": {"name": "A Person"},
               "contact": {"email": "a@example.com", "phone": "07911 123456"},
               "contact_method": {"contact_method": "phone"}}
    while kiosk.signup_screen.step_name != "consent":
        name = kiosk.signup_screen.step_name
        check(name)
        step = kiosk.signup_screen.step
        if name == "practice":
            step.buttons[0].setChecked(True)
        elif name in answers:
            step.set_values(answers[name])
        kiosk.signup_next()
    check("consent")
    kiosk.read_notice()
    check("notice")
    kiosk.back_from_notice()
    assert seen == ["offer", "interests", "practice", "name", "contact", "contact_method", "postcode",
                    "access_needs", "consent", "notice"]
