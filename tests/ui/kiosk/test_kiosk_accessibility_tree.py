"""The kiosk as a screen reader finds it: Qt's accessibility tree on every screen, in English and Polish.

It fails when an answer is not labelled by its question, a control has no name, or a
control's or label's visible words are hidden behind an accessible name that does not say them.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.kiosk.easy_read import EasyReadFftQuestion
from app.ui.kiosk.window import KioskWindow
from tests.ui.kiosk.screen_walk import every_screen

PRACTICES = [("Bearsted Medical Practice", "G82001"), ("College Practice", "G82002")]
Role = QAccessible.Role
CONTROLS = {Role.PushButton, Role.RadioButton, Role.CheckBox, Role.EditableText, Role.ComboBox, Role.SpinBox}
ANSWERS = {Role.RadioButton, Role.CheckBox, Role.EditableText}


def words(text: str) -> str:
    """The words of a text, without symbols (⚠, ▼), punctuation or line breaks."""
    return " ".join(re.findall(r"\w+", text.lower()))


def visible_nodes(node: QAccessibleInterface) -> list[QAccessibleInterface]:
    found = []
    for n in range(node.childCount()):
        child = node.child(n)
        if child is None or not child.isValid():
            continue
        widget = child.object()
        if isinstance(widget, QWidget) and not widget.isVisible():
            continue
        found.append(child)
        found.extend(visible_nodes(child))
    return found


def asking_group(node: QAccessibleInterface) -> str:
    parent = node.parent()
    while parent is not None and parent.isValid():
        if parent.role() == Role.Grouping:
            return parent.text(QAccessible.Text.Name)
        parent = parent.parent()
    return ""


def named_between(node: QAccessibleInterface) -> str:
    """A name on something between an answer and its group. Orca takes a group whose one child
    bears a name for a wrapper of no meaning, skips it, and the question goes unsaid."""
    parent = node.parent()
    while parent is not None and parent.isValid() and parent.role() != Role.Grouping:
        if parent.text(QAccessible.Text.Name):
            return parent.text(QAccessible.Text.Name)
        parent = parent.parent()
    return ""


def problems_on_screen(kiosk: KioskWindow, screen: str) -> list[str]:
    problems = []
    page = kiosk.pages.currentWidget()
    question = getattr(page, "question", None)
    asked = question.text() if isinstance(question, QLabel) and question.isVisible() else ""
    editor = getattr(page, "editor", None)
    if isinstance(editor, EasyReadFftQuestion):
        asked = editor.heading.text()  # its own question, shown in place of the screen's
    for node in visible_nodes(QAccessible.queryAccessibleInterface(kiosk)):
        role, name, widget = node.role(), node.text(QAccessible.Text.Name), node.object()
        shown = widget.text() if hasattr(widget, "text") and callable(widget.text) and \
            isinstance(widget.text(), str) else ""
        where = f"{screen}: {type(widget).__name__} {name!r}"
        if role in CONTROLS and not name.strip():
            problems.append(f"{where} has no name")
        if shown.strip() and words(shown) not in words(name) and role != Role.EditableText:
            problems.append(f"{where} hides its visible text {shown!r}")
        if asked and role in ANSWERS and page.isAncestorOf(widget) and \
                getattr(page, "answers", None) is not None and page.answers.isAncestorOf(widget):
            if words(asked) not in words(asking_group(node)):
                problems.append(f"{where} is not labelled by its question {asked!r}")
            if named_between(node):
                problems.append(f"{where} has a named wrapper inside its group, which screen readers skip "
                                f"the group for: {named_between(node)!r}")
    return problems


@pytest.mark.parametrize("language", ["en", "pl"])
def test_the_accessibility_tree_on_every_screen(kiosk_maker, qtbot, language: str) -> None:
    kiosk = kiosk_maker(("fft", "topics", "equality"), offer=True, practices=PRACTICES, size=(1366, 768))
    problems, seen, answers_checked = [], [], 0
    for screen in every_screen(kiosk, qtbot, language=language):
        problems += problems_on_screen(kiosk, screen)
        seen.append(screen)
        answers = getattr(kiosk.pages.currentWidget(), "answers", None)
        if answers is not None:
            answers_checked += len([w for w in answers.findChildren(QWidget) if w.isVisible()])
    assert problems == []
    assert len(seen) >= 24 and answers_checked > 60


@pytest.mark.parametrize("language", ["en", "pl"])
def test_the_accessibility_tree_with_easy_read_and_reading_aloud(kiosk_maker, qtbot, language: str) -> None:
    kiosk = kiosk_maker(("fft", "topics"), offer=True, practices=PRACTICES, size=(1366, 768), easy_read=True)
    problems, seen, pictures_checked = [], [], 0
    for screen in every_screen(kiosk, qtbot, language=language, read_aloud=True, easy_read=True):
        problems += problems_on_screen(kiosk, screen)
        seen.append(screen)
        if screen == "welcome":
            access = kiosk.attract.access
            assert access.read_aloud_button.isVisible() and access.easy_read_button.isVisible()
        editor = kiosk.question.editor if kiosk.pages.currentWidget() is kiosk.question else None
        if isinstance(editor, EasyReadFftQuestion):
            pictures_checked += len([b for b in editor.buttons if b.isVisible()])
        if screen == "notice":
            assert kiosk.pages.currentWidget() is kiosk.easy_notice
    assert problems == []
    assert "fft_rating" in seen and "notice" in seen and pictures_checked == 12  # without and with a problem


def test_nothing_on_the_kiosk_appears_on_hover(kiosk_maker, qtbot) -> None:
    """A tooltip leaves on a timer, which WCAG 1.4.13 does not allow, and at a touch screen nobody
    hovers: what a picture shows is in its accessible name and description instead."""
    from PySide6.QtWidgets import QWidget

    kiosk = kiosk_maker(("fft",), easy_read=True)
    kiosk.choose_easy_read(True)
    kiosk.start()
    with_tips = [w for w in kiosk.findChildren(QWidget) if w.toolTip()]
    assert with_tips == []
