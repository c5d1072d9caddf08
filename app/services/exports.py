"""Exporting an event's responses, sign-ups, actions or summary as CSV or XLSX, for analysts.

The one export both ``involve export`` and the event page's Export… run: check what was asked,
read the event's rows, write the file whole or not at all, and count what was written.

The rows are read in one read-only snapshot (:meth:`Store.reading`), streamed into the file as
they come, so a year's event never waits for, nor holds up, a save; the front end runs it
off the store's queue, with progress and Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import _
from app.documents.exports import ExportFormat, ExportWhat

if TYPE_CHECKING:
    from app.store.store import Store


class ExportRefused(ValueError):
    """What was asked cannot be exported; the message is one plain sentence."""


class ExportCancelled(Exception):
    """The person pressed Cancel; nothing was written. Not a failure."""


@dataclass(frozen=True)
class Exported:
    event_id: str
    counts: dict[str, int]  # table -> rows written


def check_export(out: Path, fmt: ExportFormat, what: Sequence[ExportWhat]) -> None:
    """Refuse, before anything is read, a file or a choice of tables that cannot be written."""
    if out.suffix.lower() != fmt.suffix:
        raise ExportRefused(_("--out must name a {suffix} file for --format {format}.").format(
            suffix=fmt.suffix, format=fmt.value))
    if not out.parent.is_dir():
        raise ExportRefused(_("the folder {folder} does not exist.").format(folder=out.parent))
    if ExportWhat.SUMMARY in what and fmt is ExportFormat.CSV:
        raise ExportRefused(_("the summary has several tables; use --format xlsx."))


def export_event(store: Store, event: str, out: Path, fmt: ExportFormat, what: Sequence[ExportWhat], *,
                 progress: Callable[[int, int], None] = lambda _done, _total: None,
                 cancelled: Callable[[], bool] = lambda: False) -> Exported:
    """Write the event (an id or a unique start of one) to ``out``; small numbers in the summary are hidden.

    ``progress(rows done, rows in all)`` hears how far the writing has got, every few hundred
    rows; ``cancelled`` is asked as often, and :class:`ExportCancelled` raised if it says so,
    leaving no file behind.
    """
    from app.documents.exports import write_export
    from app.documents.report_tables import event_summary_tables
    from app.store.actions import list_actions
    from app.store.events import resolve_event
    from app.store.export_rows import read_export_rows
    from app.store.survey_library import load_library

    def written(done: int, total: int) -> None:
        if cancelled():
            raise ExportCancelled()
        progress(done, total)

    surveys = load_library(store.paths.surveys).surveys
    with store.reading() as session:
        event_id = resolve_event(session, event).id
    summary = event_summary_tables(store, event_id) if ExportWhat.SUMMARY in what else []
    with store.reading() as session:
        rows = read_export_rows(session, event_id)
        actions = list_actions(session, event_id) if ExportWhat.ACTIONS in what else []
        counts = write_export(out, rows, surveys, fmt, list(what), actions, summary, progress=written)
    return Exported(event_id, counts)
