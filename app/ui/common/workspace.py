"""What every feature of the window works with, passed in rather than found through another feature.

The main window makes one :class:`Workspace` and hands it to each feature: the open store, the
store's task queue, the settings and the surveys this laptop has. A feature reads them here and
listens for changes here, so no feature reaches another's insides to find them.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.surveys import pick
from app.ui.common.tasks import TaskPool

if TYPE_CHECKING:
    from pathlib import Path

    from app.core.surveys import Survey
    from app.store.paths import DataPaths
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.store.survey_library import SurveyLibrary


# The language staff's own screens show surveys in (the kiosk offers the public every language).
STAFF_LANGUAGE = "en"


class Workspace(QObject):
    """The open store, its task queue, the settings and the surveys, shared by the window's features."""

    sig_store_changed = Signal(object)
    """The store was opened, closed or replaced (the new ``Store``, or ``None``)."""
    sig_surveys_changed = Signal()
    """The surveys this laptop has were (re)read."""
    sig_failed = Signal(object)
    """Reading what the features share failed (the exception)."""
    sig_settings_wanted = Signal()
    """A feature asks the window to open Settings (something there must be set first)."""

    def __init__(self, paths: DataPaths, settings: SettingsFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings = settings
        self.store: Store | None = None
        self.tasks = TaskPool(self)  # one thread: store writes happen one at a time, in order
        self.surveys: dict[str, Survey] = {}
        self.survey_problems: list[str] = []  # survey files refused, in words

    def set_store(self, store: Store | None) -> None:
        """Work with ``store`` from now on (``None`` once closed), and read its surveys on the worker."""
        self.store = store
        self.sig_store_changed.emit(store)
        if store is not None:
            self.tasks.run(functools.partial(_read_library, store.paths.surveys), self._library_read,
                           self.sig_failed.emit)

    def _library_read(self, library: SurveyLibrary) -> None:
        self.surveys, self.survey_problems = library.surveys, list(library.problems)  # knowing every version
        self.sig_surveys_changed.emit()

    def organisation(self) -> tuple[str, str]:
        """The organisation's name and privacy contact as set in Settings ("" where not set)."""
        return self.settings.organisation()

    def survey_titles(self) -> dict[str, str]:
        """Each survey's title in the staff's language by id, in the library's order."""
        return {survey_id: pick(survey.title, STAFF_LANGUAGE) for survey_id, survey in self.surveys.items()}


def _read_library(folder: Path) -> SurveyLibrary:
    """On the worker: the surveys in ``folder`` (the store's modules load there, not at start-up)."""
    from app.store.survey_library import load_library

    return load_library(folder)
