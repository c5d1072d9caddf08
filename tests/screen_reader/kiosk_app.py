"""The kiosk on a throwaway store, for the screen-reader tests: ``python -m tests.screen_reader.kiosk_app DIR [IDLE]``.

``IDLE`` is the kiosk's idle time in seconds (the setting staff choose), for the time warning.

Prints ``READY`` once the welcome screen is on show. Runs on whatever Qt platform the caller
chose (the screen-reader tests use X11 under Xvfb, with the AT-SPI bridge on).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from app.core.events import validate_event
from app.store.events import add_event
from app.store.kiosk_pin import set_pin
from app.store.paths import DataPaths
from app.store.settings_file import SettingsFile
from app.store.store import Store
from app.store.survey_library import load_library
from app.ui.common.tasks import TaskPool
from app.ui.kiosk.window import KioskWindow
from app.ui.shell.application import make_application

SURVEYS = ("fft", "topics")


def main(folder: str, idle: str | None = None) -> int:
    app = make_application([sys.argv[0]])
    paths = DataPaths(Path(folder))
    store = Store.open(paths, backup="never")
    with store.session() as session:
        event = add_event(session, store.device_id, validate_event({
            "name": "Health fair", "kind": "community-event", "event_date": dt.date.today().isoformat(),
            "survey_ids": list(SURVEYS), "easy_read": True}))
        set_pin(session, "4821")
    library = load_library(paths.surveys).surveys
    settings = SettingsFile(paths.settings)
    if idle is not None:
        settings.values["kiosk_idle_seconds"] = int(idle)
    kiosk = KioskWindow(store, TaskPool(), event.id, [library[s] for s in SURVEYS], settings, easy_read=True)
    kiosk.resize(1366, 768)
    kiosk.show()
    kiosk.activateWindow()
    QTimer.singleShot(0, lambda: print("READY", flush=True))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
