"""A PPG meeting: who came (the practice's PPG members and any guests), and the issues the group raised.

Every tick, guest and issue is saved on the worker as soon as it is made, so closing the
window never loses anything. Issues are feedback from the group as a whole, never from a
named person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _, ngettext
from app.core.surveys import Survey, pick
from app.store import StoreError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import error_label
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import RECORD_FEEDBACK, add_guide_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.attendance import Guest, Register
    from app.store.events import EventRecord
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

LANGUAGE = "en"
TOPICS_QUESTION = "topics"
ISSUE_LINES = 3


@dataclass(frozen=True)
class _Meeting:
    register: Register
    practice: str  # the practice's name; "" when the meeting has none
    issues: list[tuple[str, str, tuple[str, ...]]]


def _read_meeting(session: Session, event_id: str, practice_id: str | None) -> _Meeting:
    """On the worker: the register, the practice's name ("" if it has none or it is gone) and the issues."""
    from app.store.attendance import group_issues, register
    from app.store.errors import NotFound
    from app.store.practices import get_practice

    practice = ""
    if practice_id:
        try:
            practice = get_practice(session, practice_id).name
        except NotFound:
            practice = ""
    return _Meeting(register(session, event_id), practice, group_issues(session, event_id))


def _bold(text: str, caption: str = "") -> QLabel:
    label = CaptionedLabel(caption, text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _hint(text: str, caption: str = "") -> QLabel:
    label = CaptionedLabel(caption, text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class MeetingDialog(QDialog):
    """Attendance and issues for one PPG meeting."""

    def __init__(self, parent: QWidget | None, *, record: EventRecord, store: Store, tasks: TaskPool,
                 topics_survey: Survey | None) -> None:
        super().__init__(parent)
        self.record, self.store, self.tasks = record, store, tasks
        self.topics_survey = topics_survey
        self.wants_practice = False  # closed to set the meeting's GP practice
        self.issues_added = 0
        self.members: dict[str, QCheckBox] = {}
        self.guests: list[Guest] = []
        self.busy = 0
        self.setWindowTitle(_("Attendance and issues: {event}").format(event=record.name))
        add_guide_key(self, RECORD_FEEDBACK)
        options = _topic_options(topics_survey)

        # --- attendance
        self.practice_label = _hint(_("Reading the register…"), _("Whose PPG"))
        self.no_practice = QLabel(_("This meeting has no GP practice set, so there is no list of members to tick. "
                                    "Guests can still be added."))
        self.no_practice.setObjectName("banner")
        self.no_practice.setWordWrap(True)
        self.no_practice.hide()
        self.set_practice_button = QPushButton(_("Set the &GP practice…"))
        self.set_practice_button.setAccessibleName(_("Set the GP practice"))
        self.set_practice_button.setToolTip(_("Close this and choose the practice in the event's details"))
        self.set_practice_button.clicked.connect(self._ask_for_practice)
        self.set_practice_button.hide()
        self.member_box = QWidget()
        self.member_column = QVBoxLayout(self.member_box)
        self.member_column.setContentsMargins(4, 4, 4, 4)
        self.member_column.setSpacing(2)
        self.member_column.addStretch(1)
        self.member_box.setObjectName("members")
        self.member_box.setStyleSheet("QWidget#members { background: #ffffff; }")
        members_scroll = QScrollArea()
        members_scroll.setWidgetResizable(True)
        members_scroll.setWidget(self.member_box)
        members_scroll.setMinimumHeight(120)
        members_scroll.setAccessibleName(_("PPG members"))
        self.present_count = _bold("", _("Present"))
        self.guest_name = QLineEdit()
        self.guest_name.setAccessibleName(_("Guest's name"))
        self.guest_name.setPlaceholderText(_("Guest's name"))
        self.guest_name.setMaxLength(200)
        self.guest_name.returnPressed.connect(self.add_guest)
        guest_label = QLabel(_("G&uest"))
        guest_label.setBuddy(self.guest_name)
        self.add_guest_button = QPushButton(_("Add guest"))
        self.add_guest_button.clicked.connect(self.add_guest)
        self.guest_list = QListWidget()
        self.guest_list.setAccessibleName(_("Guests"))
        self.guest_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        self.remove_guest_button = QPushButton(_("Remove guest"))
        self.remove_guest_button.setToolTip(_("Take the chosen guest off the register (Delete)"))
        self.remove_guest_button.clicked.connect(self.remove_guest)
        self.remove_guest_button.setEnabled(False)
        self.guest_list.currentRowChanged.connect(lambda row: self.remove_guest_button.setEnabled(row >= 0))
        QShortcut(QKeySequence.StandardKey.Delete, self.guest_list,
                  context=Qt.ShortcutContext.WidgetShortcut).activated.connect(self.remove_guest)
        self.attendance_error = error_label(_("Problem with the register"))

        attendance = QFrame()
        attendance.setObjectName("card")
        a = QVBoxLayout(attendance)
        a.addWidget(_bold(_("Who came")))
        a.addWidget(self.practice_label)
        a.addWidget(self.no_practice)
        a.addWidget(self.set_practice_button, 0, Qt.AlignmentFlag.AlignLeft)
        a.addWidget(members_scroll, 1)
        a.addWidget(self.present_count)
        guest_row = QHBoxLayout()
        guest_row.addWidget(guest_label)
        guest_row.addWidget(self.guest_name, 1)
        guest_row.addWidget(self.add_guest_button)
        a.addLayout(guest_row)
        a.addWidget(self.guest_list)
        a.addWidget(self.remove_guest_button, 0, Qt.AlignmentFlag.AlignRight)
        a.addWidget(self.attendance_error)

        # --- issues
        self.issue_list = QListWidget()
        self.issue_list.setAccessibleName(_("Issues raised"))
        self.issue_list.setWordWrap(True)
        self.issue_list.setAlternatingRowColors(True)
        self.issue_text = QPlainTextEdit()
        self.issue_text.setAccessibleName(_("Issue"))
        self.issue_text.setPlaceholderText(_("What the group raised, in a sentence or two, without naming anyone"))
        self.issue_text.setTabChangesFocus(True)
        self.issue_text.setFixedHeight(self.issue_text.fontMetrics().lineSpacing() * ISSUE_LINES + 16)
        issue_label = QLabel(_("&Issue"))
        issue_label.setBuddy(self.issue_text)
        self.topic_boxes: dict[str, QCheckBox] = {}
        topics = QWidget()
        grid = QGridLayout(topics)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for n, (value, text) in enumerate(options.items()):
            box = QCheckBox(text)
            self.topic_boxes[value] = box
            grid.addWidget(box, n // 2, n % 2)
        self.add_issue_button = QPushButton(_("&Add issue"))
        self.add_issue_button.setAccessibleName(_("Add issue"))
        self.add_issue_button.setToolTip(_("Save this issue (Ctrl+Enter)"))
        self.add_issue_button.clicked.connect(self.add_issue)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.add_issue)
        self.issue_error = error_label(_("Problem with the issue"))

        issues = QFrame()
        issues.setObjectName("card")
        i = QVBoxLayout(issues)
        i.addWidget(_bold(_("Issues raised by the group")))
        i.addWidget(_hint(_("Saved as feedback from the group as a whole, not from any one person.")))
        i.addWidget(self.issue_list, 1)
        i.addWidget(issue_label)
        i.addWidget(self.issue_text)
        if options:
            i.addWidget(QLabel(_("What it is about:")))
            i.addWidget(topics)
        i.addWidget(self.issue_error)
        i.addWidget(self.add_issue_button, 0, Qt.AlignmentFlag.AlignRight)

        body = QHBoxLayout()
        body.addWidget(attendance, 1)
        body.addWidget(issues, 1)
        buttons = QDialogButtonBox()
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setToolTip(_("Everything is saved as you go"))
        close.clicked.connect(self.reject)
        for button in (self.add_guest_button, self.remove_guest_button, self.add_issue_button,
                       self.set_practice_button, close):
            button.setAutoDefault(False)
        saved_note = _hint(_("Every tick, guest and issue is saved as soon as it is made."))
        bottom = QHBoxLayout()
        bottom.addWidget(saved_note, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(1000, int(screen.width() * 0.92)), min(700, int(screen.height() * 0.9)))
        self._topic_words = options
        self._load()

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None] | None = None,
             failed: Callable[[Exception], None] | None = None) -> None:
        """Store work on the worker; its answer is dropped if this window has been closed meanwhile."""
        self.tasks.run(work, while_alive(self, done), while_alive(self, failed))

    def _run_in_session(self, read_or_write: Callable[..., Any], *args: Any,
                        done: Callable[[Any], None] | None = None,
                        failed: Callable[[Exception], None] | None = None) -> None:
        """``read_or_write(session, *args)`` in one store session; its answer is dropped if this window has closed."""
        self.tasks.run_in_session(self.store, read_or_write, *args,
                                  on_success=while_alive(self, done), on_failure=while_alive(self, failed))

    # ----- reading

    def _load(self) -> None:
        self._run_in_session(_read_meeting, self.record.id, self.record.details.practice_id, done=self._show,
                             failed=lambda error: self._problem(self.attendance_error, error))

    def _show(self, meeting: _Meeting) -> None:
        register = meeting.register
        if not meeting.practice:
            self.practice_label.hide()
            self.no_practice.show()
            self.set_practice_button.show()
        else:
            self.practice_label.setText(_("Members of {practice}'s Patient Participation Group. Tick each one who "
                                          "came.").format(practice=meeting.practice))
            if not register.members:
                self.member_column.insertWidget(0, _hint(_("Nobody has joined this practice's PPG yet.")))
        for line in register.members:
            box = QCheckBox(line.member.name.replace("&", "&&"))  # "&" in a name is not a shortcut
            box.setAccessibleName(line.member.name)
            box.setChecked(line.present)
            box.setToolTip(line.member.contact_line)
            box.toggled.connect(lambda checked, person_id=line.member.id: self._set_present(person_id, checked))
            self.member_column.insertWidget(self.member_column.count() - 1, box)
            box.show()  # at once, not at the layout's next pass: the register is complete when it appears
            self.members[line.member.id] = box
        self.guests = list(register.guests)
        self._show_guests()
        for issue_id, text, topics in meeting.issues:
            self._list_issue(issue_id, text, topics)
        self._count()

    def _count(self) -> None:
        members = sum(box.isChecked() for box in self.members.values())
        guests = len(self.guests)
        total = members + guests
        text = ngettext("{n} person present", "{n} people present", total).format(n=total)
        of_members = ngettext("{members} of {all} member", "{members} of {all} members", len(self.members)).format(
            members=members, all=len(self.members))
        and_guests = ngettext("{n} guest", "{n} guests", guests).format(n=guests)
        self.present_count.setText(_("{present}: {members} and {guests}").format(
            present=text, members=of_members, guests=and_guests))

    # ----- attendance

    def _set_present(self, person_id: str, present: bool) -> None:
        from app.store.attendance import set_present

        self.attendance_error.hide()

        def failed(error: Exception) -> None:
            box = self.members[person_id]
            box.blockSignals(True)
            box.setChecked(not present)  # shows what is stored
            box.blockSignals(False)
            self._count()
            self._problem(self.attendance_error, error)

        self._count()
        self._run_in_session(set_present, self.store.device_id, self.record.id, person_id, present, failed=failed)

    def add_guest(self) -> None:
        if not self.add_guest_button.isEnabled():  # Enter pressed again while the last one saves
            return
        name = " ".join(self.guest_name.text().split())
        self.attendance_error.hide()
        if not name:
            self.attendance_error.setText(_("Type the guest's name."))
            self.attendance_error.show()
            self.guest_name.setFocus()
            return
        from app.store.attendance import add_guest

        self.add_guest_button.setEnabled(False)

        def done(guest: Guest) -> None:
            self.add_guest_button.setEnabled(True)
            self.guests.append(guest)
            self._show_guests()
            self.guest_name.clear()
            self.guest_name.setFocus()
            self._count()

        def failed(error: Exception) -> None:
            self.add_guest_button.setEnabled(True)
            self._problem(self.attendance_error, error)

        self._run_in_session(add_guest, self.store.device_id, self.record.id, name, done=done, failed=failed)

    def remove_guest(self) -> None:
        row = self.guest_list.currentRow()
        if not 0 <= row < len(self.guests):
            return
        guest = self.guests[row]
        store = self.store

        def work() -> None:
            from app.store.attendance import remove_guest

            with store.session() as session:
                remove_guest(session, guest.id)
            store.flush_log()  # the name removed must not wait in the write-ahead log

        def done(_none: None) -> None:
            self.guests = [g for g in self.guests if g.id != guest.id]
            self._show_guests()
            self._count()

        self._run(work, done, lambda error: self._problem(self.attendance_error, error))

    def _show_guests(self) -> None:
        self.guest_list.clear()
        for guest in self.guests:
            self.guest_list.addItem(guest.name)
        self.guest_list.setVisible(bool(self.guests))
        self.remove_guest_button.setVisible(bool(self.guests))

    def _ask_for_practice(self) -> None:
        self.wants_practice = True
        self.accept()

    # ----- issues

    def add_issue(self) -> None:
        if not self.add_issue_button.isEnabled():  # Ctrl+Return pressed again while the last one saves
            return
        text = self.issue_text.toPlainText().strip()
        self.issue_error.hide()
        if not text:
            self.issue_error.setText(_("Type the issue the group raised."))
            self.issue_error.show()
            self.issue_text.setFocus()
            return
        topics = [value for value, box in self.topic_boxes.items() if box.isChecked()]
        from app.store.attendance import record_group_issue

        self.add_issue_button.setEnabled(False)

        def done(issue_id: str) -> None:
            self.add_issue_button.setEnabled(True)
            self.issues_added += 1
            self._list_issue(issue_id, text, tuple(topics))
            self.issue_text.clear()
            for box in self.topic_boxes.values():
                box.setChecked(False)
            self.issue_text.setFocus()

        def failed(error: Exception) -> None:
            self.add_issue_button.setEnabled(True)
            self._problem(self.issue_error, error)

        self._run_in_session(record_group_issue, self.store.device_id, self.record.id, text, topics,
                             self.topics_survey if topics else None, done=done, failed=failed)

    def _list_issue(self, issue_id: str, text: str, topics: tuple[str, ...]) -> None:
        about = ", ".join(self._topic_words.get(t, t) for t in topics)
        item = QListWidgetItem(f"{text}\n{_('About: {topics}').format(topics=about)}" if about else text)
        item.setData(Qt.ItemDataRole.UserRole, issue_id)
        self.issue_list.addItem(item)
        self.issue_list.scrollToItem(item)

    # ----- problems

    def _problem(self, label: QLabel, error: Exception) -> None:
        if isinstance(error, StoreError | ValueError):
            message = str(error)
        else:
            message = _("That was not saved ({kind}). Try again.").format(kind=type(error).__name__)
        label.setText(message)
        label.show()

    def member_names(self) -> list[str]:
        return [box.text() for box in self.members.values()]


def _topic_options(survey: Survey | None) -> dict[str, str]:
    """The topics an issue can be about, from the topics survey on this laptop (value -> words)."""
    if survey is None:
        return {}
    question = next((q for q in survey.questions if q.id == TOPICS_QUESTION), None)
    if question is None:
        return {}
    return {option.value: pick(option.text, LANGUAGE) for option in question.options}
