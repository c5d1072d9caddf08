"""The same person signed up twice: caught when staff sign someone up, or merged afterwards.

Staff sign someone up at an event on their behalf. The check for people already signed up
and the save happen in one piece of worker work: if nobody matches, the sign-up is saved at
once; if someone does, nothing is saved until staff choose to add it to that person's record
(one transaction: saved, then merged) or to keep it as a different person. Two records found
later in the People window are compared side by side in ``MergeDialog``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.contact import display_phone
from app.core.i18n import _
from app.core.signups import ConsentMethod, PersonStatus, SignupDetails
from app.core.validation import ValidationError
from app.store import StoreError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import action_buttons, error_label
from app.ui.common.user_guide import PEOPLE, add_guide_key
from app.ui.people.practices_dialog import add_practice_in_place
from app.ui.people.signup_form import (
    SignupForm,
    bold,
    form_scroll_area,
    interests_text,
    match_text,
    short_date,
    status_label,
)

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from sqlalchemy.orm import Session

    from app.core.privacy import RenderedNotice
    from app.store.people import ConsentGiven, PersonRecord
    from app.store.practices import PracticeRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

    # What the worker's check found: the person saved, or the people they may already be.
    _Checked = tuple[Literal["saved"], PersonRecord] | tuple[Literal["duplicates"], list[PersonRecord]]

log = logging.getLogger(__name__)


def _save_unless_duplicated(session: Session, device_id: str, details: SignupDetails, consent: ConsentGiven, *,
                            event_id: str | None) -> tuple[str, object]:
    """On the worker: ("duplicates", the people found) if someone matches, else ("saved", the new person).

    The check and the save are one transaction, so nobody can be saved twice in between.
    """
    from app.store.people import find_duplicates, save_signup

    found = find_duplicates(session, details.keys())
    if found:
        return "duplicates", found
    return "saved", save_signup(session, device_id, details, consent, event_id=event_id)


def _save_and_merge(session: Session, device_id: str, details: SignupDetails, consent: ConsentGiven, keep_id: str, *,
                    event_id: str | None) -> PersonRecord:
    """On the worker: save the sign-up, then fold it into the person ``keep_id``: both or neither."""
    from app.store.people import merge_people, save_signup

    new = save_signup(session, device_id, details, consent, event_id=event_id)
    return merge_people(session, keep_id, new.id)


def duplicate_line(new: SignupDetails, existing: PersonRecord) -> str:
    """"Ann Smith, ann@example.com, signed up 3 Oct 2026 — same email"."""
    from app.store.people import matching_keys

    text = _("{who}, signed up {when}").format(who=who_text(existing.details), when=short_date(existing.created_at))
    if existing.status is PersonStatus.WITHDRAWN and existing.withdrawn_at is not None:
        text += _(" (withdrew consent {when})").format(when=short_date(existing.withdrawn_at))
    same = match_text(matching_keys(new, existing.details))
    return f"{text} — {same}" if same else text


def who_text(details: SignupDetails) -> str:
    """"Ann Smith, ann@example.com, 07911 123456, ME14 1XX": who a sign-up is, in one line."""
    parts = (details.name, details.email, display_phone(details.phone), details.postcode)
    return ", ".join(p for p in parts if p)


class SignupDialog(QDialog):
    """The sign-up form for one person at one event, saved with consent given to staff."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool, event_id: str,
                 event_name: str, practices: Sequence[PracticeRecord], notice: RenderedNotice) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.event_id = event_id
        self.notice = notice
        self.saving = False
        self.details: SignupDetails | None = None
        self.saved: PersonRecord | None = None
        self.message = ""
        self.setWindowTitle(_("Sign someone up: {event}").format(event=event_name))
        add_guide_key(self, PEOPLE)

        self.form = SignupForm(practices, notice)
        self.form.arranged_by_owner = True
        self.form.sig_add_practice.connect(lambda: add_practice_in_place(self, self.form, store=store, tasks=tasks))
        self.scroll_area = form_scroll_area(self.form)
        note = QLabel(_("Fill this in with the person, or as they tell you. Read the privacy notice with "
                        "them before ticking that they agree."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.problem = error_label(_("Problem saving the sign-up"))
        buttons, self.save_button, self.cancel_button = action_buttons(_("Save sign-up"), self.save, self.reject)
        self.save_button.setToolTip(_("Save this sign-up (Ctrl+S)"))
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)

        form_page = QWidget()
        form_column = QVBoxLayout(form_page)
        form_column.setContentsMargins(0, 0, 0, 0)
        form_column.addWidget(note)
        form_column.addWidget(self.scroll_area, 1)
        form_column.addWidget(self.problem)
        form_column.addWidget(buttons)

        self.duplicates_page = QWidget()
        self.duplicates_column = QVBoxLayout(self.duplicates_page)
        self.duplicates_column.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        self.pages.addWidget(form_page)
        self.pages.addWidget(self.duplicates_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self._size_to_screen()
        self.form.name.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.form.arrange(self.scroll_area.viewport().width())

    def _size_to_screen(self) -> None:
        width = min(self.fontMetrics().averageCharWidth() * 140, 1100)
        self.setMinimumWidth(min(width, 600))
        wanted = self.form.sizeHint().height() + 160
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(min(width, int(screen.width() * 0.95)), max(420, min(wanted, int(screen.height() * 0.9))))

    # ----- saving

    def save(self) -> None:
        """Check the form; look for the same person on the worker, and save if nobody matches."""
        if self.saving or self.pages.currentIndex() != 0:
            return
        self.problem.hide()
        details = self.form.check()
        if details is None:
            focused = self.form.focusWidget()
            if focused is not None:
                self.scroll_area.ensureWidgetVisible(focused)
            return
        self.details = details
        self._run(_save_unless_duplicated, details, self._consent(), on_success=self._checked)

    def _consent(self) -> ConsentGiven:
        from app.store.people import ConsentGiven

        return ConsentGiven(self.notice.id, self.notice.version, ConsentMethod.STAFF, event_id=self.event_id)

    def _checked(self, outcome: _Checked) -> None:
        if outcome[0] == "saved":
            record = outcome[1]
            self._finish(record, _("Signed up {name}.").format(name=record.name))
        else:
            self._show_duplicates(outcome[1])

    def add_to(self, existing: PersonRecord) -> None:
        """Save the sign-up with its own consent, then fold it into ``existing``: both or neither."""
        if self.saving or self.details is None:
            return
        self._run(_save_and_merge, self.details, self._consent(), existing.id,
                  on_success=lambda kept: self._finish(kept, _("Added this sign-up to {name}'s record.").format(
                      name=kept.name)))

    def save_as_new(self) -> None:
        """Keep the sign-up as a person of its own, though someone similar is on the list."""
        if self.saving or self.details is None:
            return
        from app.store.people import save_signup

        self._run(save_signup, self.details, self._consent(),
                  on_success=lambda record: self._finish(record, _("Signed up {name}.").format(name=record.name)))

    def _run(self, write: Callable[..., Any], details: SignupDetails, consent: ConsentGiven, *args: Any,
             on_success: Callable[[Any], None]) -> None:
        """``write(session, device_id, details, consent, *args, event_id=...)`` in one store session."""
        self._set_saving(True)

        def done(result: object) -> None:
            self._set_saving(False)
            on_success(result)

        self.tasks.run_in_session(self.store, write, self.store.device_id, details, consent, *args,
                                  event_id=self.event_id, on_success=done, on_failure=self._not_saved)

    def _finish(self, record: PersonRecord, message: str) -> None:
        self.saved = record
        self.message = message
        self.accept()

    def _not_saved(self, error: Exception) -> None:
        self._set_saving(False)
        if isinstance(error, ValidationError):
            self.go_back()
            self.form.show_errors(error.errors)
            return
        reason = str(error) if isinstance(error, StoreError) else type(error).__name__
        text = _("The sign-up has not been saved ({reason}). Everything typed is still here: try again.").format(
            reason=reason)
        if self.pages.currentIndex() == 1:
            self.duplicates_problem.setText(text)
            self.duplicates_problem.show()
        else:
            self.problem.setText(text)
            self.problem.show()

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setText(_("Saving…") if saving else _("Save sign-up"))
        for button in [self.save_button, self.cancel_button, *self.duplicates_page.findChildren(QPushButton)]:
            button.setEnabled(not saving)

    # ----- people who may be the same

    def _show_duplicates(self, found: list[PersonRecord]) -> None:
        assert self.details is not None
        self._clear_duplicates()
        column = self.duplicates_column
        title = bold(QLabel(_("This looks like someone already signed up")), 1.2)
        title.setWordWrap(True)
        if any(r.status is not PersonStatus.WITHDRAWN for r in found):
            intro = QLabel(_(
                "Nothing has been saved yet. If it is the same person, add this sign-up to their record: their "
                "name and contact details stay as they are, the new interests and any missing details are "
                "added, and this consent is kept on their record. If it is someone else, save it as a "
                "different person."))
        else:
            intro = QLabel(_(
                "Nothing has been saved yet. This person withdrew their consent before. If they now want to "
                "hear from us again, save this sign-up as a new record; the old withdrawal stays as it is."))
        intro.setWordWrap(True)
        this = CaptionedLabel(_("This sign-up"), _("This sign-up: {who}").format(who=who_text(self.details)))
        this.setWordWrap(True)
        column.addWidget(title)
        column.addWidget(this)
        column.addWidget(intro)
        column.addSpacing(6)
        first: QPushButton | None = None
        for record in found:
            card = QFrame()
            card.setObjectName("card")
            row = QHBoxLayout(card)
            line = CaptionedLabel(_("Already signed up"), duplicate_line(self.details, record))
            line.setWordWrap(True)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row.addWidget(line, 1)
            if record.status is PersonStatus.WITHDRAWN:
                why = QLabel(_("They withdrew their consent, so this sign-up cannot join that record; "
                               "save it as a different person if they want to hear from us again."))
                why.setObjectName("hint")
                why.setWordWrap(True)
                row.addWidget(why, 1)
            else:
                # A name with "&" must not become a keyboard shortcut.
                add = QPushButton(_("Add to {name}'s record").format(name=record.name.replace("&", "&&")))
                add.setAccessibleName(_("Add to {name}'s record").format(name=record.name))
                add.setObjectName("primary")
                add.clicked.connect(lambda _checked=False, r=record: self.add_to(r))
                row.addWidget(add, 0, Qt.AlignmentFlag.AlignTop)
                first = first or add
            column.addWidget(card)
        self.duplicates_problem = error_label(_("Problem saving the sign-up"))
        column.addWidget(self.duplicates_problem)
        column.addStretch(1)
        back = QPushButton(_("Go back"))
        back.setToolTip(_("Back to the form to change something (Esc)"))
        back.clicked.connect(self.go_back)
        different = QPushButton(_("Save as a different person"))
        different.clicked.connect(self.save_as_new)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(different)
        column.addLayout(buttons)
        self.pages.setCurrentIndex(1)
        (first or different).setFocus()

    def _clear_duplicates(self) -> None:
        _delete_layout(self.duplicates_column)

    def go_back(self) -> None:
        if self.saving:
            return
        self.pages.setCurrentIndex(0)
        self.form.name.setFocus()

    def reject(self) -> None:
        """Esc or Cancel: back to the form from the list of matches; otherwise close, asking first."""
        if self.saving:
            return
        if self.pages.currentIndex() == 1:
            self.go_back()
            return
        if self.form.has_input():
            box = QMessageBox(QMessageBox.Icon.Question, _("Discard this sign-up?"),
                              _("The details on this form have not been saved."), parent=self)
            discard = box.addButton(_("Discard sign-up"), QMessageBox.ButtonRole.DestructiveRole)
            keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is not discard:
                return
        super().reject()


def _delete_layout(layout: QLayout) -> None:
    """Empty ``layout``; its widgets are hidden at once, as deleting them waits for the event loop."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:  # not while count() is above 0
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            _delete_layout(inner)
            inner.deleteLater()


class MergeDialog(QDialog):
    """Choose the other record of the same person, compare the two, and choose which to keep."""

    FIELDS = (_("Name"), _("Email"), _("Phone"), _("Postcode"), _("Wants to"), _("GP practice"),
              _("Contact by"), _("Access needs"), _("Status"), _("Signed up"))

    def __init__(self, parent: QWidget, current: PersonRecord, others: Sequence[PersonRecord],
                 practices: dict[str, str]) -> None:
        super().__init__(parent)
        self.current, self.others, self.practices = current, list(others), practices
        self.keep: PersonRecord | None = None
        self.other: PersonRecord | None = None
        self.setWindowTitle(_("Merge two records of the same person"))
        add_guide_key(self, PEOPLE)
        intro = QLabel(_(
            "Choose the other record of {name} from the people found. The record you keep keeps its name and "
            "how to contact them; details it lacks are filled from the other, interests are combined, and "
            "every consent is kept. The other record is emptied.").format(name=current.name))
        intro.setWordWrap(True)
        self.choices = QTableWidget(len(self.others), 1)
        self.choices.setAccessibleName(_("The other record"))
        self.choices.horizontalHeader().hide()
        self.choices.verticalHeader().hide()
        self.choices.horizontalHeader().setStretchLastSection(True)
        self.choices.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.choices.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.choices.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, record in enumerate(self.others):
            text = " · ".join(p for p in (record.name, record.contact_line, record.details.postcode) if p)
            self.choices.setItem(row, 0, QTableWidgetItem(text))
        self.choices.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        self.choices.itemSelectionChanged.connect(self._compare)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.keep_first = QRadioButton(_("Keep this record"))
        self.keep_first.setAccessibleName(_("Keep this record, the one on the left"))
        self.keep_first.setChecked(True)
        self.keep_second = QRadioButton(_("Keep this record"))
        self.keep_second.setAccessibleName(_("Keep this record, the one on the right"))
        grid.addWidget(self.keep_first, 0, 1)
        grid.addWidget(self.keep_second, 0, 2)
        self.cells: list[tuple[QLabel, QLabel]] = []
        for row, name in enumerate(self.FIELDS, start=1):
            heading = QLabel(name)
            heading.setObjectName("fieldLabel")
            pair = (CaptionedLabel(_("{field}, {side}").format(field=name, side=_("left"))),
                    CaptionedLabel(_("{field}, {side}").format(field=name, side=_("right"))))
            for column, cell in enumerate(pair, start=1):
                cell.setWordWrap(True)
                grid.addWidget(cell, row, column)
            grid.addWidget(heading, row, 0, Qt.AlignmentFlag.AlignTop)
            self.cells.append(pair)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        comparison = QFrame()
        comparison.setObjectName("card")
        comparison.setLayout(grid)

        buttons, self.merge_button, _cancel = action_buttons(_("Merge"), self._merge, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.choices)
        layout.addWidget(comparison, 1)
        layout.addWidget(buttons)
        self.resize(min(self.fontMetrics().averageCharWidth() * 110, 1000), 560)
        if self.others:
            self.choices.selectRow(0)
        self._compare()

    def chosen(self) -> PersonRecord | None:
        rows = self.choices.selectionModel().selectedRows()
        return self.others[rows[0].row()] if rows else None

    def _texts(self, record: PersonRecord | None) -> list[str]:
        if record is None:
            return [""] * len(self.FIELDS)
        d = record.details
        return [d.name, d.email, display_phone(d.phone), d.postcode, interests_text(record),
                self.practices.get(d.practice_id or "", ""),
                _("Not to be contacted") if record.status is PersonStatus.WITHDRAWN else d.contact_method.label,
                d.access_needs,
                status_label(record.status), short_date(record.created_at)]

    def _compare(self) -> None:
        other = self.chosen()
        for (left, right), a, b in zip(self.cells, self._texts(self.current), self._texts(other), strict=True):
            left.setText(a or "—")
            right.setText(b or "—")
        self.merge_button.setEnabled(other is not None)

    def _merge(self) -> None:
        other = self.chosen()
        if other is None:
            return
        first = self.keep_first.isChecked()
        self.keep, self.other = (self.current, other) if first else (other, self.current)
        self.accept()
