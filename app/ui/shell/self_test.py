"""The self-test's screen check: the kiosk drawn off screen, as staff would start it.

Qt is loaded here only, after the platform is chosen: without a display the self-test uses
Qt's "offscreen" platform (bundled with the app), unless QT_QPA_PLATFORM already names one.
"""

from __future__ import annotations

import os
import sys

from app.core.i18n import _
from app.services.self_test import CheckFailed, Scratch

SIZE = (1024, 768)
WAIT_MS = 10_000


def check_kiosk(scratch: Scratch) -> str:
    if not os.environ.get("QT_QPA_PLATFORM"):  # Qt stops the whole program if it cannot open a display
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    store = scratch.open_store()
    if not scratch.event_id:
        raise CheckFailed(_("it needs the self-test's event, which was not made (see above)."))
    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QAbstractButton, QApplication

    from app.resources_dir import resources_dir
    from app.store.settings_file import SettingsFile
    from app.store.survey_library import load_library
    from app.ui.common.tasks import TaskPool
    from app.ui.kiosk.window import KioskWindow
    from app.ui.shell.application import make_application

    app = make_application([sys.argv[0] if sys.argv else "involve"])
    icon = QIcon(str(resources_dir() / "icons" / "involve.svg")).pixmap(64, 64)
    if icon.isNull():
        raise CheckFailed(_("the app's icon (SVG) could not be drawn."))
    library = load_library(store.paths.surveys).surveys
    tasks = TaskPool()
    settings = SettingsFile(scratch.folder / "settings.json")
    kiosk = KioskWindow(store, tasks, scratch.event_id, [library["fft"]], settings)
    try:
        kiosk.resize(*SIZE)
        kiosk.show()
        clock = QElapsedTimer()
        clock.start()
        while not kiosk.isVisible() and clock.elapsed() < WAIT_MS:
            app.processEvents()
        app.processEvents()
        buttons = [b for b in kiosk.findChildren(QAbstractButton) if b.isVisible() and b.text().strip()]
        image = kiosk.grab().toImage()
        if image.isNull() or image.width() < 100:
            raise CheckFailed(_("the kiosk could not be drawn."))
        colours = {image.pixel(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)}
        if len(colours) < 3 or not buttons:
            raise CheckFailed(_("the kiosk was drawn blank."))
        platform = QGuiApplication.platformName()
    finally:
        tasks.wait(WAIT_MS)
        kiosk._may_close = True  # as if staff had given the PIN
        kiosk.close()
        kiosk.deleteLater()
        QApplication.sendPostedEvents()
        app.processEvents()
    return _("Kiosk drawn on the {platform} screen ({width}×{height}, {count} buttons), with the app's icon").format(
        platform=platform, width=image.width(), height=image.height(), count=len(buttons))
