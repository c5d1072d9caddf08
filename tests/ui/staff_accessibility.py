"""A check of what a screen reader is told about a staff window, through Qt's accessibility tree.

``staff_window_accessibility_problems(window)`` walks ``QAccessible`` interfaces from the window
down, as a screen reader does, and lists every visible label or control whose visible words are
missing from the name it is announced by (an accessible name that hides a label's text), and
every control a person can use that has no name at all. ``assert_staff_window_accessible``
fails a test with that list. It is for staff windows and dialogs; the kiosk has its own check.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

_INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractSlider, QAbstractItemView,
                QPlainTextEdit, QTextEdit)


def _plain(text: str, rich: bool) -> str:
    if rich:
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")  # mnemonics are not read out
    return _words(text)


def _words(text: str) -> str:
    """``text`` as words to compare: no "…" or arrows (not read as words), one space, any case."""
    text = "".join(" " if c == "…" or unicodedata.category(c).startswith("S") and c not in "%£$<>=" else c
                   for c in text)
    return " ".join(text.split()).casefold()


def visible_text(widget: QWidget) -> str:
    """The words a sighted person reads on ``widget`` itself (not what was typed into it)."""
    if isinstance(widget, QLabel):
        rich = widget.textFormat() == Qt.TextFormat.RichText or (
            widget.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(widget.text()))
        return _plain(widget.text(), rich)
    if isinstance(widget, QAbstractButton):
        return _plain(widget.text(), False)
    if isinstance(widget, QGroupBox):
        return _plain(widget.title(), False)
    return ""


def _walk(interface: QAccessibleInterface, depth: int = 0) -> Iterator[QAccessibleInterface]:
    yield interface
    if depth > 60:  # a tree this deep is a cycle, not a window
        return
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None and child.isValid():
            yield from _walk(child, depth + 1)


def _describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName() or ''}".strip()


def staff_window_accessibility_problems(window: QWidget) -> list[str]:
    """What a screen reader user would miss in ``window`` (empty when nothing is hidden)."""
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None and root.isValid(), "the window has no accessibility interface"
    problems: list[str] = []
    seen: set[int] = set()
    for interface in _walk(root):
        widget = interface.object()
        if not isinstance(widget, QWidget) or id(widget) in seen:
            continue
        seen.add(id(widget))
        if not widget.isVisibleTo(window) or interface.state().invisible:
            continue
        name = " ".join(interface.text(QAccessible.Text.Name).split())
        shown = visible_text(widget)
        if shown and shown not in _words(name):
            problems.append(f"{_describe(widget)} shows {shown!r} but is announced as {name!r}")
        # A scroll bar belongs to the area it scrolls, which is named; screen readers say its role.
        if isinstance(widget, _INTERACTIVE) and not isinstance(widget, QScrollBar) and widget.isEnabled() and not name:
            problems.append(f"{_describe(widget)} can be used but has no accessible name")
    return problems


def assert_staff_window_accessible(window: QWidget) -> None:
    problems = staff_window_accessibility_problems(window)
    assert not problems, "a screen reader misses:\n" + "\n".join(problems)
