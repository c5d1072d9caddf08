"""The window's work with people: sign-ups by staff, finding a person, GP practices.

Everything that touches the store runs on the worker; this object only decides and shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.ui.common.desk import Desk
from app.ui.common.event_counts import EventCountsReader
from app.ui.common.signup_setup import signup_ready

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.privacy import RenderedNotice
    from app.store.practices import PracticeRecord
    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace
    from app.ui.people.people_window import PeopleWindow

LANGUAGE = "en"


class PeopleDesk(Desk):
    sig_failed = Signal(object)
    """Store work failed in a way the person should be told about (the exception)."""
    sig_involvement_wanted = Signal(str, str)
    """Staff asked for a member's involvement log from People (their id and name)."""
    sig_counts_shown = Signal(str)
    """The event page shows freshly read sign-up counts (the event's id)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.people_window: PeopleWindow | None = None
        self.counts = EventCountsReader(self.tasks, page, what="sign-ups", read=_read_signup_counts,
                                        show=page.show_signup_counts, shown=self.sig_counts_shown.emit)
        page.sig_sign_up.connect(self.sign_up)
        page.sig_counts_wanted.connect(self.refresh_counts)
        workspace.sig_store_changed.connect(self._store_changed)

    def _store_changed(self, store: Store | None) -> None:
        self.counts.store = store
        if store is None and self.people_window is not None:
            self.people_window.close()

    def sign_up(self, event_id: str) -> None:
        """Open the sign-up form for the event on show, once the practices and notice are read."""
        record, store = self.page.record, self.store
        if store is None or record is None or record.id != event_id or record.archived:
            return
        if not signup_ready(self.owner, self.workspace):
            return
        organisation, contact = self.workspace.organisation()

        def show(found: tuple[list[PracticeRecord], RenderedNotice]) -> None:
            practices, rendered = found
            from app.ui.people.signup_dialog import SignupDialog

            dialog = SignupDialog(self.owner, store=store, tasks=self.tasks, event_id=event_id,
                                  event_name=record.name, practices=practices, notice=rendered)
            accepted = dialog.exec() == SignupDialog.DialogCode.Accepted
            dialog.deleteLater()  # it holds what was typed about a person: not kept hidden for the session
            if accepted and dialog.saved is not None:
                self.sig_message.emit(dialog.message)
                self.refresh_counts()
                if self.people_window is not None:
                    self.people_window.search_now()

        self.tasks.run_in_session(store, _read_signup_start, organisation, contact,
                                  on_success=show, on_failure=self.sig_failed.emit)

    def refresh_counts(self) -> None:
        """Read the sign-ups of the event on show, on the worker, and put them on the page."""
        self.counts.refresh()

    def open_people(self) -> None:
        """Show the People window (one of it), to find, correct, withdraw, erase or merge people."""
        if self.store is None:
            return
        if self.people_window is None:
            from app.ui.people.people_window import PeopleWindow

            self.people_window = PeopleWindow(self.owner, store=self.store, tasks=self.tasks,
                                              settings=self.workspace.settings)
            self.people_window.sig_changed.connect(self.refresh_counts)
            self.people_window.sig_message.connect(self.sig_message)
            self.people_window.sig_involvement_wanted.connect(self.sig_involvement_wanted)
            self.people_window.finished.connect(self._people_closed)
        self.people_window.show()
        self.people_window.raise_()
        self.people_window.activateWindow()
        self.people_window.search.setFocus()

    def _people_closed(self, _result: int) -> None:
        window, self.people_window = self.people_window, None
        if window is not None:
            window.deleteLater()

    def open_practices(self) -> None:
        """The organisation's list of GP practices, to add to, change or remove from."""
        if self.store is None:
            return
        from app.store.practices import list_practices

        store = self.store

        def show(practices: list[PracticeRecord]) -> None:
            from app.ui.people.practices_dialog import PracticesDialog

            dialog = PracticesDialog(self.owner, store=store, tasks=self.tasks, practices=practices)
            dialog.exec()
            dialog.deleteLater()

        self.tasks.run_in_session(store, list_practices, on_success=show, on_failure=self.sig_failed.emit)


def _read_signup_start(session: Session, organisation: str,
                       contact: str) -> tuple[list[PracticeRecord], RenderedNotice]:
    """On the worker: the practices to choose from and the privacy notice, to open the sign-up form."""
    from app.store.notices import current_notice
    from app.store.practices import list_practices

    notice = current_notice(LANGUAGE, organisation=organisation, contact=contact)
    return list_practices(session), notice


def _read_signup_counts(session: Session, event_id: str) -> dict[str, int]:
    from app.store.people import signup_counts

    return signup_counts(session, event_id)
