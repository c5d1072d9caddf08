"""The form for recording a claim: an involvement payment (its amount suggested from the payment
policy's rate and the activity's length, and always staff's to change) or expenses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from app.core.i18n import _
from app.core.involvement import ClaimDetails, validate_claim
from app.core.network import ClaimKind
from app.core.payments import POLICY_NAME, RoleLevel, pounds_text, rates_table, suggested_payment
from app.ui.common.saving_form import SavingForm
from app.ui.involvement.forms import date_edit
from app.ui.involvement.tables import short_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.activities import ActivityRecord
    from app.store.claims import ClaimRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


def _add_claim(session: Session, details: ClaimDetails, *, device_id: str, person_id: str) -> ClaimRecord:
    from app.store.claims import add_claim

    return add_claim(session, device_id, person_id, details)


def rates_words() -> str:
    """The policy's rates in a sentence or two, for the form's hint."""
    paid = [_("{level}: {day} a day, {half} up to 4 hours").format(level=level, day=day, half=half)
            for level, day, half in rates_table()
            if day != _("expenses only")]
    return _("After {policy}. {paid}. Other role levels: expenses only. Change the amount if your team pays "
             "differently.").format(policy=_(POLICY_NAME), paid="; ".join(paid))


class ClaimDialog(SavingForm):
    """Gathers a claim for ``person_id``; ``activities`` are their log, to choose what it is for."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, person_id: str, name: str,
                 activities: Sequence[ActivityRecord], chosen_activity: str | None = None) -> None:
        super().__init__(parent, _("Add a claim: {name}").format(name=name), _("&Save claim"), _("Claim details"),
                         store=store, tasks=tasks, check=self.check,
                         save=partial(_add_claim, device_id=store.device_id, person_id=person_id))
        self.activities = {a.id: a for a in activities}
        self._suggested = ""
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 80, 860))
        self.kind = QComboBox()
        self.kind.addItem(_("Involvement payment"), ClaimKind.PAYMENT.value)
        self.kind.addItem(_("Expenses"), ClaimKind.EXPENSE.value)
        self.activity = QComboBox()
        self.activity.addItem(_("Not for one activity"), None)
        for a in activities:
            self.activity.addItem(f"{short_date(a.details.activity_date)} · {a.details.title}", a.id)
        self.role_level = QComboBox()
        self.role_level.addItem(_("No role level"), None)
        for level in RoleLevel:
            self.role_level.addItem(level.label, level.value)
        # A long activity title or role level shows in full in the list, not by widening the form
        # past a small screen.
        for combo in (self.kind, self.activity, self.role_level):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("In pounds, for example 12.50"))
        self.day = date_edit()
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.rates = QLabel(rates_words())
        self.rates.setObjectName("hint")
        self.rates.setWordWrap(True)
        # It wraps to the width the fields have, rather than widening the form past a small screen.
        policy = self.rates.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.rates.setSizePolicy(policy)
        self.add_field("kind", _("&Kind"), self.kind, required=True)
        self.add_field("activity_id", _("&For"), self.activity)
        self.add_field("role_level", _("&Role level"), self.role_level, hint=self.rates)
        self.add_field("amount_pence", _("&Amount (£)"), self.amount, required=True)
        self.add_field("claimed_on", _("&Date"), self.day, required=True)
        self.add_field("description", _("D&escription"), self.description)
        self.finish_layout()
        for combo in (self.kind, self.activity, self.role_level):
            combo.currentIndexChanged.connect(self._suggest)
        if chosen_activity is not None:
            self.activity.setCurrentIndex(max(0, self.activity.findData(chosen_activity)))
        self.amount.setFocus()

    def _suggest(self) -> None:
        """Fill the amount from the policy's rate, unless staff typed their own."""
        chosen = self.activities.get(self.activity.currentData() or "")
        if chosen is not None:
            day = chosen.details.activity_date
            self.day.setDate(QDate(day.year, day.month, day.day))
        level = RoleLevel(self.role_level.currentData()) if self.role_level.currentData() else None
        pence = None
        if self.kind.currentData() == ClaimKind.PAYMENT.value and chosen is not None:
            pence = suggested_payment(level, chosen.details.minutes)
        if self.amount.text().strip() in ("", self._suggested):
            self._suggested = f"{pence / 100:.2f}" if pence else ""
            self.amount.setText(self._suggested)
            self.amount.setToolTip(_("Suggested from the policy's rate: {amount}").format(amount=pounds_text(pence))
                                   if pence else "")

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "activity_id": self.activity.currentData(),
                "role_level": self.role_level.currentData() or "", "amount_pence": self.amount.text(),
                "claimed_on": self.day.date().toPython(), "description": self.description.toPlainText()}

    def check(self) -> ClaimDetails:
        return validate_claim(self.values(), today=dt.date.today())
