"""The "Who should we involve?" window and its dialogs fit a 1366×768 and a 1024×768 laptop screen
at the largest text size (as tests/ui/test_staff_dialogs_fit.py checks the other staff dialogs);
``INVOLVE_FIT_SHOTS=/some/folder`` saves a picture of each to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget

from app.ui.common.text_size import apply_text_size
from app.ui.shell.main_window import MainWindow
from tests.network_helpers import make_network
from tests.ui.finding.test_who_to_involve_window import export_through_dialog, open_finding, search
from tests.ui.helpers import button, when_dialog_opens
from tests.ui.people.test_people import click
from tests.ui.test_staff_dialogs_fit import SCREENS, TASKBAR, off_screen_buttons


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen(request, monkeypatch) -> QSize:
    size = SCREENS[request.param]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, size.width(),
                                                                           size.height() - TASKBAR))
    return size


@pytest.fixture(autouse=True)
def _largest_text(window: MainWindow) -> Iterator[None]:
    window.settings.set("text_size", "larger")
    apply_text_size("larger")
    yield
    apply_text_size("normal")


def test_the_window_and_its_dialogs_fit(window: MainWindow, qtbot, screen: QSize, tmp_path: Path,
                                        monkeypatch) -> None:
    make_network(window.store)
    finding = open_finding(window)
    search(finding, qtbot, topic="Mental health", area="ME14")
    problems = off_screen_buttons(finding, screen)

    def check(dialog: QWidget) -> None:
        problems.extend(off_screen_buttons(dialog, screen))
        dialog.close()

    when_dialog_opens(check)
    click(qtbot, button(finding, "Export contact list"))
    export_through_dialog(finding, qtbot, tmp_path / "l.csv", purpose="Invite", monkeypatch=monkeypatch)
    when_dialog_opens(check)
    click(qtbot, button(finding, "Lists sent"))
    assert not problems, "\n".join(problems)
