"""A form dialog whose fields show their problems beside them, and which saves on the worker, so a
refusal only the store can make (someone else saved first, a linked row was removed) is shown in
place and nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.core.i18n import _
from app.core.validation import ValidationError
from app.ui.common.dialog_parts import action_buttons, error_label, grow_to_fit, scroll_body
from app.ui.common.tasks import while_alive

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.store import Store
    from app.ui.common.tasks import TaskPool


class SavingForm(QDialog):
    """A form of labelled fields. Saving runs ``check()`` (which raises ``ValidationError``), then
    ``save(session, checked)`` on the worker in one store session; :attr:`saved` holds its result.

    ``keys`` is the hint above the buttons; ``not_saved`` the sentence (with ``{kind}``) for an
    error the store did not explain; ``ctrl_enter_saves`` False leaves Ctrl+Enter to the fields."""

    def __init__(self, parent: QWidget | None, title: str, save_text: str, body_name: str, *, store: Store,
                 tasks: TaskPool, check: Callable[[], object], save: Callable[[Session, Any], object],
                 keys: str | None = None, not_saved: str | None = None, ctrl_enter_saves: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.store, self.tasks = store, tasks
        self._check, self._save = check, save
        self._not_saved = not_saved or _("It could not be saved ({kind}). Nothing was half-saved; try again.")
        self.saved: Any = None
        self.saving = False
        self._errors: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.problem = error_label(_("Problem"))
        self.keys = QLabel(keys or _("* required. Ctrl+Enter saves; Esc cancels."))
        self.keys.setObjectName("hint")
        self.keys.setWordWrap(True)
        buttons, self.save_button, _cancel = action_buttons(save_text, self.try_accept, self.reject)
        self.save_button.setDefault(True)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.try_accept)
        if ctrl_enter_saves:
            QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.try_accept)
        self._body_name = body_name
        self._buttons = buttons

    def add_field(self, field: str, label_text: str, widget: QWidget, *, required: bool = False,
                  hint: QLabel | None = None, control: QWidget | None = None) -> QLabel:
        """A row for ``field``; ``control`` is the control in ``widget`` the label names and a
        problem focuses, where ``widget`` holds more than one."""
        control = control or widget
        label = QLabel(label_text + (" *" if required else ""))
        label.setBuddy(control)
        if not control.accessibleName():
            control.setAccessibleName(label_text.replace("&", ""))
        error = error_label(_("Problem with {field}").format(field=label_text.replace("&", "")))
        self._errors[field] = error
        self._widgets[field] = control
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        if hint is not None:
            column.addWidget(hint)
        column.addWidget(error)
        self.form.addRow(label, column)
        return label

    def finish_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(self.form)
        layout.addWidget(self.keys)
        layout.addWidget(self._buttons)
        scroll_body(self, self._body_name)

    def hide_error(self, field: str) -> None:
        self._errors[field].hide()

    # ----- saving

    def try_accept(self) -> None:
        if self.saving:
            return
        try:
            checked = self._check()
        except ValidationError as error:
            self.show_errors(error.errors)
            return
        self.show_errors({})
        self._set_saving(True)
        self.tasks.run_in_session(self.store, self._save, checked, on_success=while_alive(self, self._saved),
                                  on_failure=while_alive(self, self._failed))

    def _saved(self, record: object) -> None:
        self._set_saving(False)
        self.saved = record
        self.accept()

    def _failed(self, error: Exception) -> None:
        from app.store.errors import StoreError

        self._set_saving(False)
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        elif isinstance(error, StoreError):
            self.show_errors({}, problem=str(error))
        else:
            self.show_errors({}, problem=self._not_saved.format(kind=type(error).__name__))

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)

    def show_errors(self, errors: Mapping[str, str], *, problem: str = "") -> None:
        first: QWidget | None = None
        for field, label in self._errors.items():
            message = errors.get(field, "")
            label.setText(message)
            label.setVisible(bool(message))
            if message and first is None:
                first = self._widgets[field]
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if first is not None:
            first.setFocus()
        grow_to_fit(self)

    def reject(self) -> None:
        if not self.saving:  # a save under way finishes first, so the person knows whether it was kept
            super().reject()
