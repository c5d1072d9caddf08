"""The Organisations window: find an organisation in the health network by words, kind, topic,
area or community; see its page with its contacts; add, correct, merge and remove organisations;
name contacts; and import a list from a CSV or XLSX file.

Reading and every change run on the worker; the window only shows and asks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _, ngettext
from app.core.network import COMMUNITIES, TOPICS, OrganisationKind
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.dialog_parts import close_buttons, outcome_label
from app.ui.common.flow_layout import FlowLayout
from app.ui.common.tasks import while_alive
from app.ui.common.user_guide import NETWORK, add_guide_key
from app.ui.common.window_place import keep_place, restore_place
from app.ui.network.listing import Listing, combo, filter_bar, read_listing, read_page
from app.ui.network.organisation_page import OrganisationPage

if TYPE_CHECKING:
    from app.services.organisation_import import ImportResult
    from app.store.organisation_contacts import ContactRecord
    from app.store.organisations import OrganisationRecord
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

SEARCH_DELAY_MS = 300
COLUMNS = (_("Name"), _("Kind"), _("Areas"), _("Duplicate?"))
NAME_COLUMN, KIND_COLUMN, AREAS_COLUMN, DUPLICATE_COLUMN = 0, 1, 2, 3
PLACE_SETTING = "organisations_window_geometry"
LIST_ROWS, MIN_LIST_ROWS = 8, 5  # rows the list shows when it can; the fewest it is squeezed to
SIDE_BY_SIDE_CHARS = 150  # below this width (in average characters) the page goes under the list


class OrganisationsWindow(QDialog):
    """Network ▸ Organisations: a list to search and filter, and the chosen organisation's page."""

    sig_shown = Signal()
    """A search's results are on the list."""
    sig_page_shown = Signal()
    """The chosen organisation's page is showing."""
    sig_changed = Signal()
    """An organisation or contact was added, changed, merged or removed."""
    sig_message = Signal(str)
    """A short message for the status bar."""
    sig_import_done = Signal(object)
    """An import ended (its result), before its result is shown."""
    sig_import_started = Signal(object)
    """An import began (the ImportRun)."""

    def __init__(self, parent: QWidget | None, *, store: Store, tasks: TaskPool,
                 settings: SettingsFile | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.settings = store, tasks, settings
        self.results: list[OrganisationRecord] = []
        self._search_token = self._page_token = 0
        self._select_after: str | None = None
        self.setWindowTitle(_("Organisations"))
        add_guide_key(self, NETWORK)

        self.search = QLineEdit()
        self.search.setAccessibleName(_("Search organisations"))
        self.search.setPlaceholderText(_("Type part of a name, an area, or words in the notes"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(_("&Find:"))
        search_label.setBuddy(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.search.setFocus)

        self.kind = combo(_("Kind"), _("Any kind"), [(k.value, k.label) for k in OrganisationKind])
        self.topic = combo(_("Topic"), _("Any topic"), [(v, _(label)) for v, label in TOPICS.items()])
        self.area = combo(_("Area"), _("Any area"), [])
        self.community = combo(_("Community"), _("Any community"),
                               [(v, _(label)) for v, label in COMMUNITIES.items()])
        for chooser in (self.kind, self.topic, self.area, self.community):
            chooser.currentIndexChanged.connect(lambda _i: self.search_now())
        self.only_duplicates = QCheckBox(_("Possible &duplicates only"))
        self.only_duplicates.setAccessibleName(_("Possible duplicates only"))
        self.only_duplicates.setToolTip(_("Only organisations that share a name, an email or a phone number with "
                                          "another on the list"))
        self.only_duplicates.toggled.connect(lambda _on: self.search_now())
        self.duplicate_count = CaptionedLabel(_("How many possible duplicates"))
        self.duplicate_count.setObjectName("hint")

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(_("Organisations found"))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        # The name takes what is left; kind and areas get a set width, cut short with "…" (the page
        # and the tooltip have them whole), so the name is never the one squeezed.
        chars = self.fontMetrics().averageCharWidth()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DUPLICATE_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(KIND_COLUMN, chars * 18)
        header.resizeSection(AREAS_COLUMN, chars * 14)
        header.setMinimumSectionSize(chars * 8)
        # Never squeezed to a row or two by the page under it on a small screen.
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + self._rows_height(MIN_LIST_ROWS) + 2 * self.table.frameWidth())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.found = CaptionedLabel(_("How many organisations were found"))
        self.found.setObjectName("hint")
        self.found.setWordWrap(True)

        self.page = OrganisationPage()
        page_scroll = QScrollArea()
        page_scroll.setWidgetResizable(True)
        page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page_scroll.setWidget(self.page)
        page_scroll.setAccessibleName(_("The organisation's page"))
        self.page.contact_list.itemSelectionChanged.connect(self._update_actions)

        self.add_button = self._button(_("&Add…"), _("Add organisation"), _("Add an organisation to the list"),
                                       self.add)
        self.import_button = self._button(_("&Import…"), _("Import"), _("Add the organisations listed in a CSV or "
                                                                        "Excel file"), self.import_file)
        self.edit_button = self._button(_("&Edit…"), _("Edit organisation"), _("Correct this organisation's details"),
                                        self.edit)
        self.merge_button = self._button(_("&Merge with…"), _("Merge with"),
                                         _("Join this organisation with another listing of the same one"), self.merge)
        self.remove_button = self._button(_("Remo&ve…"), _("Remove organisation"),
                                          _("Take this organisation off the list"), self.remove)
        self.contact_button = self._button(_("Add &contact…"), _("Add contact"),
                                           _("Name someone who signed up as a contact here"), self.add_contact)
        self.remove_contact_button = self._button(_("Remove contact"), _("Remove contact"),
                                                  _("The chosen person is no longer a contact here"),
                                                  self.remove_contact)

        filters = filter_bar(((_("&Kind:"), self.kind), (_("&Topic:"), self.topic), (_("A&rea:"), self.area),
                              (_("Comm&unity:"), self.community)), (self.only_duplicates, self.duplicate_count))

        self.list_side = left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.table, 1)
        left_column.addWidget(self.found)
        list_actions = QHBoxLayout()
        list_actions.addWidget(self.add_button)
        list_actions.addWidget(self.import_button)
        list_actions.addStretch(1)
        left_column.addLayout(list_actions)
        self.page_side = right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(page_scroll, 1)
        page_actions = FlowLayout()
        for button in (self.edit_button, self.merge_button, self.remove_button, self.contact_button,
                       self.remove_contact_button):
            page_actions.addWidget(button)
        right_column.addLayout(page_actions)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.outcome = outcome_label()
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(close_buttons(self.reject))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        screen = (parent or self).screen().availableGeometry()
        if settings is None or not restore_place(self, settings, PLACE_SETTING):
            self.resize(min(self.fontMetrics().averageCharWidth() * 170, 1300, int(screen.width() * 0.95)),
                        min(680, int(screen.height() * 0.9)))
        splitter.setSizes([self.width() // 2, self.width() // 2])
        self.finished.connect(self._keep_place)
        self._update_actions()
        self.search_now()

    def _button(self, text: str, name: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The list beside the page where there is room, else above it."""
        super().resizeEvent(event)
        wide = event.size().width() >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE_CHARS
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            if not wide:  # shared once the splitter has its new height, after this resize is laid out
                QTimer.singleShot(0, self._share_height)

    def _share_height(self) -> None:
        """One above the other: the list shows LIST_ROWS rows if it can, the page the rest."""
        if self.splitter.orientation() != Qt.Orientation.Vertical:
            return
        total = self.splitter.height() - self.splitter.handleWidth()
        wanted = self.list_side.minimumSizeHint().height() + self._rows_height(LIST_ROWS - MIN_LIST_ROWS)
        page = self.page_side.minimumSizeHint().height() + self.fontMetrics().lineSpacing() * 5
        list_height = max(total // 3, min(wanted, total - page))
        self.splitter.setSizes([list_height, total - list_height])

    def _rows_height(self, rows: int) -> int:
        return self.table.verticalHeader().defaultSectionSize() * rows

    def _keep_place(self, _result: int) -> None:
        if self.settings is not None:
            keep_place(self, self.settings, PLACE_SETTING)

    # ----- reading

    def filters(self) -> dict[str, str | None]:
        return {"kind": self.kind.currentData(), "topic": self.topic.currentData(), "area": self.area.currentData(),
                "community": self.community.currentData()}

    def search_now(self) -> None:
        self._timer.stop()
        self._search_token += 1
        token = self._search_token

        def done(listing: Listing) -> None:
            if token == self._search_token:
                self._show(listing)

        self.tasks.run_in_session(self.store, read_listing, self.search.text(), self.filters(),
                                  self.only_duplicates.isChecked(), on_success=while_alive(self, done),
                                  on_failure=while_alive(self, self._failed))

    def _show(self, listing: Listing) -> None:
        current = self.chosen()
        chosen = self._select_after or (current.id if current is not None else None)
        self._select_after = None
        self.results = listing.found
        self._offer_areas(listing.areas)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.results))
        for row, record in enumerate(self.results):
            d = record.details
            cells = (d.name, d.kind.label, "; ".join(d.areas), _("Possibly") if record.possible_duplicate else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        n = len(self.results)
        self.found.setText(ngettext("{n} organisation found", "{n} organisations found", n).format(n=n) if n else
                           _("No organisations match. Change the search or filters, or choose Add… or Import…."))
        self.duplicate_count.setText(ngettext("{n} may be listed twice", "{n} may be listed twice",
                                              listing.duplicates).format(n=listing.duplicates)
                                     if listing.duplicates else "")
        rows = [i for i, r in enumerate(self.results) if r.id == chosen]
        if rows or self.results:
            self.table.selectRow(rows[0] if rows else 0)
        self._selection_changed()
        self.sig_shown.emit()

    def _offer_areas(self, areas: list[str]) -> None:
        current = self.area.currentData()
        offered = [self.area.itemData(i) for i in range(1, self.area.count())]
        if offered == areas:
            return
        self.area.blockSignals(True)
        while self.area.count() > 1:
            self.area.removeItem(1)
        for area in areas:
            self.area.addItem(area, area)
        self.area.setCurrentIndex(max(0, self.area.findData(current)) if current else 0)
        self.area.blockSignals(False)

    def chosen(self) -> OrganisationRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.results):
            return None
        return self.results[rows[0].row()]

    def _selection_changed(self) -> None:
        record = self.chosen()
        self._page_token += 1
        token = self._page_token
        if record is None:
            self.page.show_organisation(None, [])
            self._update_actions()
            self.sig_page_shown.emit()
            return

        def done(found: tuple[OrganisationRecord, list[ContactRecord]]) -> None:
            if token == self._page_token:
                self.page.show_organisation(*found)
                self._update_actions()
                self.sig_page_shown.emit()

        self.tasks.run_in_session(self.store, read_page, record.id, on_success=while_alive(self, done),
                                  on_failure=while_alive(self, self._failed))

    def _update_actions(self) -> None:
        shown = self.page.record is not None
        for button in (self.edit_button, self.merge_button, self.remove_button, self.contact_button):
            button.setEnabled(shown)
        self.remove_contact_button.setEnabled(shown and self.page.chosen_contact() is not None)

    # ----- changing

    def add(self) -> None:
        self._open_form(None)

    def edit(self) -> None:
        if self.page.record is not None:
            self._open_form(self.page.record)

    def _open_form(self, existing: OrganisationRecord | None) -> None:
        from app.ui.network.organisation_dialog import OrganisationDialog

        dialog = OrganisationDialog(self, store=self.store, tasks=self.tasks, existing=existing)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        saved = dialog.saved
        dialog.deleteLater()
        if accepted and saved is not None:
            self._changed((_("Saved {name}.") if existing else _("Added {name}.")).format(name=saved.name), saved.id)

    def merge(self) -> None:
        current = self.page.record
        if current is None:
            return
        from app.store.organisations import merge_organisations
        from app.ui.network.pick_dialogs import MergeDialog

        dialog = MergeDialog(self, store=self.store, tasks=self.tasks, current=current)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        pair = dialog.keep_and_duplicate()
        other = dialog.chosen()
        dialog.deleteLater()
        if not accepted or pair is None or other is None:
            return
        keep, duplicate = pair
        gone = other.name if duplicate == other.id else current.name
        self.tasks.run_in_session(
            self.store, merge_organisations, keep, duplicate,
            on_success=while_alive(self, lambda kept: self._changed(_("Merged {gone} into {kept}.").format(
                gone=gone, kept=kept.name), kept.id)),
            on_failure=while_alive(self, self._failed))

    def remove(self) -> None:
        record = self.page.record
        if record is None:
            return
        from app.store.organisations import delete_organisation

        box = QMessageBox(QMessageBox.Icon.Question, _("Remove {name}?").format(name=record.name),
                          _("Take {name} off the list, on this laptop and, at the next sync, on the others? Its "
                            "contacts are no longer listed.").format(name=record.name),
                          QMessageBox.StandardButton.NoButton, self)
        remove = box.addButton(_("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Keep"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        if chosen is not remove:
            return
        self.tasks.run_in_session(self.store, delete_organisation, record.id,
                                  on_success=while_alive(self, lambda _r: self._changed(
                                      _("Removed {name}.").format(name=record.name), None)),
                                  on_failure=while_alive(self, self._failed))

    def add_contact(self) -> None:
        record = self.page.record
        if record is None:
            return
        from app.ui.network.pick_dialogs import ContactDialog

        dialog = ContactDialog(self, store=self.store, tasks=self.tasks, organisation=record)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        saved = dialog.saved
        dialog.deleteLater()
        if accepted and saved is not None:
            self._changed(_("{name} is a contact at {org}.").format(name=saved.name, org=record.name), record.id)

    def remove_contact(self) -> None:
        record, contact = self.page.record, self.page.chosen_contact()
        if record is None or contact is None:
            return
        from app.store.organisation_contacts import remove_contact

        self.tasks.run_in_session(self.store, remove_contact, contact.id,
                                  on_success=while_alive(self, lambda _r: self._changed(
                                      _("{name} is no longer a contact at {org}.").format(
                                          name=contact.name, org=record.name), record.id)),
                                  on_failure=while_alive(self, self._failed))

    def _changed(self, message: str, select: str | None) -> None:
        self.outcome.setText(message)
        self.sig_message.emit(message)
        self.sig_changed.emit()
        self._select_after = select
        self.search_now()

    def _failed(self, error: Exception) -> None:
        from app.store.errors import StoreError

        self.outcome.setText(str(error) if isinstance(error, StoreError) else _(
            "Involve could not finish that ({kind}); nothing was half-saved.").format(kind=type(error).__name__))

    # ----- importing

    def import_file(self) -> None:
        """Choose a CSV or Excel file, then import it with progress and Cancel."""
        name, _filter = QFileDialog.getOpenFileName(self, _("Import organisations"), "",
                                                    _("Lists of organisations (*.csv *.xlsx);;All files (*)"))
        if name:
            self.start_import(Path(name))

    def start_import(self, path: Path, *, good_rows_only: bool = False) -> None:
        from app.ui.network.import_dialog import ImportRun

        run = ImportRun(self, store=self.store, tasks=self.tasks)
        self.import_button.setEnabled(False)
        run.sig_done.connect(lambda result: self._imported(run, path, result))
        run.sig_refused.connect(lambda reason: self._import_refused(run, reason))
        self.sig_import_started.emit(run)
        run.start(path, good_rows_only=good_rows_only)

    def _import_refused(self, run: QWidget, reason: str) -> None:
        run.deleteLater()
        self.import_button.setEnabled(True)
        self.outcome.setText(reason)

    def _imported(self, run: QWidget, path: Path, result: ImportResult) -> None:
        from app.ui.network.import_dialog import ImportResultDialog

        run.deleteLater()
        self.import_button.setEnabled(True)
        self.sig_import_done.emit(result)
        if result.added:
            self._changed(result.summary(), result.added_ids[0])
        else:
            self.outcome.setText(result.summary())
        dialog = ImportResultDialog(self, result, path.name)
        dialog.exec()
        again = dialog.good_rows_wanted
        dialog.deleteLater()
        if again:
            self.start_import(path, good_rows_only=True)
