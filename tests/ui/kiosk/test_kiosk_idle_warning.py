"""The warning before the kiosk starts again by itself, and Start again on every screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.ui.kiosk.announce import announcements
from app.ui.kiosk.window import KioskWindow
from tests.ui.helpers import button
from tests.ui.kiosk_fixture import kiosk_clock, until_reset


def visible_texts(kiosk: KioskWindow) -> str:
    """Everything a passer-by could read on the screen now."""
    parts = [w.text() for w in kiosk.findChildren(QLabel) if w.isVisible()]
    parts += [w.toPlainText() for w in kiosk.findChildren(QPlainTextEdit) if w.isVisible()]
    parts += [w.text() for w in kiosk.findChildren(QLineEdit) if w.isVisible()]
    return "\n".join(parts)


def every_text(kiosk: KioskWindow) -> str:
    parts = [w.text() for w in kiosk.findChildren(QLabel)]
    parts += [w.toPlainText() for w in kiosk.findChildren(QPlainTextEdit)]
    parts += [w.accessibleName() + w.accessibleDescription() for w in kiosk.findChildren(QWidget)]
    return "\n".join(parts)


def half_way(kiosk: KioskWindow) -> None:
    """Answer the FFT and start typing a comment."""
    kiosk.start()
    kiosk.question.editor.set_value("good")
    kiosk.next()
    kiosk.question.editor.set_value("my half-typed worry")


def heard() -> list[tuple[str, bool]]:
    said: list[tuple[str, bool]] = []
    announcements.sig_announced.connect(lambda text, assertive: said.append((text, assertive)))
    return said


def test_a_warning_comes_at_least_20_seconds_before_and_more_time_keeps_the_answers(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker()
    clock = kiosk_clock(kiosk)
    said = heard()
    half_way(kiosk)
    clock.advance(kiosk.idle_timer.interval() - 1)
    assert kiosk.pages.currentWidget() is kiosk.question
    clock.advance(1)
    assert kiosk.pages.currentWidget() is kiosk.warning
    assert until_reset(kiosk) - clock.now >= 20_000, "the warning shows at least 20 s before the reset"
    screen = visible_texts(kiosk)
    assert "Are you still there?" in screen and "30 seconds" in screen
    assert "my half-typed worry" not in screen, "nothing of the person stays in view under the warning"
    assert any(text.startswith("Are you still there?") and assertive for text, assertive in said)
    assert button(kiosk, "I need more time").height() >= 52 and button(kiosk, "Start again").height() >= 52
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button(kiosk, "I need more time"))

    clock.advance(19_000)
    assert "11 seconds" in visible_texts(kiosk)
    qtbot.mouseClick(button(kiosk, "I need more time"), Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.question
    assert kiosk.question.editor.value() == "my half-typed worry"
    clock.advance(kiosk.idle_timer.interval() - 1)  # the full time again before the next warning
    assert kiosk.pages.currentWidget() is kiosk.question
    kiosk.back()
    assert kiosk.question.editor.value() == "good"


def test_no_answer_to_the_warning_starts_again_and_clears_everything(kiosk_maker, qtbot, store) -> None:
    kiosk = kiosk_maker()
    clock = kiosk_clock(kiosk)
    said = heard()
    half_way(kiosk)
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=5_000,
                          check_params_cb=lambda name: name == "attract"):
        clock.advance(until_reset(kiosk))
    assert kiosk.pages.currentWidget() is kiosk.attract
    assert kiosk.flow is None and kiosk.question.editor is None
    assert "my half-typed worry" not in every_text(kiosk)
    assert ("The screen has started again for the next person.", False) in said
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM responses").scalar() == 0


def test_start_again_is_on_every_screen_and_clears(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(offer=True, practices=[("College Practice", "G82002")])
    half_way(kiosk)
    assert button(kiosk, "Start again").isVisible()
    qtbot.mouseClick(button(kiosk, "Start again"), Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.attract
    assert kiosk.flow is None and "my half-typed worry" not in every_text(kiosk)

    kiosk.start()
    kiosk.question.editor.set_value("good")
    kiosk.next()
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    assert kiosk.pages.currentWidget() is kiosk.offer and button(kiosk, "Start again").isVisible()
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=10_000):
        kiosk.offer.yes_button.click()
    kiosk.signup_screen.step.set_values({"interests": ["ppg"]})
    kiosk.signup_next()
    kiosk.signup_screen.step.buttons[0].setChecked(True)
    kiosk.signup_next()
    kiosk.signup_screen.step.set_values({"name": "Zofia Secretname"})
    assert button(kiosk, "Start again").isVisible()
    qtbot.mouseClick(button(kiosk, "Start again"), Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.attract
    assert kiosk.signup is None and "Secretname" not in every_text(kiosk)


def test_start_again_waits_while_the_answers_are_being_saved(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(("fft",))
    kiosk.start()
    kiosk.question.editor.set_value("good")
    while kiosk.question.next_button.text() != "Send my answers":
        kiosk.next()  # the optional questions left blank
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()  # sends: the save is under way on the worker until the signal
        assert not kiosk.question.start_again_button.isEnabled()


def test_the_last_second_is_said_in_the_singular_in_english_and_polish(qtbot) -> None:
    from app.core.i18n import plural_translator_for, translator_for
    from app.ui.kiosk.idle_warning import IdleWarningScreen
    from app.ui.shell.application import make_application

    make_application()  # the catalogues
    screen = IdleWarningScreen()
    qtbot.addWidget(screen)
    for language, seconds, said in (("en", 1, "start again in 1 second and"), ("en", 2, "in 2 seconds and"),
                                    ("pl", 1, "Za 1 sekundę"), ("pl", 3, "Za 3 sekundy"), ("pl", 5, "Za 5 sekund")):
        screen.show_texts(translator_for(language), seconds, first=False, plural=plural_translator_for(language))
        assert said in screen.lead.text(), (language, seconds)
