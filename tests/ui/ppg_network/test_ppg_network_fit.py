"""The PPG network window fits a 1366×768 and a 1024×768 laptop screen at the largest text size,
with a practice chosen and its lists showing (the way test_staff_dialogs_fit checks the dialogs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QScreen

from app.ui.common.text_size import apply_text_size
from app.ui.shell.main_window import MainWindow
from tests.ui.ppg_network.test_ppg_network_window import choose_practice, open_network, seed_network
from tests.ui.test_staff_dialogs_fit import SCREENS, TASKBAR, off_screen_buttons

SHOTS = os.environ.get("INVOLVE_FIT_SHOTS", "")


@pytest.mark.parametrize("size", list(SCREENS))
def test_the_window_fits_at_the_largest_text_size(window: MainWindow, qtbot, monkeypatch, size: str) -> None:
    screen = SCREENS[size]
    monkeypatch.setattr(QScreen, "availableGeometry",
                        lambda _screen: QRect(0, 0, screen.width(), screen.height() - TASKBAR))
    window.settings.set("text_size", "larger")
    apply_text_size("larger")
    try:
        seed_network(window)
        _desk, network = open_network(window, qtbot)
        choose_practice(network, qtbot, "Larkspur Surgery")
        problems = off_screen_buttons(network, screen)
        if SHOTS:  # to look at: INVOLVE_FIT_SHOTS=/some/folder
            network.grab().save(str(Path(SHOTS) / f"ppg-network-larger-{size}.png"))
        assert not problems, "\n".join(problems)
        # The practices and the chosen one's list each show some rows, not a sliver.
        row = network.table.rowHeight(0)
        assert network.table.viewport().height() >= 3 * row
        assert network.detail.members.viewport().height() >= 2 * row
        assert network.width() <= screen.width()
    finally:
        apply_text_size("normal")
    assert QSize(network.width(), network.height()).isValid()
