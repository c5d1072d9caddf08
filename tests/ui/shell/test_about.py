"""Help ▸ About Involve: the version, the licence, and every third-party licence and notice, in a
window that scrolls rather than running off a small screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QMessageBox

from app import __version__
from app.ui.common.text_size import apply_text_size
from app.ui.shell.about_dialog import AboutDialog
from app.ui.shell.main_window import MainWindow
from tests.ui.staff_accessibility import assert_staff_window_accessible

ROOT = Path(__file__).resolve().parents[3]


def test_help_about_shows_the_version_and_the_qt_lgpl_notice(qtbot, monkeypatch, window: MainWindow) -> None:
    shown: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: shown.append(dialog) or QDialog.DialogCode.Rejected)
    monkeypatch.setattr(QMessageBox, "about", lambda *_args: None)  # a bare message box would wait for a click
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text() == "&About Involve").trigger()
    assert len(shown) == 1
    about = shown[0]
    qtbot.addWidget(about)
    about.show()
    words = " ".join(label.text() for label in about.findChildren(QLabel))
    assert f"Involve {__version__}" in words and str(window.paths.root) in words
    notices = about.notices.toPlainText()
    assert "LGPL-3.0" in notices and "Replacing the library" in notices and "Getting the source" in notices
    assert "proprietary" in notices
    assert_staff_window_accessible(about)


@pytest.mark.parametrize("screen", [(1366, 768), (1024, 768)], ids=["1366x768", "1024x768"])
def test_about_fits_a_laptop_screen_at_the_largest_text_size(qtbot, tmp_path: Path,
                                                            screen: tuple[int, int]) -> None:
    before = QApplication.font()
    apply_text_size("larger")
    try:
        about = AboutDialog(tmp_path)
        qtbot.addWidget(about)
        about.fit_within(QSize(*screen))
        about.show()
        qtbot.waitExposed(about)
        width, height = screen
        assert about.width() <= width and about.height() <= height - 80, about.size()
        assert about.minimumSizeHint().height() <= height - 80
        inside = QRect(QPoint(0, 0), about.size())
        for button in about.findChildren(QAbstractButton):
            if button.isVisible():
                corner = button.mapTo(about, QPoint(0, 0))
                assert inside.contains(QRect(corner, button.size())), button.text()
        assert about.notices.verticalScrollBar().maximum() > 0  # the notices scroll, the window does not grow
        about.grab().save(str(tmp_path / f"about-larger-{width}x{height}.png"))
    finally:
        QApplication.setFont(before)
