"""Naming this laptop: the name staff recognise it by in reports and sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from app.core.devices import validate_device_name
from app.core.i18n import _
from app.core.validation import ValidationError

if TYPE_CHECKING:
    from app.store.store import Store


def ask_device_name(parent: QWidget, current: str) -> str | None:
    """Ask for a new name until one is valid; None when staff cancel."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(_("Name this laptop"))
    dialog.setLabelText(_("A name your team will recognise, for example 'Stall laptop 2':"))
    dialog.setTextValue(current)
    dialog.setOkButtonText(_("Save name"))
    dialog.setCancelButtonText(_("Cancel"))
    while dialog.exec() == QInputDialog.DialogCode.Accepted:
        try:
            return validate_device_name(dialog.textValue())
        except ValidationError as error:
            QMessageBox.warning(parent, _("Name not saved"), error.errors["name"])
    return None


def rename_device(store: Store, name: str) -> str:
    """On the worker: give this laptop a new name; the name as now kept."""
    store.rename_device(name)
    return store.device_name()
