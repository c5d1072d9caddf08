"""The easy-read privacy notice: short sentences, one to a line, a described picture beside each part, in
English and Polish; it fits the kiosk's screens, says when there is more below, and leaves nothing behind."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.i18n import translator_for
from app.core.privacy import parse_notice
from app.resources_dir import resources_dir
from app.store.notices import EASY_READ_NOTICE_FILE, current_easy_read_notice, current_notice
from app.ui.kiosk.easy_read_notice import NOTICE_PICTURES, EasyReadNoticeScreen
from app.ui.kiosk.theme import kiosk_stylesheet
from app.ui.shell.application import make_application

ORGANISATION, CONTACT = "Healthwatch Kent", "0800 123 4567"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def shown(qtbot) -> Iterator:
    make_application()

    def show(language: str = "en", *, size: tuple[int, int] = (1366, 768),
             text_size: str = "normal") -> tuple[EasyReadNoticeScreen, QWidget]:
        host = QWidget()
        host.setObjectName("kiosk")
        host.setStyleSheet(kiosk_stylesheet(high_contrast=False, text_size=text_size))
        screen = EasyReadNoticeScreen()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(screen)
        host.resize(*size)
        qtbot.addWidget(host)
        host.show()
        qtbot.waitExposed(host)
        screen.show_notice(current_easy_read_notice(language, organisation=ORGANISATION, contact=CONTACT),
                           translator_for(language))
        qtbot.waitUntil(lambda: screen.scroll_area.verticalScrollBar().maximum() > 0)
        return screen, host

    yield show


def _texts(screen: EasyReadNoticeScreen) -> list[str]:
    return [label.text() for label in screen.findChildren(QLabel)
            if label.objectName() in ("kioskFieldLabel", "kioskBody") and label.isVisibleTo(screen)]


def test_the_notice_is_short_sentences_one_idea_to_a_line_in_english_and_polish() -> None:
    data = json.loads((resources_dir() / "privacy" / EASY_READ_NOTICE_FILE).read_text(encoding="utf-8"))
    notice = parse_notice(data)
    assert notice.id == "privacy-notice-easy-read" and notice.version == 1 and notice.languages == ("en", "pl")
    assert len(notice.sections) + 1 == len(NOTICE_PICTURES)  # a picture for the summary and each part
    for language in notice.languages:
        rendered = current_easy_read_notice(language, organisation=ORGANISATION, contact=CONTACT)
        lines = [line for _h, body in ((None, rendered.summary), *rendered.sections) for line in body.splitlines()]
        assert all(len(line.split()) <= 15 for line in lines), language  # easy read: short sentences
        assert all(line.endswith(".") for line in lines), language  # each a whole sentence
        assert ORGANISATION in rendered.full_text and CONTACT in rendered.full_text
    # The same promises as the full notice: how to stop, and that feedback is kept apart from names.
    full = current_notice("en", organisation=ORGANISATION, contact=CONTACT).full_text
    easy = current_easy_read_notice("en", organisation=ORGANISATION, contact=CONTACT).full_text
    assert "never linked to your name" in full and "kept apart from your name" in easy
    assert "Every 2 years" in easy and "every two years" in full


@pytest.mark.parametrize("language", ["en", "pl"])
def test_each_line_is_its_own_and_each_picture_is_described(shown, language: str) -> None:
    screen, _host = shown(language)
    notice = current_easy_read_notice(language, organisation=ORGANISATION, contact=CONTACT)
    expected = [line for line in notice.summary.splitlines()]
    for heading, body in notice.sections:
        expected += [heading, *body.splitlines()]
    assert _texts(screen) == expected
    assert screen.title.text() == notice.title
    tr = translator_for(language)
    assert [p.accessibleName() for p in screen.pictures] == [tr(alt) for _file, alt in NOTICE_PICTURES]
    for picture in screen.pictures:
        shown_as = QAccessible.queryAccessibleInterface(picture)
        assert shown_as.role() == QAccessible.Role.Graphic and shown_as.text(QAccessible.Text.Name)
        assert not picture.pixmap().isNull()
    if language == "pl":
        assert screen.pictures[1].accessibleName() == "Dwie osoby stojące obok siebie."
        assert screen.done_button.text() == "Wróć do zapisu"
    assert screen.scroll_area.accessibleName() == tr("Privacy notice: {title}").format(title=notice.title)


def test_every_notice_picture_is_an_svg_with_its_own_title_and_description() -> None:
    for file_name, alt_text in NOTICE_PICTURES:
        root = ET.parse(resources_dir() / "easy_read" / file_name).getroot()
        assert root.get("role") == "img" and root.findtext(f"{SVG}title"), file_name
        assert root.findtext(f"{SVG}desc") == alt_text, file_name


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
@pytest.mark.parametrize("text_size", ["normal", "larger"])
@pytest.mark.parametrize("language", ["en", "pl"])
def test_it_fits_the_screen_with_a_cue_for_more_below(shown, qtbot, size, text_size: str, language: str) -> None:
    screen, host = shown(language, size=size, text_size=text_size)
    area = screen.scroll_area
    assert area.horizontalScrollBar().maximum() == 0  # never sideways
    page = area.widget()
    assert page.width() <= area.viewport().width()
    for label in screen.findChildren(QLabel):
        if label.isVisibleTo(screen) and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()  # no line cut off
    done = screen.done_button
    assert host.rect().contains(QRect(done.mapTo(host, done.rect().topLeft()), done.size()))
    assert screen.more_below.isVisible()
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: not screen.more_below.isVisible())


def test_escape_or_the_button_goes_back_and_clear_leaves_nothing(shown, qtbot) -> None:
    screen, _host = shown()
    with qtbot.waitSignal(screen.sig_done):
        qtbot.keyClick(screen.scroll_area, Qt.Key.Key_Escape)
    with qtbot.waitSignal(screen.sig_done):
        qtbot.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)
    screen.clear()
    assert _texts(screen) == [] and screen.title.text() == "" and screen.pictures == []
    assert not screen.more_below.isVisible()
