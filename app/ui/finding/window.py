"""The "Who should we involve?" window: search by topic, area and community for the kind of
contact planned; the people whose consent covers it and the organisations serving them, ranked,
with why each matches and how to reach them; export a contact list; see the lists sent.

Searching and exporting run on the worker; this window gathers what was asked and shows answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _, ngettext
from app.core.matching import ContactKind, Search, community_label, validate_search
from app.core.network import COMMUNITIES, TOPICS
from app.core.person_topics import topic_label
from app.core.validation import ValidationError
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons, error_label, outcome_label
from app.ui.common.row_fitter import VisibleRowFitter
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import NETWORK, add_guide_key
from app.ui.finding.results_model import COLUMNS, FoundModel

if TYPE_CHECKING:
    from app.services.contact_list import ListExported
    from app.store.store import Store
    from app.store.who_to_involve import Found, OrganisationFound, PersonFound
    from app.ui.common.tasks import TaskPool

class WhoToInvolveWindow(QDialog):
    """The search, its ranked results, and the way to a contact list."""

    sig_found = Signal()
    """A search's results are on screen."""
    sig_exported = Signal(object)
    """A contact list was written and recorded (the ListExported)."""
    sig_message = Signal(str)
    """A short message for the status bar."""
    sig_dialog_open = Signal(object)
    """The export or lists-sent dialog is showing (the dialog)."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.found: Found | None = None
        self.results: list[PersonFound | OrganisationFound] = []
        self._token = 0
        self.setWindowTitle(_("Who should we involve?"))
        add_guide_key(self, NETWORK)

        self.topic = QComboBox()
        self.topic.addItem(_("Any topic"), None)
        for value in TOPICS:
            self.topic.addItem(topic_label(value), value)
        self.area = QLineEdit()
        self.area.setPlaceholderText(_("ME14, ME, or a locality, ward or PCN"))
        self.area.setMaxLength(80)
        self.community = QComboBox()
        self.community.addItem(_("Any community"), None)
        for value in COMMUNITIES:
            self.community.addItem(community_label(value), value)
        self.contact = QComboBox()
        for kind in ContactKind:
            self.contact.addItem(kind.label, kind.value)
        self.contact.setToolTip(_("Whose consent covers the contact: “Getting involved” finds anyone who asked to "
                                  "join the health network, focus groups or surveys"))
        for combo in (self.topic, self.community, self.contact):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
        self.search_button = self._button(_("&Search"), _("Search"), _("Find who to involve (Enter)"), self.search)
        self.search_button.setDefault(True)
        self.area.returnPressed.connect(self.search)
        self.problem = error_label(_("Problem with the search"))

        self.model = FoundModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("People and organisations found, best match first"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (0, 1):  # shared out as the window's width changes (see resizeEvent)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Rows not yet fitted to their text are two lines high, as most are.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2 + 8)
        VisibleRowFitter(self.table)
        self.count = CaptionedLabel(_("How many were found"))
        self.count.setObjectName("hint")
        self.count.setWordWrap(True)
        self.count.setText(_("Only people whose consent covers the kind of contact are found: never anyone who "
                             "withdrew. Choose what to search by, then Search."))

        self.export_button = self._button(_("&Export contact list…"), _("Export contact list"), _(
            "Write the people and organisations found as a CSV file for a mail merge or GOV.UK Notify"),
            self.export_list)
        self.export_button.setEnabled(False)
        self.lists_button = self._button(_("&Lists sent…"), _("Lists sent"), _(
            "What was sent to whom and when: every contact list exported"), self.show_lists)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Writing the contact list"))
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.outcome = outcome_label()

        self._lay_out()
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(self.fontMetrics().averageCharWidth() * 150, 1200, int(screen.width() * 0.95)),
                    min(640, int(screen.height() * 0.9)))
        self.topic.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Who and why they match take about a quarter of the width each; how to reach them, with its
        long email addresses, the rest."""
        super().resizeEvent(event)
        width = self.table.viewport().width() or self.table.width()
        self.table.setColumnWidth(0, width * 28 // 100)
        heading = self.table.horizontalHeader().fontMetrics()
        self.table.setColumnWidth(1, max(width * 24 // 100, heading.horizontalAdvance(COLUMNS[1])
                                         + heading.averageCharWidth() * 3))  # its heading never cut

    def _button(self, text: str, name: str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        fields = ((_("&Topic:"), self.topic, _("Topic")), (_("&Area:"), self.area, _("Area")),
                  (_("C&ommunity:"), self.community, _("Community")),
                  (_("&For:"), self.contact, _("Kind of contact")))
        for n, (text, widget, name) in enumerate(fields):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            grid.addWidget(label, n // 2, (n % 2) * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(widget, n // 2, (n % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.addWidget(self.search_button, 1, 4)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.lists_button)
        actions.addWidget(self.progress, 1)
        actions.addStretch(1)
        actions.addWidget(close_buttons(self.reject))
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.outcome)
        layout.addLayout(actions)

    # ----- searching

    def asked(self) -> dict[str, object]:
        return {"topic": self.topic.currentData(), "area": self.area.text(),
                "community": self.community.currentData(), "contact": self.contact.currentData()}

    def search(self) -> None:
        """Check what was asked, then search on the worker; an older answer is dropped."""
        self.problem.hide()
        try:
            search = validate_search(self.asked())
        except ValidationError as error:
            self.problem.setText(" ".join(error.errors.values()))
            self.problem.show()
            return
        from app.store.who_to_involve import find_who_to_involve

        self._token += 1
        token = self._token
        self.count.setText(_("Searching…"))

        def done(found: Found) -> None:
            if token == self._token:
                self._show(found)

        self.tasks.run_in_session(self.store, find_who_to_involve, search, on_success=while_alive(self, done),
                                  on_failure=while_alive(self, self._failed))

    def _show(self, found: Found) -> None:
        self.found = found
        self.results = found.ranked()
        self.model.set_results(self.results)  # its rows on screen are fitted to their text as they show
        people = ngettext("{n} person", "{n} people", len(found.people)).format(n=len(found.people))
        organisations = ngettext("{n} organisation", "{n} organisations", len(found.organisations)).format(
            n=len(found.organisations))
        self.count.setText(_("{people} and {organisations} found for {search}, best match first.").format(
            people=people, organisations=organisations, search=found.search.describe())
            if self.results else _("No one found for {search}. Only people whose consent covers this kind of "
                                   "contact are found.").format(search=found.search.describe()))
        self.export_button.setEnabled(bool(self.results))
        if self.results:
            self.table.selectRow(0)
        self.sig_found.emit()

    def _failed(self, error: Exception) -> None:
        self.progress.hide()
        self._set_busy(False)
        self.problem.setText(_("That could not be done ({reason}).").format(reason=type(error).__name__))
        self.problem.show()

    # ----- exporting and the record

    def export_list(self) -> None:
        """Ask the purpose and format (warning that the list holds personal data), then write it."""
        if self.found is None or not self.results:
            return
        from app.ui.finding.export_dialog import ExportListDialog

        dialog = ExportListDialog(self, self.found.search, len(self.results))
        self.sig_dialog_open.emit(dialog)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        self.write_list(self.found.search, *dialog.chosen)

    def write_list(self, search: Search, path: str, list_format: str, purpose: str) -> None:
        from pathlib import Path

        from app.documents.contact_list_csv import ListFormat
        from app.services.contact_list import export_contact_list

        store = self.store
        self._set_busy(True)
        self.outcome.setText(_("Writing the contact list…"))

        def work() -> ListExported:
            return export_contact_list(store, search, Path(path), ListFormat(list_format), purpose)

        self.tasks.run(work, on_success=while_alive(self, self._written),
                       on_failure=while_alive(self, self._not_written))

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for widget in (self.export_button, self.search_button, self.lists_button):
            widget.setEnabled(not busy)
        if not busy:
            self.export_button.setEnabled(bool(self.results))

    def _written(self, done: ListExported) -> None:
        self._set_busy(False)
        text = ngettext("Wrote {n} contact to {file} and kept a record of it (see Lists sent…).",
                        "Wrote {n} contacts to {file} and kept a record of it (see Lists sent…).", done.rows).format(
            n=done.rows, file=done.file.name)
        if done.left_out:
            text += " " + ngettext("{n} more found cannot be reached that way, or asked to be contacted another way.",
                                   "{n} more found cannot be reached that way, or asked to be contacted another way.",
                                   done.left_out).format(n=done.left_out)
        self.outcome.setText(text)
        self.sig_message.emit(_("Contact list written."))
        self.sig_exported.emit(done)

    def _not_written(self, error: Exception) -> None:
        from app.services.contact_list import ListRefused

        self._set_busy(False)
        if isinstance(error, (ListRefused, ValidationError)):
            reason = " ".join(error.errors.values()) if isinstance(error, ValidationError) else str(error)
        elif isinstance(error, OSError):
            reason = error.strerror or type(error).__name__
        else:
            reason = type(error).__name__
        self.outcome.setText(_("No list was written ({reason}).").format(reason=reason))

    def show_lists(self) -> None:
        from app.ui.finding.lists_dialog import ListsSentDialog

        dialog = ListsSentDialog(self, store=self.store, tasks=self.tasks)
        self.sig_dialog_open.emit(dialog)
        dialog.exec()
