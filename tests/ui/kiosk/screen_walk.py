"""Visiting every kiosk screen in turn, for the checks that must hold on each of them."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication

from app.ui.kiosk.window import KioskWindow

SIGNUP_ANSWERS = {"interests": {"interests": ["ppg"]}, "name": {"name": "A Person"},
                  "contact": {"email": "a@example.com", "phone": "07911 123456"},
                  "contact_method": {"contact_method": "phone"}}


def settle() -> None:
    """Let the screen lay itself out: its layout runs on the next turns of the event loop."""
    for _turn in range(3):
        QApplication.processEvents()


def every_screen(kiosk: KioskWindow, qtbot, *, language: str = "en", text_size: str = "standard",
                 high_contrast: bool = False, read_aloud: bool = False, easy_read: bool = False) -> Iterator[str]:
    """Go through every screen, as a person giving feedback and signing up would, with the language and
    access options they chose on the welcome screen; yield each screen's name."""
    kiosk.show_attract()
    kiosk.choose_language(language)
    kiosk.choose_text_size(text_size)
    if high_contrast:
        kiosk.choose_high_contrast(True)
    if read_aloud:
        kiosk.attract.access.read_aloud_button.click()
    if easy_read:
        kiosk.attract.access.easy_read_button.click()
    settle()
    yield "welcome"
    kiosk.start()
    while kiosk.pages.currentWidget() is kiosk.question and kiosk.flow is not None:
        question = kiosk.flow.current.question
        settle()
        yield question.id
        if question.required and kiosk.question.editor.value() is None:
            kiosk.next()  # the problem message is a screen to check too
            settle()
            yield question.id + " with a problem"
            kiosk.question.editor.set_value(question.choices()[0].value)
        if kiosk.flow.is_last:
            with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=10_000):
                kiosk.next()
            break
        kiosk.next()
    settle()
    yield "offer"
    with qtbot.waitSignal(kiosk.sig_screen_changed, timeout=10_000):
        kiosk.offer.yes_button.click()
    while kiosk.signup_screen.step_name != "consent":
        name = kiosk.signup_screen.step_name
        settle()
        yield "signup " + name
        step = kiosk.signup_screen.step
        if name == "practice":
            step.buttons[0].setChecked(True)
        elif name in SIGNUP_ANSWERS:
            step.set_values(SIGNUP_ANSWERS[name])
        kiosk.signup_next()
    settle()
    yield "signup consent"
    kiosk.read_notice()
    settle()
    yield "notice"
    kiosk.back_from_notice()
    kiosk.warn_before_reset()
    settle()
    yield "warning"
    kiosk.more_time()
    kiosk.signup_screen.step.agree.setChecked(True)
    with qtbot.waitSignal(kiosk.sig_signup_saved, timeout=10_000):
        kiosk.signup_next()
    settle()
    yield "thanks"
