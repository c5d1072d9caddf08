"""The offline user guide: F1 opens the page for the window in front, in the system's browser.

The guide is plain HTML shipped in ``resources/guide``. A browser, rather than a viewer inside
Involve, reads it with the person's own screen reader, zoom (text reflows at 200%), find and
print, and can stay open beside the window being explained; it needs nothing new installed.
The kiosk window never gets F1: a member of the public must not be able to open a browser.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.i18n import _
from app.resources_dir import resources_dir

# The guide's pages, one for each task a member of staff does (file names in resources/guide).
INDEX = "index.html"
SET_UP = "set-up.html"
PLAN_EVENT = "plan-an-event.html"
KIOSK = "kiosk.html"
RECORD_FEEDBACK = "record-feedback.html"
PAPER = "paper.html"
PEOPLE = "people.html"
ACTIONS = "actions.html"
REPORTS = "reports.html"
SYNC = "sync.html"
BACKUPS = "backups.html"
ACCESSIBILITY = "accessibility.html"
NETWORK = "network.html"
PAGES = (INDEX, SET_UP, PLAN_EVENT, KIOSK, RECORD_FEEDBACK, PAPER, PEOPLE, ACTIONS, REPORTS, SYNC, BACKUPS,
         ACCESSIBILITY, NETWORK)


def guide_folder() -> Path:
    return resources_dir() / "guide"


def guide_url(page: str) -> QUrl:
    """The file URL of one of the guide's pages."""
    return QUrl.fromLocalFile(str(guide_folder() / page))


def open_user_guide(page: str, parent: QWidget | None = None) -> bool:
    """Open ``page`` of the guide in the system's browser; say where the file is if none opens it."""
    url = guide_url(page)
    if QDesktopServices.openUrl(url):
        return True
    QMessageBox.information(parent, _("User guide"), _(
        "This computer has no web browser set up to open the user guide. It is the file {path}; "
        "open it in a web browser, or ask IT to set one up.").format(path=url.toLocalFile()))
    return False


def add_guide_key(window: QWidget, page: str) -> QShortcut:
    """F1 (the system's Help key) in ``window`` opens ``page`` of the guide."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), window)
    shortcut.activated.connect(lambda: open_user_guide(page, window))
    return shortcut
