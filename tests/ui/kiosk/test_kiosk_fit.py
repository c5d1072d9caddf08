"""The kiosk fits the screen at every text size, up to twice the normal size (200%)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QPushButton, QScrollArea, QWidget

from app.ui.kiosk.theme import POINT_SIZES
from app.ui.kiosk.window import KioskWindow
from tests.ui.kiosk.screen_walk import every_screen, settle
from tests.ui.kiosk_fixture import press

PRACTICES = [("Bearsted Medical Practice", "G82001"), ("College Practice", "G82002")]
TEXT_SIZES = ("standard", "large", "largest")  # the largest is 200%


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def enclosing_scroll(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def cut_off_buttons(kiosk: KioskWindow) -> list[str]:
    """Buttons not wholly on screen: outside the window, or (in a scrolling page) wider than it."""
    window = kiosk.rect()
    cut = []
    for button in kiosk.findChildren(QAbstractButton):
        if not button.isVisible():
            continue
        where = rect_in(button, kiosk)
        scroll = enclosing_scroll(button)
        if scroll is None:
            fits = window.contains(where)
        else:  # it may scroll into view from below, but never from the side
            viewport = rect_in(scroll.viewport(), kiosk)
            fits = viewport.left() <= where.left() and where.right() <= viewport.right() and window.contains(viewport)
        if not fits:
            cut.append(f"{button.accessibleName()!r} at {where.getRect()}")
        elif isinstance(button, QPushButton) and button.width() < button.sizeHint().width():
            cut.append(f"{button.accessibleName()!r} squeezed to {button.width()} px")
    return cut


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)], ids=["1366x768", "1024x768"])
@pytest.mark.parametrize("text_size", TEXT_SIZES)
@pytest.mark.parametrize("language,more", [("en", False), ("pl", True), ("pl", False)],
                         ids=["English", "Polish with easy read and reading aloud", "Polish"])
def test_every_button_is_on_screen_on_every_screen(kiosk_maker, qtbot, size, text_size, language, more) -> None:
    kiosk = kiosk_maker(("fft", "topics", "equality"), offer=True, practices=PRACTICES, size=size, easy_read=more)
    seen = []
    for screen in every_screen(kiosk, qtbot, text_size=text_size, language=language, read_aloud=more,
                               easy_read=more):
        if screen != "welcome":
            assert kiosk.text_choice == text_size, "the person's text size lasts until the kiosk starts again"
        minimum = kiosk.minimumSizeHint()
        assert minimum.width() <= size[0] and minimum.height() <= size[1], f"{screen}: minimum {minimum}"
        assert (kiosk.width(), kiosk.height()) == size
        assert cut_off_buttons(kiosk) == [], f"{screen} at {text_size}"
        seen.append(screen)
    assert len(seen) >= 24


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high contrast"])
@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_six_fft_answers_show_without_scrolling(kiosk_maker, qtbot, text_size, high_contrast) -> None:
    kiosk = kiosk_maker(size=(1366, 768))
    if high_contrast:
        kiosk.choose_high_contrast(True)
    kiosk.choose_text_size(text_size)
    kiosk.start()
    viewport = kiosk.question._scroll.viewport()
    answers = kiosk.question.editor.buttons
    assert len(answers) == 6

    def all_in_view() -> None:  # once laid out, on a later turn of the event loop
        hidden = [a.accessibleName() for a in answers if not viewport.rect().contains(rect_in(a, viewport))]
        assert hidden == []
        clipped = [a.accessibleName() for a in answers if a.width() < a.sizeHint().width()]
        assert clipped == []
        assert not kiosk.question.more_below.isVisible()

    qtbot.waitUntil(all_in_view, timeout=3_000)
    for _turn in range(6):  # and it stays so: the answers do not go on rearranging themselves
        QApplication.processEvents()
        all_in_view()


def test_a_longer_list_says_there_is_more_below_until_the_end(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(("topics",), size=(1366, 768))
    kiosk.choose_text_size("largest")
    kiosk.start()
    settle()
    cue = kiosk.question.more_below
    assert cue.isVisible() and cue.text().startswith("More answers below")
    while cue.isVisible():
        cue.click()  # a tap on the cue shows the next answers
        settle()
    bar = kiosk.question._scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() > 0
    last = kiosk.question.editor.boxes[-1]
    assert kiosk.question._scroll.viewport().rect().contains(rect_in(last, kiosk.question._scroll.viewport()))


def test_every_age_band_shows_at_normal_text(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(("fft", "topics", "equality"), size=(1366, 768))
    kiosk.start()
    kiosk.question.editor.set_value("good")
    while kiosk.flow.current.question.id != "age_band":
        kiosk.next()
    viewport = kiosk.question._scroll.viewport()
    answers = kiosk.question.editor.buttons
    assert [a.accessibleName() for a in answers][-3:] == ["75 to 84", "85 or over", "Prefer not to say"]

    def all_in_view() -> None:
        hidden = [a.accessibleName() for a in answers if not viewport.rect().contains(rect_in(a, viewport))]
        assert hidden == []
        assert not kiosk.question.more_below.isVisible(), "no cue when nothing is below"

    qtbot.waitUntil(all_in_view, timeout=3_000)


def test_a_long_rating_scale_fits_at_200_percent(kiosk_maker, qtbot) -> None:
    from app.core.surveys import parse_survey

    scale = parse_survey({"id": "likely", "version": 1, "title": {"en": "Our clinic"}, "questions": [{
        "id": "recommend", "type": "rating", "required": True, "min": 0, "max": 10,
        "text": {"en": "How likely are you to recommend us?"},
        "min_label": {"en": "Not at all likely"}, "max_label": {"en": "Extremely likely"}}]})
    kiosk = kiosk_maker(size=(1024, 768), surveys=[scale])
    for text_size in TEXT_SIZES:
        kiosk.show_attract()
        kiosk.choose_text_size(text_size)
        kiosk.start()
        editor = kiosk.question.editor
        viewport = kiosk.question._scroll.viewport()

        def every_point_fits(editor=editor, viewport=viewport) -> None:
            assert editor.width() <= viewport.width()
            shown = [w for w in (*editor.buttons, *editor.findChildren(QLabel)) if w.isVisible()]
            assert len(shown) == 13  # 0 to 10, and both ends' words
            cut = [w.text() for w in shown if rect_in(w, viewport).right() > viewport.width()
                   or w.width() < w.minimumSizeHint().width()]
            assert cut == []

        qtbot.waitUntil(every_point_fits, timeout=3_000)
        for _turn in range(6):  # and it stays so
            QApplication.processEvents()
            every_point_fits()
        assert kiosk.question.editor.buttons[0].accessibleDescription() == "Not at all likely"


def words_and_headline(kiosk: KioskWindow, screen: str) -> tuple[list[QWidget], QLabel]:
    """What a person reads on a screen between the questions (its words and buttons), and its headline."""
    page = {"offer": kiosk.offer, "warning": kiosk.warning, "thanks": kiosk.thanks}[screen]
    words: list[QWidget] = [page.lead]
    if page is kiosk.offer:
        words += [kiosk.offer.saved, kiosk.offer.yes_button, kiosk.offer.no_button]
    elif page is kiosk.warning:
        words += [kiosk.warning.more_time_button, kiosk.warning.start_again_button]
    else:
        words += [kiosk.thanks.done_button]
    return words, page.title


@pytest.mark.parametrize(("text_size", "times"), [("standard", 1.0), ("large", 1.5), ("largest", 2.0)])
def test_the_words_between_the_questions_grow_as_the_answers_do(kiosk_maker, qtbot, text_size, times) -> None:
    kiosk = kiosk_maker(("fft",), offer=True, practices=PRACTICES, size=(1024, 768))
    wanted = POINT_SIZES["option"] * times  # the answers' size, at the standard text size, times the choice
    checked = []
    for screen in every_screen(kiosk, qtbot, text_size=text_size):
        if screen not in ("offer", "warning", "thanks"):
            continue
        words, headline = words_and_headline(kiosk, screen)
        sizes = {w.accessibleName() or w.text(): w.font().pointSizeF() for w in words}
        assert all(w.isVisible() for w in words)
        assert [name for name, size in sizes.items() if size < wanted] == [], f"{screen} at {text_size}: {sizes}"
        assert headline.font().pointSizeF() >= max(sizes.values()), f"{screen}: the headline is the largest"
        checked.append(screen)
    assert checked == ["offer", "warning", "thanks"]


@pytest.mark.parametrize("screen", ["offer", "warning", "thanks"])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)], ids=["1366x768", "1024x768"])
def test_a_screen_between_the_questions_says_there_is_more_below(kiosk_maker, qtbot, screen, size) -> None:
    kiosk = kiosk_maker(("fft",), offer=True, practices=PRACTICES, size=size)
    for shown in every_screen(kiosk, qtbot, text_size="largest"):
        if shown == screen:
            break
    page = kiosk.pages.currentWidget()
    scroll = page.findChild(QScrollArea)
    cue = next((b for b in page.findChildren(QPushButton, "kioskMore") if b.isVisible()), None)
    bar = scroll.verticalScrollBar()
    assert (cue is not None) == (bar.maximum() > 0), "a cue when, and only when, the screen scrolls"
    if screen == "offer":
        assert size == (1366, 768) or cue is not None, "the offer scrolls at 200% on 1024x768"
    while cue is not None and cue.isVisible():
        assert cue.text().startswith("More answers below")
        cue.click()  # a tap on the cue shows what is below
        settle()
    buttons = [b for b in page.findChildren(QPushButton) if b.isVisible() and b.objectName() != "kioskMore"]
    viewport = scroll.viewport()
    hidden = [b.text() for b in buttons if scroll.isAncestorOf(b)
              and not viewport.rect().contains(rect_in(b, viewport))]
    assert hidden == [], f"{screen}: buttons still out of view once the cue is gone"


def test_tab_brings_yes_and_no_into_view_on_the_offer_at_200_percent(kiosk_maker, qtbot) -> None:
    kiosk = kiosk_maker(("fft",), offer=True, practices=PRACTICES, size=(1024, 768))
    for shown in every_screen(kiosk, qtbot, text_size="largest"):
        if shown == "offer":
            break
    viewport = kiosk.offer._scroll.viewport()
    for button in (kiosk.offer.yes_button, kiosk.offer.no_button):
        press(qtbot, Qt.Key.Key_Tab)
        settle()
        assert QApplication.focusWidget() is button
        assert viewport.rect().contains(rect_in(button, viewport)), f"{button.text()} is out of view"
        cue = kiosk.offer.findChild(QPushButton, "kioskMore")
        assert not cue.isVisible() or not cue.geometry().intersects(rect_in(button, kiosk.offer)), "under the cue"
