"""What a screen reader gets from the kiosk: questions that label their answers, announcements,
the language, and no answer chosen for the person."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from app.ui.kiosk.announce import announce, announcement_event, announcements
from tests.ui.helpers import button
from tests.ui.kiosk_fixture import press

PRACTICES = [("College Practice", "G82002")]


def heard() -> list[tuple[str, bool]]:
    said: list[tuple[str, bool]] = []
    announcements.sig_announced.connect(lambda text, assertive: said.append((text, assertive)))
    return said


def group_of(control: QWidget) -> str:
    """The name of the nearest group round ``control``, as a screen reader finds it."""
    node = QAccessible.queryAccessibleInterface(control).parent()
    while node is not None and node.isValid():
        if node.role() == QAccessible.Role.Grouping:
            return node.text(QAccessible.Text.Name)
        node = node.parent()
    return ""


def unnamed_between(control: QWidget) -> bool:
    """Nothing between ``control`` and its group repeats a name: a screen reader would take the
    group for a wrapper of no meaning, and skip it (Orca does)."""
    node = QAccessible.queryAccessibleInterface(control).parent()
    while node is not None and node.isValid() and node.role() != QAccessible.Role.Grouping:
        if node.text(QAccessible.Text.Name):
            return False
        node = node.parent()
    return True


def test_each_answer_is_in_a_group_named_by_its_question(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(("fft", "topics"))
    kiosk.start()
    for answer in kiosk.question.editor.buttons:
        assert QAccessible.queryAccessibleInterface(answer).role() == QAccessible.Role.RadioButton
        assert group_of(answer) == "Overall, how was your experience of our service? Question 1 of 3"
        assert unnamed_between(answer)
    kiosk.question.editor.set_value("good")
    kiosk.next()
    kiosk.next()
    assert group_of(kiosk.question.editor.boxes[0]) == (
        "What is your feedback about? Choose all that apply. (optional) Question 3 of 3")
    assert unnamed_between(kiosk.question.editor.boxes[0])


def test_a_problem_is_heard_first_on_the_way_back_into_the_answers(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(("fft",))
    kiosk.start()
    kiosk.next()  # nothing chosen
    assert group_of(kiosk.question.editor.buttons[0]).startswith(
        "Problem: Please answer this question. Overall, how was your experience")
    assert QApplication.focusWidget() is kiosk.question.editor.buttons[0]
    kiosk.question.editor.set_value("good")
    kiosk.next()
    kiosk.back()
    assert group_of(kiosk.question.editor.buttons[0]).startswith("Overall, how was")


def test_the_signup_choices_are_asked_too(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(offer=True, practices=PRACTICES)
    kiosk.start()
    kiosk.question.editor.set_value("good")
    kiosk.next()
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=10_000):
        kiosk.offer.yes_button.click()
    name = group_of(kiosk.signup_screen.step.boxes[0])
    assert name.startswith("What would you like to do? Step 1 of")
    assert name.endswith("Tick all that you are interested in.")
    kiosk.signup_screen.step.set_values({"interests": ["ppg"]})
    kiosk.signup_next()
    assert group_of(kiosk.signup_screen.step.buttons[0]).startswith("Which GP practice are you registered with?")
    assert unnamed_between(kiosk.signup_screen.step.buttons[0])


def test_announcements_are_sent_with_their_words() -> None:
    widget = QWidget()
    event = announcement_event(widget, "Please answer this question.", assertive=True)
    assert event.type() == QAccessible.Event.Announcement and event.object() is widget
    assert event.message() == "Please answer this question."
    assert event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
    said = heard()
    announce(widget, "Thank you")
    assert said == [("Thank you", False)]


def test_problems_new_screens_and_thank_you_are_announced(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(offer=True)
    said = heard()
    kiosk.start()
    kiosk.next()
    assert ("Problem: Please answer this question.", True) in said
    kiosk.question.editor.set_value("good")
    kiosk.next()  # a screen that starts with a text box
    assert any(text.startswith("Question 2 of 2. Please can you tell us why") for text, _ in said)
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    assert any("Would you like to get involved?" in text for text, _ in said)
    qtbot.mouseClick(button(kiosk, "No, thank you"), Qt.MouseButton.LeftButton)
    assert any(text.startswith("Thank you") for text, _ in said)


def test_polish_screens_say_they_are_polish(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker()

    def language_of(widget: QWidget) -> QLocale.Language:
        attributes = QAccessible.queryAccessibleInterface(widget).attributesInterface()
        return attributes.attributeValue(QAccessible.Attribute.Locale).language()

    qtbot.mouseClick(button(kiosk, "Polski"), Qt.MouseButton.LeftButton)
    assert language_of(button(kiosk, "Rozpocznij")) == QLocale.Language.Polish
    kiosk.start()
    assert language_of(kiosk.question.editor.buttons[0]) == QLocale.Language.Polish
    kiosk.show_attract()  # the next person
    assert language_of(button(kiosk, "Start")) == QLocale.Language.English


def test_enter_on_would_you_like_to_get_involved_chooses_nothing(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(offer=True)
    kiosk.start()
    kiosk.question.editor.set_value("good")
    kiosk.next()
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert not isinstance(QApplication.focusWidget(), QAbstractButton), "no answer is chosen for them"
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Enter)
    assert kiosk.pages.currentWidget() is kiosk.offer and kiosk.signup is None
    assert not kiosk.tasks.busy


def test_a_topic_ticks_wherever_its_row_is_tapped(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(("topics",))
    kiosk.start()
    box = kiosk.question.editor.boxes[0]
    qtbot.waitUntil(lambda: box.width() > 400)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() - 8, box.height() // 2))
    assert box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() // 2, 4))
    assert not box.isChecked()


def test_the_welcome_screen_says_which_event_answers_are_for(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker()
    qtbot.waitUntil(lambda: "Fair" in kiosk.attract.event_label.text())
    assert kiosk.attract.event_label.text() == "Answers are recorded for: Fair, 1 June 2026"
    kiosk.choose_language("pl")
    assert kiosk.attract.event_label.text() == "Odpowiedzi są zapisywane dla: Fair, 1 czerwca 2026"


def test_access_options_last_for_that_person_only(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker()
    kiosk.start()
    normal = kiosk.question.question.font().pointSize()
    kiosk.show_attract()
    qtbot.mouseClick(button(kiosk, "Largest text (200%)"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(kiosk, "High contrast"), Qt.MouseButton.LeftButton)
    assert button(kiosk, "Largest text (200%)").isChecked() and button(kiosk, "High contrast").isChecked()
    kiosk.start()
    assert kiosk.question.question.font().pointSize() == 2 * normal
    assert "background: #000000" in kiosk.styleSheet()
    qtbot.mouseClick(button(kiosk, "Start again"), Qt.MouseButton.LeftButton)  # the next person
    assert button(kiosk, "Standard text").isChecked() and not button(kiosk, "High contrast").isChecked()
    kiosk.start()
    assert kiosk.question.question.font().pointSize() == normal
    assert "background: #000000" not in kiosk.styleSheet()
