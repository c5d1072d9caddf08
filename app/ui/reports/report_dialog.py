"""Choosing a report across events: the dates, the events in them, and where the figures come from.

The events listed are this laptop's, read on the worker when the dialog opens. Every event
in the dates is ticked at first; when all stay ticked the report covers every event in the
dates, which from the central database includes other laptops' events too.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _, ngettext
from app.core.validation import EARLIEST_DATE, LATEST_DATE
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import error_label
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import REPORTS, add_guide_key

if TYPE_CHECKING:
    from app.core.report import ReportSelection
    from app.store.events import EventRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

DEFAULT_DAYS = 90


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class ReportAcrossDialog(QDialog):
    """From and to dates, a checklist of the events in them, and this laptop or the central database."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, central_configured: bool,
                 date_from: dt.date | None = None, date_to: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Report across events"))
        add_guide_key(self, REPORTS)
        self.records: list[EventRecord] = []
        today = dt.date.today()
        self.date_from = QDateEdit(_qdate(date_from or today - dt.timedelta(days=DEFAULT_DAYS)))
        self.date_to = QDateEdit(_qdate(date_to or today))
        for edit, name in ((self.date_from, _("From")), (self.date_to, _("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setDateRange(_qdate(EARLIEST_DATE), _qdate(LATEST_DATE))  # the dates events can have
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._dates_changed)

        self.events = QListWidget()
        self.events.setAccessibleName(_("Events in these dates"))
        self.events.setMinimumHeight(220)
        self.events.itemChanged.connect(lambda _item: self._update())
        self.tick_all = QPushButton(_("Tick all"))
        self.tick_all.clicked.connect(lambda: self._tick_all(True))
        self.tick_none = QPushButton(_("Untick all"))
        self.tick_none.clicked.connect(lambda: self._tick_all(False))
        self.summary = CaptionedLabel(_("Events chosen"), _("Reading the events…"))
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)

        self.from_laptop = QRadioButton(_("This &laptop"))
        self.from_central = QRadioButton(_("The &central database"))
        self.from_laptop.setAccessibleName(_("This laptop"))
        self.from_central.setAccessibleName(_("The central database"))
        self.from_laptop.setChecked(True)
        self.from_central.toggled.connect(lambda _on: self._update())
        self.sources = QButtonGroup(self)
        self.sources.addButton(self.from_laptop)
        self.sources.addButton(self.from_central)
        self.from_central.setEnabled(central_configured)
        self.from_central.setToolTip(
            _("Every laptop's data that has been synced, as commissioners see it") if central_configured else
            _("No central database is set up on this laptop (Sync ▸ Connection)"))
        self.central_note = QLabel(_("From the central database, when every event is ticked the report also "
                                     "covers other laptops' events in these dates."))
        self.central_note.setObjectName("hint")
        self.central_note.setWordWrap(True)
        self.central_note.hide()
        self.from_central.toggled.connect(self.central_note.setVisible)
        self.problem = error_label(_("Problem with the choice"))

        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(_("to")))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        ticks = QHBoxLayout()
        ticks.addWidget(self.tick_all)
        ticks.addWidget(self.tick_none)
        ticks.addStretch(1)
        sources = QVBoxLayout()
        sources.addWidget(self.from_laptop)
        sources.addWidget(self.from_central)
        sources.addWidget(self.central_note)
        form = QFormLayout()
        form.addRow(_("Dates:"), dates)
        form.addRow(_("Figures from:"), sources)

        buttons = QDialogButtonBox()  # plain buttons: a standard OK's icon (a return arrow) says nothing here
        self.make_button = buttons.addButton(_("Make report"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.make_button.setAccessibleName(_("Make report"))
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        heading = QLabel(_("Events"))
        heading.setObjectName("fieldLabel")
        layout.addWidget(heading)
        layout.addWidget(self.events, 1)
        layout.addLayout(ticks)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(560, 560)
        self.make_button.setEnabled(False)
        from app.store.events import list_events

        tasks.run_in_session(store, list_events, include_archived=True,
                             on_success=while_alive(self, self._loaded),
                             on_failure=while_alive(self, self._load_failed))

    # ----- the list

    def _loaded(self, records: list[EventRecord]) -> None:
        self.records = sorted(records, key=lambda r: (r.details.event_date, r.name.lower()))
        self._fill()

    def _load_failed(self, error: Exception) -> None:
        self.summary.setText(_("The events could not be read ({kind}).").format(kind=type(error).__name__))

    def _dates_changed(self) -> None:
        self._fill()

    def _fill(self) -> None:
        start, end = self.range()
        self.events.blockSignals(True)
        self.events.clear()
        for record in self.records:
            if start <= record.details.event_date <= end:
                when = record.details.event_date.strftime("%d %b %Y").lstrip("0")
                item = QListWidgetItem(f"{when} · {record.name}")
                item.setData(Qt.ItemDataRole.UserRole, record.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.events.addItem(item)
        self.events.blockSignals(False)
        self._update()

    def _tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.events.blockSignals(True)
        for i in range(self.events.count()):
            self.events.item(i).setCheckState(state)
        self.events.blockSignals(False)
        self._update()

    def _items(self) -> list[QListWidgetItem]:
        return [self.events.item(i) for i in range(self.events.count())]

    def ticked_ids(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def _update(self) -> None:
        start, end = self.range()
        listed, ticked = self.events.count(), len(self.ticked_ids())
        self.problem.hide()
        if start > end:
            self._problem(_("The start date is after the end date."))
        elif not listed:
            self.summary.setText(_("This laptop holds no event in these dates."))
        else:
            self.summary.setText(ngettext("{ticked} of {n} event ticked.", "{ticked} of {n} events ticked.",
                                          listed).format(ticked=ticked, n=listed))
        # From the centre, other laptops' events count too, so an empty local list is no reason to stop.
        self.make_button.setEnabled(start <= end and (ticked > 0 or (not listed and self.from_central.isChecked())))

    def _problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    # ----- the answer

    def range(self) -> tuple[dt.date, dt.date]:
        return _date(self.date_from.date()), _date(self.date_to.date())

    def central(self) -> bool:
        return self.from_central.isChecked()

    def selection(self) -> ReportSelection:
        """The events ticked; every event in the dates when all are ticked (from the centre, other laptops' too)."""
        from app.core.report import ReportSelection

        start, end = self.range()
        ids = self.ticked_ids()
        everything = len(ids) == self.events.count()
        return ReportSelection(event_ids=() if everything else tuple(ids), date_from=start, date_to=end)
