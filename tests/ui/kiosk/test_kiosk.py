"""The kiosk, used as a member of the public would: by keyboard alone, or walking away."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.store.store import Store
from app.ui.kiosk.window import KioskWindow
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.kiosk_fixture import PIN, kiosk_clock, press, until_reset


@pytest.fixture
def make_kiosk(kiosk_maker):
    """A kiosk that goes straight to Thank you after feedback; the offer to sign up is in test_kiosk_signup.py."""
    return kiosk_maker


def saved_responses(store: Store) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT mode, language, answers, fft_rating FROM responses").all()
    return [{"mode": m, "language": lang, "answers": json.loads(a), "fft_rating": r} for m, lang, a, r in rows]


def texts_on_screen(kiosk: KioskWindow) -> str:
    parts = [w.text() for w in kiosk.findChildren(QLabel) if w.isVisible()]
    parts += [w.toPlainText() for w in kiosk.findChildren(QPlainTextEdit) if w.isVisible()]
    parts += [w.text() for w in kiosk.findChildren(QLineEdit) if w.isVisible()]
    return "\n".join(parts)


def test_answer_the_fft_by_keyboard_alone(make_kiosk, qtbot, store: Store) -> None:
    kiosk = make_kiosk()
    assert kiosk.pages.currentWidget() is kiosk.attract
    assert "Have your say about local health services" in texts_on_screen(kiosk)

    with qtbot.waitSignal(kiosk.sig_screen_changed):
        press(qtbot, Qt.Key.Key_Return)  # "press any key to start"
    assert "Overall, how was your experience of our service?" in texts_on_screen(kiosk)
    qtbot.waitUntil(lambda: QApplication.focusWidget().accessibleName() == "Very good")

    press(qtbot, Qt.Key.Key_Down)  # arrows move through the answers, Space chooses
    assert QApplication.focusWidget().accessibleName() == "Good"
    press(qtbot, Qt.Key.Key_Space)
    assert QApplication.focusWidget().isChecked()
    press(qtbot, Qt.Key.Key_Return)
    assert "Please can you tell us why you gave your answer?" in texts_on_screen(kiosk)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QPlainTextEdit))
    qtbot.keyClicks(QApplication.focusWidget(), "Friendly staff, long wait")
    assert "25 of 2000 characters" in texts_on_screen(kiosk)
    assert kiosk.question.next_button.text() == "Send my answers"

    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.pages.currentWidget() is kiosk.thanks
    assert "Thank you" in texts_on_screen(kiosk)
    assert saved_responses(store) == [{"mode": "kiosk", "language": "en", "fft_rating": "good", "answers": {
        "fft": {"fft_rating": "good", "fft_comment": "Friendly staff, long wait"}}}]

    with qtbot.waitSignal(kiosk.sig_screen_changed):
        press(qtbot, Qt.Key.Key_Space)
    assert kiosk.pages.currentWidget() is kiosk.attract
    assert "Friendly staff" not in texts_on_screen(kiosk)


def test_enter_alone_never_chooses_an_answer(make_kiosk, qtbot, store) -> None:
    kiosk = make_kiosk(("fft", "equality"))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget().accessibleName() == "Very good")
    press(qtbot, Qt.Key.Key_Return)
    assert "Please answer this question." in texts_on_screen(kiosk)
    assert kiosk.question.editor.value() is None


def test_back_keeps_what_was_typed(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk(("fft", "topics"))
    kiosk.start()
    kiosk.question.editor.set_value("good")
    kiosk.next()
    kiosk.question.editor.set_value("Half a thought")
    kiosk.back()
    assert kiosk.question.editor.value() == "good"
    kiosk.next()
    assert kiosk.question.editor.value() == "Half a thought"


def test_a_language_chosen_and_left_goes_back_to_english(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    clock = kiosk_clock(kiosk)
    kiosk.choose_language("pl")
    assert "Wypowiedz się" in texts_on_screen(kiosk)
    clock.advance(until_reset(kiosk) - 1)  # the warning shows meanwhile, in Polish
    assert "Czy nadal tu jesteś?" in texts_on_screen(kiosk)
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=5_000) as changed:
        clock.advance(1)
    assert changed.args == ["attract"]
    assert "Have your say" in texts_on_screen(kiosk)


def test_thank_you_goes_back_to_the_start_by_itself(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    clock = kiosk_clock(kiosk)
    kiosk.settings.values["kiosk_thanks_seconds"] = 2
    kiosk.start()
    kiosk.question.editor.set_value("very_good")
    kiosk.next()
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    assert kiosk.pages.currentWidget() is kiosk.thanks
    clock.advance(1_999)
    assert kiosk.pages.currentWidget() is kiosk.thanks
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=5_000) as changed:
        clock.advance(1)
    assert changed.args == ["attract"]


def test_walking_away_half_way_leaves_nothing_on_screen_and_nothing_saved(make_kiosk, qtbot, store) -> None:
    kiosk = make_kiosk(("fft", "topics"))
    clock = kiosk_clock(kiosk)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: QApplication.focusWidget().accessibleName() == "Very good")
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QPlainTextEdit))
    qtbot.keyClicks(QApplication.focusWidget(), "my private worry about my GP")
    assert "my private worry" in texts_on_screen(kiosk)

    clock.advance(kiosk.idle_timer.interval())  # the person walks away: the warning covers their words
    assert kiosk.pages.currentWidget() is kiosk.warning
    assert "my private worry" not in texts_on_screen(kiosk)
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=5_000) as changed:
        clock.advance(until_reset(kiosk) - kiosk.idle_timer.interval())  # the setting's 90 seconds in all
    assert changed.args == ["attract"]
    assert "my private worry" not in texts_on_screen(kiosk)
    assert kiosk.flow is None and kiosk.question.editor is None
    assert saved_responses(store) == []

    press(qtbot, Qt.Key.Key_Space)  # the next person starts afresh
    assert kiosk.question.editor.value() is None
    qtbot.waitUntil(lambda: QApplication.focusWidget().accessibleName() == "Very good")
    assert not QApplication.focusWidget().isChecked()
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QPlainTextEdit))
    assert QApplication.focusWidget().toPlainText() == ""


def test_activity_keeps_the_kiosk_from_resetting(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    clock = kiosk_clock(kiosk)
    idle = kiosk.idle_timer.interval()  # until the warning
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: QApplication.focusWidget().accessibleName() == "Very good")
    for _ in range(4):  # four times the idle timeout in all, never that long without a key
        clock.advance(idle - 1)
        press(qtbot, Qt.Key.Key_Down)
    assert kiosk.pages.currentWidget() is kiosk.question
    clock.advance(until_reset(kiosk))  # and once the keys stop, it does reset
    assert kiosk.pages.currentWidget() is kiosk.attract


def test_polish_throughout(make_kiosk, qtbot, store) -> None:
    kiosk = make_kiosk(("fft", "topics"))
    qtbot.mouseClick(button(kiosk, "Polski"), Qt.MouseButton.LeftButton)
    assert "Wypowiedz się na temat lokalnej opieki zdrowotnej" in texts_on_screen(kiosk)
    qtbot.mouseClick(button(kiosk, "Rozpocznij"), Qt.MouseButton.LeftButton)
    screen = texts_on_screen(kiosk)
    assert "Ogólnie rzecz biorąc" in screen and "Pytanie 1 z 3" in screen
    qtbot.mouseClick(button(kiosk, "Dalej"), Qt.MouseButton.LeftButton)
    assert "Prosimy odpowiedzieć na to pytanie." in texts_on_screen(kiosk)
    button(kiosk, "Bardzo dobrze").click()
    qtbot.mouseClick(button(kiosk, "Dalej"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(kiosk, "Dalej"), Qt.MouseButton.LeftButton)
    button(kiosk, "Apteka").click()
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        qtbot.mouseClick(button(kiosk, "Wyślij odpowiedzi"), Qt.MouseButton.LeftButton)
    assert "Dziękujemy" in texts_on_screen(kiosk)
    [saved] = saved_responses(store)
    assert saved["language"] == "pl" and saved["answers"]["topics"] == {"topics": ["pharmacy"]}
    kiosk.show_attract()
    assert "Have your say" in texts_on_screen(kiosk), "the next person starts in English"


def test_every_focusable_control_has_an_accessible_name(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk(("fft", "topics", "equality"))

    def check(where: str) -> None:
        unnamed = [type(w).__name__ for w in kiosk.findChildren(QWidget)
                   if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus and not w.accessibleName().strip()
                   and not isinstance(w.parentWidget(), (QPlainTextEdit,))]
        assert unnamed == [], f"{where}: {unnamed}"

    for language in ("en", "pl"):
        kiosk.show_attract()
        kiosk.choose_language(language)
        check(f"welcome ({language})")
        kiosk.start()
        steps = 0
        while kiosk.flow is not None and kiosk.pages.currentWidget() is kiosk.question:
            check(f"{kiosk.flow.current.question.id} ({language})")
            if kiosk.flow.is_last:
                break
            if kiosk.flow.current.question.required:
                kiosk.question.editor.set_value(kiosk.flow.current.question.choices()[0].value)
            kiosk.next()
            steps += 1
        assert steps >= 9
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    check("thank you")


def test_touch_targets_are_at_least_44_pixels(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    small = [w.accessibleName() for w in kiosk.attract.findChildren(QWidget)
             if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus and min(w.width(), w.height()) < 44]
    assert small == []
    kiosk.start()

    def laid_out_and_big_enough() -> None:  # the question's layout is done on the next turn of the event loop
        buttons = [w for w in kiosk.question.findChildren(QWidget)
                   if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus]
        assert buttons and all(w.height() >= 44 for w in buttons), [(w.accessibleName(), w.height()) for w in buttons]

    qtbot.waitUntil(laid_out_and_big_enough)


def test_leaving_needs_the_pin_and_wrong_tries_make_the_next_wait(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    said: list[str] = []

    def wrong_pin_four_times(dialog) -> None:
        pin = find(dialog, "Staff PIN", QLineEdit)
        for _ in range(4):
            pin.setText("0000")
            button(dialog, "Leave kiosk").click()
            qtbot.waitUntil(lambda: not dialog.tasks.busy and dialog.message.isVisible(), timeout=10_000)
            said.append(dialog.message.text())
        said.append(str(button(dialog, "Leave kiosk").isEnabled()))
        button(dialog, "Stay in kiosk").click()

    when_dialog_opens(wrong_pin_four_times)
    kiosk.close()  # closing the window asks for the PIN instead
    qtbot.waitUntil(lambda: len(said) == 5, timeout=20_000)
    assert said[0] == "That PIN is not right. Please try again."
    assert "each try has to wait: you can try again in" in said[3]  # slowed, never locked (test_staff_pin.py)
    assert said[4] == "False"
    assert kiosk.isVisible()


def test_the_right_pin_leaves_the_kiosk(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()

    def unlock(dialog) -> None:
        find(dialog, "Staff PIN", QLineEdit).setText(PIN)
        button(dialog, "Leave kiosk").click()

    when_dialog_opens(unlock)
    with qtbot.waitSignal(kiosk.sig_closed, timeout=10_000):
        qtbot.mouseClick(button(kiosk, "Staff: leave kiosk mode"), Qt.MouseButton.LeftButton)
    assert not kiosk.isVisible()


def test_a_comment_stops_at_the_limit_and_says_so(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    kiosk.start()
    kiosk.question.editor.set_value("good")
    kiosk.next()
    box = kiosk.question.editor.edit
    box.setFocus()
    box.setPlainText("a" * 1998 + "zz")
    assert "as much as fits" in texts_on_screen(kiosk)
    cursor = box.textCursor()
    cursor.setPosition(5)
    box.setTextCursor(cursor)
    qtbot.keyClicks(box, "XY")
    assert len(box.toPlainText()) == 2000 and box.toPlainText().endswith("zz"), "typing never eats the end"


def test_every_language_is_reached_with_tab(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    reached = set()
    for _ in range(10):
        press(qtbot, Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget().accessibleName())
    assert {"English", "Polski", "Start"} <= reached
    while QApplication.focusWidget().accessibleName() != "Polski":
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)
    assert "Wypowiedz się" in texts_on_screen(kiosk)
