"""The window's kiosk work: handing the laptop to the public for the event on show, and taking it back.

Everything that touches the store runs on the worker; this object only decides and shows.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.i18n import _
from app.ui.common.desk import Desk

if TYPE_CHECKING:
    from app.store.events import EventRecord
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace
    from app.ui.kiosk.window import KioskWindow


class KioskDesk(Desk):
    sig_failed = Signal(object)
    """Store work failed in a way the person should be told about (the exception)."""
    sig_response_saved = Signal(str)
    """The kiosk saved a response (its id)."""
    sig_closed = Signal()
    """Kiosk mode ended and the staff window is back."""

    def __init__(self, workspace: Workspace, page: EventPage, owner: QWidget) -> None:
        super().__init__(workspace, page, owner)
        self.window: KioskWindow | None = None
        page.sig_start_kiosk.connect(self.start)

    def start(self, event_id: str) -> None:
        """Hand the laptop to the public for the event on show (asking for a staff PIN the first time)."""
        record, store = self.page.record, self.workspace.store
        if store is None or record is None or record.id != event_id or record.archived or self.window is not None:
            return
        if not self._confirm_day(record):
            return

        def launch(pin_set: bool) -> None:
            from app.ui.kiosk.launch import start_kiosk

            self.window = start_kiosk(self.owner, store, self.tasks, self.workspace.settings, record,
                                      self.workspace.surveys, has_pin=pin_set)
            if self.window is not None:
                self.window.sig_response_saved.connect(self.sig_response_saved)
                self.window.sig_closed.connect(self._closed)
                # Nothing of the staff's window may be reachable from the kiosk (Alt+Tab and
                # the like): it is hidden until the kiosk is left with the PIN.
                self.owner.hide()

        from app.store.kiosk_pin import has_pin

        self.tasks.run_in_session(store, has_pin, on_success=launch, on_failure=self.sig_failed.emit)

    def _confirm_day(self, record: EventRecord) -> bool:
        """Staff confirm first when the event is not today: everything the public give is recorded for it."""
        day = record.details.event_date
        if day == dt.date.today():
            return True
        box = QMessageBox(QMessageBox.Icon.Question, _("Start the kiosk for another day?"), _(
            "{event} is on {date}, not today. Everything people answer at the kiosk will be recorded for "
            "this event. Start the kiosk for it anyway?").format(event=record.name, date=day.strftime("%d %b %Y")),
            parent=self.owner)
        start = box.addButton(_("Start kiosk for this event"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)  # the safe choice, if Enter is pressed without reading
        box.exec()
        chosen = box.clickedButton() is start
        box.deleteLater()
        return chosen

    def _closed(self) -> None:
        self.owner.show()
        if self.window is not None:
            self.window.deleteLater()
            self.window = None
        self.sig_message.emit(_("Kiosk mode ended."))
        self.sig_closed.emit()
