"""The event page's feedback work: the survey library, staff entry, the kiosk and the live counts.

Everything that touches the store runs on the worker; this object only decides and shows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.i18n import _
from app.core.surveys import Survey, pick
from app.ui.common.event_counts import EventCountsReader
from app.ui.feedback.staff_entry import LANGUAGE, StaffEntryDialog, surveys_for

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.store.survey_library import SurveyLibrary
    from app.ui.common.event_page import EventPage
    from app.ui.kiosk.window import KioskWindow
    from app.ui.common.tasks import StoreTasks

log = logging.getLogger(__name__)


class FeedbackDesk(QObject):
    """The window's feedback work: the surveys this laptop has, staff entry, and the event page's counts."""

    sig_counts_shown = Signal(str)
    """The event page shows freshly read feedback counts (the event's id)."""
    sig_message = Signal(str)
    """A short message for the status bar."""
    sig_failed = Signal(object)
    """Store work failed in a way the person should be told about (the exception)."""

    def __init__(self, tasks: StoreTasks, page: EventPage, settings: SettingsFile, parent: QWidget) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.settings = settings
        self.kiosk: KioskWindow | None = None
        self.page = page
        self.owner = parent
        self.store: Store | None = None
        self.surveys: dict[str, Survey] = {}
        self.counts = EventCountsReader(tasks, page, what="feedback", read=_read_event_feedback_counts, show=page.show_counts,
                                        shown=self.sig_counts_shown.emit)
        page.sig_record_feedback.connect(self.record_feedback)
        page.sig_start_kiosk.connect(self.start_kiosk)
        page.sig_counts_wanted.connect(self.refresh_counts)

    def set_store(self, store: Store | None) -> None:
        """Work with ``store`` from now on, reading its surveys on the worker (``None`` once closed)."""
        self.store = self.counts.store = store
        if store is None:
            return
        folder = store.paths.surveys

        def work() -> SurveyLibrary:
            from app.store.survey_library import load_library

            return load_library(folder)

        self.tasks.run(work, self._surveys_loaded, self.sig_failed.emit)

    def _surveys_loaded(self, library: SurveyLibrary) -> None:
        self.surveys = library.surveys
        self.page.set_survey_titles(self.survey_titles())
        if library.problems:
            log.warning("survey files refused: %s", "; ".join(library.problems))
            self.sig_message.emit(_("Some of your organisation's survey files could not be used: {problems}").format(
                problems="; ".join(library.problems)))

    def survey_titles(self) -> dict[str, str]:
        """Each survey's English title by id, in the library's order."""
        return {survey_id: pick(survey.title, LANGUAGE) for survey_id, survey in self.surveys.items()}

    def record_feedback(self, event_id: str) -> None:
        """Open the form for staff to type in one person's feedback to the event on show."""
        record = self.page.record
        if self.store is None or record is None or record.id != event_id or record.archived:
            return
        surveys, missing = surveys_for(record.details.survey_ids, self.surveys)
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

    def start_kiosk(self, event_id: str) -> None:
        """Hand the laptop to the public for the event on show (asking for a staff PIN the first time)."""
        record, store = self.page.record, self.store
        if store is None or record is None or record.id != event_id or record.archived or self.kiosk is not None:
            return

        def work() -> bool:
            from app.store.kiosk_pin import has_pin

            with store.session() as session:
                return has_pin(session)

        def launch(pin_set: bool) -> None:
            from app.ui.kiosk.launch import start_kiosk

            self.kiosk = start_kiosk(self.owner, store, self.tasks, self.settings, record, self.surveys,
                                     has_pin=pin_set)
            if self.kiosk is not None:
                self.kiosk.sig_response_saved.connect(lambda _id: self.refresh_counts())
                self.kiosk.sig_closed.connect(self._kiosk_closed)
                # Nothing of the staff's window may be reachable from the kiosk (Alt+Tab and
                # the like): it is hidden until the kiosk is left with the PIN.
                self.owner.hide()

        self.tasks.run(work, launch, self.sig_failed.emit)

    def _kiosk_closed(self) -> None:
        self.owner.show()
        if self.kiosk is not None:
            self.kiosk.deleteLater()
            self.kiosk = None
        self.sig_message.emit(_("Kiosk mode ended."))
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Read the counts of the event on show, on the worker, and put them on the page."""
        self.counts.refresh()


def _read_event_feedback_counts(session, event_id: str):  # noqa: ANN001, ANN202
    from app.store.responses import event_feedback_counts

    return event_feedback_counts(session, event_id)
