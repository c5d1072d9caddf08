"""The access options on the welcome screen: choices a member of the public makes for themselves.

Bigger text (up to twice the normal size), high contrast, reading aloud (where this computer has
a voice for the language) and easy read (where the event offers it). They last for that person
only: the kiosk puts them back as staff set them when it starts again for the next person.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

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
    sig_read_aloud = Signal(bool)
    """The person turned reading aloud on or off."""
    sig_easy_read = Signal(bool)
    """The person turned easy read on or off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("kioskAccessHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.size_buttons: dict[str, QPushButton] = {}
        # One row where the screen is wide enough, else two (text sizes, then the rest), so every
        # button keeps its words whole on a small screen and nothing needs scrolling on a wide one.
        row = self.row = QHBoxLayout()
        row.setSpacing(10)
        for size in TEXT_SIZES:
            button = _option_button()
            button.clicked.connect(lambda _checked=False, s=size: self.sig_text_size.emit(s))
            row.addWidget(button)
            self.size_buttons[size] = button
        more = QHBoxLayout()
        more.setSpacing(10)
        self.contrast_button = _option_button()
        self.contrast_button.toggled.connect(self.sig_high_contrast)
        more.addWidget(self.contrast_button)
        # Further options for the person join this row, after contrast; each is shown only when it
        # can work: a voice for the language, an event that offers easy read.
        self.more_options = QHBoxLayout()
        self.more_options.setSpacing(10)
        self.read_aloud_button = _option_button()
        self.read_aloud_button.toggled.connect(self.sig_read_aloud)
        self.read_aloud_button.hide()
        self.easy_read_button = _option_button()
        self.easy_read_button.toggled.connect(self.sig_easy_read)
        self.easy_read_button.hide()
        self.more_options.addWidget(self.read_aloud_button)
        self.more_options.addWidget(self.easy_read_button)
        more.addLayout(self.more_options)
        self._groups = []
        self.rows = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.rows.setSpacing(8)
        self.rows.addStretch(1)
        for group in (row, more):
            holder = QWidget()
            group.setContentsMargins(0, 0, 0, 0)
            holder.setLayout(group)
            self._groups.append(holder)
            self.rows.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        self.rows.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(self.rows)

    def arrange(self, width: int) -> None:
        """All the options on one row if ``width`` pixels hold them, else on two."""
        needed = sum(group.sizeHint().width() for group in self._groups) + 16
        wanted = QBoxLayout.Direction.LeftToRight if needed <= width else QBoxLayout.Direction.TopToBottom
        if self.rows.direction() != wanted:
            self.rows.setDirection(wanted)
            self.rows.setSpacing(16 if wanted == QBoxLayout.Direction.LeftToRight else 8)

    def show_texts(self, tr: Translate) -> None:
        self.heading.setText(tr("Make the screen easier to read"))
        names = {"standard": tr("Standard text"), "large": tr("Large text"), "largest": tr("Largest text (200%)")}
        for size, button in self.size_buttons.items():
            button.setText(names[size])
            button.setAccessibleName(names[size])
        self.contrast_button.setText(tr("High contrast"))
        self.contrast_button.setAccessibleName(tr("High contrast"))
        # On or off is in the words too, not only in the colour of the button.
        for button, on, off in ((self.read_aloud_button, tr("Read aloud: on"), tr("Read aloud: off")),
                                (self.easy_read_button, tr("Easy read: on"), tr("Easy read: off"))):
            button.setText(on if button.isChecked() else off)
            button.setAccessibleName(button.text())

    def show_choices(self, text_size: str, high_contrast: bool, *, read_aloud: bool = False,
                     easy_read: bool = False) -> None:
        """Mark what is in force now, without announcing it as a new choice."""
        for size, button in self.size_buttons.items():
            button.setChecked(size == text_size)
        for button, on in ((self.contrast_button, high_contrast), (self.read_aloud_button, read_aloud),
                           (self.easy_read_button, easy_read)):
            button.blockSignals(True)
            button.setChecked(on)
            button.blockSignals(False)

    def offer(self, *, read_aloud: bool, easy_read: bool) -> None:
        """Which of the further options this person may choose."""
        self.read_aloud_button.setVisible(read_aloud)
        self.easy_read_button.setVisible(easy_read)
