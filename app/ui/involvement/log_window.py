"""A member's involvement log: what they took part in, for how long, in what role and at what
level, with the totals; and their payments and expenses claims.

Reading and saving run on the worker; this window shows and decides. Entries fed in from a
PPG meeting's register say so, and are changed there (marking the member absent removes one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from app.core.i18n import _, ngettext
from app.core.involvement import describe_minutes, hours_words
from app.core.network import Level
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons, outcome_label
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import NETWORK, add_guide_key
from app.ui.involvement.tables import (
    TableKeys,
    button,
    chosen_id,
    fill,
    kind_words,
    list_table,
    short_date,
    status_words,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.activities import ActivityRecord, Totals
    from app.store.claims import ClaimRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


@dataclass(frozen=True)
class LogView:
    activities: list[ActivityRecord]
    totals: Totals
    claims: list[ClaimRecord]
    refused: str | None  # why nothing new can be logged for them, or None


def read_log(session: Session, person_id: str) -> LogView:
    """On the worker: the member's log, its totals and their claims."""
    from app.store.activities import NotLoggable, activity_totals, check_loggable, list_activities
    from app.store.claims import list_claims

    try:
        check_loggable(session, person_id)
        refused = None
    except NotLoggable as error:
        refused = str(error)
    return LogView(list_activities(session, person_id=person_id), activity_totals(session, person_id=person_id),
                   list_claims(session, person_id=person_id), refused)


def totals_words(totals: Totals) -> str:
    """'6 activities, 11.5 hours in all · by level of involvement: Involve 3, Co-produce 1': a
    member's totals, in words."""
    if not totals.count:
        return _("Nothing logged yet.")
    text = ngettext("{n} activity, {hours} in all", "{n} activities, {hours} in all",
                    totals.count).format(n=totals.count, hours=hours_words(totals.minutes))
    levels = [f"{level.label} {totals.count_by_level[level]}" for level in Level if totals.count_by_level.get(level)]
    return text + " · " + _("by level of involvement: {levels}").format(levels=", ".join(levels))


class LogWindow(QDialog):
    """One member's involvement log and claims."""

    sig_shown = Signal()
    """The log was read and is on screen."""
    sig_changed = Signal()
    """An entry or a claim was added, changed or removed."""
    sig_message = Signal(str)
    """A short message for the status bar."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, person_id: str,
                 name: str) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.person_id, self.name = person_id, name
        self.view: LogView | None = None
        self._token = 0
        self.setWindowTitle(_("Involvement log: {name}").format(name=name))
        add_guide_key(self, NETWORK)
        self.heading = QLabel(_("What {name} took part in").format(name=name))
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.totals = CaptionedLabel(_("Totals"))
        self.totals.setWordWrap(True)
        self.table = list_table(_("Activities"), [_("Date"), _("What"), _("Hours"), _("Role"), _("Level")], 1)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.installEventFilter(TableKeys(self.table, {
            Qt.Key.Key_Insert: self.add, Qt.Key.Key_Delete: self.remove,
            Qt.Key.Key_Return: self.edit, Qt.Key.Key_Enter: self.edit}))
        self.add_button = button(_("&Add…"), _("Add activity"), _("Log something they took part in (Ins)"), self.add)
        self.edit_button = button(_("&Edit…"), _("Edit activity"), _("Change the chosen entry (Enter)"), self.edit)
        self.remove_button = button(_("&Remove…"), _("Remove activity"), _("Take the chosen entry out of the log "
                                                                          "(Del)"), self.remove)
        self.claims_heading = QLabel(_("Payments and expenses"))
        self.claims_heading.setObjectName("heading")
        self.claims = list_table(_("Claims"), [_("Date"), _("Kind"), _("For"), _("Amount"), _("Status")], 2)
        self.claim_button = button(_("Add &claim…"), _("Add claim"), _("Record an involvement payment or expenses "
                                                                       "claim"), self.add_claim)
        self.outcome = outcome_label()

        entries = QHBoxLayout()
        for made in (self.add_button, self.edit_button, self.remove_button):
            entries.addWidget(made)
        entries.addStretch(1)
        claim_row = QHBoxLayout()
        claim_row.addWidget(self.claim_button)
        claim_row.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(close_buttons(self.reject))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.totals)
        layout.addWidget(self.table, 3)
        layout.addLayout(entries)
        layout.addWidget(self.claims_heading)
        layout.addWidget(self.claims, 2)
        layout.addLayout(claim_row)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(self.fontMetrics().averageCharWidth() * 130, 1200, int(screen.width() * 0.95)),
                    min(640, int(screen.height() * 0.9)))
        self._update_buttons()
        self.refresh()

    # ----- reading

    def refresh(self) -> None:
        self._token += 1
        token = self._token

        def done(view: LogView) -> None:
            if token == self._token:
                self.view = view
                self._show()
                self.sig_shown.emit()

        self.tasks.run_in_session(self.store, read_log, self.person_id, on_success=while_alive(self, done),
                                  on_failure=while_alive(self, self._failed))

    def _show(self) -> None:
        view = self.view
        if view is None:
            return
        rows = []
        for a in view.activities:
            d = a.details
            what = f"{d.kind.label}: {d.title}"
            if a.from_register:
                what += " " + _("(from the register)")
            rows.append((a.id, [short_date(d.activity_date), what, describe_minutes(d.minutes), d.role,
                                d.level.label]))
        fill(self.table, rows)
        self.totals.setText(totals_words(view.totals))
        fill(self.claims, [(c.id, [short_date(c.details.claimed_on), kind_words(c.details.kind),
                                   c.activity_title or c.details.description, c.amount,
                                   status_words(c.status, c.exported_at is not None)]) for c in view.claims])
        if view.refused:
            self.outcome.setText(view.refused)
        self._update_buttons()

    def chosen(self) -> ActivityRecord | None:
        wanted = chosen_id(self.table)
        if self.view is None or wanted is None:
            return None
        return next((a for a in self.view.activities if a.id == wanted), None)

    def _update_buttons(self) -> None:
        record = self.chosen()
        open_to_new = self.view is not None and self.view.refused is None
        self.add_button.setEnabled(open_to_new)
        self.claim_button.setEnabled(open_to_new)
        self.edit_button.setEnabled(record is not None and open_to_new)
        self.remove_button.setEnabled(record is not None)

    # ----- changing

    def add(self) -> None:
        if self.add_button.isEnabled():
            self._open_form(None)

    def edit(self) -> None:
        record = self.chosen()
        if record is not None and self.edit_button.isEnabled():
            self._open_form(record)

    def _open_form(self, existing: ActivityRecord | None) -> None:
        from app.ui.involvement.activity_dialog import ActivityDialog

        dialog = ActivityDialog(self, store=self.store, tasks=self.tasks, person_id=self.person_id, name=self.name,
                                existing=existing)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        saved = dialog.saved
        dialog.deleteLater()
        if accepted and saved is not None:
            self._changed(_("Saved “{title}”.").format(title=saved.details.title) if existing else
                          _("Logged “{title}”.").format(title=saved.details.title))

    def remove(self) -> None:
        record = self.chosen()
        if record is None:
            return
        question = _("Take “{title}” on {date} out of {name}'s log?").format(
            title=record.details.title, date=short_date(record.details.activity_date), name=self.name)
        if record.from_register:
            question += "\n\n" + _("It came from the meeting's register; it comes back if they are marked present "
                                   "again.")
        box = QMessageBox(QMessageBox.Icon.Question, _("Remove activity"), question,
                          QMessageBox.StandardButton.Cancel, self)
        remove = box.addButton(_("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is not remove:
            return
        from app.store.activities import delete_activity

        self.tasks.run_in_session(
            self.store, delete_activity, record.id,
            on_success=while_alive(self, lambda _gone: self._changed(_("Removed “{title}” from the log.").format(
                title=record.details.title))),
            on_failure=while_alive(self, self._failed))

    def add_claim(self) -> None:
        if not self.claim_button.isEnabled() or self.view is None:
            return
        from app.ui.involvement.claim_dialog import ClaimDialog

        chosen = self.chosen()
        dialog = ClaimDialog(self, store=self.store, tasks=self.tasks, person_id=self.person_id, name=self.name,
                             activities=self.view.activities, chosen_activity=chosen.id if chosen else None)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        saved = dialog.saved
        dialog.deleteLater()
        if accepted and saved is not None:
            self._changed(_("Recorded a claim for {amount}.").format(amount=saved.amount))

    def _changed(self, message: str) -> None:
        self.outcome.setText(message)
        self.sig_message.emit(message)
        self.sig_changed.emit()
        self.refresh()

    def _failed(self, error: Exception) -> None:
        from app.store.errors import StoreError

        self.outcome.setText(str(error) if isinstance(error, StoreError) else _(
            "Involve could not finish that ({kind}); nothing was half-saved.").format(kind=type(error).__name__))
