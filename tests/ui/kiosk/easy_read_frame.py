"""The kiosk's frame around an easy-read widget, for the tests and screenshots: the kiosk's stylesheet,
its margins, a progress line above a white card, and Back and Next below, as on every kiosk question."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.kiosk.theme import kiosk_stylesheet


def kiosk_frame(content: QWidget, *, size: tuple[int, int], text_size: str = "normal",
                high_contrast: bool = False) -> QWidget:
    frame = QWidget()
    frame.setObjectName("kiosk")
    frame.setStyleSheet(kiosk_stylesheet(high_contrast=high_contrast, text_size=text_size))
    progress = QLabel("Question 1 of 2")
    progress.setObjectName("kioskProgress")
    card = QWidget()
    card.setObjectName("kioskPanel")
    inner = QVBoxLayout(card)
    inner.setContentsMargins(40, 24, 40, 24)
    inner.addWidget(content)
    inner.addStretch(1)
    back, next_ = QPushButton("Back"), QPushButton("Next")
    next_.setObjectName("kioskPrimary")
    buttons = QHBoxLayout()
    buttons.addWidget(back)
    buttons.addStretch(1)
    buttons.addWidget(next_)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(32, 24, 32, 24)
    layout.setSpacing(16)
    layout.addWidget(progress)
    layout.addWidget(card, 1)
    layout.addLayout(buttons)
    frame.resize(*size)
    frame.next_button = next_  # type: ignore[attr-defined]
    return frame
