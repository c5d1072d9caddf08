"""Reading the kiosk aloud for the person who turned it on: the question, their choice and what
the kiosk announces, in their language; quiet at once when the kiosk starts again, and off for
the next person. The computer's speaker is a stand-in that records what it is asked to say."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import button
from tests.ui.kiosk_fixture import FakeReadAloud, kiosk_clock, until_reset


def turn_on(qtbot, kiosk) -> None:
    toggle = kiosk.attract.access.read_aloud_button
    assert toggle.isVisible()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)


def test_the_toggle_says_what_it_shows_and_whether_it_is_on(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker()
    toggle = kiosk.attract.access.read_aloud_button
    assert (toggle.text(), toggle.accessibleName(), toggle.isChecked()) == ("Read aloud: off", "Read aloud: off",
                                                                           False)
    turn_on(qtbot, kiosk)
    assert (toggle.text(), toggle.accessibleName(), toggle.isChecked()) == ("Read aloud: on", "Read aloud: on", True)
    assert QApplication.focusWidget() is toggle
    kiosk.choose_language("pl")
    assert toggle.accessibleName() == "Czytanie na głos: włączone"


def test_it_is_offered_only_in_a_language_this_computer_has_a_voice_for(kiosk_maker, qtbot) -> None:
    speaker = FakeReadAloud(voices=("en",))
    kiosk = kiosk_maker(speaker=speaker)
    turn_on(qtbot, kiosk)
    kiosk.choose_language("pl")
    assert not kiosk.attract.access.read_aloud_button.isVisible()
    kiosk.start()
    assert speaker.said[-1] == ("Read aloud: on.", "en")  # nothing said in Polish with an English voice
    assert kiosk_maker(speaker=FakeReadAloud(voices=())).attract.access.read_aloud_button.isHidden()


def test_each_question_then_the_choice_then_thank_you_are_read(kiosk_maker, qtbot) -> None:
    speaker = FakeReadAloud()
    kiosk = kiosk_maker(("fft",), speaker=speaker)
    turn_on(qtbot, kiosk)
    kiosk.start()
    assert speaker.said[-1] == (
        "Overall, how was your experience of our service? Question 1 of 2. Very good. Good. Neither good nor poor. "
        "Poor. Very poor. Don't know.", "en")
    qtbot.mouseClick(button(kiosk, "Good"), Qt.MouseButton.LeftButton)
    assert speaker.said[-1] == ("You chose: Good.", "en")
    kiosk.next()
    spoken, _language = speaker.said[-1]
    assert spoken.startswith("Please can you tell us why you gave your answer? (optional). Question 2 of 2.")
    assert "Thank you" not in spoken
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    assert speaker.said[-1][0].startswith("Thank you Your answers have been saved.")


def test_a_problem_and_the_idle_warning_are_read(kiosk_maker, qtbot) -> None:
    speaker = FakeReadAloud()
    kiosk = kiosk_maker(("fft",), speaker=speaker)
    clock = kiosk_clock(kiosk)
    turn_on(qtbot, kiosk)
    kiosk.start()
    kiosk.next()  # with nothing chosen
    assert speaker.said[-1] == ("Problem: Please answer this question.", "en")
    clock.advance(kiosk.idle_timer.interval())
    assert kiosk.pages.currentWidget() is kiosk.warning
    assert speaker.said[-1][0].startswith("Are you still there? This screen will start again in 30 seconds")


def test_polish_screens_are_read_with_the_polish_voice(kiosk_maker, qtbot) -> None:
    speaker = FakeReadAloud()
    kiosk = kiosk_maker(("fft",), speaker=speaker)
    kiosk.choose_language("pl")
    turn_on(qtbot, kiosk)
    kiosk.start()
    text, language = speaker.said[-1]
    assert language == "pl" and text.startswith("Ogólnie rzecz biorąc, jak oceniasz")


def test_it_stops_at_once_on_start_again_and_is_off_for_the_next_person(kiosk_maker, qtbot) -> None:
    speaker = FakeReadAloud()
    kiosk = kiosk_maker(("fft",), speaker=speaker)
    turn_on(qtbot, kiosk)
    kiosk.start()
    assert speaker.speaking
    heard = len(speaker.said)
    qtbot.mouseClick(kiosk.question.start_again_button, Qt.MouseButton.LeftButton)
    assert not speaker.speaking  # cut off, not left to finish for the next person
    assert len(speaker.said) == heard  # and "started again for the next person" is not read to them
    toggle = kiosk.attract.access.read_aloud_button
    assert (toggle.isChecked(), toggle.accessibleName()) == (False, "Read aloud: off")
    kiosk.start()
    qtbot.mouseClick(button(kiosk, "Good"), Qt.MouseButton.LeftButton)
    assert len(speaker.said) == heard


def test_it_stops_when_the_kiosk_starts_again_by_itself(kiosk_maker, qtbot) -> None:
    speaker = FakeReadAloud()
    kiosk = kiosk_maker(("fft",), speaker=speaker)
    clock = kiosk_clock(kiosk)
    turn_on(qtbot, kiosk)
    kiosk.start()
    clock.advance(until_reset(kiosk))
    assert kiosk.pages.currentWidget() is kiosk.attract
    assert not speaker.speaking and not kiosk.voice.on


def test_nothing_is_read_while_it_is_off(kiosk_maker, qtbot) -> None:
    speaker = FakeReadAloud()
    kiosk = kiosk_maker(("fft",), speaker=speaker)
    kiosk.start()
    qtbot.mouseClick(button(kiosk, "Good"), Qt.MouseButton.LeftButton)
    kiosk.next()
    assert speaker.said == []


def test_the_signup_steps_and_their_choices_are_read(kiosk_maker, qtbot) -> None:
    speaker = FakeReadAloud()
    kiosk = kiosk_maker(("fft",), speaker=speaker, offer=True, practices=[("College Practice", "G82002")])
    turn_on(qtbot, kiosk)
    kiosk.start()
    kiosk.question.editor.set_value("good")
    kiosk.next()
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=10_000):
        kiosk.offer.yes_button.click()
    text, language = speaker.said[-1]
    assert language == "en" and "Step 1 of" in text and "Get the newsletter" in text
    qtbot.mouseClick(button(kiosk, "Get the newsletter"), Qt.MouseButton.LeftButton)
    assert speaker.said[-1] == ("You chose: Get the newsletter.", "en")
