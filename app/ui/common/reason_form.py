"""The end of a dialog that changes a record for good and must say why: a required reason box,
its problem line, and the action and Cancel buttons, which go busy while the worker acts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout

from app.core.i18n import _
from app.ui.common.dialog_parts import action_buttons, error_label, grow_to_fit

REASON_LINES = 3


class ReasonForm:
    """The reason box and the buttons of ``dialog``: ``on_action`` runs when the action is chosen."""

    def __init__(self, dialog: QDialog, *, label: str, name: str, placeholder: str, action: str, busy: str,
                 on_action: Callable[[], None]) -> None:
        self.dialog, self.action_text, self.busy_text = dialog, action, busy
        self.label = QLabel(label)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(name)
        self.reason.setPlaceholderText(placeholder)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * REASON_LINES + 16)
        self.label.setBuddy(self.reason)
        self.error = error_label(_("Problem with the reason"))
        self.buttons, self.action_button, self.cancel_button = action_buttons(action, on_action, dialog.reject)

    def add_to(self, layout: QVBoxLayout) -> None:
        for widget in (self.label, self.reason, self.error, self.buttons):
            layout.addWidget(widget)

    def checked_reason(self) -> str | None:
        """The reason as typed, checked; None (with the problem shown beside it) when it will not do."""
        from app.store.corrections import CorrectionRefused, check_reason

        try:
            return check_reason(self.reason.toPlainText())
        except CorrectionRefused as error:
            self.problem(str(error))
            self.reason.setFocus()
            return None

    def set_busy(self, busy: bool) -> None:
        """While the worker acts, neither button can be pressed again, and the action says it is going."""
        self.action_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.action_button.setText(self.busy_text if busy else self.action_text)

    def problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        grow_to_fit(self.dialog)
