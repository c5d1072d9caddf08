"""Set up this laptop: the assistant shown on first start, and again from File ▸ Set up this laptop….

It asks, a page at a time, for the text size, the organisation and how people contact it about
their data, the laptop's name, the kiosk's staff PIN, and whether to connect to the
organisation's centre now. Each page is checked as Settings checks it before Next goes on;
nothing is saved until Finish, so Cancel leaves everything as it was (the text size, tried
out live on its page, goes back too). Connecting uses Sync's own dialog, after Finish.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.core.devices import DEVICE_NAME_MAX, validate_device_name
from app.core.i18n import _
from app.core.settings import BY_KEY, signup_missing
from app.core.validation import ValidationError
from app.ui.common.dialog_parts import error_label, fit_to_screen
from app.ui.common.text_size import apply_text_size
from app.ui.common.user_guide import SET_UP, add_guide_key
from app.ui.kiosk.pin_dialogs import NewPinRows
from app.ui.shell.settings_dialog import editor_for, value_of

if TYPE_CHECKING:
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool

PAGE_WIDTH_CHARS = 68
PAGE_LINES = 26  # room for the tallest page, counted in lines of text


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class _Page(QWizardPage):
    """A page with a plain introduction, its fields and a problem message under them."""

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.box = QVBoxLayout(self)
        self.box.addWidget(_intro(intro))
        self.error = error_label(_("Problem on this page"))

    def finish_layout(self) -> None:
        self.box.addWidget(self.error)
        self.box.addStretch(1)

    def problem(self, text: str, field: QWidget | None = None) -> bool:
        self.error.setText(text)
        self.error.show()
        if field is not None:
            field.setFocus()
        return False


class TextSizePage(_Page):
    def __init__(self, settings: SettingsFile) -> None:
        super().__init__(_("Text size"), _(
            "Choose how big the text is. You can see the change straight away, and change it again "
            "later in Settings."))
        setting = BY_KEY["text_size"]
        self.editor = editor_for(setting, settings.get("text_size"))
        assert isinstance(self.editor, QComboBox)
        form = QFormLayout()
        form.addRow(_(setting.label), self.editor)
        self.box.addLayout(form)
        self.finish_layout()
        self.editor.currentIndexChanged.connect(self._try_out)

    def _try_out(self, _index: int) -> None:
        apply_text_size(self.value())
        wizard = self.wizard()
        if isinstance(wizard, FirstRunAssistant):
            wizard.fit()  # the pages need more room at once

    def value(self) -> str:
        return str(value_of(self.editor))


class OrganisationPage(_Page):
    """Both are needed before anyone can sign up: the privacy notice names them."""

    KEYS = ("organisation_name", "privacy_contact")

    def __init__(self, settings: SettingsFile) -> None:
        super().__init__(_("Your organisation"), _(
            "People who sign up agree to a privacy notice that says who is keeping their details and how "
            "to reach you about them. Nobody can sign up, at the kiosk, on this laptop or on paper, until "
            "both are filled in."))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.editors: dict[str, QWidget] = {}
        for key in self.KEYS:
            setting = BY_KEY[key]
            editor = editor_for(setting, settings.get(key))
            self.editors[key] = editor
            form.addRow(_(setting.label), editor)
        form.addRow(_hint(_("For the contact, an email address or phone number is best, for example "
                            "privacy@yourtrust.nhs.uk or 0300\u00a0123\u00a04567.")))
        self.box.addLayout(form)
        self.finish_layout()

    def values(self) -> dict[str, Any]:
        return {key: value_of(editor) for key, editor in self.editors.items()}

    def validatePage(self) -> bool:
        self.error.hide()
        values = self.values()
        for key, editor in self.editors.items():
            setting = BY_KEY[key]
            try:
                values[key] = setting.parse(values[key])
            except ValueError as error:
                return self.problem(str(error), editor)
        missing = signup_missing(values)
        if missing:
            key = next(k for k in self.KEYS if BY_KEY[k].label == missing[0])
            return self.problem(_("Fill in '{label}'.").format(label=_(missing[0])), self.editors[key])
        return True


class LaptopNamePage(_Page):
    def __init__(self, name: str) -> None:
        super().__init__(_("This laptop's name"), _(
            "A name your team will recognise this laptop by in reports and when it syncs, for example "
            "'Stall laptop 2'."))
        self.name = QLineEdit(name)
        self.name.setMaxLength(DEVICE_NAME_MAX)
        self.name.setAccessibleName(_("Laptop name"))
        form = QFormLayout()
        form.addRow(_("Laptop name"), self.name)
        self.box.addLayout(form)
        self.finish_layout()

    def value(self) -> str:
        return validate_device_name(self.name.text())

    def validatePage(self) -> bool:
        self.error.hide()
        try:
            self.value()
        except ValidationError as error:
            return self.problem(error.errors["name"], self.name)
        return True


class PinPage(_Page):
    """A new PIN where there is none; an existing one is changed from File ▸ Staff PIN…, which asks for it."""

    def __init__(self, pin_set: bool) -> None:
        super().__init__(_("Staff PIN for the kiosk"), _(
            "Members of the public answer on this laptop in kiosk mode. Leaving kiosk mode needs the staff "
            "PIN, so the public cannot reach anything else."))
        self.pin_set = pin_set
        self.new: NewPinRows | None = None
        if pin_set:
            self.box.addWidget(_hint(_("This laptop has a staff PIN already. To change it, use File ▸ Staff PIN….")))
        else:
            self.box.addWidget(_hint(_("Use 4 to 8 digits and keep it to your team.")))
            form = QFormLayout()
            self.new = NewPinRows(form)
            self.box.addLayout(form)
        self.finish_layout()

    def value(self) -> str | None:
        """The new PIN (None when one is set already); shows the problem and gives None when it is not usable."""
        return self.new.value() if self.new is not None else None

    def validatePage(self) -> bool:
        return self.new is None or self.value() is not None


class ConnectPage(_Page):
    def __init__(self, connected_to: str) -> None:
        super().__init__(_("Your organisation's centre"), _(
            "This laptop sends what it collects to your organisation's centre when it is online. To connect, "
            "you need the centre's address and an enrolment code from your data team."))
        self.now = QRadioButton(_("&Connect now, after Finish"))
        self.later = QRadioButton(_("&Later, from Sync ▸ Connect to your organisation…"))
        self.later.setChecked(True)
        for choice in (self.now, self.later):
            choice.setAccessibleName(choice.text().replace("&", ""))
        if connected_to:
            self.box.addWidget(_hint(_("This laptop is connected to {address}.").format(address=connected_to)))
            self.now.hide()
            self.later.hide()
        self.box.addWidget(self.now)
        self.box.addWidget(self.later)
        self.finish_layout()


class FirstRunAssistant(QWizard):
    """Set up this laptop; ``wants_to_connect`` says, once finished, whether to open Connect next."""

    def __init__(self, settings: SettingsFile, store: Store, tasks: TaskPool, *, device_name: str, pin_set: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.store, self.tasks = settings, store, tasks
        self.size_before = str(settings.get("text_size"))
        self.saving = False
        self.setWindowTitle(_("Set up this laptop"))
        add_guide_key(self, SET_UP)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for which, text in ((QWizard.WizardButton.BackButton, _("&Back")),
                            (QWizard.WizardButton.NextButton, _("&Next")),
                            (QWizard.WizardButton.FinishButton, _("&Finish")),
                            (QWizard.WizardButton.CancelButton, _("Cancel"))):
            self.setButtonText(which, text)
            self.button(which).setAccessibleName(text.replace("&", ""))
        self.text_size = TextSizePage(settings)
        self.organisation = OrganisationPage(settings)
        self.laptop = LaptopNamePage(device_name)
        self.pin = PinPage(pin_set)
        self.connect_page = ConnectPage(str(settings.get("central_service") or ""))
        for page in (self.text_size, self.organisation, self.laptop, self.pin, self.connect_page):
            self.addPage(page)
        self.wants_to_connect = False

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.fit()

    def fit(self) -> None:
        """Room for the tallest page at today's text size, within the screen."""
        metrics = QFontMetrics(QApplication.font())
        fit_to_screen(self, QSize(metrics.averageCharWidth() * PAGE_WIDTH_CHARS, metrics.lineSpacing() * PAGE_LINES))

    def accept(self) -> None:
        """Finish: the laptop's name and PIN first (on the worker), then the settings; all checked already."""
        if self.saving:
            return
        name, pin = self.laptop.value(), self.pin.value()
        if self.pin.new is not None and pin is None:
            return
        self.saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.tasks.run(lambda: _save_laptop(self.store, name, pin), self._laptop_saved, self._not_saved)

    def _laptop_saved(self, _result: object) -> None:
        try:
            self.settings.update({"text_size": self.text_size.value(), **self.organisation.values()})
        except (ValueError, OSError) as error:
            self._not_saved(error)
            return
        self.saving = False
        self.wants_to_connect = self.connect_page.now.isChecked() and not self.connect_page.now.isHidden()
        super().accept()

    def _not_saved(self, error: Exception) -> None:
        self.saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        reason = str(error) if isinstance(error, ValueError) else _("Please try again.")
        self.connect_page.problem(_("The set-up could not be saved. {reason}").format(reason=reason))

    def reject(self) -> None:
        if self.saving:
            return  # the name and PIN are on their way; Finish completes first
        if self.text_size.value() != self.size_before:
            apply_text_size(self.size_before)  # tried out, not kept
        super().reject()


def _save_laptop(store: Store, name: str, pin: str | None) -> None:
    """On the worker: this laptop's name, and its first staff PIN."""
    from app.store.kiosk_pin import set_pin

    store.rename_device(name)
    if pin is not None:
        with store.session() as session:
            set_pin(session, pin)


def set_up_laptop(owner: QWidget, settings: SettingsFile, store: Store, tasks: TaskPool, *, device_name: str,
                  done: Callable[[FirstRunAssistant], None]) -> None:
    """Open the assistant once the worker has said whether a PIN is set; ``done`` gets it when finished."""
    from app.store.kiosk_pin import has_pin

    def ask(pin_set: bool) -> None:
        assistant = FirstRunAssistant(settings, store, tasks, device_name=device_name, pin_set=pin_set, parent=owner)
        finished = assistant.exec() == QWizard.DialogCode.Accepted
        assistant.deleteLater()  # and the PIN typed into it
        if finished:
            done(assistant)

    tasks.run_in_session(store, has_pin, on_success=ask)
