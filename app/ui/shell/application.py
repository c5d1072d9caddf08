"""Starting the desktop app: the Qt application, its look, and the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyleFactory

from app import APP_NAME, __version__
from app.core import i18n
from app.logs import start_logging
from app.resources_dir import resources_dir
from app.store.paths import resolve_data_dir
from app.store.settings_file import SettingsFile
from app.ui.common.gc_guard import GuiThreadCollector
from app.ui.common.plain_buttons import PlainButtonsStyle
from app.ui.common.text_size import apply_text_size, set_base_stylesheet
from app.ui.shell.main_window import MainWindow


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv)
    if not i18n.installed():
        i18n.install(resources_dir() / "translations")
    if app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "involve.svg")))
    app.setStyle(PlainButtonsStyle(QStyleFactory.create("Fusion")))
    set_base_stylesheet(app, (resources_dir() / "styles" / "involve.qss").read_text(encoding="utf-8"))
    return app


def build_main_window(data_dir: str | os.PathLike[str] | None = None) -> MainWindow:
    """The main window for the data in ``data_dir``, with settings applied; the store is not open yet."""
    paths = resolve_data_dir(data_dir)
    paths.ensure()
    start_logging(paths.logs)
    settings = SettingsFile(paths.settings)
    apply_text_size(settings.get("text_size"))
    return MainWindow(paths, settings)


# Python hands the interpreter between threads every 5 ms by default: a kiosk saving while a
# report is drawn on a worker could wait several of those turns. 1 ms keeps saves prompt.
SWITCH_INTERVAL_S = 0.001


def run_gui(data_dir: str | os.PathLike[str] | None = None) -> int:
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = make_application()
    window = build_main_window(data_dir)
    window.show()
    window.open_store()
    code = app.exec()
    return code or (1 if window.closed_without_data else 0)
