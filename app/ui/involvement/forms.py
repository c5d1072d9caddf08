"""What the activity and claim forms share besides :class:`~app.ui.common.saving_form.SavingForm`."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


def date_edit(day: QDate | None = None) -> QDateEdit:
    edit = QDateEdit(day or QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setMaximumDate(QDate.currentDate())  # what happened, not what is planned
    return edit
