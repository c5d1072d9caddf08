from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.paths import DataPaths
from app.store.settings_file import SettingsFile
from app.ui.shell.application import build_main_window, make_application
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import forget_dialogs_not_opened
from tests.ui.kiosk_fixture import kiosk_maker  # noqa: F401  (a fixture, shared by the kiosk tests)


@pytest.fixture(autouse=True)
def _no_dialog_waits_left_over() -> Iterator[None]:
    """A test whose dialog never opened must not act on the next test's dialog."""
    yield
    forget_dialogs_not_opened()


ORGANISATION = {"organisation_name": "Northshire Health Voices", "privacy_contact": "privacy@northshire.nhs.uk"}


@pytest.fixture
def gui_data(tmp_path: Path) -> DataPaths:
    """A data folder on a laptop already set up (a new one opens the set-up assistant, and takes no sign-ups)."""
    paths = DataPaths(tmp_path / "gui-data")
    SettingsFile(paths.settings).update(ORGANISATION)
    return paths


@pytest.fixture
def open_window(qtbot, gui_data: DataPaths):
    """Opens the app on ``gui_data`` as a person starting it would; returns the window once events are listed."""
    opened: list[MainWindow] = []

    def opener() -> MainWindow:
        make_application()
        window = build_main_window(gui_data.root)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.sig_store_ready, timeout=20_000):
            window.open_store()
        opened.append(window)
        return window

    yield opener
    for window in opened:
        window.close()


@pytest.fixture
def window(open_window) -> Iterator[MainWindow]:
    yield open_window()
