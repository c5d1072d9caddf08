"""Settings, built from their declarations in ``app.core.settings``.

The fields scroll when the screen is short (a 768-pixel laptop at the largest text size), and
Save and Cancel stay below them, always on screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QSize
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
from app.ui.common.dialog_parts import action_buttons, error_label, fit_to_screen, scrolling
from app.ui.common.user_guide import SET_UP, add_guide_key


def editor_for(setting: Setting, value: Any) -> QWidget:
    """The control that edits ``setting``, showing ``value``, named for a screen reader."""
    editor: QWidget
    if setting.type is bool:
        editor = QCheckBox(_(setting.label))
        editor.setChecked(bool(value))
    elif setting.type is int:
        editor = QSpinBox()
        editor.setRange(setting.minimum or 0, setting.maximum or 1_000_000)
        editor.setValue(int(value))
    elif setting.choices:
        editor = QComboBox()
        for choice, label in setting.choices.items():
            editor.addItem(_(label), choice)
        editor.setCurrentIndex(max(editor.findData(value), 0))
    elif setting.type is str:
        editor = QLineEdit(str(value))
        if setting.maximum:
            editor.setMaxLength(setting.maximum)
    else:
        raise TypeError(f"no editor for setting {setting.key}")
    editor.setAccessibleName(_(setting.label))
    if setting.help:
        editor.setToolTip(_(setting.help))
        editor.setAccessibleDescription(_(setting.help))
    return editor


def value_of(editor: QWidget) -> Any:
    """What ``editor`` (made by ``editor_for``) holds now."""
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QLineEdit):
        return editor.text()
    raise TypeError(f"not a setting's editor: {type(editor).__name__}")


def settings_grid(settings: SettingsFile, chosen: Iterable[Setting]) -> tuple[QGridLayout, dict[str, QWidget]]:
    """A grid with each chosen setting: its label and editor, and its hint running the full width under it."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(4)
    grid.setColumnStretch(1, 1)
    editors: dict[str, QWidget] = {}
    row = 0
    for setting in chosen:
        editor = editor_for(setting, settings.get(setting.key))
        editors[setting.key] = editor
        if setting.type is bool:
            grid.addWidget(editor, row, 0, 1, 2)
        else:
            label = QLabel(_(setting.label))
            label.setBuddy(editor)
            label.setWordWrap(True)
            grid.addWidget(label, row, 0)
            grid.addWidget(editor, row, 1)
        row += 1
        if setting.help:
            # Hints run the full width under their setting, so they wrap into few lines.
            hint = QLabel(_(setting.help))
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            grid.addWidget(hint, row, 0, 1, 2)
            row += 1
        grid.addItem(QSpacerItem(0, 12), row, 0)
        row += 1
    return grid, editors


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Settings"))
        add_guide_key(self, SET_UP)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 60, 900))
        grid, editors = settings_grid(settings, [s for s in SETTINGS if s.user_visible])
        self._editors = editors
        fields = QWidget()
        fields.setLayout(grid)
        self.fields = scrolling(fields, _("Settings"))
        self.error = error_label()
        buttons, self.save_button, _cancel_button = action_buttons(_("Save settings"), self._save, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # As tall as every field and hint needs, within the screen; the fields scroll for the rest.
        width = max(self.width(), self.fontMetrics().averageCharWidth() * 80)
        content = self.fields.widget()
        layout = content.layout() if content is not None else None
        needed = layout.totalHeightForWidth(width) if layout is not None else 0
        outer = self.layout()
        rest = outer.totalSizeHint().height() - self.fields.sizeHint().height() if outer is not None else 0
        fit_to_screen(self, QSize(width, needed + rest + 8))

    def chosen(self) -> dict[str, Any]:
        return {key: value_of(editor) for key, editor in self._editors.items()}

    def _save(self) -> None:
        try:
            self.settings.update(self.chosen())
        except (ValueError, OSError) as error:
            self.error.setText(str(error) if isinstance(error, ValueError)
                               else _("The settings could not be saved: {reason}").format(reason=error.strerror))
            self.error.show()
            return
        self.accept()
