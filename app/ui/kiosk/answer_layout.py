"""Laying a question's answers out to fit the screen: in one or two columns, or a scale across or down."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel

from app.ui.common.answer_editors import ChoiceEditor

COLUMN_GAP_PX = 16


def arrange_choices(editor: ChoiceEditor, *, columns: int) -> None:
    """Lay a list of choices out in ``columns``, read down the first column, then the next."""
    layout = editor.layout()
    assert isinstance(layout, QGridLayout)  # as ChoiceEditor makes it
    for button in editor.buttons:
        layout.removeWidget(button)
    rows = -(-len(editor.buttons) // columns)
    for n, button in enumerate(editor.buttons):
        layout.addWidget(button, n % rows, n // rows)
    layout.setHorizontalSpacing(COLUMN_GAP_PX)
    for column in range(2):
        layout.setColumnStretch(column, 1 if column < columns else 0)
    layout.invalidate()
    editor.updateGeometry()


def arrange_scale(editor: ChoiceEditor, *, across: bool) -> None:
    """Lay a rating scale out across the page with its end labels below, or down it between them."""
    layout = editor.layout()
    assert isinstance(layout, QGridLayout)  # as ChoiceEditor makes it
    ends = [label for label in editor.findChildren(QLabel) if layout.indexOf(label) >= 0]
    for label in ends:  # ChoiceEditor puts the high end on the right; remember which is which
        if label.property("scale_end") is None:
            high_end = bool(label.alignment() & Qt.AlignmentFlag.AlignRight)
            label.setProperty("scale_end", "high" if high_end else "low")
            label.setObjectName("kioskHelp")  # sized with the kiosk's text, like the help under a question
            label.setWordWrap(True)
            label.style().unpolish(label)
            label.style().polish(label)
    low = next((label for label in ends if label.property("scale_end") == "low"), None)
    high = next((label for label in ends if label.property("scale_end") == "high"), None)
    for widget in (*editor.buttons, *ends):
        layout.removeWidget(widget)
    count = len(editor.buttons)
    if across:
        for n, button in enumerate(editor.buttons):
            layout.addWidget(button, 0, n)
        if low is not None:
            layout.addWidget(low, 1, 0, 1, 2)
        if high is not None:
            layout.addWidget(high, 1, count - 2, 1, 2)
    else:
        if low is not None:
            layout.addWidget(low, 0, 0)
        for n, button in enumerate(editor.buttons):
            layout.addWidget(button, n + 1, 0)
        if high is not None:
            layout.addWidget(high, count + 1, 0)
    for label in ends:
        label.setAlignment(Qt.AlignmentFlag.AlignRight if across and label is high else Qt.AlignmentFlag.AlignLeft)
    layout.invalidate()
    editor.updateGeometry()
