"""Settings, built from their declarations in ``app.core.settings``."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpacerItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.settings import SETTINGS, Setting
from app.store.settings_file import SettingsFile
from app.ui.common.dialog_parts import action_buttons, error_label
from app.ui.common.user_guide import SET_UP, add_guide_key


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Settings"))
        add_guide_key(self, SET_UP)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self._editors: dict[str, tuple[Setting, QWidget]] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        row = 0
        for setting in SETTINGS:
            if not setting.user_visible:
                continue
            editor = self._editor_for(setting, settings.get(setting.key))
            editor.setAccessibleName(_(setting.label))
            self._editors[setting.key] = (setting, editor)
            if setting.type is bool:
                grid.addWidget(editor, row, 0, 1, 2)
            else:
                label = QLabel(_(setting.label))
                label.setBuddy(editor)
                grid.addWidget(label, row, 0)
                grid.addWidget(editor, row, 1)
            row += 1
            if setting.help:
                editor.setToolTip(_(setting.help))
                editor.setAccessibleDescription(_(setting.help))
                # Hints run the full width under their setting, so they wrap into few lines.
                hint = QLabel(_(setting.help))
                hint.setObjectName("hint")
                hint.setWordWrap(True)
                grid.addWidget(hint, row, 0, 1, 2)
                row += 1
            grid.addItem(QSpacerItem(0, 12), row, 0)
            row += 1
        self.error = error_label()
        buttons, _save_button, _cancel_button = action_buttons(_("Save settings"), self._save, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A window does not grow for wrapped text by itself; make room for every hint line.
        layout = self.layout()
        if layout is None:
            return
        needed = layout.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

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
        if setting.type is str:
            line = QLineEdit(str(value))
            if setting.maximum:
                line.setMaxLength(setting.maximum)
            line.setAccessibleName(_(setting.label))
            return line
        raise TypeError(f"no editor for setting {setting.key}")

    def chosen(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, (_setting, editor) in self._editors.items():
            if isinstance(editor, QCheckBox):
                values[key] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                values[key] = editor.value()
            elif isinstance(editor, QComboBox):
                values[key] = editor.currentData()
            elif isinstance(editor, QLineEdit):
                values[key] = editor.text()
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
