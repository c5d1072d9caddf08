"""``involve kiosk EVENT``: the kiosk alone, full screen, for a laptop that opens it at login.

The command line has checked the event, its surveys, the language and the staff PIN before Qt
starts. Leaving needs the staff PIN, as from the staff window; then the program ends. Once the
kiosk is up, the store is checked and backed up (if anything changed since its newest backup)
on a thread of its own, as the staff app does, so a laptop that only ever runs the kiosk is
looked after too.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from app.store.settings_file import SettingsFile
from app.ui.common.tasks import TaskPool
from app.ui.common.text_size import apply_text_size
from app.ui.kiosk.first_language import FirstLanguageKiosk
from app.ui.shell.application import SWITCH_INTERVAL_S, make_application
from app.ui.shell.store_care import StoreCare

if TYPE_CHECKING:
    from app.core.surveys import Survey
    from app.store.store import Store

log = logging.getLogger(__name__)


def open_kiosk(store: Store, tasks: TaskPool, event_id: str, surveys: list[Survey],
               language: str, *, easy_read: bool = False) -> FirstLanguageKiosk:
    """The kiosk for ``event_id``, full screen and on top, greeting people in ``language``;
    ``easy_read``: the event offers the FFT in easy read."""
    settings = SettingsFile(store.paths.settings)
    apply_text_size(settings.get("text_size"))  # for the staff's PIN dialog; the kiosk has its own sizes
    kiosk = FirstLanguageKiosk(store, tasks, event_id, surveys, settings, language, easy_read=easy_read)
    kiosk.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    kiosk.showFullScreen()
    care = StoreCare(kiosk)
    # Nobody at the kiosk could act on these: they go to the log, for staff and IT.
    care.sig_damaged.connect(lambda _error: log.error("the store check found damage; restore it from the staff app"))
    care.sig_problem.connect(lambda _text: log.warning("the store could not be backed up"))
    care.start(store, settings.get("backups_to_keep"))
    return kiosk


def run_kiosk(store: Store, event_id: str, surveys: list[Survey], language: str, *, easy_read: bool = False) -> int:
    """Run the kiosk until staff leave it with the PIN; the exit code."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = make_application()
    tasks = TaskPool()
    kiosk = open_kiosk(store, tasks, event_id, surveys, language, easy_read=easy_read)
    kiosk.sig_closed.connect(app.quit)
    try:
        code = app.exec()
    finally:
        tasks.wait()
        for care in kiosk.findChildren(StoreCare):
            care.wait()
        kiosk.deleteLater()
    return code
