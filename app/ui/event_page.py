"""One event's page: its details and what can be done with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.events import describe_when
from app.core.i18n import _

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from app.store.events import EventRecord


class EventPage(QWidget):
    sig_back = Signal()
    """The person wants the list of events again."""
    sig_edit = Signal(str)
    """Edit the details of this event (its id)."""
    sig_set_archived = Signal(str, bool)
    """Archive (True) or restore (False) this event."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: EventRecord | None = None

        self.back_button = QPushButton(_("← All events"))
        self.back_button.setObjectName("link")
        self.back_button.setAccessibleName(_("Back to all events"))
        self.back_button.setToolTip(_("Back to all events (Esc)"))
        self.back_button.clicked.connect(self.sig_back)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.sig_back.emit)
        QShortcut(QKeySequence.StandardKey.Back, self, activated=self.sig_back.emit)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        self.archived_banner = QLabel(_("This event is archived. Restore it to work with it again."))
        self.archived_banner.setObjectName("banner")
        self.archived_banner.setWordWrap(True)

        self.edit_button = QPushButton(_("Edit details…"))
        self.edit_button.setAccessibleName(_("Edit details"))
        self.edit_button.setToolTip(_("Change the name, date, place or notes (Ctrl+E)"))
        self.edit_button.clicked.connect(self._edit)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self._edit)
        self.archive_button = QPushButton()
        self.archive_button.clicked.connect(self._toggle_archive)

        self._values: dict[str, QLabel] = {}
        details = QFormLayout()
        details.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        details.setHorizontalSpacing(18)
        details.setVerticalSpacing(10)
        for key, text in (
            ("venue", _("Venue")), ("locality", _("Locality")), ("organiser", _("Organising team")),
            ("partners", _("Partner organisations")), ("notes", _("Notes")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(text)
            value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            heading = QLabel(text)
            heading.setObjectName("fieldLabel")
            details.addRow(heading, value)
            self._values[key] = value
        card = QFrame()
        card.setObjectName("card")
        card.setLayout(details)

        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addWidget(self.archive_button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.archived_banner)
        layout.addLayout(actions)
        layout.addWidget(card)
        layout.addStretch(1)

    def show_record(self, record: EventRecord) -> None:
        self.record = record
        d = record.details
        self.title.setText(d.name)
        self.subtitle.setText(f"{d.kind.label} · {describe_when(d)}")
        not_given = _("Not given")
        for key, label in self._values.items():
            text = getattr(d, key)
            label.setText(text or not_given)
            label.setProperty("empty", not text)
            label.style().unpolish(label)
            label.style().polish(label)
        self.archived_banner.setVisible(record.archived)
        self.edit_button.setEnabled(not record.archived)
        if record.archived:
            self.archive_button.setText(_("Restore event"))
            self.archive_button.setToolTip(_("Put this event back on the list of current events"))
        else:
            self.archive_button.setText(_("Archive event"))
            self.archive_button.setToolTip(_("Take this event off the list; nothing is deleted"))
        self.archive_button.setAccessibleName(self.archive_button.text())

    def _edit(self) -> None:
        if self.record is not None and not self.record.archived and self.isVisible():
            self.sig_edit.emit(self.record.id)

    def _toggle_archive(self) -> None:
        if self.record is not None:
            self.sig_set_archived.emit(self.record.id, not self.record.archived)
