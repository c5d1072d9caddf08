"""Easy read at the kiosk, for an event that offers it: chosen on the welcome screen, the FFT is asked
with pictures and saved as the usual FFT answer, the sign-up's privacy notice is the easy-read one
(on screen and in the consent record), and the next person starts without it."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from app.store.store import Store
from app.ui.common.answer_editors import ChoiceEditor
from app.ui.kiosk.easy_read import EasyReadFftQuestion
from tests.ui.helpers import button
from tests.ui.kiosk.test_kiosk_screen_reader import group_of, unnamed_between
from tests.ui.kiosk.test_kiosk_signup import go_to_consent, rows

PRACTICES = [("College Practice", "G82002")]


def choose_easy_read(qtbot, kiosk) -> None:
    toggle = kiosk.attract.access.easy_read_button
    assert toggle.isVisible()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)


def test_easy_read_is_offered_only_where_the_event_offers_it(kiosk_maker, qtbot) -> None:
    assert kiosk_maker(("fft",)).attract.access.easy_read_button.isHidden()
    kiosk = kiosk_maker(("fft",), easy_read=True)
    toggle = kiosk.attract.access.easy_read_button
    assert toggle.isVisible() and (toggle.text(), toggle.accessibleName()) == ("Easy read: off", "Easy read: off")
    choose_easy_read(qtbot, kiosk)
    assert toggle.isChecked() and toggle.accessibleName() == "Easy read: on"
    kiosk.choose_language("pl")
    assert toggle.text() == "Łatwy tekst: włączony"


def test_chosen_the_fft_has_pictures_and_saves_the_same_answer(kiosk_maker, qtbot, store: Store) -> None:
    kiosk = kiosk_maker(("fft",), easy_read=True)
    choose_easy_read(qtbot, kiosk)
    kiosk.start()
    editor = kiosk.question.editor
    assert isinstance(editor, EasyReadFftQuestion)
    # Its own short question and help are shown; the screen's own are not, nor the survey's name.
    assert editor.heading.isVisible() and editor.help.isVisible()
    assert not kiosk.question.question.isVisible() and not kiosk.question.help.isVisible()
    assert kiosk.question.progress.text() == "Question 1 of 2"
    for picture in editor.buttons:
        assert group_of(picture) == "How was our service? Question 1 of 2. Choose one picture."
        assert unnamed_between(picture)
    qtbot.mouseClick(button(kiosk, "Good"), Qt.MouseButton.LeftButton)
    kiosk.next()
    assert isinstance(kiosk.question.editor, QWidget) and kiosk.question.question.isVisible()  # the usual again
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    [(rating, answers)] = [(r["fft_rating"], json.loads(r["answers"])) for r in rows(store, "SELECT * FROM responses")]
    assert rating == "good" and answers["fft"]["fft_rating"] == "good"


def test_the_signup_uses_the_easy_read_notice_and_the_consent_names_it(kiosk_maker, qtbot, store: Store) -> None:
    kiosk = kiosk_maker(("fft",), easy_read=True, offer=True, practices=PRACTICES, size=(1024, 768))
    choose_easy_read(qtbot, kiosk)
    kiosk.start()
    qtbot.mouseClick(button(kiosk, "Very good"), Qt.MouseButton.LeftButton)
    kiosk.next()
    with qtbot.waitSignal(kiosk.sig_response_saved, timeout=10_000):
        kiosk.next()
    go_to_consent(qtbot, kiosk)
    qtbot.mouseClick(button(kiosk, "Read the full notice"), Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.easy_notice and kiosk.easy_notice.pictures
    qtbot.mouseClick(kiosk.easy_notice.done_button, Qt.MouseButton.LeftButton)
    kiosk.signup_screen.step.agree.setChecked(True)
    with qtbot.waitSignal(kiosk.sig_signup_saved, timeout=10_000):
        kiosk.signup_next()
    [consent] = rows(store, "SELECT notice_id, notice_version FROM consents")
    assert consent == {"notice_id": "privacy-notice-easy-read", "notice_version": 1}


def test_the_next_person_starts_without_easy_read(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(("fft",), easy_read=True)
    choose_easy_read(qtbot, kiosk)
    kiosk.start()
    assert isinstance(kiosk.question.editor, EasyReadFftQuestion)
    qtbot.mouseClick(kiosk.question.start_again_button, Qt.MouseButton.LeftButton)
    toggle = kiosk.attract.access.easy_read_button
    assert toggle.isVisible() and not toggle.isChecked() and toggle.text() == "Easy read: off"
    kiosk.start()
    assert isinstance(kiosk.question.editor, ChoiceEditor)
    assert QAccessible.queryAccessibleInterface(kiosk.question.editor.buttons[0]).role() == QAccessible.Role.RadioButton


@pytest.mark.parametrize("language", ["en", "pl"])
@pytest.mark.parametrize("text_size", ["standard", "large", "largest"])
def test_the_six_pictures_show_without_scrolling_on_1366x768(kiosk_maker, qtbot, text_size, language) -> None:
    kiosk = kiosk_maker(("fft",), easy_read=True, size=(1366, 768))
    kiosk.choose_language(language)
    kiosk.choose_text_size(text_size)
    choose_easy_read(qtbot, kiosk)
    kiosk.start()
    viewport = kiosk.question._scroll.viewport()
    pictures = kiosk.question.editor.buttons

    def all_in_view() -> None:
        hidden = [p.text() for p in pictures
                  if not viewport.rect().contains(QRect(p.mapTo(viewport, QPoint(0, 0)), p.size()))]
        assert hidden == [] and not kiosk.question.more_below.isVisible()

    qtbot.waitUntil(all_in_view, timeout=3_000)
