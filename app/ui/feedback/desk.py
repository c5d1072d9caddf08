"""The event page's feedback work: the survey library, staff entry and the live counts.

Everything that touches the store runs on the worker; this object only decides and shows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.actions import topic_labels
from app.core.i18n import _
from app.core.surveys import pick
from app.ui.common.desk import Desk
from app.ui.common.event_counts import EventCountsReader
from app.ui.common.workspace import STAFF_LANGUAGE
from app.ui.feedback.responses_window import ResponsesWindow
from app.ui.feedback.staff_entry import StaffEntryDialog, surveys_for

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from sqlalchemy.orm import Session

    from app.core.surveys import Survey
    from app.store.corrections import ResponseView
    from app.store.dashboard_counts import DashboardCounts
    from app.store.store import Store
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace

log = logging.getLogger(__name__)


class FeedbackDesk(Desk):
    """The window's feedback work: staff entry, the event page's counts, and its list of surveys."""

    sig_counts_shown = Signal(str)
    """The event page shows freshly read feedback counts (the event's id)."""
    sig_failed = Signal(object)
    """Store work failed in a way the person should be told about (the exception)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        # One read gives the live dashboard: the figures and both charts.
        self.counts = EventCountsReader(self.tasks, page, what="feedback", read=_read_dashboard_counts,
                                        show=self._show_counts, shown=self.sig_counts_shown.emit)
        page.sig_record_feedback.connect(self.record_feedback)
        page.sig_responses.connect(self.show_responses)
        page.sig_counts_wanted.connect(self.refresh_counts)
        self.responses_window: ResponsesWindow | None = None
        workspace.sig_store_changed.connect(self._store_changed)
        workspace.sig_surveys_changed.connect(self._surveys_changed)

    def _store_changed(self, store: Store | None) -> None:
        self.counts.store = store

    def _surveys_changed(self) -> None:
        self.page.set_survey_titles(self.workspace.survey_titles())
        problems = self.workspace.survey_problems
        if problems:
            log.warning("survey files refused: %s", "; ".join(problems))
            self.sig_message.emit(_("Some of your organisation's survey files could not be used: {problems}").format(
                problems="; ".join(problems)))

    def record_feedback(self, event_id: str) -> None:
        """Open the form for staff to type in one person's feedback to the event on show."""
        record = self.page.record
        if self.store is None or record is None or record.id != event_id or record.archived:
            return
        surveys, missing = surveys_for(record.details.survey_ids, self.workspace.surveys)
        if not surveys:
            QMessageBox.warning(self.owner, _("No questions to ask"), _(
                "None of this event's surveys are on this laptop ({surveys}). Choose other surveys "
                "with Edit details.").format(surveys=", ".join(missing)))
            return
        dialog = StaffEntryDialog(self.owner, event_id=event_id, event_name=record.name, surveys=surveys,
                                  missing=missing, store=self.store, tasks=self.tasks)
        if dialog.exec() == StaffEntryDialog.DialogCode.Accepted:
            self.sig_message.emit(_("Feedback saved for “{name}”.").format(name=record.name))
            self.refresh_counts()

    def show_responses(self, event_id: str) -> None:
        """Open the event's responses, to find one and correct or delete it."""
        record = self.page.record
        if self.store is None or record is None or record.id != event_id:
            return
        store = self.store
        surveys, missing = surveys_for(record.details.survey_ids, self.workspace.surveys)

        def correct(view: ResponseView) -> bool:
            dialog = StaffEntryDialog(window, event_id=event_id, event_name=record.name, surveys=surveys,
                                      missing=missing, store=store, tasks=self.tasks, correcting=view)
            return dialog.exec() == StaffEntryDialog.DialogCode.Accepted

        window = ResponsesWindow(self.owner, event_id=event_id, event_name=record.name, surveys=surveys,
                                 library=self.workspace.surveys, store=store, tasks=self.tasks,
                                 settings=self.workspace.settings, correct=correct)
        window.sig_changed.connect(lambda _id: self.refresh_counts())
        self.responses_window = window  # for tests and screenshots while it is open
        window.exec()
        self.responses_window = None
        window.deleteLater()

    def _show_counts(self, counts: DashboardCounts) -> None:
        held = self.workspace.surveys
        # Every version's topics: an event answered with an older one still shows its words.
        self.page.set_answer_labels(option_labels(held.get("fft"), "fft_rating"), topic_labels(held))
        self.page.show_counts(counts)

    def refresh_counts(self) -> None:
        """Read the counts of the event on show, on the worker, and put them on the page."""
        self.counts.refresh()


def _read_dashboard_counts(session: Session, event_id: str) -> DashboardCounts:
    """On the worker: the live dashboard's figures (the FFT answers and topics) for one event."""
    from app.store.dashboard_counts import dashboard_counts

    return dashboard_counts(session, event_id)


def option_labels(survey: Survey | None, question_id: str) -> dict[str, str]:
    """Answer value -> the staff's words for it, in the survey's order ({} if the survey is not here)."""
    if survey is None:
        return {}
    try:
        question = survey.question(question_id)
    except KeyError:
        return {}
    return {option.value: pick(option.text, STAFF_LANGUAGE) for option in question.options}
