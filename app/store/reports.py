"""The event report from this laptop's store.

Reads the rows (app.store.report_input), the organisation's surveys and population profile,
and hands them to app.core.report, which counts, suppresses and masks. Safe to call on a
worker thread: it opens its own connection.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine

from app.core.i18n import _
from app.core.population import PopulationError
from app.core.report import Report, ReportInput, ReportSelection, build_report
from app.core.surveys import Survey
from app.core.validation import check_date_range
from app.store.engine import read_only_connection
from app.store.errors import NotFound, StoreError
from app.store.models import Base
from app.store.paths import DataPaths
from app.store.population_file import load_profile
from app.store.report_input import read_report_input
from app.store.side_process import SideProcessLost, SideProcessUnavailable
from app.store.store import Store
from app.store.survey_library import load_library

log = logging.getLogger(__name__)


def no_event_message(selection: ReportSelection) -> str:
    """Why a selection gives no report, in plain words."""
    start, end = selection.date_from, selection.date_to
    if start and end:
        return _("No event is held from {start} to {end}, so there is nothing to report.").format(
            start=start.isoformat(), end=end.isoformat())
    if start:
        return _("No event is held on or after {start}, so there is nothing to report.").format(start=start.isoformat())
    if end:
        return _("No event is held on or before {end}, so there is nothing to report.").format(end=end.isoformat())
    return _("That event no longer exists, so there is nothing to report.")


def check_selection(selection: ReportSelection) -> None:
    """``NotFound`` in plain words when the dates are the wrong way round or out of this world."""
    for day in (selection.date_from, selection.date_to):
        if day is not None:
            try:
                check_date_range(day)  # the same range, and words, as an event's date
            except ValueError as error:
                raise NotFound(str(error)) from None
    if selection.date_from and selection.date_to and selection.date_from > selection.date_to:
        raise NotFound(_("The start date {start} is after the end date {end}.").format(
            start=selection.date_from.isoformat(), end=selection.date_to.isoformat()))


def local_report(store: Store, selection: ReportSelection, *, now: dt.datetime | None = None,
                 own_process: bool = False, cancelled: Callable[[], bool] = lambda: False) -> Report:
    """The report for ``selection`` from this laptop; ``NotFound`` when it holds no event.

    ``own_process`` makes it in the store's side process (:mod:`app.store.side_process`), as the
    desktop app does, so that the window and a kiosk's saves keep Python to themselves while a
    long report is made; ``cancelled`` is then asked as it works (``Cancelled``).
    """
    check_selection(selection)
    if own_process:
        try:
            return store.side.run(report_from, store.paths, selection, now, cancelled=cancelled)
        except SideProcessUnavailable:
            log.warning("the report's own process could not start, so it is made in this one")
        except SideProcessLost:
            # Made again here, whatever ended that process (memory, say) could end the app.
            raise StoreError(_("The report could not be made: the part of Involve making it stopped "
                               "unexpectedly. Please try again, with fewer events if it happens again.")) from None
    return report_from(store.engine, store.paths, selection, now)


def report_from(engine: Engine, paths: DataPaths, selection: ReportSelection, now: dt.datetime | None) -> Report:
    """The report for ``selection`` read through ``engine``, in whichever process this runs."""
    with read_only_connection(engine) as connection:
        data = read_report_input(connection, Base.metadata.tables, selection)
    responses = list(data.responses)  # a second hold on each, so they are freed a piece at a time
    try:
        if not data.events:
            raise NotFound(no_event_message(selection))
        return finish_report(data, paths, source=_("this laptop"), now=now)
    finally:
        del data
        _free_in_pieces(responses)


# Freeing a year's responses at once is one call into C that holds Python's lock throughout
# (120 ms for 100,000), and a kiosk's save on another thread would wait that long.
FREE_PIECE = 2_000


def _free_in_pieces(items: list[Any]) -> None:
    """Let go of ``items`` a few thousand at a time, so other threads get in between."""
    while items:
        del items[-FREE_PIECE:]


def finish_report(data: ReportInput, paths: DataPaths, *, source: str, now: dt.datetime | None = None,
                  more_versions: Iterable[Survey] = ()) -> Report:
    """Count, suppress and mask ``data`` with this organisation's surveys and population profile.

    Shared by the laptop's report and the central database's, so both are made the same way.
    ``more_versions`` are survey versions this laptop may not have seen (the centre's).
    """
    surveys = load_library(paths.surveys).surveys
    surveys.add_versions(more_versions)
    try:
        profile, problem = load_profile(paths), ""
    except PopulationError as error:   # a damaged profile must not stop the report
        profile, problem = None, _("The population profile could not be read, so there is no comparison: {reason}"
                                   ).format(reason=error)
    return build_report(data, surveys, profile=profile, profile_problem=problem,
                        generated_at=now or dt.datetime.now(dt.UTC), source=source)
