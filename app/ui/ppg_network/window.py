"""The PPG network window: every GP practice's Patient Participation Group in one sortable table
(members signed up in Involve, meetings held, average attendance at the meetings with a register,
issues raised, done and could not be done, last and next meeting),
for a period, and the chosen practice's members, meetings and issues below.

Reading runs on the worker; this window only shows. It changes nothing, so Enter and a
double-click open nothing: they only choose.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.actions import describe_date
from app.core.i18n import N_, _, ngettext
from app.core.ppg_network import Period, financial_year
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import NETWORK, add_guide_key
from app.ui.ppg_network.detail import PracticeDetail
from app.ui.ppg_network.tables import fill, make_table, row_id, tight_columns

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.ppg_network import PracticeFigures, PracticeView
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

# The periods offered: what a person reads, and the code the window keeps.
PERIODS: tuple[tuple[str, str], ...] = (
    ("all", N_("Any time")), ("year", N_("The last 12 months")), ("this_fy", N_("This financial year")),
    ("last_fy", N_("Last financial year")), ("dates", N_("Between these dates")),
)
# On two or three lines, so the figures' columns stay narrow and the practices' names have the room.
HEADINGS = (N_("Practice"), N_("Members\nin Involve"), N_("Meetings\nheld"), N_("Average\nattended\n(with register)"),
            N_("Issues\nraised"), N_("Issues\ndone"), N_("Could\nnot be\ndone"), N_("Last\nmeeting"),
            N_("Next\nmeeting"))
AVERAGE = 3
NUMERIC = (1, 2, 3, 4, 5, 6)
# What each figure counts, on its heading's tooltip.
MEANINGS = (
    N_("The GP practice, with its NHS ODS code"),
    N_("People signed up in Involve who asked to join the practice's PPG and have not withdrawn. Guests on "
       "a meeting's register, and members the practice knows of who are not in Involve, are not counted."),
    N_("PPG meetings for the practice in the period chosen, up to today"),
    N_("People marked present per meeting, guests included, counted only over the meetings whose register "
       "was taken: a meeting with nobody marked present is left out, not counted as nobody coming"),
    N_("Issues the group raised at those meetings, and other actions agreed at them; an action agreed for "
       "a raised issue is the same issue, counted once"),
    N_("Of those issues, the ones an action was done for"),
    N_("Of those issues, the ones whose every action could not be done"),
    N_("The latest of those meetings"),
    N_("The next PPG meeting planned for the practice, whatever the period"),
)


def last_year_from(today: dt.date) -> dt.date:
    """The first day of the 12 months that end today (29 February counts from 1 March)."""
    day = today.day if (today.month, today.day) != (2, 29) else 28
    return today.replace(year=today.year - 1, day=day) + dt.timedelta(days=1)


def average_tip(f: PracticeFigures) -> str:
    """What one practice's average is over, said on its cell."""
    if not f.meetings:
        return _("No meetings held in the period.")
    if not f.registers:
        return ngettext("No register was taken at the {n} meeting held, so there is no average.",
                        "No register was taken at any of the {n} meetings held, so there is no average.",
                        f.meetings).format(n=f.meetings)
    over = ngettext("{attended} present over {n} meeting with a register",
                    "{attended} present over {n} meetings with a register",
                    f.registers).format(attended=f.attended, n=f.registers)
    left = f.meetings - f.registers
    if left:
        over += "; " + ngettext("{n} meeting with no register is left out",
                                "{n} meetings with no register are left out", left).format(n=left)
    return over + "."


def period_for(choice: str, today: dt.date, start: dt.date, end: dt.date) -> Period:
    if choice == "year":
        return Period(last_year_from(today), today)
    if choice == "this_fy":
        return financial_year(today)
    if choice == "last_fy":
        return financial_year(today, back=1)
    if choice == "dates":
        return Period(start, end)
    return Period()


def _read(session: Session, period: Period, practice_id: str | None,
          with_figures: bool) -> tuple[list[PracticeFigures] | None, PracticeView | None]:
    """On the worker: every practice's figures (when asked) and the chosen practice in full."""
    from app.store.errors import NotFound
    from app.store.ppg_network import network_figures, practice_view

    figures = network_figures(session, period) if with_figures else None
    view = None
    if practice_id is not None:
        try:
            view = practice_view(session, practice_id, period)
        except NotFound:  # taken off the list meanwhile
            view = None
    return figures, view


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PpgNetworkWindow(QDialog):
    sig_shown = Signal()
    """The practices (and the chosen one) were read and are on screen."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.figures: list[PracticeFigures] = []
        self.view: PracticeView | None = None
        self._token = 0
        self._figures_due = False  # figures were asked for and not yet shown
        self.setWindowTitle(_("PPG network: Patient Participation Groups"))
        add_guide_key(self, NETWORK)

        self.period = QComboBox()
        self.period.setAccessibleName(_("Meetings held"))
        for code, words in PERIODS:
            self.period.addItem(_(words), code)
        period_label = QLabel(_("Meetings &held:"))
        period_label.setBuddy(self.period)
        today = dt.date.today()
        this_year = financial_year(today)
        assert this_year.start is not None and this_year.end is not None
        self.date_from = self._date_edit(_("From"), this_year.start)
        self.date_to = self._date_edit(_("To"), min(today, this_year.end))
        self.from_label, self.to_label = QLabel(_("&From")), QLabel(_("&To"))
        self.from_label.setBuddy(self.date_from)
        self.to_label.setBuddy(self.date_to)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.date_from.dateChanged.connect(self._dates_changed)
        self.date_to.dateChanged.connect(self._dates_changed)

        self.table = make_table(_("Practices"), [_(h) for h in HEADINGS], stretch=(), sortable=True, wrap=False)
        self.table.setToolTip(_("Choose a column's heading to sort by it."))
        for column, meaning in enumerate(MEANINGS):
            heading_item = self.table.horizontalHeaderItem(column)
            if heading_item is not None:
                heading_item.setToolTip(_(meaning))
        self.table.itemSelectionChanged.connect(self._chosen_changed)
        self.table.viewport().installEventFilter(self)
        # The arrow's room moves to the column sorted by.
        self.table.horizontalHeader().sortIndicatorChanged.connect(lambda *_args: self._fit_names())
        self.detail = PracticeDetail()
        self.count = CaptionedLabel(_("How many practices are listed"))
        self.count.setObjectName("hint")
        self.count.setWordWrap(True)
        self.problem = CaptionedLabel(_("Problem"))
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.refresh_button = QPushButton(_("&Refresh"))
        self.refresh_button.setAccessibleName(_("Refresh"))
        self.refresh_button.setToolTip(_("Read the figures again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        for button in (self.refresh_button, close):
            button.setAutoDefault(False)  # Enter in a table chooses a row; it never closes the window
            button.setDefault(False)

        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addSpacing(12)
        top.addWidget(self.from_label)
        top.addWidget(self.date_from)
        top.addWidget(self.to_label)
        top.addWidget(self.date_to)
        top.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 400])  # halves, whatever the tables' own wishes
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.problem, 1)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(self.fontMetrics().averageCharWidth() * 150, int(screen.width() * 0.95)),
                    min(720, int(screen.height() * 0.9)))
        self._period_chosen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_names()  # the window grew or shrank, or a scroll bar came or went
        return False

    def _fit_names(self) -> None:
        """The figures as narrow as they can be; the practices' names take the room they leave, and
        never less than the longest needs (a narrow window scrolls sideways instead of cutting names)."""
        header = self.table.horizontalHeader()
        tight_columns(self.table, range(1, header.count()))
        others = sum(header.sectionSize(n) for n in range(1, header.count()))
        needed = max(self.table.sizeHintForColumn(0), header.sectionSizeHint(0))
        header.resizeSection(0, max(needed, self.table.viewport().width() - others))

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        return edit

    # ----- the period

    def period_now(self) -> Period:
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        assert isinstance(start, dt.date) and isinstance(end, dt.date)
        return period_for(self.period.currentData(), dt.date.today(), start, end)

    def _period_chosen(self) -> None:
        choice = self.period.currentData()
        custom = choice == "dates"
        period = self.period_now()
        if not custom and period.start is not None and period.end is not None:
            for edit, day in ((self.date_from, period.start), (self.date_to, period.end)):
                edit.blockSignals(True)  # starting from the period last chosen is not choosing dates
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        # The dates show only when they are what counts; the line below the table says the period.
        for widget in (self.from_label, self.date_from, self.to_label, self.date_to):
            widget.setVisible(custom)
        self.refresh()

    def _dates_changed(self) -> None:
        if self.period.currentData() == "dates":
            self.refresh()

    # ----- reading

    def chosen_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return row_id(self.table, rows[0].row()) if rows else None

    def refresh(self) -> None:
        """Read every practice's figures, and the chosen one's lists, for the period."""
        self._read(with_figures=True)

    def _chosen_changed(self) -> None:
        chosen = self.chosen_id()
        if chosen is None or (self.view is not None and self.view.figures.practice_id == chosen):
            return
        self._read(with_figures=False)

    def _read(self, *, with_figures: bool) -> None:
        period = self.period_now()
        if period.start is not None and period.end is not None and period.end < period.start:
            self._failed(ValueError(_("The end of the period is before its start: choose dates the right way "
                                      "round.")))
            return
        # A newer question drops older answers, so it asks for the figures too while any are due.
        with_figures = with_figures or self._figures_due
        self._figures_due = with_figures
        self._token += 1
        token, chosen = self._token, self.chosen_id()

        def done(result: tuple[list[PracticeFigures] | None, PracticeView | None]) -> None:
            if token != self._token:
                return  # an older answer, overtaken by a newer question
            figures, view = result
            self.problem.hide()
            if figures is not None:
                self._figures_due = False
                self.figures = figures
                self._show_figures(period, chosen)
            self.view = view
            self.detail.show_view(view)
            self.sig_shown.emit()

        self.tasks.run_in_session(self.store, _read, period, chosen, with_figures,
                                  on_success=while_alive(self, done), on_failure=while_alive(self, self._failed))

    def _show_figures(self, period: Period, chosen: str | None) -> None:
        self.table.blockSignals(True)  # filling is not a person choosing
        fill(self.table, [[f"{f.name} ({f.code})", f.members, f.meetings, f.average_attendance, f.issues_raised,
                           f.issues_done, f.issues_not_possible, f.last_meeting, f.next_meeting]
                          for f in self.figures], [f.practice_id for f in self.figures], numeric=NUMERIC)
        by_id = {f.practice_id: f for f in self.figures}
        for row in range(self.table.rowCount()):
            average = self.table.item(row, AVERAGE)
            figures = by_id.get(row_id(self.table, row) or "")
            if average is not None and figures is not None:
                average.setToolTip(average_tip(figures))
        self.table.blockSignals(False)
        self._fit_names()
        self._select(chosen)
        groups = sum(1 for f in self.figures if f.members or f.meetings)
        meetings = sum(f.meetings for f in self.figures)
        if not self.figures:
            self.count.setText(_("No GP practices are on the list yet. Add them with People ▸ GP practices."))
            return
        text = ngettext("{n} practice", "{n} practices", len(self.figures)).format(n=len(self.figures))
        text += " · " + ngettext("{n} with a PPG", "{n} with a PPG", groups).format(n=groups)
        text += " · " + ngettext("{n} meeting held", "{n} meetings held", meetings).format(n=meetings)
        if period.start is not None and period.end is not None:
            text += " " + _("from {start} to {end}").format(start=describe_date(period.start),
                                                           end=describe_date(period.end))
        self.count.setText(text)

    def _select(self, practice_id: str | None) -> None:
        rows = self.table.rowCount()
        wanted = next((r for r in range(rows) if row_id(self.table, r) == practice_id), 0 if rows else None)
        if wanted is not None:
            self.table.blockSignals(True)
            self.table.selectRow(wanted)
            self.table.blockSignals(False)
            if practice_id is None or row_id(self.table, wanted) != practice_id:
                self._chosen_changed()

    def _failed(self, error: Exception) -> None:
        from app.store.errors import StoreError

        reason = str(error) if isinstance(error, (StoreError, ValueError)) else _(
            "Involve could not read the figures ({kind}).").format(kind=type(error).__name__)
        self.problem.setText(reason)
        self.problem.show()
