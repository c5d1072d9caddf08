"""Importing a list of organisations: the file is read, checked and saved on the worker, with
progress and Cancel; then what happened, every problem by its line, and the choice to import
the good rows only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QProgressDialog, QVBoxLayout, QWidget

from app.core.i18n import _, ngettext
from app.ui.common.progress_window import close_progress_window, open_progress_window
from app.ui.common.tasks import while_alive

if TYPE_CHECKING:
    from app.services.organisation_import import ImportResult
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


class ImportRun(QWidget):
    """One import of one file, on the worker; says when it is done (or refused)."""

    sig_done = Signal(object)
    """The import ended (its ImportResult)."""
    sig_refused = Signal(str)
    """The file could not be imported at all (why, in a sentence)."""
    sig_progress_shown = Signal(object)
    """The progress window is showing (the window)."""

    def __init__(self, owner: QWidget, *, store: Store, tasks: TaskPool) -> None:
        super().__init__(owner)
        self.hide()
        self.owner, self.store, self.tasks = owner, store, tasks
        self.progress: QProgressDialog | None = None
        self._stop = threading.Event()

    def start(self, path: Path, *, good_rows_only: bool = False) -> None:
        from app.services.organisation_import import import_organisations

        self._stop.clear()
        self.progress = open_progress_window(self.owner, _("Reading {file}…").format(file=path.name),
                                             _("Importing organisations"), _("Import progress"), self.cancel)
        self.sig_progress_shown.emit(self.progress)
        store, stop = self.store, self._stop

        def work(report: Callable[[object], None]) -> ImportResult:
            return import_organisations(store, path, good_rows_only=good_rows_only,
                                        progress=lambda done, total: report((done, total)), should_stop=stop.is_set)

        self.tasks.run(work, while_alive(self, self._finished), while_alive(self, self._failed),
                       on_progress=while_alive(self, self._advance))

    def cancel(self) -> None:
        self._stop.set()
        if self.progress is not None:
            self.progress.setLabelText(_("Stopping…"))

    def _advance(self, step: tuple[int, int]) -> None:
        done, total = step
        if self.progress is not None and not self._stop.is_set():
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(ngettext("Checked {done} of {total} row…", "Checked {done} of {total} rows…",
                                                total).format(done=done, total=total))

    def _close_progress(self) -> None:
        if self.progress is not None:
            close_progress_window(self.progress, self.cancel)
            self.progress = None

    def _finished(self, result: ImportResult) -> None:
        self._close_progress()
        self.sig_done.emit(result)

    def _failed(self, error: Exception) -> None:
        from app.services.organisation_import import ImportRefused

        self._close_progress()
        if isinstance(error, ImportRefused):
            self.sig_refused.emit(str(error))
        elif isinstance(error, OSError):
            self.sig_refused.emit(_("The file could not be read: {reason}").format(reason=error.strerror or error))
        else:
            self.sig_refused.emit(_("Involve could not import that file ({kind}); nothing was saved.").format(
                kind=type(error).__name__))


class ImportResultDialog(QDialog):
    """What an import did: the summary, then each problem and each row skipped, by line."""

    def __init__(self, parent: QWidget | None, result: ImportResult, file_name: str) -> None:
        super().__init__(parent)
        self.import_result = result
        self.good_rows_wanted = False
        self.setWindowTitle(_("Imported {file}").format(file=file_name) if result.added
                            else _("Import of {file}").format(file=file_name))
        summary = QLabel(result.summary())
        summary.setObjectName("heading")
        summary.setWordWrap(True)
        summary.setAccessibleName(_("What the import did"))
        lines = [p.text() for p in result.problems] + [s.text() for s in result.skipped]
        if result.ignored_columns:
            lines.append(_("Columns not used: {names}").format(names=", ".join(result.ignored_columns)))
        self.details = QPlainTextEdit("\n".join(lines))
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Problems and rows skipped, by line"))
        self.details.setVisible(bool(lines))
        buttons = QDialogButtonBox()
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAccessibleName(_("Close"))
        buttons.rejected.connect(self.reject)
        if result.problems and result.good_rows and not result.added and not result.cancelled:
            again = buttons.addButton(_("Import the &good rows only"), QDialogButtonBox.ButtonRole.AcceptRole)
            again.setAccessibleName(_("Import the good rows only"))
            again.clicked.connect(self._good_rows)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 90,
                    self.fontMetrics().lineSpacing() * (22 if lines else 8))

    def _good_rows(self) -> None:
        self.good_rows_wanted = True
        self.accept()
