"""The access options on the welcome screen: choices a member of the public makes for themselves.

Bigger text (up to twice the normal size) and high contrast. They last for that person only:
the kiosk puts them back as staff set them when it starts again for the next person.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

Translate = Callable[[str], str]
TEXT_SIZES = ("standard", "large", "largest")


def _option_button() -> QPushButton:
    button = QPushButton()
    button.setObjectName("kioskAccess")
    button.setCheckable(True)
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class AccessOptions(QWidget):
    sig_text_size = Signal(str)
    """The person chose a text size: "standard", "large" or "largest" (twice the normal size)."""
    sig_high_contrast = Signal(bool)
    """The person turned high contrast on or off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("kioskAccessHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.size_buttons: dict[str, QPushButton] = {}
        row = self.row = QHBoxLayout()
        row.setSpacing(10)
        row.addStretch(1)
        for size in TEXT_SIZES:
            button = _option_button()
            button.clicked.connect(lambda _checked=False, s=size: self.sig_text_size.emit(s))
            row.addWidget(button)
            self.size_buttons[size] = button
        row.addSpacing(16)
        self.contrast_button = _option_button()
        self.contrast_button.toggled.connect(self.sig_high_contrast)
        row.addWidget(self.contrast_button)
        # Further options for the person (such as reading the screen aloud) join this row, after contrast.
        self.more_options = QHBoxLayout()
        self.more_options.setSpacing(10)
        row.addLayout(self.more_options)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(row)

    def show_texts(self, tr: Translate) -> None:
        self.heading.setText(tr("Make the screen easier to read"))
        names = {"standard": tr("Standard text"), "large": tr("Large text"), "largest": tr("Largest text (200%)")}
        for size, button in self.size_buttons.items():
            button.setText(names[size])
            button.setAccessibleName(names[size])
        self.contrast_button.setText(tr("High contrast"))
        self.contrast_button.setAccessibleName(tr("High contrast"))

    def show_choices(self, text_size: str, high_contrast: bool) -> None:
        """Mark what is in force now, without announcing it as a new choice."""
        for size, button in self.size_buttons.items():
            button.setChecked(size == text_size)
        self.contrast_button.blockSignals(True)
        self.contrast_button.setChecked(high_contrast)
        self.contrast_button.blockSignals(False)
