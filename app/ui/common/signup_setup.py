"""Nobody signs up before the organisation and its privacy contact are set: what staff are told."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.i18n import _
from app.core.settings import signup_missing

if TYPE_CHECKING:
    from app.ui.common.workspace import Workspace


def signup_ready(parent: QWidget, workspace: Workspace) -> bool:
    """True when sign-ups may be taken; otherwise say what to set, offering Settings, and return False."""
    missing = signup_missing(workspace.settings.values)
    if not missing:
        return True
    box = QMessageBox(QMessageBox.Icon.Information, _("Set up sign-up first"), _(
        "Before anyone can sign up, on the kiosk, on this laptop or on paper, Settings need your "
        "organisation's details, so the privacy notice people agree to says who you are and how to reach you."),
        QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(_("Still to fill in: {fields}.").format(fields=", ".join(_(label) for label in missing)))
    open_button = box.addButton(_("Open Settings…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.exec()
    chosen = box.clickedButton() is open_button
    box.deleteLater()
    if chosen:
        workspace.sig_settings_wanted.emit()
    return False
