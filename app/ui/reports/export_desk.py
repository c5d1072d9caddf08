"""The event page's "Export…": an event's responses, sign-ups and actions as a spreadsheet.

The person chooses the file and its kind; reading the store and writing the file run on the
worker (a big event takes a few seconds), and a plain message says what was written or why not.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.file_names import safe_file_name
from app.core.i18n import _, ngettext
from app.ui.common.desk import Desk
from app.ui.common.tasks import while_alive

if TYPE_CHECKING:
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace

log = logging.getLogger(__name__)


def export_choices() -> dict[str, tuple[str, tuple[str, ...]]]:
    """File dialog filter -> (format, tables). The first is the default."""
    return {
        _("Excel workbook, responses, sign-ups and actions (*.xlsx)"): ("xlsx", ("responses", "signups", "actions")),
        _("CSV, responses (*.csv)"): ("csv", ("responses",)),
        _("CSV, sign-ups (*.csv)"): ("csv", ("signups",)),
        _("CSV, actions (*.csv)"): ("csv", ("actions",)),
        _("Excel workbook, the report's figures with small numbers hidden (*.xlsx)"): ("xlsx", ("summary",)),
    }


class ExportDesk(Desk):
    sig_exported = Signal(str)
    """A file was written (its path)."""

    def __init__(self, workspace: Workspace, page: EventPage, parent: QWidget) -> None:
        super().__init__(workspace, page, parent)
        self.running = False
        page.sig_export.connect(self.export)

    def export(self, event_id: str) -> None:
        record, store = self.page.record, self.workspace.store
        if store is None or record is None or record.id != event_id or self.running:
            return
        choices = export_choices()
        stem = safe_file_name(record.name, _("event"), max_length=80)
        suggested = Path.home() / f"{stem} {record.details.event_date.isoformat()}.xlsx"
        chosen, kind = QFileDialog.getSaveFileName(self.owner, _("Export event data"), str(suggested),
                                                   ";;".join(choices))
        if not chosen:
            return
        fmt, tables = choices.get(kind) or next(iter(choices.values()))
        path = Path(chosen)
        if path.suffix.lower() != "." + fmt:  # the dialog leaves the suffix to the person on some systems
            path = path.with_name(path.name + "." + fmt)

        def work() -> dict[str, int]:
            from app.documents.exports import ExportFormat, ExportWhat
            from app.services.exports import export_event

            return export_event(store, event_id, path, ExportFormat(fmt), [ExportWhat(t) for t in tables]).counts

        self._set_running(True)
        self.sig_message.emit(_("Exporting “{name}”…").format(name=record.name))
        self.tasks.run(work, while_alive(self, lambda counts: self._done(path, counts, tables)),
                       while_alive(self, lambda error: self._failed(path, error)))

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.page.export_button.setEnabled(not running)

    def _done(self, path: Path, counts: dict[str, int], tables: tuple[str, ...]) -> None:
        self._set_running(False)
        parts = [ngettext("{table}: {n} row", "{table}: {n} rows", n).format(table=table, n=n)
                 for table, n in counts.items()]
        text = _("Saved {file} ({tables}).").format(file=path, tables="; ".join(parts))
        if "signups" in tables:
            text += " " + _("It holds people's contact details: keep it on secure storage and delete it when done.")
        self.sig_message.emit(_("Saved {file}.").format(file=path.name))
        self.sig_exported.emit(str(path))
        QMessageBox.information(self.owner, _("Exported"), text)

    def _failed(self, path: Path, error: Exception) -> None:
        from app.store.errors import StoreError

        self._set_running(False)
        if isinstance(error, OSError):
            text = _("{file} could not be saved: {reason}. Nothing was written; choose another folder and try "
                     "again.").format(file=path, reason=error.strerror or error)
        elif isinstance(error, StoreError):
            text = str(error)
        else:
            text = _("Involve could not finish the export ({kind}). Nothing was written. Details are in the log "
                     "file.").format(kind=type(error).__name__)
        self.sig_message.emit(_("Export failed."))
        QMessageBox.warning(self.owner, _("Not exported"), text)
