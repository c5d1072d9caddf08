"""Exporting an event's responses, sign-ups, actions or summary as CSV or XLSX, for analysts.

The one export both ``involve export`` and the event page's Export… run: check what was asked,
read the event's rows, write the file whole or not at all, and count what was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import _
from app.documents.exports import ExportFormat, ExportWhat

if TYPE_CHECKING:
    from app.store.store import Store


class ExportRefused(ValueError):
    """What was asked cannot be exported; the message is one plain sentence."""


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


def export_event(store: Store, event: str, out: Path, fmt: ExportFormat, what: Sequence[ExportWhat]) -> Exported:
    """Write the event (an id or a unique start of one) to ``out``; small numbers in the summary are hidden."""
    from app.documents.exports import write_export
    from app.documents.report_tables import event_summary_tables
    from app.store.actions import list_actions
    from app.store.events import resolve_event
    from app.store.export_rows import read_export_rows
    from app.store.survey_library import load_library

    surveys = load_library(store.paths.surveys).surveys
    with store.reading() as session:
        rows = read_export_rows(session, resolve_event(session, event).id)
        actions = list_actions(session, rows.event.id) if ExportWhat.ACTIONS in what else []
    summary = event_summary_tables(store, rows.event.id) if ExportWhat.SUMMARY in what else []
    return Exported(rows.event.id, write_export(out, rows, surveys, fmt, list(what), actions, summary))
