"""The event page's feedback work: the survey library, staff entry and the live counts.

Everything that touches the store runs on the worker; this object only decides and shows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.i18n import _
from app.ui.common.desk import Desk
from app.ui.common.event_counts import EventCountsReader
from app.ui.feedback.staff_entry import StaffEntryDialog, surveys_for

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from sqlalchemy.orm import Session

    from app.store.responses import EventFeedbackCounts
    from app.store.store import Store
    from app.store.survey_library import SurveyLibrary
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace

log = logging.getLogger(__name__)


class FeedbackDesk(Desk):
    """The window's feedback work: the surveys this laptop has, staff entry, and the event page's counts."""

    sig_counts_shown = Signal(str)
    """The event page shows freshly read feedback counts (the event's id)."""
    sig_failed = Signal(object)
    """Store work failed in a way the person should be told about (the exception)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.counts = EventCountsReader(self.tasks, page, what="feedback", read=_read_event_feedback_counts,
                                        show=page.show_counts, shown=self.sig_counts_shown.emit)
        page.sig_record_feedback.connect(self.record_feedback)
        page.sig_counts_wanted.connect(self.refresh_counts)
        workspace.sig_store_changed.connect(self._store_changed)

    def _store_changed(self, store: Store | None) -> None:
        """Work with ``store`` from now on, reading its surveys on the worker (``None`` once closed)."""
        self.counts.store = store
        if store is None:
            return
        folder = store.paths.surveys

        def work() -> SurveyLibrary:
            from app.store.survey_library import load_library

            return load_library(folder)

        self.tasks.run(work, self._surveys_loaded, self.sig_failed.emit)

    def _surveys_loaded(self, library: SurveyLibrary) -> None:
        self.workspace.set_surveys(library.surveys)
        self.page.set_survey_titles(self.workspace.survey_titles())
        if library.problems:
            log.warning("survey files refused: %s", "; ".join(library.problems))
            self.sig_message.emit(_("Some of your organisation's survey files could not be used: {problems}").format(
                problems="; ".join(library.problems)))

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

    def refresh_counts(self) -> None:
        """Read the counts of the event on show, on the worker, and put them on the page."""
        self.counts.refresh()


def _read_event_feedback_counts(session: Session, event_id: str) -> EventFeedbackCounts:
    from app.store.responses import event_feedback_counts

    return event_feedback_counts(session, event_id)
