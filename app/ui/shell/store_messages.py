"""What the main window says when its data could not be opened as it was: a restore that was
interrupted last time, or a damaged or missing store with a copy that opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.i18n import _
from app.store import StoreMissing, StoreUnreadable

if TYPE_CHECKING:
    from app.store.restore import Recovered


def say_recovered(parent: QWidget, recovered: Recovered) -> None:
    """A restore was interrupted last time (the laptop lost power, say): say what became of it."""
    if recovered.outcome == "finished":
        text = _("Putting back a backup was interrupted last time, and has now been finished. The data it "
                 "replaced is kept as {file}.").format(file=recovered.aside.name)
    else:
        text = _("Putting back a backup was interrupted last time before anything changed, so your data is "
                 "as it was.")
    QMessageBox.information(parent, _("Backup"), text)


def ask_to_restore(parent: QWidget, error: StoreUnreadable) -> bool:
    """Offer the copy that opens (``error.backup``); True when the person chose to restore it."""
    from app.store.backups import backup_time

    assert error.backup is not None
    when = backup_time(error.backup)
    box = QMessageBox(QMessageBox.Icon.Warning, _("Involve cannot open its data"), str(error), parent=parent)
    if when is None:  # not a backup: the data itself, set aside by an earlier restore
        offer = _("A copy of the data set aside earlier ({file}) opens correctly. Restoring it brings back "
                  "everything it holds.").format(file=error.backup.name)
    else:
        offer = _("A backup from {when} opens correctly. Restoring it brings back everything saved up to "
                  "then.").format(when=when.astimezone().strftime("%d %b %Y at %H:%M"))
    if not isinstance(error, StoreMissing):
        offer += " " + _("The current file is kept beside it, renamed, in case it can be recovered later.")
    box.setInformativeText(offer)
    restore = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore
