"""Choosing the evidence pack's dates and format. The default is the last whole financial year
(1 April to 31 March), the period an ICB's annual report covers. Both days are included."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.validation import EARLIEST_DATE, LATEST_DATE
from app.ui.common.dialog_parts import action_buttons, error_label
from app.ui.common.user_guide import NETWORK, add_guide_key


def last_financial_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """1 April to 31 March of the last year that has ended by ``today``."""
    end_year = today.year if today >= dt.date(today.year, 4, 1) else today.year - 1
    return dt.date(end_year - 1, 4, 1), dt.date(end_year, 3, 31)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class EvidenceDialog(QDialog):
    """From and to dates, and PDF (to preview, print or save) or XLSX (saved to a file)."""

    def __init__(self, parent: QWidget | None, *, today: dt.date | None = None,
                 date_from: dt.date | None = None, date_to: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Evidence pack"))
        add_guide_key(self, NETWORK)
        start, end = last_financial_year(today or dt.date.today())
        self.date_from = QDateEdit(_qdate(date_from or start))
        self.date_to = QDateEdit(_qdate(date_to or end))
        for edit, name in ((self.date_from, _("From")), (self.date_to, _("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setDateRange(_qdate(EARLIEST_DATE), _qdate(LATEST_DATE))
            edit.setAccessibleName(name)
            edit.dateChanged.connect(lambda _date: self._update())
        self.pdf = QRadioButton(_("P&DF: preview, print or save"))
        self.xlsx = QRadioButton(_("&XLSX workbook: save to a file"))
        self.pdf.setAccessibleName(_("PDF"))
        self.xlsx.setAccessibleName(_("XLSX workbook"))
        self.pdf.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.pdf)
        group.addButton(self.xlsx)
        self.problem = error_label(_("Problem with the dates"))
        about = QLabel(_("Activities and reach against the local population, hours given by members, the level of "
                         "involvement, what changed, and the programmes where the public involvement duty applied. "
                         "Both days are included; events after today are not counted as held. Small numbers of people "
                         "are shown as <5, as in reports."))
        about.setObjectName("hint")
        about.setWordWrap(True)

        dates = QHBoxLayout()
        from_label = QLabel(_("&From"))
        from_label.setBuddy(self.date_from)
        to_label = QLabel(_("&to"))
        to_label.setBuddy(self.date_to)
        dates.addWidget(from_label)
        dates.addWidget(self.date_from)
        dates.addWidget(to_label)
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        formats = QVBoxLayout()
        formats.addWidget(self.pdf)
        formats.addWidget(self.xlsx)
        form = QFormLayout()
        form.addRow(_("Dates:"), dates)
        form.addRow(_("Format:"), formats)
        buttons, self.make_button, _cancel = action_buttons(_("&Make evidence pack"), self.accept, self.reject)
        self.make_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 70, 760))
        self._wrapped = (about, self.problem)
        self._update()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._fit_words()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_words()

    def _fit_words(self) -> None:
        """A dialog's layout gives a wrapped label the height of its text at the width it first
        guessed; at a larger text size that cut the intro off. Ask for the height the text needs
        at the width it now has (the dialog grows to give it)."""
        for label in self._wrapped:
            if label.isVisible() and label.width() > 0:
                label.setMinimumHeight(label.heightForWidth(label.width()))

    def range(self) -> tuple[dt.date, dt.date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()  # type: ignore[return-value]

    def suffix(self) -> str:
        return ".xlsx" if self.xlsx.isChecked() else ".pdf"

    def _update(self) -> None:
        start, end = self.range()
        wrong = end < start
        self.problem.setText(_("The end date is before the start date.") if wrong else "")
        self.problem.setVisible(wrong)
        self.make_button.setEnabled(not wrong)
