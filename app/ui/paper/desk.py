"""The window's paper work: printing sheets, typing them back in, and PPG meetings.

Everything that touches the store runs on the worker; this object only decides and shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.core.events import EventKind
from app.ui.common.desk import Desk
from app.ui.common.signup_setup import signup_ready

if TYPE_CHECKING:
    from app.store.events import EventRecord
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace


class PaperDesk(Desk):
    sig_failed = Signal(object)
    """Store work failed in a way the person should be told about (the exception)."""
    sig_feedback_added = Signal()
    """Feedback cards or meeting issues typed in: the page's feedback counts are out of date."""
    sig_edit_event = Signal(str)
    """The person asked to edit the event's details (its id), to choose its GP practice."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        page.sig_print_sheets.connect(self.print_sheets)
        page.sig_type_in_paper.connect(self.type_in_paper)
        page.sig_meeting.connect(self.open_meeting)

    def _current(self, event_id: str) -> EventRecord | None:
        """The event on show, if it is ``event_id`` and can be worked on."""
        record = self.page.record
        if self.store is None or record is None or record.id != event_id or record.archived:
            return None
        return record

    def print_sheets(self, event_id: str) -> None:
        """Sign-up sheets, feedback cards or a register for the event on show, previewed first."""
        from app.ui.paper.print_sheets_dialog import PrintSheetsDialog

        record = self._current(event_id)
        if record is None or self.store is None or not signup_ready(self.owner, self.workspace):
            return
        from app.services.print_runs import card_texts

        organisation, contact = self.workspace.organisation()
        dialog = PrintSheetsDialog(self.owner, record=record, store=self.store, tasks=self.tasks,
                                   organisation=organisation, contact=contact,
                                   card_texts=card_texts(self.workspace.surveys.get("fft")),
                                   is_ppg=record.details.kind is EventKind.PPG_MEETING)
        dialog.sig_printed.connect(self.sig_message)
        dialog.exec()
        dialog.deleteLater()

    def type_in_paper(self, event_id: str) -> None:
        """Type in the sign-up sheets and feedback cards collected at the event on show."""
        from app.ui.paper.transcription_dialog import TranscriptionDialog

        record = self._current(event_id)
        if record is None or self.store is None or not signup_ready(self.owner, self.workspace):
            return
        organisation, contact = self.workspace.organisation()
        dialog = TranscriptionDialog(self.owner, record=record, store=self.store, tasks=self.tasks,
                                     organisation=organisation, contact=contact,
                                     fft_survey=self.workspace.surveys.get("fft"))
        dialog.sig_saved.connect(lambda text: self.sig_message.emit(text))
        dialog.exec()
        if dialog.cards_saved:
            self.sig_feedback_added.emit()  # cards typed in are feedback the page counts
        dialog.deleteLater()

    def open_meeting(self, event_id: str) -> None:
        """The attendance register and the issues raised at the PPG meeting on show."""
        from app.ui.paper.meeting_dialog import MeetingDialog

        record = self._current(event_id)
        if record is None or self.store is None or record.details.kind is not EventKind.PPG_MEETING:
            return
        dialog = MeetingDialog(self.owner, record=record, store=self.store, tasks=self.tasks,
                               topics_survey=self.workspace.surveys.get("topics"))
        dialog.exec()
        wants_edit, issues_added = dialog.wants_practice, dialog.issues_added
        dialog.deleteLater()
        if issues_added:
            self.sig_feedback_added.emit()
        if wants_edit:
            self.sig_edit_event.emit(event_id)  # the window's own Edit details, where the practice is chosen
