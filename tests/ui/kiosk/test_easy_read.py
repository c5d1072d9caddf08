"""The FFT in easy read: a picture above each answer's words, named for screen readers, chosen by tap or
keyboard, recording the FFT's own answers, and fitting the kiosk's screens at every text size."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QImageReader
from PySide6.QtWidgets import QApplication, QWidget

from app.core.fft import ANSWERS, score
from app.core.i18n import translator_for
from app.core.kiosk_flow import KioskFlow
from app.core.surveys import pick
from app.resources_dir import resources_dir
from app.store.survey_library import load_library
from app.ui.kiosk.easy_read import EasyReadFftQuestion
from app.ui.kiosk.easy_read_pictures import FFT_PICTURES, GAP, MIN_PICTURE, PADDING, PictureAnswer
from app.ui.shell.application import make_application
from tests.ui.kiosk.easy_read_frame import kiosk_frame

SURVEYS = load_library().surveys
FFT = SURVEYS["fft"]
RATING = FFT.questions[0]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def made(qtbot) -> Iterator:
    make_application()
    widgets: list[QWidget] = []

    def make(language: str = "en", *, size: tuple[int, int] = (1366, 768), text_size: str = "normal",
             high_contrast: bool = False) -> tuple[EasyReadFftQuestion, QWidget]:
        question = EasyReadFftQuestion(RATING, language, tr=translator_for(language))
        frame = kiosk_frame(question, size=size, text_size=text_size, high_contrast=high_contrast)
        qtbot.addWidget(frame)
        frame.show()
        qtbot.waitExposed(frame)
        widgets.append(frame)
        return question, frame

    yield make


@pytest.mark.parametrize("language", ["en", "pl"])
def test_each_answer_is_named_by_its_words_and_its_picture_is_described(made, language: str) -> None:
    question, _frame = made(language)
    tr = translator_for(language)
    words = [pick(option.text, language) for option in RATING.options]
    assert [b.text() for b in question.buttons] == words  # the survey's own words, in the person's language
    for button, value in zip(question.buttons, ANSWERS, strict=True):
        shown = QAccessible.queryAccessibleInterface(button)
        assert shown.role() == QAccessible.Role.RadioButton
        assert shown.text(QAccessible.Text.Name) == button.text()  # the words it shows, nothing hidden
        alt = tr(FFT_PICTURES[value][1])
        assert shown.text(QAccessible.Text.Description) == alt and len(alt) > 10
    # The answers are a group named by the question shown just above them.
    group = QAccessible.queryAccessibleInterface(question.answers)
    assert group.role() == QAccessible.Role.Grouping
    assert group.text(QAccessible.Text.Name) == question.heading.text()
    assert group.text(QAccessible.Text.Description) == question.help.text()
    if language == "pl":
        assert (question.heading.text(), question.help.text()) == ("Jak oceniasz naszą usługę?",
                                                                   "Wybierz jeden obrazek.")
        assert question.buttons[0].accessibleDescription().startswith("Bardzo wesoła buzia")


def test_every_picture_is_an_svg_with_its_own_title_and_description(made) -> None:
    for value, (file_name, alt_text) in FFT_PICTURES.items():
        path = resources_dir() / "easy_read" / file_name
        root = ET.parse(path).getroot()
        assert root.get("role") == "img", file_name
        assert root.findtext(f"{SVG}title"), file_name
        assert root.findtext(f"{SVG}desc") == alt_text, file_name
        reader = QImageReader(str(path))
        assert not reader.read().isNull(), f"{file_name}: {reader.errorString()}"
        assert value in ANSWERS


def test_a_tap_anywhere_on_a_picture_chooses_it_and_records_the_ffts_own_answer(made, qtbot) -> None:
    question, _frame = made()
    assert question.value() is None
    very_poor = question.buttons[4]
    with qtbot.waitSignal(question.sig_changed):
        qtbot.mouseClick(very_poor, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))  # a corner
    assert question.value() == "very_poor" and very_poor.isChecked()
    qtbot.mouseClick(question.buttons[0], Qt.MouseButton.LeftButton)
    assert question.value() == "very_good" and not very_poor.isChecked()  # one answer only

    # What the kiosk's flow keeps, and the FFT's score, are those of the usual question.
    flow = KioskFlow([FFT], "en")
    flow.answer_and_advance(question.value())
    assert flow.answers["fft"]["fft_rating"] == "very_good"
    assert score([flow.answers["fft"]["fft_rating"]]).positive == 1


def test_the_keyboard_moves_between_pictures_and_chooses(made, qtbot) -> None:
    question, frame = made()
    question.focus_first()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is question.buttons[0])
    qtbot.keyClick(question.buttons[0], Qt.Key.Key_Space)
    assert question.value() == "very_good"
    qtbot.keyClick(question.buttons[0], Qt.Key.Key_Right)
    assert QApplication.focusWidget() is question.buttons[1]
    assert question.value() == "good"  # the arrows choose, as on every kiosk question
    question.set_value(None)
    assert question.value() is None and not any(b.isChecked() for b in question.buttons)
    question.set_value("dont_know")
    assert question.buttons[5].isChecked()
    question.focus_first()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is question.buttons[5])  # back where the answer is
    assert frame.isVisible()


def test_it_is_only_for_the_ffts_own_question() -> None:
    make_application()
    topics = SURVEYS["topics"].questions[0]
    with pytest.raises(ValueError, match="six answers"):
        EasyReadFftQuestion(topics, "en")


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
@pytest.mark.parametrize("text_size", ["normal", "large", "larger"])
@pytest.mark.parametrize("language", ["en", "pl"])
def test_all_six_answers_fit_the_screen_whole_at_every_text_size(made, size, text_size: str, language: str,
                                                                 tmp_path: Path) -> None:
    question, frame = made(language, size=size, text_size=text_size)
    question.set_value("good")
    QApplication.processEvents()
    screen = frame.rect()
    tiles = [QRect(b.mapTo(frame, b.rect().topLeft()), b.size()) for b in question.buttons]
    for button, tile in zip(question.buttons, tiles, strict=True):
        assert screen.contains(tile), f"{button.text()} is not wholly on screen at {size} {text_size}"
        # Tall enough for its words and the picture drawn above them: nothing is cut off or drawn over.
        words = button._words_height(button.width())
        assert MIN_PICTURE <= button.shown_picture_size()
        assert button.height() >= 2 * PADDING + button.shown_picture_size() + GAP + words, button.text()
        assert button.width() >= button.minimumSizeHint().width(), button.text()
    assert not any(a.intersects(b) for n, a in enumerate(tiles) for b in tiles[n + 1:])
    next_button = frame.next_button
    assert screen.contains(QRect(next_button.mapTo(frame, next_button.rect().topLeft()), next_button.size()))
    assert len({b.shown_picture_size() for b in question.buttons}) == 1  # no picture bigger than another
    frame.grab().save(str(tmp_path / "shot.png"))


def test_a_chosen_answer_shows_a_tick_not_only_a_colour(made, qtbot) -> None:
    question, frame = made(high_contrast=True)
    good = question.buttons[1]
    before = good.grab().toImage()
    question.set_value("good")
    qtbot.waitUntil(lambda: good.grab().toImage() != before)
    # The tick is drawn in the top right corner, where an answer not chosen has nothing.
    corner = good.grab().toImage().copy(QRect(good.width() - 60, 8, 48, 48))
    plain = question.buttons[2].grab().toImage().copy(QRect(good.width() - 60, 8, 48, 48))
    assert len({corner.pixel(x, y) for x in range(48) for y in range(48)}) > 2
    assert len({plain.pixel(x, y) for x in range(48) for y in range(48)}) <= 2
    assert isinstance(good, PictureAnswer) and frame.isVisible()
