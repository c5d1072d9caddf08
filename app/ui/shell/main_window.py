"""The main window: the list of events as home, each event's page, menus and status."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from app import APP_NAME
from app.core.i18n import _
from app.core.settings import signup_missing
from app.store import StoreError, StoreKeyMissing, StoreUnreadable
from app.store.paths import DataPaths
from app.store.settings_file import SettingsFile
from app.ui.actions.desk import ActionsDesk
from app.ui.common import user_guide
from app.ui.common.event_page import EventPage
from app.ui.common.tasks import TaskPool
from app.ui.common.text_size import apply_text_size
from app.ui.common.user_guide import open_user_guide
from app.ui.common.workspace import Workspace
from app.ui.events.event_dialog import EventDialog
from app.ui.events.event_list import EventListPage
from app.ui.feedback.desk import FeedbackDesk
from app.ui.kiosk.desk import KioskDesk
from app.ui.paper.desk import PaperDesk
from app.ui.people.desk import PeopleDesk
from app.ui.reports.desk import ReportDesk
from app.ui.reports.export_desk import ExportDesk
from app.ui.shell.about_dialog import AboutDialog
from app.ui.shell.device_name import ask_device_name, rename_device
from app.ui.shell.network_menus import NetworkMenus
from app.ui.shell.settings_dialog import SettingsDialog
from app.ui.shell.store_care import StoreCare
from app.ui.shell.store_messages import ask_to_restore, say_recovered
from app.ui.sync.desk import SyncDesk

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.events import EventRecord
    from app.store.store import Store

log = logging.getLogger(__name__)


def _events() -> ModuleType:
    """The store's event functions. SQLAlchemy and SQLCipher are imported on the worker the
    first time the store opens, not before the window can show."""
    from app.store import events

    return events


def _base64(data: QByteArray) -> str:
    """Qt's saved window state as text for the settings file."""
    return bytes(data.toBase64().data()).decode("ascii")


class _StoreChange(QUndoCommand):
    """A change to an event that can be taken back: ``apply(forward)`` does or undoes it."""

    def __init__(self, text: str, apply: Callable[[bool], None]) -> None:
        super().__init__(text)
        self._apply = apply

    def redo(self) -> None:
        self._apply(True)

    def undo(self) -> None:
        self._apply(False)


class MainWindow(QMainWindow):
    sig_store_ready = Signal()
    """The store is open and the events are listed."""
    sig_events_loaded = Signal()
    """The list of events was (re)loaded from the store."""
    sig_event_shown = Signal(str)
    """An event's page now shows the latest of that event (its id)."""
    sig_counts_shown = Signal(str)
    """The event page shows freshly read feedback counts (the event's id)."""

    def __init__(self, paths: DataPaths, settings: SettingsFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings = settings
        self.workspace = Workspace(paths, settings, self)
        self.device_name = ""
        self.closed_without_data = False  # closed because the data could not be opened: the app exits non-zero
        self.undo_stack = QUndoStack(self)
        self.care = StoreCare(self)
        self.care.sig_damaged.connect(self._store_damaged)
        self.care.sig_problem.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(760, 480)

        self.list_page = EventListPage()
        self.event_page = EventPage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.list_page)
        self.pages.addWidget(self.event_page)
        self.setCentralWidget(self.pages)
        # Each feature gets the workspace and the page; the window wires one feature's news to another.
        workspace, page = self.workspace, self.event_page
        self.feedback = FeedbackDesk(workspace, page, self)
        self.feedback.sig_counts_shown.connect(self.sig_counts_shown)
        self.kiosk = KioskDesk(workspace, page, self)
        self.kiosk.sig_response_saved.connect(lambda _id: self.feedback.refresh_counts())
        self.kiosk.sig_closed.connect(self.feedback.refresh_counts)
        self.people = PeopleDesk(workspace, page, self)
        self.paper = PaperDesk(workspace, page, self)
        self.paper.sig_feedback_added.connect(self.feedback.refresh_counts)
        self.paper.sig_edit_event.connect(self.edit_event)
        workspace.sig_failed.connect(self._report)
        workspace.sig_settings_wanted.connect(self.open_settings)
        for failing in (self.feedback, self.kiosk, self.people, self.paper):
            failing.sig_failed.connect(self._report)
        self.exports = ExportDesk(workspace, page, self)
        self.reports = ReportDesk(workspace, page, self)
        self.action_desk = ActionsDesk(workspace, page, self)
        self.network = NetworkMenus(workspace, page, self)
        self.network.connect_people(self.people)
        for desk in (self.feedback, self.kiosk, self.people, self.paper, self.exports, self.reports, self.action_desk,
                     *self.network.desks):
            desk.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))

        self.list_page.sig_new_event.connect(self.new_event)
        self.list_page.sig_open_event.connect(self.open_event)
        self.list_page.sig_show_archived.connect(lambda: self.show_archived_action.setChecked(True))
        self.event_page.sig_back.connect(self.show_list)
        self.event_page.sig_edit.connect(self.edit_event)
        self.event_page.sig_set_archived.connect(self.set_archived)

        self.sync = SyncDesk(workspace, self)
        self.store_label = QLabel(_("Opening data…"))
        self.statusBar().addPermanentWidget(self.sync.indicator)
        self.statusBar().addPermanentWidget(self.store_label)
        self._build_menus()
        self._set_store_actions_enabled(False)
        self._restore_window_state()

    # ----- menus

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.new_action = self._action(_("&New event…"), QKeySequence.StandardKey.New, self.new_event)
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        self.set_up_action = self._action(_("Set &up this laptop…"), None, self.set_up_laptop)
        file_menu.addAction(self.set_up_action)
        self.rename_device_action = self._action(_("&Name this laptop…"), None, self.rename_device)
        file_menu.addAction(self.rename_device_action)
        self.staff_pin_action = self._action(_("Staff &PIN…"), None, self.open_staff_pin)
        file_menu.addAction(self.staff_pin_action)
        file_menu.addAction(self._action(_("&Settings…"), QKeySequence.StandardKey.Preferences, self.open_settings,
                                         fallback="Ctrl+,"))
        file_menu.addSeparator()
        file_menu.addAction(self._action(_("&Quit"), QKeySequence.StandardKey.Quit, self.close, fallback="Ctrl+Q"))

        edit_menu = self.menuBar().addMenu(_("&Edit"))
        undo = self.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)

        view_menu = self.menuBar().addMenu(_("&View"))
        self.show_archived_action = QAction(_("Show &archived events"), self, checkable=True)
        self.show_archived_action.setChecked(bool(self.settings.get("show_archived")))
        self.show_archived_action.toggled.connect(self._show_archived_toggled)
        view_menu.addAction(self.show_archived_action)
        self.refresh_action = self._action(_("&Refresh"), QKeySequence.StandardKey.Refresh, self.reload_events,
                                           fallback="F5")
        view_menu.addAction(self.refresh_action)

        people_menu = self.menuBar().addMenu(_("&People"))
        self.find_person_action = self._action(_("&Find a person…"), None, self.people.open_people,
                                               fallback="Ctrl+Shift+F")
        self.find_person_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        people_menu.addAction(self.find_person_action)
        self.practices_action = self._action(_("&GP practices…"), None, self.people.open_practices)
        people_menu.addAction(self.practices_action)

        reports_menu = self.menuBar().addMenu(_("&Reports"))
        self.report_across_action = self._action(_("Report &across events…"), None,
                                                 self.reports.report_across_events)
        reports_menu.addAction(self.report_across_action)
        self.actions_across_action = self._action(_("A&ctions across events…"), None, self.action_desk.open_all)
        reports_menu.addAction(self.actions_across_action)
        self.network.add_to_menus(people_menu, reports_menu)

        self.sync.add_menu(self.menuBar().addMenu(_("&Sync")))

        help_menu = self.menuBar().addMenu(_("&Help"))
        self.guide_action = self._action(_("&User guide"), QKeySequence.StandardKey.HelpContents,
                                         lambda: open_user_guide(user_guide.INDEX, self), fallback="F1")
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self._action(_("&About Involve"), None, self._about))

    def set_up_laptop(self) -> None:
        """File ▸ Set up this laptop…, and on first start: the assistant, then Connect if asked for."""
        from app.ui.shell.first_run import FirstRunAssistant, set_up_laptop

        def done(assistant: FirstRunAssistant) -> None:
            self._show_device_name(assistant.laptop.value())
            self.statusBar().showMessage(_("This laptop is set up."), 8000)
            if assistant.wants_to_connect:
                self.sync.open_connect()

        if self.store is not None:
            set_up_laptop(self, self.settings, self.store, self.tasks, device_name=self.device_name, done=done)

    def open_staff_pin(self) -> None:
        """Change the PIN that is needed to leave kiosk mode, or reset a forgotten one."""
        from app.ui.kiosk.staff_pin_dialogs import open_staff_pin

        if self.store is not None:
            open_staff_pin(self, self.store, self.tasks, lambda text: self.statusBar().showMessage(text, 8000))

    def _action(self, text: str, key: QKeySequence.StandardKey | None, slot: Callable[[], Any],
                fallback: str = "") -> QAction:
        action = QAction(text, self)
        if key is not None:
            shortcuts = QKeySequence.keyBindings(key) or ([QKeySequence(fallback)] if fallback else [])
            action.setShortcuts(shortcuts)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _set_store_actions_enabled(self, enabled: bool) -> None:
        for widget in (self.new_action, self.refresh_action, self.show_archived_action, self.list_page.new_button,
                       self.set_up_action, self.rename_device_action, self.staff_pin_action, self.find_person_action,
                       self.practices_action, self.report_across_action, self.actions_across_action):
            widget.setEnabled(enabled)
        self.network.set_enabled(enabled)
        self.sync.set_enabled(enabled)

    # ----- opening the store

    def open_store(self) -> None:
        """Open the store on the worker thread; once the events are listed, check and back it up
        on a thread of its own (see StoreCare)."""
        paths, keep = self.paths, self.settings.get("backups_to_keep")

        def work() -> Store:
            from app.store.store import Store

            return Store.open(paths, backup="if-upgrading", backups_to_keep=keep, check=False)

        self.tasks.run(work, self._store_opened, self._store_failed)

    @property
    def store(self) -> Store | None:
        return self.workspace.store

    @property
    def tasks(self) -> TaskPool:
        return self.workspace.tasks

    def _store_opened(self, store: Store) -> None:
        self.workspace.set_store(store)
        self._set_store_actions_enabled(True)
        self.tasks.run(store.device_name, self._show_device_name)
        if store.upgraded_from:
            self.statusBar().showMessage(_("Your data was updated to work with this version of Involve."), 8000)
        if store.recovered is not None:
            say_recovered(self, store.recovered)
        self.reload_events(then=functools.partial(self._store_ready, store))

    def _store_ready(self, store: Store) -> None:
        self.sig_store_ready.emit()
        self.care.start(store, self.settings.get("backups_to_keep"))
        if signup_missing(self.settings.values):  # a new laptop: nobody has set it up yet
            QTimer.singleShot(0, self.set_up_laptop)

    def _store_damaged(self, error: StoreUnreadable) -> None:
        """The check after opening found damage: stop using the store, then offer the backup."""
        self.tasks.wait()
        store = self.store
        if store is not None:
            self.workspace.set_store(None)
            store.close()
        self._set_store_actions_enabled(False)
        self.show_list()
        self.list_page.set_records([])
        self._store_failed(error)

    def _show_device_name(self, name: str) -> None:
        self.device_name = name
        self.store_label.setText(_("This laptop: {name}").format(name=name))

    def rename_device(self) -> None:
        """Ask for a name staff will recognise this laptop by in reports and sync."""
        if self.store is None:
            return
        name = ask_device_name(self, self.device_name)
        if name is not None:
            self.tasks.run(functools.partial(rename_device, self.store, name), self._show_device_name, self._report)

    def _store_failed(self, error: Exception) -> None:
        self.store_label.setText(_("Data not open"))
        if isinstance(error, StoreUnreadable) and error.backup is not None:
            self._offer_backup(error)
            return
        if isinstance(error, StoreError):
            message = str(error)
        else:
            message = _("Involve could not open its data ({kind}). Details are in the log file in {folder}.").format(
                kind=type(error).__name__, folder=self.paths.logs)
        QMessageBox.critical(self, _("Involve cannot open its data"), message)
        if isinstance(error, StoreKeyMissing | StoreUnreadable):
            self.closed_without_data = True
            self.close()

    def _offer_backup(self, error: StoreUnreadable) -> None:
        from app.store.restore import restore_backup

        if not ask_to_restore(self, error):
            self.closed_without_data = True
            self.close()
            return
        backup, store_path = error.backup, self.paths.store
        assert backup is not None  # offered only with a copy that opens
        self.tasks.run(lambda: restore_backup(backup, store_path), lambda _aside: self.open_store(),
                       self._store_failed)

    # ----- events

    def reload_events(self, then: Callable[[], None] | None = None) -> None:
        if self.store is None:
            return
        def done(records: list[EventRecord]) -> None:
            self.list_page.set_records(records, show_archived=self.show_archived_action.isChecked())
            self.sig_events_loaded.emit()
            if then is not None:
                then()

        self.tasks.run_in_session(self.store, _events().list_events, include_archived=True,  # the page hides them
                                  on_success=done, on_failure=self._report)

    def new_event(self) -> None:
        if self.store is None:
            return
        dialog = EventDialog(self, surveys=self.workspace.survey_titles(), store=self.store, tasks=self.tasks)
        if dialog.exec() != EventDialog.DialogCode.Accepted or dialog.details is None:
            return
        def done(record: EventRecord) -> None:
            self.statusBar().showMessage(_("Saved “{name}”.").format(name=record.name), 6000)
            self.reload_events()
            self._show_event(record)

        self.tasks.run_in_session(self.store, _events().add_event, self.store.device_id, dialog.details,
                                  on_success=done, on_failure=self._report)

    def open_event(self, event_id: str) -> None:
        if self.store is None:
            return
        self.tasks.run_in_session(self.store, _events().get_event, event_id,
                                  on_success=self._show_event, on_failure=self._report)

    def edit_event(self, event_id: str) -> None:
        record = self.event_page.record
        if self.store is None or record is None or record.id != event_id:
            return
        dialog = EventDialog(self, existing=record.details, surveys=self.workspace.survey_titles(),
                             store=self.store, tasks=self.tasks)
        if dialog.exec() != EventDialog.DialogCode.Accepted or dialog.details is None:
            return
        if dialog.details == record.details:
            return
        new_details, old_details = dialog.details, record.details
        # The first save checks nobody changed the event meanwhile; undo and redo then apply
        # the person's own before and after.
        expected = [record.version]

        def forward(session: Session) -> EventRecord:
            saved = _events().update_event(session, event_id, new_details, expected[0] if expected else None)
            expected.clear()
            return saved

        self._push_change(_("Edit “{name}”").format(name=record.name),
                          forward=forward, back=lambda s: _events().update_event(s, event_id, old_details))

    def set_archived(self, event_id: str, archived: bool) -> None:
        record = self.event_page.record
        if self.store is None or record is None:
            return
        text = (_("Archive “{name}”") if archived else _("Restore “{name}”")).format(name=record.name)
        self._push_change(text,
                          forward=lambda s: _events().set_archived(s, event_id, archived),
                          back=lambda s: _events().set_archived(s, event_id, not archived))

    def _push_change(self, text: str, *, forward: Callable, back: Callable) -> None:
        store = self.store
        assert store is not None

        def apply(is_forward: bool) -> None:
            change = forward if is_forward else back

            def done(record: EventRecord) -> None:
                if is_forward:
                    message = _("{change}: done. Ctrl+Z undoes it.").format(change=text)
                else:
                    message = _("Undone: {change}").format(change=text)
                self.statusBar().showMessage(message, 8000)
                self.reload_events()
                if self.pages.currentWidget() is self.event_page and self.event_page.record \
                        and self.event_page.record.id == record.id:
                    self._show_event(record)

            self.tasks.run_in_session(store, change, on_success=done, on_failure=self._report)

        self.undo_stack.push(_StoreChange(text, apply))

    def _show_event(self, record: EventRecord) -> None:
        self.event_page.show_record(record)
        self.pages.setCurrentWidget(self.event_page)
        self.setWindowTitle(f"{record.name} — {APP_NAME}")
        self.sig_event_shown.emit(record.id)
        self.refresh_event_counts()

    def refresh_event_counts(self) -> None:
        """Read the event page's feedback counts again, on the worker; ``sig_counts_shown`` follows."""
        self.feedback.refresh_counts()

    def show_list(self) -> None:
        current = self.event_page.record
        self.pages.setCurrentWidget(self.list_page)
        self.setWindowTitle(APP_NAME)
        if current is not None:
            self.list_page.select_event(current.id)
        self.list_page.table.setFocus()

    def _report(self, error: Exception) -> None:
        if isinstance(error, StoreError):
            QMessageBox.warning(self, _("Not saved"), str(error))
        else:
            QMessageBox.critical(self, _("Something went wrong"), _(
                "Involve could not finish that ({kind}). Nothing was half-saved. Details are in the "
                "log file in {folder}.").format(kind=type(error).__name__, folder=self.paths.logs))
        self.reload_events()

    # ----- settings and window state

    def _show_archived_toggled(self, checked: bool) -> None:
        self.settings.set("show_archived", checked)
        self.reload_events()

    def open_settings(self) -> None:
        before = self.settings.get("text_size")
        if SettingsDialog(self.settings, self).exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.show_archived_action.setChecked(bool(self.settings.get("show_archived")))
        if self.settings.get("text_size") != before:
            apply_text_size(self.settings.get("text_size"))
        self.statusBar().showMessage(_("Settings saved."), 5000)

    def _about(self) -> None:
        AboutDialog(self.paths.root, self).exec()

    def _restore_window_state(self) -> None:
        geometry = self.settings.get("window_geometry")
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            self.resize(1000, 660)
        state = self.settings.get("window_state")
        if state:
            self.restoreState(QByteArray.fromBase64(state.encode("ascii")))

    def closeEvent(self, event: QCloseEvent) -> None:
        try:
            self.settings.update({
                "window_geometry": _base64(self.saveGeometry()),
                "window_state": _base64(self.saveState()),
            })
        except OSError:
            log.warning("could not save the window position")
        # A sync stops after its current batch; what the centre confirmed stays marked as sent.
        self.sync.shutdown()
        self.reports.shutdown()
        self.exports.shutdown()
        self.network.shutdown()
        # Let queued saves finish so nothing typed is lost on the way out, and a backup under way.
        self.tasks.wait()
        self.care.wait()
        store = self.store
        if store is not None:
            self.workspace.set_store(None)
            store.close()
        event.accept()
