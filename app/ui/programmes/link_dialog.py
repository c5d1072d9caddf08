"""Choosing an event or a "you said, we did" action to link to a programme: the list, read on the
worker, narrowed as a person types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import action_buttons
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import NETWORK, add_guide_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

CHOICE_CHARS = 110


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CHOICE_CHARS else text[:CHOICE_CHARS - 1].rstrip() + "…"


def read_choices(session: Session, kind: str, linked: frozenset[str]) -> list[tuple[str, str]]:
    """On the worker: (id, words) for each event (latest first) or action not linked yet."""
    if kind == "event":
        from app.store.events import list_events

        return [(e.id, f"{e.details.event_date.day} {e.details.event_date:%b %Y} · {e.name}")
                for e in list_events(session, include_archived=True) if e.id not in linked]
    from app.store.actions import list_actions

    return [(a.id, _short(f"{a.details.we_will} · {a.status.label}"
                          + (f" · {a.event_name}" if a.event_name else "")))
            for a in list_actions(session) if a.id not in linked]


class LinkDialog(QDialog):
    """Pick one event (``kind`` "event") or action ("action"); :attr:`chosen` holds its id once accepted."""

    sig_loaded = Signal()
    """The choices are listed."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, kind: str,
                 programme: str, linked: frozenset[str]) -> None:
        super().__init__(parent)
        self.kind = kind
        self.chosen: str | None = None
        self.choices: list[tuple[str, str]] = []
        event = kind == "event"
        self.setWindowTitle(_("Link an event to {programme}") if event else _("Link an action to {programme}"))
        self.setWindowTitle(self.windowTitle().format(programme=programme))
        add_guide_key(self, NETWORK)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Type to narrow the list"))
        self.filter.setAccessibleName(_("Find"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._fill)
        find_label = QLabel(_("&Find:"))
        find_label.setBuddy(self.filter)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Events") if event else _("Actions"))
        # Long choices wrap onto a second line rather than run off to the side.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setAlternatingRowColors(True)
        self.list.itemDoubleClicked.connect(lambda _item: self.try_accept())
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self.status = CaptionedLabel(_("How many are listed"), _("Reading…"))
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        buttons, self.link_button, _cancel = action_buttons(_("&Link"), self.try_accept, self.reject)
        self.link_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(find_label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(self.fontMetrics().averageCharWidth() * 90, int(screen.width() * 0.9)),
                    min(520, int(screen.height() * 0.8)))
        tasks.run_in_session(store, read_choices, kind, linked, on_success=while_alive(self, self._loaded),
                             on_failure=while_alive(self, self._failed))

    def _loaded(self, choices: list[tuple[str, str]]) -> None:
        self.choices = choices
        self._fill()
        self.sig_loaded.emit()

    def _failed(self, error: Exception) -> None:
        self.status.setText(_("The list could not be read ({kind}).").format(kind=type(error).__name__))

    def _fill(self) -> None:
        words = self.filter.text().casefold().split()
        self.list.clear()
        for choice_id, text in self.choices:
            if all(w in text.casefold() for w in words):
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, choice_id)
                item.setToolTip(text)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        if not self.choices:
            self.status.setText(_("Every event is linked already, or there are none yet.") if self.kind == "event"
                                else _("Every action is linked already, or there are none yet."))
        else:
            self.status.setText(_("{shown} of {n} listed.").format(shown=self.list.count(), n=len(self.choices)))
        self._update()

    def _update(self) -> None:
        self.link_button.setEnabled(self.list.currentItem() is not None)

    def try_accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
