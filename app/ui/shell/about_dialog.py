"""Help ▸ About Involve: the version, the licence, and the third-party licences and notices."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QTextBrowser, QVBoxLayout, QWidget

from app import APP_NAME, __version__
from app.core.i18n import _
from app.resources_dir import resources_dir
from app.ui.common.dialog_parts import close_buttons


def notices_file() -> Path:
    """Made by tools/make_notices.py from the lock of every package Involve is built from."""
    return resources_dir() / "licences" / "third-party-notices.html"


class AboutDialog(QDialog):
    def __init__(self, data_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Involve"))
        heading = QLabel(f"{APP_NAME} {__version__}")
        heading.setObjectName("pageTitle")
        summary = QLabel(_(
            "Collects feedback and sign-ups at community events, stalls and PPG meetings, works without "
            "a network, and syncs to your organisation's database."))
        summary.setWordWrap(True)
        folder = QLabel(_("Data folder: {folder}").format(folder=data_folder))
        folder.setWordWrap(True)
        folder.setAccessibleName(folder.text())
        caption = QLabel(_("Licences and third-party notices"))
        caption.setObjectName("subtitle")
        self.notices = QTextBrowser()
        self.notices.setAccessibleName(_("Licences and third-party notices"))
        self.notices.setOpenLinks(False)  # licence files and web pages open outside, in the browser
        self.notices.anchorClicked.connect(self._open_link)
        path = notices_file()
        self.notices.setSearchPaths([str(path.parent)])
        self.notices.setHtml(path.read_text(encoding="utf-8"))
        caption.setBuddy(self.notices)
        layout = QVBoxLayout(self)
        for widget in (heading, summary, folder, caption):
            layout.addWidget(widget)
        layout.addWidget(self.notices, 1)
        layout.addWidget(close_buttons(self.accept))
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.fit_within(screen.availableGeometry().size())

    def _open_link(self, url: QUrl) -> None:
        if url.isRelative():
            url = QUrl.fromLocalFile(str((notices_file().parent / url.path()).resolve()))
        QDesktopServices.openUrl(url)

    def fit_within(self, room: QSize) -> None:
        """Wide enough to read the table, and never taller or wider than the screen (less room for a
        title bar and taskbar) at any text size: the notices scroll instead."""
        width = min(self.fontMetrics().averageCharWidth() * 90, room.width() - 40)
        height = min(self.fontMetrics().height() * 40, room.height() - 80)
        self.resize(width, height)
