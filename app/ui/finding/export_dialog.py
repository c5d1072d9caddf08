"""Asking what a contact list is for and which file to write, after saying plainly that it holds
personal data. Nothing is written here: the window writes the chosen file on the worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _, ngettext
from app.core.matching import PURPOSE_MAX, Search, check_purpose
from app.core.validation import ValidationError
from app.documents.contact_list_csv import ListFormat
from app.ui.common.dialog_parts import action_buttons, error_label


class ExportListDialog(QDialog):
    """Purpose, format and file for a contact list; ``chosen`` is (path, format value, purpose) once accepted."""

    def __init__(self, parent: QWidget | None, search: Search, found: int) -> None:
        super().__init__(parent)
        self.search = search
        self.chosen: tuple[str, str, str] | None = None
        self.setWindowTitle(_("Export contact list"))
        warning = QLabel(ngettext(
            "This list holds personal data: the contact details of the {n} person or organisation found. Consent "
            "is checked again as it is written. Keep the file safe, use it only for this purpose, and delete it "
            "once sent.",
            "This list holds personal data: the contact details of the {n} people and organisations found. "
            "Consent is checked again as it is written. Keep the file safe, use it only for this purpose, and "
            "delete it once sent.", found).format(n=found))
        warning.setWordWrap(True)
        warning.setObjectName("warning")
        warning.setAccessibleName(_("Personal data warning: {text}").format(text=warning.text()))

        purpose_label = QLabel(_("&What is the list for? *"))
        self.purpose = QLineEdit()
        self.purpose.setMaxLength(PURPOSE_MAX)
        self.purpose.setPlaceholderText(_("For example: invitation to the mental health focus group in May"))
        self.purpose.setAccessibleName(_("What the list is for"))
        purpose_label.setBuddy(self.purpose)
        self.purpose_problem = error_label(_("Problem with what the list is for"))
        hint = QLabel(_("Kept with the record of what was sent to whom and when."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        format_label = QLabel(_("File format:"))
        self.formats: dict[ListFormat, QRadioButton] = {}
        group = QButtonGroup(self)
        for list_format in ListFormat:
            radio = QRadioButton(list_format.label)
            radio.setAccessibleName(_("Format: {name}").format(name=list_format.label))
            group.addButton(radio)
            self.formats[list_format] = radio
        self.formats[ListFormat.MAIL_MERGE].setChecked(True)
        notify_hint = QLabel(_("A GOV.UK Notify list holds only those who asked to be contacted that way."))
        notify_hint.setObjectName("hint")
        notify_hint.setWordWrap(True)

        buttons, self.write_button, _cancel = action_buttons(_("&Choose file and write…"), self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addSpacing(6)
        layout.addWidget(purpose_label)
        layout.addWidget(self.purpose)
        layout.addWidget(self.purpose_problem)
        layout.addWidget(hint)
        layout.addSpacing(6)
        layout.addWidget(format_label)
        for radio in self.formats.values():
            layout.addWidget(radio)
        layout.addWidget(notify_hint)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 70, 900))
        self.purpose.setFocus()

    def list_format(self) -> ListFormat:
        return next(f for f, radio in self.formats.items() if radio.isChecked())

    def ask_path(self) -> str:
        """Where to write the file (blank: the person chose not to)."""
        name = "contact-list.csv" if self.list_format() is ListFormat.MAIL_MERGE else "notify-list.csv"
        path, _filter = QFileDialog.getSaveFileName(self, _("Write the contact list to"), str(Path.home() / name),
                                                    _("CSV files (*.csv)"))
        return path

    def accept(self) -> None:
        self.purpose_problem.hide()
        try:
            purpose = check_purpose(self.purpose.text())
        except ValidationError as error:
            self.purpose_problem.setText(error.errors["purpose"])
            self.purpose_problem.show()
            self.purpose.setFocus()
            return
        path = self.ask_path()
        if not path:
            return
        if not path.lower().endswith(".csv"):
            path += ".csv"
        self.chosen = (path, self.list_format().value, purpose)
        super().accept()
