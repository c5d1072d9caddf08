"""An event's responses: find one with filters, read it whole, correct it or delete it.

The list is read on the worker each time a filter changes. Staff and paper responses open in
the "Record feedback" form to be corrected; kiosk responses are the public's own words and can
only be deleted. A deletion asks for the reason, which the audit keeps with who and when.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import fft
from app.core.i18n import _, ngettext
from app.core.responses import ResponseMode
from app.store import StoreError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons, error_label
from app.ui.common.flow_layout import FlowLayout
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import RECORD_FEEDBACK, add_guide_key
from app.ui.common.window_place import keep_place, restore_place
from app.ui.feedback.response_details import DeleteResponseDialog, answer_text, details_text

if TYPE_CHECKING:
    from app.core.surveys import Survey
    from app.store.corrections import ResponseFilter, ResponseView
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

log = logging.getLogger(__name__)
GEOMETRY_KEY = "responses_window_geometry"
COMMENT_CHARS = 90
ROLE_ID = Qt.ItemDataRole.UserRole


class ResponsesWindow(QDialog):
    """One event's responses, with filters, the chosen one in full, and Edit and Delete."""

    sig_listed = Signal(int)
    """The list was read and shown (how many responses it shows)."""
    sig_changed = Signal(str)
    """A response was corrected or deleted (its id): the event's counts are out of date."""

    def __init__(self, parent: QWidget | None, *, event_id: str, event_name: str, surveys: Mapping[str, Survey],
                 library: Mapping[str, Survey], store: Store, tasks: TaskPool, settings: SettingsFile,
                 correct: Callable[[ResponseView], bool]) -> None:
        """``surveys``: the event's surveys, to correct with; ``library``: every survey, for the
        words of the questions and answers; ``correct``: opens the form for one response and says
        whether it was saved."""
        super().__init__(parent)
        self.event_id = event_id
        self.surveys = dict(surveys)
        self.library = dict(library)
        self.store = store
        self.tasks = tasks
        self.settings = settings
        self.correct = correct
        self.views: dict[str, ResponseView] = {}
        self.shown: ResponseView | None = None
        self._wanted: str | None = None  # the response to select once the list is read again
        self.setWindowTitle(_("Responses: {event}").format(event=event_name))
        add_guide_key(self, RECORD_FEEDBACK)

        self.mode = QComboBox()
        self.mode.setAccessibleName(_("How given"))
        self.mode.addItem(_("Any way"), None)
        for mode in ResponseMode:
            self.mode.addItem(mode.label, mode.value)
        self.rating = QComboBox()
        self.rating.setAccessibleName(_("FFT answer"))
        self.rating.addItem(_("Any answer"), None)
        for value, label in self._rating_labels().items():
            self.rating.addItem(label, value)
        self.rating.addItem(_("No FFT answer"), "")
        self.search = QLineEdit()
        self.search.setAccessibleName(_("Search the comments"))
        self.search.setPlaceholderText(_("Comment words or card code"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):  # Qt's own clear button, unnamed otherwise
            clear.setAccessibleName(_("Clear the search"))
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 34)
        self.deleted = QCheckBox(_("Show deleted responses"))
        self.deleted.setAccessibleName(_("Show deleted responses"))

        filters = QWidget()
        flow = FlowLayout(filters)
        flow.setContentsMargins(0, 0, 0, 0)
        for text, control in ((_("&How given"), self.mode), (_("FFT &answer"), self.rating),
                              (_("&Search"), self.search)):
            flow.addWidget(_labelled(text, control))
        flow.addWidget(self.deleted)

        self.count = CaptionedLabel(_("Responses shown"))
        self.count.setText(_("Reading…"))
        self.list = QTreeWidget()
        self.list.setAccessibleName(_("Responses"))
        self.list.setHeaderLabels([_("Given"), _("How given"), _("FFT answer"), _("Comment")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAllColumnsShowFocus(True)
        header = self.list.header()
        header.setStretchLastSection(True)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("The chosen response"))
        self.details.setPlaceholderText(_("Choose a response to see all its answers."))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.edit_button = QPushButton(_("Correct…"))
        self.edit_button.setAccessibleName(_("Correct"))
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setAccessibleName(_("Delete"))
        self.delete_button.setToolTip(_("Take this response out of counts and reports, with the reason why (Delete)"))
        self.problem = error_label(_("Problem"))
        self.outcome = CaptionedLabel(_("What was done"))
        self.outcome.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(close_buttons(self.reject))

        layout = QVBoxLayout(self)
        layout.addWidget(filters)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.outcome)
        layout.addLayout(row)
        self.outcome.hide()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)  # read again once typing pauses, not at each key
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)
        self.mode.currentIndexChanged.connect(self.refresh)
        self.rating.currentIndexChanged.connect(self.refresh)
        self.deleted.toggled.connect(self.refresh)
        self.list.currentItemChanged.connect(self._chosen)
        self.list.itemActivated.connect(lambda _item, _column: self.edit_current())
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list).activated.connect(self.delete_current)
        self._update_buttons()
        self._restore_geometry()
        self.refresh()
        self.list.setFocus()

    # ----- reading

    def filters(self) -> ResponseFilter:
        from app.store.corrections import ResponseFilter

        mode = self.mode.currentData()
        return ResponseFilter(mode=ResponseMode(mode) if mode else None, fft_rating=self.rating.currentData(),
                              include_deleted=self.deleted.isChecked(), text=self.search.text())

    def refresh(self) -> None:
        """Read the list again, on the worker, with the filters as they are now."""
        from app.services.responses import list_responses

        self._search_timer.stop()
        if self._wanted is None and self.shown is not None:
            self._wanted = self.shown.id
        self.tasks.run(functools.partial(list_responses, self.store, self.event_id, self.filters()),
                       while_alive(self, self._listed), while_alive(self, self._failed))

    def _listed(self, views: list[ResponseView]) -> None:
        self.problem.hide()
        wanted, self._wanted = self._wanted, None
        self.views = {v.id: v for v in views}
        self.list.blockSignals(True)
        self.list.clear()
        greyed = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        chosen = None
        for view in views:
            item = QTreeWidgetItem([view.submitted_at.astimezone().strftime("%d %b %Y %H:%M"), _how_given(view),
                                    self._rating_labels().get(view.fft_rating or "", _("None")),
                                    _short(view.comment) or _("(no comment)")])
            item.setData(0, ROLE_ID, view.id)
            if view.deleted:
                for column in range(4):
                    item.setForeground(column, greyed)
            self.list.addTopLevelItem(item)
            if view.id == wanted:
                chosen = item
        self.list.blockSignals(False)
        self.count.setText(ngettext("{n} response shown", "{n} responses shown", len(views)).format(n=len(views)))
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        else:
            self.shown = None
            self.details.clear()
            self._update_buttons()
        self.sig_listed.emit(len(views))

    def _failed(self, error: Exception) -> None:
        log.warning("reading responses failed: %s", type(error).__name__)
        self._say_problem(str(error) if isinstance(error, StoreError) else _(
            "The responses could not be read ({kind}). Close this window and try again.").format(
                kind=type(error).__name__))

    def _chosen(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        """Show the chosen response, with its corrections read on the worker."""
        from app.services.responses import get_response

        self.shown = self.views.get(item.data(0, ROLE_ID)) if item is not None else None
        self._update_buttons()
        if self.shown is None:
            self.details.clear()
            return
        self._show_details(self.shown)
        self.tasks.run(functools.partial(get_response, self.store, self.shown.id),
                       while_alive(self, self._show_details), while_alive(self, self._failed))

    def _show_details(self, view: ResponseView) -> None:
        if self.shown is None or view.id != self.shown.id:
            return  # another was chosen meanwhile
        self.shown = view
        self.details.setPlainText(details_text(view, self.library))
        self._update_buttons()

    def _update_buttons(self) -> None:
        view = self.shown
        self.delete_button.setEnabled(view is not None and not view.deleted)
        editable = view is not None and view.editable and not view.raised_by_group and bool(self.surveys)
        self.edit_button.setEnabled(editable)
        if view is None:
            tip = _("Choose a response first")
        elif view.deleted:
            tip = _("A deleted response cannot be changed")
        elif view.mode == ResponseMode.KIOSK.value:
            tip = _("Kiosk feedback is the person's own words: it can be deleted, not changed")
        elif view.raised_by_group:
            tip = _("Change the group's issues in Attendance and issues")
        else:
            tip = _("Change the answers of this response (Enter)")
        self.edit_button.setToolTip(tip)

    def _rating_labels(self) -> dict[str, str]:
        return answer_text(self.library, fft.SURVEY_ID, fft.RATING_QUESTION)

    # ----- correcting

    def edit_current(self) -> None:
        view = self.shown
        if view is None or not self.edit_button.isEnabled():
            return
        if self.correct(view):
            self._done(view.id, _("The response given {when} was corrected.").format(when=_when(view)))

    def delete_current(self) -> None:
        view = self.shown
        if view is None or view.deleted:
            return
        dialog = DeleteResponseDialog(self, view, store=self.store, tasks=self.tasks)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._done(view.id, _("The response given {when} was deleted. It leaves counts and reports, and the "
                                  "centre's at the next sync.").format(when=_when(view)))

    def _done(self, response_id: str, said: str) -> None:
        self.outcome.setText(said)
        self.outcome.show()
        self._wanted = response_id
        self.sig_changed.emit(response_id)
        self.refresh()

    def _say_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    # ----- size and place, remembered as the main window's are

    def _restore_geometry(self) -> None:
        if restore_place(self, self.settings, GEOMETRY_KEY):
            return
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(min(1000, int(screen.width() * 0.92)), min(680, int(screen.height() * 0.9)))

    def done(self, result: int) -> None:
        keep_place(self, self.settings, GEOMETRY_KEY)
        super().done(result)


def _labelled(text: str, control: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text)
    label.setBuddy(control)
    row.addWidget(label)
    row.addWidget(control)
    return box


def _how_given(view: ResponseView) -> str:
    words = ResponseMode(view.mode).label if view.mode in set(ResponseMode) else view.mode
    if view.paper_sheet:
        words = _("{how}, card {code}").format(how=words, code=view.paper_sheet)
    if view.raised_by_group:
        words = _("{how}, by the group").format(how=words)
    return _("{how} (deleted)").format(how=words) if view.deleted else words


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= COMMENT_CHARS else text[:COMMENT_CHARS - 1].rstrip() + "…"


def _when(view: ResponseView) -> str:
    return view.submitted_at.astimezone().strftime("%d %b %Y %H:%M")
