"""Settings, built from their declarations in ``app.core.settings``."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.settings import SETTINGS, Setting
from app.store.settings_file import SettingsFile


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(460)
        self._editors: dict[str, tuple[Setting, QWidget]] = {}
        form = QFormLayout()
        for setting in SETTINGS:
            if not setting.user_visible:
                continue
            editor = self._editor_for(setting, settings.get(setting.key))
            editor.setAccessibleName(_(setting.label))
            if setting.help:
                editor.setToolTip(_(setting.help))
                editor.setAccessibleDescription(_(setting.help))
            self._editors[setting.key] = (setting, editor)
            if setting.type is bool:
                form.addRow(editor)
            else:
                form.addRow(_(setting.label), editor)
            if setting.help:
                hint = QLabel(_(setting.help))
                hint.setObjectName("hint")
                hint.setWordWrap(True)
                form.addRow("", hint)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save settings"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _editor_for(self, setting: Setting, value: Any) -> QWidget:
        if setting.type is bool:
            box = QCheckBox(_(setting.label))
            box.setChecked(bool(value))
            return box
        if setting.type is int:
            spin = QSpinBox()
            spin.setRange(setting.minimum or 0, setting.maximum or 1_000_000)
            spin.setValue(int(value))
            return spin
        if setting.choices:
            combo = QComboBox()
            for choice, label in setting.choices.items():
                combo.addItem(_(label), choice)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            return combo
        raise TypeError(f"no editor for setting {setting.key}")

    def chosen(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, (setting, editor) in self._editors.items():
            if isinstance(editor, QCheckBox):
                values[key] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                values[key] = editor.value()
            elif isinstance(editor, QComboBox):
                values[key] = editor.currentData()
        return values

    def _save(self) -> None:
        try:
            self.settings.update(self.chosen())
        except (ValueError, OSError) as error:
            self.error.setText(str(error) if isinstance(error, ValueError)
                               else _("The settings could not be saved: {reason}").format(reason=error.strerror))
            self.error.show()
            return
        self.accept()
