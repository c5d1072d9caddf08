"""Every user setting, declared once: its key, type, default, label and limits.

The store reads and writes them (``app.store.settings_file``); the settings dialog is built
from these declarations, so a setting added here appears there with no other change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.i18n import N_, _


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    label: str  # untranslated; shown through ``_``
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: Mapping[str, str] = field(default_factory=dict)  # value -> untranslated label
    user_visible: bool = True
    check: Callable[[str], None] | None = None  # a further check of a non-empty text; raises ValueError

    def parse(self, raw: object) -> Any:
        """Turn a stored or typed value into this setting's type, or raise ``ValueError``."""
        if self.type is bool:
            if isinstance(raw, bool):
                return raw
            raise ValueError(_("'{label}' must be on or off.").format(label=_(self.label)))
        if self.type is int:
            if isinstance(raw, bool) or not isinstance(raw, (int, str)):
                raise ValueError(_("'{label}' must be a whole number.").format(label=_(self.label)))
            try:
                value = int(raw)
            except ValueError:
                raise ValueError(
                    _("'{label}' must be a whole number.").format(label=_(self.label))
                ) from None
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                raise ValueError(
                    _("'{label}' must be between {low} and {high}.").format(
                        label=_(self.label), low=self.minimum, high=self.maximum
                    )
                )
            return value
        if not isinstance(raw, str):
            raise ValueError(_("'{label}' must be text.").format(label=_(self.label)))
        if self.choices and raw not in self.choices:
            raise ValueError(_("'{label}' cannot be '{value}'.").format(label=_(self.label), value=raw))
        if self.maximum is not None and len(raw) > self.maximum:
            raise ValueError(_("Keep '{label}' to {limit} characters or fewer.").format(
                label=_(self.label), limit=self.maximum))
        if self.minimum and len(raw.strip()) < self.minimum:
            raise ValueError(_("'{label}' cannot be empty.").format(label=_(self.label)))
        if self.check is not None and raw.strip():
            self.check(raw.strip())
        return raw.strip() if self.user_visible else raw


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_WEB = re.compile(r"(https?://|www\.)\S+\.\S+", re.IGNORECASE)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
PHONE_DIGITS = 10  # a UK number written in full, without the country code


def check_privacy_contact(text: str) -> None:
    """People must be able to use it: an email address, a phone number, a web address or a postal address."""
    digits = sum(ch.isdigit() for ch in text)
    if _EMAIL.search(text) or _WEB.search(text) or _POSTCODE.search(text) or digits >= PHONE_DIGITS:
        return
    raise ValueError(_("Give an email address, a phone number, a web address or a postal address people can "
                       "use, for example privacy@example.nhs.uk."))


TEXT_SIZES = {
    "normal": N_("Normal"),
    "large": N_("Large"),
    "larger": N_("Larger"),
}
TEXT_SCALE = {"normal": 1.0, "large": 1.25, "larger": 1.5}

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "text_size",
        str,
        "normal",
        N_("Text size"),
        N_("Makes all text in Involve bigger, for staff who find the screen hard to read."),
        choices=TEXT_SIZES,
    ),
    Setting(
        "backups_to_keep",
        int,
        5,
        N_("Backups to keep"),
        N_("Involve backs up its data each time it opens. Older backups beyond this number are removed."),
        minimum=1,
        maximum=50,
    ),
    Setting(
        "show_archived",
        bool,
        False,
        N_("Show archived events"),
        N_("List archived events on the home page as well as current ones."),
    ),
    Setting(
        "kiosk_idle_seconds",
        int,
        90,
        N_("Kiosk resets after (seconds)"),
        N_("If nobody touches the kiosk for this long, unfinished answers are thrown away and it "
           "goes back to its first screen, so the next person never sees them."),
        minimum=20,
        maximum=600,
    ),
    Setting(
        "kiosk_thanks_seconds",
        int,
        6,
        N_("Thank-you screen shows for (seconds)"),
        minimum=2,
        maximum=30,
    ),
    Setting(
        "kiosk_high_contrast",
        bool,
        False,
        N_("High-contrast kiosk"),
        N_("Yellow and white on black, for people who find low contrast hard to read."),
    ),
    # Empty until set: nobody can sign up (kiosk, staff or paper) before both are filled in,
    # so the privacy notice always names a real organisation and a real way to reach it.
    Setting(
        "organisation_name",
        str,
        "",
        N_("Organisation name"),
        N_("Who people are signing up with; shown in the privacy notice and on printed sheets. "
           "Nobody can sign up until this and the contact below are filled in."),
        maximum=120,
    ),
    Setting(
        "privacy_contact",
        str,
        "",
        N_("How to contact you about personal data"),
        N_("An email address or phone number people can use to stop contact or have their details "
           "removed; shown in the privacy notice and on sign-up sheets."),
        maximum=120,
        check=check_privacy_contact,
    ),
    Setting(
        "kiosk_offer_signup",
        bool,
        True,
        N_("Offer sign-up at the kiosk"),
        N_("After giving feedback, people are asked 'Would you like to get involved?'. What they "
           "sign up with is kept apart from their feedback."),
    ),
    Setting(
        "auto_sync",
        bool,
        True,
        N_("Sync automatically"),
        N_("When this laptop comes back online, send what it collected to your organisation's centre "
           "without waiting to be asked."),
    ),
    # Set by enrolment (Sync ▸ Connect to your organisation…, or involve enrol), which keeps the
    # laptop's credential in the keyring, never here.
    Setting("central_service", str, "", N_("Central service address"), maximum=500, user_visible=False),
    Setting("central_ca_file", str, "", N_("Organisation's certificate authority file"), maximum=1000,
            user_visible=False),
    # The central database itself, kept only on the data team's own computers, for reports
    # across every laptop; laptops no longer sync with it directly.
    Setting("central_url", str, "", N_("Central database address"), maximum=500, user_visible=False),
    Setting("central_allow_insecure", bool, False, N_("Allow an unencrypted connection"), user_visible=False),
    Setting("report_date_from", str, "", N_("Last report: from"), maximum=10, user_visible=False),
    Setting("report_date_to", str, "", N_("Last report: to"), maximum=10, user_visible=False),
    Setting("involvement_log_geometry", str, "", N_("Involvement log window position"), user_visible=False),
    Setting("claims_window_geometry", str, "", N_("Claims for finance window position"), user_visible=False),
    Setting("window_geometry", str, "", N_("Window position"), user_visible=False),
    Setting("window_state", str, "", N_("Window layout"), user_visible=False),
    Setting("people_window_geometry", str, "", N_("People window position"), user_visible=False),
    Setting("responses_window_geometry", str, "", N_("Responses window position"), user_visible=False),
    Setting("actions_window_geometry", str, "", N_("Actions window position"), user_visible=False),
    Setting("sync_window_geometry", str, "", N_("Sync window position"), user_visible=False),
    Setting("ppg_network_window_geometry", str, "", N_("PPG network window position"), user_visible=False),
    Setting("programmes_window_geometry", str, "", N_("Programmes window position"), user_visible=False),
    Setting("who_to_involve_window_geometry", str, "", N_("Who to involve window position"), user_visible=False),
    Setting("organisations_window_geometry", str, "", N_("Organisations window position"), user_visible=False),
)

BY_KEY: dict[str, Setting] = {setting.key: setting for setting in SETTINGS}
# What older versions filled in before anyone set them; a settings file holding one means "not set".
OLD_PLACEHOLDERS = {
    "organisation_name": "The patient and public engagement team",
    "privacy_contact": "the engagement team at your GP practice",
}
SIGNUP_NEEDS = ("organisation_name", "privacy_contact")
_TRUE = {"on", "yes", "true", "1"}
_FALSE = {"off", "no", "false", "0"}


def defaults() -> dict[str, Any]:
    return {setting.key: setting.default for setting in SETTINGS}


def editable_keys() -> list[str]:
    """The settings a person may change (the Settings dialog's, and ``involve settings set``'s)."""
    return [setting.key for setting in SETTINGS if setting.user_visible]


def parse_typed(key: str, text: str) -> Any:
    """A setting's value from text typed on a command line, checked as the Settings dialog checks it.

    ``ValueError`` with one plain line for a key that cannot be set or a value it cannot take."""
    setting = BY_KEY.get(key)
    if setting is None or not setting.user_visible:
        raise ValueError(_("'{key}' is not a setting. Settings are: {keys}.").format(
            key=key, keys=", ".join(editable_keys())))
    if setting.type is bool:
        word = text.strip().casefold()
        if word not in _TRUE | _FALSE:
            raise ValueError(_("'{label}' must be on or off.").format(label=_(setting.label)))
        return word in _TRUE
    if setting.choices and text not in setting.choices:
        raise ValueError(_("'{label}' must be one of: {choices}.").format(
            label=_(setting.label), choices=", ".join(setting.choices)))
    return setting.parse(text)


def signup_missing(values: Mapping[str, Any]) -> list[str]:
    """The labels of what must still be set before anyone can sign up (none when sign-up may go ahead)."""
    return [BY_KEY[key].label for key in SIGNUP_NEEDS if not str(values.get(key) or "").strip()]


def signup_allowed(organisation: str, contact: str) -> bool:
    return not signup_missing({"organisation_name": organisation, "privacy_contact": contact})


class SignupNotSetUp(ValueError):
    """A sign-up was started before the organisation and its privacy contact were set."""

    def __init__(self) -> None:
        super().__init__(_("Nobody can sign up yet: set your organisation's name and how people can contact you "
                           "about their personal data, in Settings (or: involve settings set)."))


def require_signup_ready(organisation: str, contact: str) -> None:
    """Stop a sign-up whose privacy notice would name no organisation or contact."""
    if not signup_allowed(organisation, contact):
        raise SignupNotSetUp()
