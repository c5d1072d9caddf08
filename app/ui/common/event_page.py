"""One event's page: its details and what can be done with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QFont, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.events import describe_when
from app.core.i18n import _
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dashboard import FeedbackDashboard
from app.ui.common.flow_layout import FlowLayout

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from app.store.dashboard_counts import DashboardCounts
    from app.store.events import EventRecord
    from app.store.responses import EventFeedbackCounts

COUNTS_EVERY_MS = 5000


class EventPage(QWidget):
    sig_back = Signal()
    """The person wants the list of events again."""
    sig_edit = Signal(str)
    """Edit the details of this event (its id)."""
    sig_set_archived = Signal(str, bool)
    """Archive (True) or restore (False) this event."""
    sig_start_kiosk = Signal(str)
    """Hand the laptop to the public: the kiosk for this event (its id)."""
    sig_record_feedback = Signal(str)
    """Staff want to type in feedback someone gave them for this event (its id)."""
    sig_responses = Signal(str)
    """Staff want to see, correct or delete the event's responses (its id)."""
    sig_counts_wanted = Signal()
    """The feedback counts on show should be read again (the page appeared, or time passed)."""
    sig_sign_up = Signal(str)
    """Staff want to sign someone up at this event (its id)."""
    sig_print_sheets = Signal(str)
    """Print sign-up sheets, feedback cards or a register for this event (its id)."""
    sig_type_in_paper = Signal(str)
    """Type in the paper sheets and cards collected at this event (its id)."""
    sig_meeting = Signal(str)
    """Take the attendance and note the issues raised at this PPG meeting (its id)."""
    sig_export = Signal(str)
    """Save this event's responses and sign-ups as a spreadsheet (its id)."""
    sig_report = Signal(str)
    """Make this event's report, to look at, print or save as a PDF (its id)."""
    sig_actions = Signal(str)
    """The "you said, we did" actions agreed for this event (its id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: EventRecord | None = None
        self.survey_titles: dict[str, str] = {}

        self.back_button = QPushButton(_("← All events"))
        self.back_button.setObjectName("link")
        self.back_button.setAccessibleName(_("Back to all events"))
        self.back_button.setToolTip(_("Back to all events (Esc)"))
        self.back_button.clicked.connect(self.sig_back)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.sig_back.emit)
        QShortcut(QKeySequence.StandardKey.Back, self).activated.connect(self.sig_back.emit)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        self.archived_banner = QLabel(_("This event is archived. Restore it to work with it again."))
        self.archived_banner.setObjectName("banner")
        self.archived_banner.setWordWrap(True)

        self.edit_button = QPushButton(_("Edit details…"))
        self.edit_button.setAccessibleName(_("Edit details"))
        self.edit_button.setToolTip(_("Change the name, date, place or notes (Ctrl+E)"))
        self.edit_button.clicked.connect(self._edit)
        QShortcut(QKeySequence("Ctrl+E"), self).activated.connect(self._edit)
        self.archive_button = QPushButton()
        self.archive_button.clicked.connect(self._toggle_archive)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setAccessibleName(_("Export"))
        self.export_button.setToolTip(_("Save this event's responses and sign-ups as a spreadsheet (Excel or CSV)"))
        self.export_button.clicked.connect(lambda: self.record is not None and self.sig_export.emit(self.record.id))
        self.report_button = QPushButton(_("Report…"))
        self.report_button.setAccessibleName(_("Report"))
        self.report_button.setToolTip(_("This event's report, with the FFT results, charts, comments and actions, "
                                        "to look at, print or save as a PDF (Ctrl+Shift+R)"))
        self.report_button.clicked.connect(self._report)
        # Ctrl+R is Refresh on some systems, so the report takes Ctrl+Shift+R.
        QShortcut(QKeySequence("Ctrl+Shift+R"), self).activated.connect(self._report)
        self.actions_button = QPushButton(_("Actions…"))
        self.actions_button.setAccessibleName(_("Actions"))
        self.actions_button.setToolTip(_("'You said, we did': what was agreed and done"))
        self.actions_button.clicked.connect(lambda: self.record is not None and self.sig_actions.emit(self.record.id))

        self._values: dict[str, QLabel] = {}
        details = QFormLayout()
        details.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        details.setHorizontalSpacing(18)
        details.setVerticalSpacing(10)
        for key, text in (
            ("venue", _("Venue")), ("locality", _("Locality")), ("organiser", _("Organising team")),
            ("partners", _("Partner organisations")), ("service", _("Service (for the FFT return)")),
            ("notes", _("Notes")),
            ("survey_ids", _("Feedback surveys")),
        ):
            value = CaptionedLabel(text)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            heading = QLabel(text)
            heading.setObjectName("fieldLabel")
            details.addRow(heading, value)
            self._values[key] = value
        card = QFrame()
        card.setObjectName("card")
        card.setLayout(details)

        self.feedback = FeedbackPanel()
        self.feedback.record_button.clicked.connect(self._record_feedback)
        self.feedback.kiosk_button.clicked.connect(self._start_kiosk)
        self.feedback.responses_button.clicked.connect(self._responses)
        self.people = PeoplePanel()
        self.people.signup_button.clicked.connect(lambda: self._emit_for_event(self.sig_sign_up))
        self.people.print_button.clicked.connect(lambda: self._emit_for_event(self.sig_print_sheets))
        self.people.paper_button.clicked.connect(lambda: self._emit_for_event(self.sig_type_in_paper))
        self.people.meeting_button.clicked.connect(lambda: self._emit_for_event(self.sig_meeting))
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(COUNTS_EVERY_MS)
        self._counts_timer.timeout.connect(self.sig_counts_wanted)

        actions = FlowLayout()  # wraps rather than cut a button off at large text sizes
        for button in (self.edit_button, self.archive_button, self.export_button, self.report_button,
                       self.actions_button):
            actions.addWidget(button)

        # The page scrolls rather than squeeze its text when the window is short or the text large.
        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)  # after setWidget, which turns it on
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.archived_banner)
        layout.addLayout(actions)
        layout.addWidget(self.feedback)
        layout.addWidget(self.people)
        layout.addWidget(card)
        layout.addStretch(1)

    def show_record(self, record: EventRecord) -> None:
        if self.record is None or self.record.id != record.id:
            self.feedback.clear_counts()
            self.people.clear_counts()
        self.record = record
        d = record.details
        self.title.setText(d.name)
        self.subtitle.setText(f"{d.kind.label} · {describe_when(d)}")
        not_given = _("Not given")
        for key, label in self._values.items():
            if key == "survey_ids":
                text = ", ".join(self.survey_titles.get(sid, sid) for sid in d.survey_ids)
            else:
                text = getattr(d, key)
            label.setText(text or not_given)
            label.setProperty("empty", not text)
            label.style().unpolish(label)
            label.style().polish(label)
        self.archived_banner.setVisible(record.archived)
        self.edit_button.setEnabled(not record.archived)
        self.feedback.record_button.setEnabled(not record.archived)
        self.feedback.kiosk_button.setEnabled(not record.archived)
        self.people.show_event(record)
        if record.archived:
            self.archive_button.setText(_("Restore event"))
            self.archive_button.setToolTip(_("Put this event back on the list of current events"))
        else:
            self.archive_button.setText(_("Archive event"))
            self.archive_button.setToolTip(_("Take this event off the list; nothing is deleted"))
        self.archive_button.setAccessibleName(self.archive_button.text())

    def set_survey_titles(self, titles: dict[str, str]) -> None:
        """The names to show for survey ids."""
        self.survey_titles = dict(titles)
        if self.record is not None:
            self.show_record(self.record)

    def show_counts(self, counts: DashboardCounts | EventFeedbackCounts) -> None:
        """The live dashboard: the FFT figures and, with ``DashboardCounts``, the topics too."""
        self.feedback.show_counts(counts)

    def set_answer_labels(self, fft_labels: dict[str, str], topic_labels: dict[str, str]) -> None:
        """The words the dashboard's charts use for answer values (from the surveys on this laptop)."""
        self.feedback.dashboard.set_labels(fft_labels, topic_labels)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._counts_timer.start()
        self.sig_counts_wanted.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._counts_timer.stop()

    def show_signup_counts(self, counts: dict[str, int]) -> None:
        """Sign-ups made at this event so far, by how consent was given."""
        self.people.show_counts(counts)

    def _emit_for_event(self, signal: SignalInstance) -> None:
        if self.record is not None and not self.record.archived:
            signal.emit(self.record.id)

    def _start_kiosk(self) -> None:
        if self.record is not None and not self.record.archived:
            self.sig_start_kiosk.emit(self.record.id)

    def _record_feedback(self) -> None:
        if self.record is not None and not self.record.archived:
            self.sig_record_feedback.emit(self.record.id)

    def _responses(self) -> None:
        # Open for archived events too: a mistake found later can still be put right.
        if self.record is not None:
            self.sig_responses.emit(self.record.id)

    def _report(self) -> None:
        if self.record is not None and self.isVisible():
            self.sig_report.emit(self.record.id)

    def _edit(self) -> None:
        if self.record is not None and not self.record.archived and self.isVisible():
            self.sig_edit.emit(self.record.id)

    def _toggle_archive(self) -> None:
        if self.record is not None:
            self.sig_set_archived.emit(self.record.id, not self.record.archived)


def _button_row(*buttons: QPushButton) -> QWidget:
    """A card's buttons on the right of its heading, wrapping onto a second line when there is no room."""
    row = QWidget()
    flow = FlowLayout(row, align_right=True)
    for button in buttons:
        flow.addWidget(button)
    row.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return row


class FeedbackPanel(QFrame):
    """The event's feedback so far as a live dashboard, and the ways to collect more."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        heading = QLabel(_("Feedback"))
        bold = QFont()
        bold.setBold(True)
        heading.setFont(bold)
        self.dashboard = FeedbackDashboard()

        self.record_button = QPushButton(_("Record feedback…"))
        self.record_button.setObjectName("primary")
        self.record_button.setAccessibleName(_("Record feedback"))
        self.record_button.setToolTip(_("Type in feedback someone gives you in person or by phone"))
        self.kiosk_button = QPushButton(_("Start kiosk…"))
        self.kiosk_button.setAccessibleName(_("Start kiosk"))
        self.kiosk_button.setToolTip(_("Full screen, for members of the public to answer themselves; "
                                       "leaving needs the staff PIN"))
        self.responses_button = QPushButton(_("Responses…"))
        self.responses_button.setAccessibleName(_("Responses"))
        self.responses_button.setToolTip(_("See each response to this event, and correct or delete one given "
                                           "by mistake"))

        top = QHBoxLayout()
        top.addWidget(heading, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(_button_row(self.responses_button, self.kiosk_button, self.record_button), 1)
        heading.setMinimumHeight(self.record_button.sizeHint().height())  # level with the first line of buttons
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.dashboard)

    def clear_counts(self) -> None:
        """Nothing shown until this event's own counts arrive."""
        self.dashboard.clear()

    def show_counts(self, counts: DashboardCounts | EventFeedbackCounts) -> None:
        self.dashboard.show_counts(counts)


class PeoplePanel(QFrame):
    """Sign-ups at the event, and the paper that goes with them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        heading = QLabel(_("People and paper"))
        bold = QFont()
        bold.setBold(True)
        heading.setFont(bold)
        self.count = CaptionedLabel(_("Sign-ups at this event"))
        self.count.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count.setWordWrap(True)

        self.signup_button = QPushButton(_("Sign someone up…"))
        self.signup_button.setAccessibleName(_("Sign someone up"))
        self.signup_button.setToolTip(_("Type in the details of someone who wants to get involved, with their consent"))
        self.print_button = QPushButton(_("Print sheets…"))
        self.print_button.setAccessibleName(_("Print sheets"))
        self.print_button.setToolTip(
            _("Sign-up sheets, feedback cards or an attendance register, to take to the event"))
        self.paper_button = QPushButton(_("Type in paper…"))
        self.paper_button.setAccessibleName(_("Type in paper"))
        self.paper_button.setToolTip(_("Enter the sign-up sheets and feedback cards filled in on paper"))
        self.meeting_button = QPushButton(_("Attendance and issues…"))
        self.meeting_button.setAccessibleName(_("Attendance and issues"))
        self.meeting_button.setToolTip(_("Who came to this PPG meeting, and the issues the group raised"))

        top = QHBoxLayout()
        top.addWidget(heading, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(_button_row(self.meeting_button, self.print_button, self.paper_button, self.signup_button), 1)
        heading.setMinimumHeight(self.signup_button.sizeHint().height())
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.count)
        self.clear_counts()

    def show_event(self, record: EventRecord) -> None:
        from app.core.events import EventKind

        self.meeting_button.setVisible(record.details.kind is EventKind.PPG_MEETING)
        for button in (self.signup_button, self.print_button, self.paper_button, self.meeting_button):
            button.setEnabled(not record.archived)

    def clear_counts(self) -> None:
        self.count.setText(_("Sign-ups at this event: {n}").format(n=_("counting…")))

    def show_counts(self, counts: dict[str, int]) -> None:
        from app.core.signups import ConsentMethod

        total = sum(counts.values())
        known = {m.value: m for m in ConsentMethod}
        parts = [f"{known[m].label.lower() if m in known else m}: {n}" for m, n in sorted(counts.items()) if n]
        text = _("Sign-ups at this event: {n}").format(n=total)
        self.count.setText(f"{text} ({'; '.join(parts)})" if parts else text)
