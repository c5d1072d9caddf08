"""Claims for finance: every member's payments and expenses claims, to approve, mark paid or reject,
and to export for finance (a file holding personal data: the window says so before it is written).
The dates chosen narrow both the list and what is exported, as ``involve claim list|export --from
--to`` do: finance usually asks for a month's claims.

Reading, saving and writing the file run on the worker; this window shows and decides.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _, ngettext
from app.core.involvement import calendar_month, claim_status_label
from app.core.network import ClaimStatus
from app.core.payments import pounds_text
from app.core.validation import EARLIEST_DATE, LATEST_DATE
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons, error_label, outcome_label
from app.ui.common.progress_window import close_progress_window, open_progress_window
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import NETWORK, add_guide_key
from app.ui.involvement.tables import button, chosen_id, fill, kind_words, list_table, short_date, status_words

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.claims_export import ClaimsExported
    from app.store.claims import ClaimRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


# Which days' claims are listed and exported, by the day each is claimed for.
PERIODS: tuple[tuple[str, str], ...] = (
    ("all", N_("Any date")), ("last_month", N_("Last month")), ("this_month", N_("This month")),
    ("dates", N_("Between these dates")),
)


def read_claims(session: Session, status: ClaimStatus | None, not_exported: bool, date_from: dt.date | None,
                date_to: dt.date | None) -> list[ClaimRecord]:
    from app.store.claims import list_claims

    return list_claims(session, status=status, not_exported=not_exported, date_from=date_from, date_to=date_to)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ClaimsWindow(QDialog):
    """Every claim, filtered by status and by whether it went to finance."""

    sig_shown = Signal()
    """The list was read and is on screen."""
    sig_exported = Signal(object)
    """Claims were written for finance (the :class:`ClaimsExported`)."""
    sig_message = Signal(str)
    """A short message for the status bar."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.folder = folder or Path.home()
        self.records: list[ClaimRecord] = []
        self._token = 0
        self._progress: QProgressDialog | None = None
        self.setWindowTitle(_("Claims for finance"))
        add_guide_key(self, NETWORK)
        heading = QLabel(_("Involvement payments and expenses"))
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        self.status = QComboBox()
        self.status.setAccessibleName(_("Status"))
        self.status.addItem(_("Any status"), None)
        for status in ClaimStatus:
            self.status.addItem(claim_status_label(status), status.value)
        status_label = QLabel(_("&Status:"))
        status_label.setBuddy(self.status)
        self.period = QComboBox()
        self.period.setAccessibleName(_("Claimed"))
        for code, words in PERIODS:
            self.period.addItem(_(words), code)
        period_label = QLabel(_("&Claimed:"))
        period_label.setBuddy(self.period)
        first, last = calendar_month(dt.date.today(), back=1)
        self.date_from, self.date_to = self._date_edit(_("From"), first), self._date_edit(_("To"), last)
        self.from_label, self.to_label = QLabel(_("&from")), QLabel(_("&to"))
        self.from_label.setBuddy(self.date_from)
        self.to_label.setBuddy(self.date_to)
        self.problem = error_label(_("Problem with the dates"))
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.not_sent = QCheckBox(_("&Only those not yet sent to finance"))
        self.not_sent.setAccessibleName(_("Only claims not yet sent to finance"))
        self.not_sent.setChecked(True)
        self.status.currentIndexChanged.connect(self.refresh)
        self.not_sent.toggled.connect(self.refresh)
        self.table = list_table(_("Claims"), [_("Date"), _("Name"), _("Kind"), _("For"), _("Amount"), _("Status")],
                                3)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.count = CaptionedLabel(_("How many claims are listed"))
        self.count.setObjectName("hint")
        self.approve_button = button(_("A&pprove"), _("Approve"), _("Approve the chosen claim"),
                                     lambda: self.set_status(ClaimStatus.APPROVED))
        self.paid_button = button(_("Mark p&aid"), _("Mark paid"), _("Finance has paid the chosen claim"),
                                  lambda: self.set_status(ClaimStatus.PAID))
        self.reject_button = button(_("&Reject"), _("Reject"), _("Reject the chosen claim"),
                                    lambda: self.set_status(ClaimStatus.REJECTED))
        self.export_button = button(
            _("&Export for finance…"), _("Export for finance"),
            _("Write the approved claims for the dates chosen that are not yet sent (every approved one, with the "
              "box unticked) as CSV or XLSX for finance, and mark them sent"), self.export)
        self.outcome = outcome_label()

        filters = QHBoxLayout()
        filters.addWidget(heading, 1)
        filters.addWidget(status_label)
        filters.addWidget(self.status)
        dates = QHBoxLayout()
        for widget in (period_label, self.period, self.from_label, self.date_from, self.to_label, self.date_to):
            dates.addWidget(widget)
        dates.addStretch(1)
        dates.addWidget(self.not_sent)
        actions = QHBoxLayout()
        for made in (self.approve_button, self.paid_button, self.reject_button):
            actions.addWidget(made)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(close_buttons(self.reject))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(actions)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(self.fontMetrics().averageCharWidth() * 140, 1240, int(screen.width() * 0.95)),
                    min(600, int(screen.height() * 0.9)))
        self._update_buttons()
        self._period_chosen()

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setDateRange(_qdate(EARLIEST_DATE), _qdate(LATEST_DATE))
        edit.dateChanged.connect(lambda _day: self.refresh())
        return edit

    # ----- the dates

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last days claimed for that are listed (and exported); None: no limit."""
        choice = self.period.currentData()
        if choice in ("last_month", "this_month"):
            return calendar_month(dt.date.today(), back=1 if choice == "last_month" else 0)
        if choice == "dates":
            start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
            assert isinstance(start, dt.date) and isinstance(end, dt.date)
            return start, end
        return None, None

    def _period_chosen(self) -> None:
        custom = self.period.currentData() == "dates"
        # The days show only when they are what counts; a month's stay as they were last chosen.
        for widget in (self.from_label, self.date_from, self.to_label, self.date_to):
            widget.setVisible(custom)
        self.refresh()

    def _dates_wrong(self) -> bool:
        start, end = self.dates()
        wrong = start is not None and end is not None and end < start
        self.problem.setText(_("The “to” date is before the “from” date: choose dates the right way round.")
                             if wrong else "")
        self.problem.setVisible(wrong)
        return wrong

    # ----- reading

    def refresh(self) -> None:
        self._token += 1
        token = self._token
        if self._dates_wrong():
            self.records = []  # nothing listed, so nothing can be exported, until the dates are right
            self.table.setRowCount(0)
            self.count.setText(_("No claims to show."))
            self._update_buttons()
            return
        value = self.status.currentData()
        date_from, date_to = self.dates()

        def done(records: list[ClaimRecord]) -> None:
            if token == self._token:
                self.records = records
                self._show()
                self.sig_shown.emit()

        self.tasks.run_in_session(self.store, read_claims, ClaimStatus(value) if value else None,
                                  self.not_sent.isChecked(), date_from, date_to, on_success=while_alive(self, done),
                                  on_failure=while_alive(self, self._failed))

    def _show(self) -> None:
        fill(self.table, [(c.id, [short_date(c.details.claimed_on), c.person_name or _("(erased)"),
                                  kind_words(c.details.kind), c.activity_title or c.details.description, c.amount,
                                  status_words(c.status, c.exported_at is not None)]) for c in self.records])
        total = sum(c.details.amount_pence for c in self.records)
        self.count.setText(ngettext("{n} claim, {total} in all", "{n} claims, {total} in all",
                                    len(self.records)).format(n=len(self.records), total=pounds_text(total))
                           if self.records else _("No claims to show."))
        self._update_buttons()

    def chosen(self) -> ClaimRecord | None:
        wanted = chosen_id(self.table)
        return next((c for c in self.records if c.id == wanted), None)

    def _update_buttons(self) -> None:
        from app.store.claims import NEXT

        record = self.chosen()
        for made, status in ((self.approve_button, ClaimStatus.APPROVED), (self.paid_button, ClaimStatus.PAID),
                             (self.reject_button, ClaimStatus.REJECTED)):
            made.setEnabled(record is not None and status in NEXT[record.status])
        self.export_button.setEnabled(bool(self.records) and self._progress is None)

    # ----- changing

    def set_status(self, status: ClaimStatus) -> None:
        record = self.chosen()
        if record is None:
            return
        from app.store.claims import set_claim_status

        def done(changed: ClaimRecord) -> None:
            self._said(_("{name}'s claim for {amount}: {status}.").format(
                name=changed.person_name, amount=changed.amount, status=claim_status_label(changed.status)))
            self.refresh()

        self.tasks.run_in_session(self.store, set_claim_status, record.id, status,
                                  on_success=while_alive(self, done), on_failure=while_alive(self, self._failed))

    def export(self) -> None:
        """Warn that the file holds personal data, ask where, write it on the worker with progress."""
        if not self.records or self._progress is not None:
            return
        warning = QMessageBox(QMessageBox.Icon.Warning, _("Export for finance"), _(
            "The file will hold names, contact details and payments: personal data. Save it only where finance "
            "and your team may read it, and delete it once finance has it.\n\nOnly approved claims are written, "
            "and they are marked as sent to finance."), QMessageBox.StandardButton.Cancel, self)
        go_on = warning.addButton(_("&Continue…"), QMessageBox.ButtonRole.AcceptRole)
        warning.exec()
        clicked = warning.clickedButton()
        warning.deleteLater()
        if clicked is not go_on:
            return
        start, end = self.dates()
        name = (_("Claims {start} to {end}.xlsx").format(start=start.isoformat(), end=end.isoformat())
                if start is not None and end is not None else _("Claims.xlsx"))
        chosen, _kind = QFileDialog.getSaveFileName(self, _("Export for finance"), str(self.folder / name),
                                                    _("Excel workbook (*.xlsx);;CSV file (*.csv)"))
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_suffix(".xlsx")
        self.start_export(path)

    def start_export(self, path: Path) -> None:
        from app.services.claims_export import export_claims

        store, only_new = self.store, self.not_sent.isChecked()
        date_from, date_to = self.dates()
        self._progress = open_progress_window(self, _("Writing the claims for finance…"), _("Export for finance"),
                                              _("Writing the claims for finance"), self._cancel)
        self._update_buttons()

        def work() -> ClaimsExported:
            return export_claims(store, path, date_from=date_from, date_to=date_to, only_new=only_new)

        self.tasks.run(work, while_alive(self, self._exported), while_alive(self, self._export_failed))

    def _cancel(self) -> None:
        self._said(_("The file is being finished; it is small, so it will be done in a moment."))

    def _end_progress(self) -> None:
        if self._progress is not None:
            close_progress_window(self._progress, self._cancel)
            self._progress = None

    def _exported(self, done: ClaimsExported) -> None:
        self._end_progress()
        self.folder = done.path.parent
        self._said(ngettext("Wrote {n} claim ({total}) to {file}, and marked it sent to finance.",
                            "Wrote {n} claims ({total}) to {file}, and marked them sent to finance.",
                            done.count).format(n=done.count, total=pounds_text(done.total_pence),
                                               file=done.path.name))
        self.sig_exported.emit(done)
        self.refresh()

    def _export_failed(self, error: Exception) -> None:
        from app.services.claims_export import ClaimsExportRefused

        self._end_progress()
        self._update_buttons()
        if isinstance(error, ClaimsExportRefused):  # none approved: one sentence, and no file
            self._said(str(error))
            return
        reason = error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
        self._said(_("The file could not be written ({reason}); no claim was marked sent.").format(reason=reason))

    def _said(self, message: str) -> None:
        self.outcome.setText(message)
        self.sig_message.emit(message)

    def _failed(self, error: Exception) -> None:
        from app.store.errors import StoreError

        self.outcome.setText(str(error) if isinstance(error, StoreError) else _(
            "Involve could not finish that ({kind}); nothing was half-saved.").format(kind=type(error).__name__))
