"""A new text size applies at once to every open window, headings included, with no restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget

from app.ui.common.text_size import apply_text_size
from app.ui.shell.main_window import MainWindow
from tests.ui.common.test_dashboard import open_event
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.people.test_people_window import open_people, zebedee


@pytest.fixture(autouse=True)
def _normal_text_after() -> Iterator[None]:
    yield
    apply_text_size("normal")


def text_sizes(root: QWidget) -> dict[str, float]:
    """The size, in points, each visible label and button is drawn at, by what it says."""
    sizes: dict[str, float] = {}
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        text = widget.text()
        if widget.isVisible() and text:
            sizes[f"{type(widget).__name__} {widget.objectName()} {text[:40]!r}"] = widget.fontInfo().pointSizeF()
    return sizes


def test_larger_text_chosen_in_settings_reaches_every_open_window_and_its_headings(window: MainWindow,
                                                                                 qtbot) -> None:
    zebedee(window)
    open_event(window, qtbot)
    people = open_people(window, qtbot)
    qtbot.waitUntil(lambda: find(people, "Chosen person", QLabel).text() == "Zebedee Quartermain", timeout=10_000)
    before = {**text_sizes(window), **text_sizes(people)}
    headings = [name for name in before if "pageTitle" in name or "sectionHeading" in name]
    assert any("pageTitle" in name for name in headings) and any("sectionHeading" in name for name in headings)

    def choose_larger(dialog) -> None:
        sizes = find(dialog, "Text size", QComboBox)
        sizes.setCurrentIndex(sizes.findText("Larger"))
        qtbot.mouseClick(button(dialog, "Save settings"), Qt.MouseButton.LeftButton)

    when_dialog_opens(choose_larger)
    window.open_settings()
    after = {**text_sizes(window), **text_sizes(people)}
    not_grown = {name: (size, after.get(name)) for name, size in before.items()
                 if after.get(name) is not None and after[name] != pytest.approx(size * 1.5, rel=0.05)}
    assert not not_grown, not_grown
    assert QApplication.font().pointSizeF() == pytest.approx(10.5 * 1.5)
    people.close()
