"""Checking and normalising how a person can be reached: name, email, UK phone, UK postcode.

Email and phone are checked by well-kept libraries (email-validator, with no network
lookups, and Google's phonenumbers), not by home-made patterns. Postcodes have no such
library in the standard kit, so they follow the format the Royal Mail publishes: outward
code (area letters, district) and inward code (sector digit, unit letters).

The two libraries are loaded on first use: together they take a tenth of a second to load,
which the desktop app should not spend before its window shows.

Each check takes the translation function for the reader, so the kiosk speaks the
language the person chose while staff screens speak the staff's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from app.core.i18n import _
from app.core.validation import clean_text

Translate = Callable[[str], str]

NAME_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 40
POSTCODE_MAX = 16

# Letters never used in given positions (Royal Mail PAF rules); GIR 0AA is Girobank's.
_POSTCODE = re.compile(
    r"^(?:GIR0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|"
    r"[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def _squeeze(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def normalise_postcode(value: object) -> str:
    """Upper case with one space before the last three characters, whatever was typed."""
    squeezed = _squeeze(str(value or "")).upper()
    if len(squeezed) < 5:
        return squeezed
    return f"{squeezed[:-3]} {squeezed[-3:]}"


def postcode_district(value: object) -> str | None:
    """The district of a full UK postcode, however typed (``me14 1xx`` → ``ME14``); None when
    ``value`` is not a full postcode."""
    squeezed = _squeeze(str(value or "")).upper()
    return squeezed[:-3] if len(squeezed) <= POSTCODE_MAX and _POSTCODE.match(squeezed) else None


def check_postcode(value: object, tr: Translate = _) -> str:
    """A full UK postcode, normalised (``me141xx`` → ``ME14 1XX``); empty stays empty."""
    text = str(value or "").strip()
    if not text:
        return ""
    if len(text) > POSTCODE_MAX:
        raise ValueError(tr("That is too long for a postcode; write it like ME14 1XX."))
    squeezed = _squeeze(text).upper()
    if not _POSTCODE.match(squeezed):
        raise ValueError(tr("That does not look like a UK postcode; write it like ME14 1XX."))
    return normalise_postcode(squeezed)


def check_email(value: object, tr: Translate = _) -> str:
    """A deliverable-looking email address in its normal form; empty stays empty."""
    text = str(value or "").strip()
    if not text:
        return ""
    if len(text) > EMAIL_MAX:
        raise ValueError(tr("That email address is too long."))
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise ValueError(tr("That does not look like an email address; write it like name@example.com.")) from None
    except Exception:  # noqa: BLE001 - the library may trip on unusual Unicode; it is still a bad address
        raise ValueError(tr("That does not look like an email address; write it like name@example.com.")) from None
    return checked.normalized


def check_phone(value: object, tr: Translate = _) -> str:
    """A valid UK (or +country) phone number in international form (+447700900123)."""
    text = str(value or "").strip()
    if not text:
        return ""
    if len(text) > PHONE_MAX:
        raise ValueError(tr("That phone number is too long."))
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError(tr("That does not look like a phone number; write it like 07911 123456.")) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(tr("That phone number is not complete or not in use; check the digits.")) from None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """How a stored number is shown: national style for UK numbers, international otherwise."""
    if not e164:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return e164
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)


def check_name(value: object, tr: Translate = _) -> str:
    """A person's name as they wrote it, trimmed; it must have at least one letter."""
    try:
        text = " ".join(clean_text(value, max_length=NAME_MAX).split())
    except ValueError:
        raise ValueError(tr("Keep the name to {limit} characters or fewer.").format(limit=NAME_MAX)) from None
    if not text:
        raise ValueError(tr("Please give a name."))
    if not any(ch.isalpha() for ch in text):
        raise ValueError(tr("A name needs at least one letter."))
    return text


def email_key(email: str) -> str:
    """What two spellings of the same address share, for spotting the same person twice."""
    return email.casefold()


def name_key(name: str) -> str:
    """A name with case, accents, punctuation and spacing set aside."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())
