"""Saying something to a screen reader without moving the focus: a problem, a new screen, a warning.

Qt sends an accessibility announcement (a live region, in web terms) to whatever assistive
technology is listening; without one it costs nothing. ``announcements`` also repeats each one
as a signal, so the kiosk's tests, and a read-aloud voice, can hear what was said.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


class Announcements(QObject):
    sig_announced = Signal(str, bool)
    """Something was announced: its text, and whether it interrupts (assertive)."""


announcements = Announcements()


def announcement_event(widget: QWidget, text: str, *, assertive: bool = False) -> QAccessibleAnnouncementEvent:
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    return event


def announce(widget: QWidget, text: str, assertive: bool = False) -> None:
    """Have screen readers say ``text`` about ``widget``; ``assertive`` interrupts what they are saying."""
    text = text.strip()
    if not text:
        return
    QAccessible.updateAccessibility(announcement_event(widget, text, assertive=assertive))
    announcements.sig_announced.emit(text, assertive)
