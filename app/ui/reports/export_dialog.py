"""Export…: choose what to export and as what, warned about personal data before any file is chosen.

What a file holds used to hide in the file dialog's type list, and the warning about people's
contact details came after the file was written. Here the choice is the dialog's own, in
words, and a choice that holds names and contact details says so, in place, before the person
goes on to choose where to save it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _
from app.ui.common.captioned_label import CaptionedLabel


@dataclass(frozen=True)
class ExportOption:
    key: str
    label: str  # untranslated; shown through _()
    hint: str  # untranslated
    tables: tuple[str, ...]  # ExportWhat values
    csv: bool  # one table, so it can also be a CSV file
    file_words: str  # untranslated; the part of the suggested file name that says what it holds

    @property
    def personal(self) -> bool:
        return "signups" in self.tables


OPTIONS = (
    ExportOption("everything", N_("Everything recorded at the event"),
                 N_("Responses, sign-ups and actions, each on its own sheet of one workbook."),
                 ("responses", "signups", "actions"), False, N_("all")),
    ExportOption("responses", N_("Responses"), N_("The feedback given, one row a response. Anonymous."),
                 ("responses",), True, N_("responses")),
    ExportOption("signups", N_("Sign-ups"), N_("People who signed up, with their contact details and consent."),
                 ("signups",), True, N_("sign-ups")),
    ExportOption("actions", N_("Actions"), N_("“You said, we did”: what was agreed and what was done."),
                 ("actions",), True, N_("actions")),
    ExportOption("summary", N_("The report's figures"),
                 N_("The tables of the event report, with small numbers hidden: safe to share."),
                 ("summary",), False, N_("figures")),
)
FORMATS = (("xlsx", N_("Excel workbook (.xlsx)")), ("csv", N_("CSV file (.csv), for one table")))


class ExportChoiceDialog(QDialog):
    """What to export and in which format; ``option`` and ``fmt`` once accepted."""

    def __init__(self, parent: QWidget | None, event_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export “{name}”").format(name=event_name))
        self.what = QButtonGroup(self)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)  # clear of a scroll bar, should one be needed
        column.setSpacing(2)
        heading = QLabel(_("What to export"))
        heading.setObjectName("fieldLabel")
        column.addWidget(heading)
        self.option_buttons: dict[str, QRadioButton] = {}
        for n, option in enumerate(OPTIONS):
            radio = QRadioButton(_(option.label))
            radio.setAccessibleName(_(option.label))
            radio.setAccessibleDescription(_(option.hint))
            hint = QLabel(_(option.hint))
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            hint.setIndent(radio.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + 8)
            self.what.addButton(radio, n)
            self.option_buttons[option.key] = radio
            column.addWidget(radio)
            column.addWidget(hint)
            column.addSpacing(4)
        column.addSpacing(4)
        format_heading = QLabel(_("File type"))
        format_heading.setObjectName("fieldLabel")
        column.addWidget(format_heading)
        self.formats = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        format_row = QHBoxLayout()
        for n, (fmt, label) in enumerate(FORMATS):
            radio = QRadioButton(_(label))
            radio.setAccessibleName(_(label))
            self.formats.addButton(radio, n)
            self.format_buttons[fmt] = radio
            format_row.addWidget(radio)
            format_row.addSpacing(16)
        format_row.addStretch(1)
        column.addLayout(format_row)
        self.personal = CaptionedLabel(_("Personal data"))
        self.personal.setObjectName("fieldError")
        self.personal.setWordWrap(True)
        self.personal.setText(_("This file will hold people's names and contact details. Save it only on your "
                                "organisation's secure storage, not a memory stick or a personal computer, and "
                                "delete it when you are done."))
        column.addStretch(1)
        scroll = QScrollArea()  # at the largest text on a small screen, the buttons stay in reach
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")

        buttons = QDialogButtonBox()
        self.next_button = buttons.addButton(_("Choose where to save…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.next_button.setAccessibleName(_("Choose where to save"))
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.personal)  # outside the scrolling part: always in sight, right above the button
        layout.addWidget(buttons)

        self.what.idToggled.connect(lambda _id, on: self._update() if on else None)
        self.formats.idToggled.connect(lambda _id, on: self._update() if on else None)
        self.option_buttons["everything"].setChecked(True)
        self.format_buttons["xlsx"].setChecked(True)
        screen = (parent or self).screen().availableGeometry()
        width = min(max(self.fontMetrics().averageCharWidth() * 78, body.sizeHint().width() + 48),
                    int(screen.width() * 0.9))
        self.resize(width, 100)
        self.resize(width, min(layout.totalHeightForWidth(width) + body.sizeHint().height()
                               - scroll.sizeHint().height() + 16, int(screen.height() * 0.9)))

    @property
    def option(self) -> ExportOption:
        return OPTIONS[max(self.what.checkedId(), 0)]

    @property
    def fmt(self) -> str:
        return FORMATS[max(self.formats.checkedId(), 0)][0]

    def _update(self) -> None:
        option = self.option
        csv = self.format_buttons["csv"]
        csv.setEnabled(option.csv)
        csv.setToolTip("" if option.csv else _("This holds several tables, so it is only made as a workbook."))
        if not option.csv and csv.isChecked():
            self.format_buttons["xlsx"].setChecked(True)
        self.personal.setVisible(option.personal)
