"""Starting kiosk mode for an event from the staff window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.i18n import _
from app.core.surveys import Survey
from app.store.settings_file import SettingsFile
from app.ui.common.tasks import TaskPool
from app.ui.kiosk.pin_dialogs import SetPinDialog
from app.ui.kiosk.window import KioskWindow

if TYPE_CHECKING:
    from app.store.events import EventRecord
    from app.store.store import Store


def start_kiosk(parent: QWidget, store: Store, tasks: TaskPool, settings: SettingsFile,
                event: EventRecord, library: dict[str, Survey], *, has_pin: bool) -> KioskWindow | None:
    """Open the kiosk full screen for ``event``; first ask staff for a PIN if there is none yet.

    Returns the kiosk window, or None if staff cancelled or the event's surveys are missing.
    """
    missing = [sid for sid in event.details.survey_ids if sid not in library]
    if missing:
        QMessageBox.warning(parent, _("Kiosk not started"), _(
            "This event asks for surveys this laptop does not have ({ids}). Edit the event and choose "
            "its surveys again.").format(ids=", ".join(missing)))
        return None
    if not has_pin:
        dialog = SetPinDialog(store, tasks, parent)
        accepted = dialog.exec() == SetPinDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return None
    kiosk = KioskWindow(store, tasks, event.id, [library[sid] for sid in event.details.survey_ids], settings,
                        easy_read=event.details.easy_read)
    kiosk.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    kiosk.showFullScreen()
    return kiosk
