"""What a sign-up is: who wants to get involved, in what, how to reach them, and their consent.

A sign-up is never linked to feedback: a person who gives feedback at the kiosk and then
signs up makes two separate records. Consent is a record of its own (which privacy notice,
how it was given, when, on which device) and no sign-up is saved without it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.contact import check_email, check_name, check_phone, check_postcode, email_key, name_key
from app.core.i18n import N_, _
from app.core.person_topics import parse_topics
from app.core.validation import ValidationError, clean_text

Translate = Callable[[str], str]
ACCESS_NEEDS_MAX = 1000


class Interest(enum.StrEnum):
    """The ways a person can get involved; the letter is the one printed beside its box."""

    HEALTH_NETWORK = "health-network"
    PPG = "ppg"
    NEWSLETTER = "newsletter"
    SURVEYS = "surveys"
    FOCUS_GROUPS = "focus-groups"
    VOLUNTEERING = "volunteering"

    @property
    def label(self) -> str:
        return _(INTEREST_LABELS[self])

    @property
    def letter(self) -> str:
        return INTEREST_LETTERS[self]


INTEREST_LABELS = {
    Interest.HEALTH_NETWORK: N_("Join the local health network"),
    Interest.PPG: N_("Join my GP practice's Patient Participation Group"),
    Interest.NEWSLETTER: N_("Get the newsletter"),
    Interest.SURVEYS: N_("Take part in surveys"),
    Interest.FOCUS_GROUPS: N_("Take part in focus groups"),
    Interest.VOLUNTEERING: N_("Volunteer with us"),
}
# Short labels for the columns of a printed sheet, where space is tight.
INTEREST_SHORT_LABELS = {
    Interest.HEALTH_NETWORK: N_("Health network"),
    Interest.PPG: N_("PPG"),
    Interest.NEWSLETTER: N_("Newsletter"),
    Interest.SURVEYS: N_("Surveys"),
    Interest.FOCUS_GROUPS: N_("Focus groups"),
    Interest.VOLUNTEERING: N_("Volunteering"),
}
INTEREST_LETTERS = {
    Interest.HEALTH_NETWORK: "H",
    Interest.PPG: "P",
    Interest.NEWSLETTER: "N",
    Interest.SURVEYS: "S",
    Interest.FOCUS_GROUPS: "F",
    Interest.VOLUNTEERING: "V",
}


class ContactMethod(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    TEXT = "text"

    @property
    def label(self) -> str:
        return _(CONTACT_LABELS[self])

    @property
    def letter(self) -> str:
        return CONTACT_LETTERS[self]


CONTACT_LABELS = {
    ContactMethod.EMAIL: N_("Email"),
    ContactMethod.PHONE: N_("Phone call"),
    ContactMethod.TEXT: N_("Text message"),
}
CONTACT_LETTERS = {ContactMethod.EMAIL: "E", ContactMethod.PHONE: "C", ContactMethod.TEXT: "T"}


class ConsentMethod(enum.StrEnum):
    """How consent reached us."""

    KIOSK = "kiosk"
    PAPER = "paper"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return _({ConsentMethod.KIOSK: N_("At the kiosk"),
                  ConsentMethod.PAPER: N_("On a paper sheet"),
                  ConsentMethod.STAFF: N_("Given to staff, recorded on the person's behalf")}[self])


class PersonStatus(enum.StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"  # consent withdrawn: never contacted; only what honours that is kept
    ERASED = "erased"  # personal data removed; only a tombstone remains
    MERGED = "merged"  # a duplicate folded into another person

    @property
    def stage(self) -> int:
        """How far along the way out: a withdrawal or erasure is never undone, by sync or otherwise."""
        return {PersonStatus.WITHDRAWN: 1, PersonStatus.ERASED: 2}.get(self, 0)


@dataclass(frozen=True)
class SignupDetails:
    """A sign-up's personal details, checked and normalised."""

    name: str
    email: str = ""
    phone: str = ""
    postcode: str = ""
    interests: tuple[Interest, ...] = ()
    practice_id: str | None = None
    contact_method: ContactMethod = ContactMethod.EMAIL
    access_needs: str = ""
    # Topics they care about (app.core.network.TOPICS values): set by staff, never at the kiosk.
    topics: tuple[str, ...] = ()

    def keys(self) -> DuplicateKeys:
        return duplicate_keys(self.name, self.email, self.phone, self.postcode)


@dataclass(frozen=True)
class DuplicateKeys:
    """What two sign-ups of the same person share: email, phone, or name with postcode."""

    email: str | None
    phone: str | None
    name_postcode: str | None

    def present(self) -> dict[str, str]:
        return {k: v for k, v in (("email", self.email), ("phone", self.phone),
                                  ("name_postcode", self.name_postcode)) if v}


def duplicate_keys(name: str, email: str, phone: str, postcode: str) -> DuplicateKeys:
    squeezed_postcode = postcode.replace(" ", "").upper()
    name_part = name_key(name)
    return DuplicateKeys(
        email=email_key(email) if email else None,
        phone=phone or None,
        name_postcode=f"{name_part}|{squeezed_postcode}" if name_part and squeezed_postcode else None,
    )


FIELDS = ("name", "email", "phone", "postcode", "interests", "practice_id", "contact_method", "access_needs",
          "topics")


@dataclass
class _Checker:
    tr: Translate
    errors: dict[str, str] = field(default_factory=dict)
    # Each value is what its own parser returned: a field of SignupDetails, already checked.
    clean: dict[str, Any] = field(default_factory=dict)

    def check(self, name: str, parse: Callable[[], object]) -> None:
        try:
            self.clean[name] = parse()
        except ValueError as exc:
            self.errors[name] = str(exc)


def parse_interests(value: object, tr: Translate = _) -> tuple[Interest, ...]:
    """Interests from codes (``ppg``), letters (``P``) or a list of either, in a fixed order."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        items: list[object] = [value]
    elif isinstance(value, Iterable):
        items = list(value)
    else:
        raise TypeError(f"'{type(value).__name__}' object is not iterable")
    chosen: set[Interest] = set()
    for item in items:
        text = str(item).strip()
        for interest in Interest:
            if text.lower() in (interest.value, interest.letter.lower()):
                chosen.add(interest)
                break
        else:
            raise ValueError(tr("'{text}' is not one of the ways to get involved.").format(text=text[:40]))
    return tuple(i for i in Interest if i in chosen)


def parse_contact_method(value: object, tr: Translate = _) -> ContactMethod:
    text = str(value or "").strip().lower()
    for method in ContactMethod:
        if text in (method.value, method.letter.lower()):
            return method
    raise ValueError(tr("Choose how you would like us to contact you."))


def validate_signup(values: Mapping[str, object], *, tr: Translate = _,
                    practice_ids: Collection[str] | None = None) -> SignupDetails:
    """Check a sign-up from a form, a sheet row or the command line.

    Raises ``ValidationError`` naming every field that cannot be saved, each with a plain
    message for beside the field. ``practice_ids`` are the GP practices a PPG sign-up may
    choose; None skips that check (the store checks it again).
    """
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationError({name: tr("Not part of a sign-up.") for name in sorted(unknown)})
    c = _Checker(tr)
    c.check("name", lambda: check_name(values.get("name"), tr))
    c.check("email", lambda: check_email(values.get("email"), tr))
    c.check("phone", lambda: check_phone(values.get("phone"), tr))
    c.check("postcode", lambda: check_postcode(values.get("postcode"), tr))
    c.check("interests", lambda: parse_interests(values.get("interests"), tr))
    c.check("contact_method", lambda: parse_contact_method(values.get("contact_method"), tr))
    c.check("access_needs", lambda: _access_needs(values.get("access_needs"), tr))
    c.check("topics", lambda: parse_topics(values.get("topics"), tr))
    practice = str(values.get("practice_id") or "").strip() or None
    errors, clean = c.errors, c.clean

    interests = clean.get("interests", ())
    if "interests" not in errors and not interests:
        errors["interests"] = tr("Choose at least one way to get involved.")
    if Interest.PPG in interests:
        if practice is None:
            errors["practice_id"] = tr(
                "Choose the GP practice whose Patient Participation Group you would like to join.")
        elif practice_ids is not None and practice not in practice_ids:
            errors["practice_id"] = tr("That GP practice is not on the list; choose one from the list.")
    elif practice is not None and "interests" not in errors:
        errors["practice_id"] = tr("A GP practice is only needed to join a Patient Participation Group.")

    email, phone = clean.get("email", ""), clean.get("phone", "")
    if "email" not in errors and "phone" not in errors and not email and not phone:
        errors["email"] = tr("Give an email address or a phone number so we can contact you.")
    method = clean.get("contact_method")
    if method is ContactMethod.EMAIL and "email" not in errors and not email and (phone or "phone" in errors):
        errors["contact_method"] = tr("You chose email; please give an email address, or choose another way.")
    if method in (ContactMethod.PHONE, ContactMethod.TEXT) and "phone" not in errors and not phone and email:
        errors["contact_method"] = tr("You chose the phone; please give a phone number, or choose email.")
    if method is ContactMethod.TEXT and phone and "phone" not in errors and not _is_mobile(str(phone)):
        errors["contact_method"] = tr("Text messages need a mobile number; give one, or choose another way.")
    if errors:
        raise ValidationError(errors)
    return SignupDetails(practice_id=practice, **clean)


def signup_values(details: SignupDetails) -> dict[str, object]:
    """A stored sign-up as the values ``validate_signup`` takes, to change some and check them all again."""
    return {"name": details.name, "email": details.email, "phone": details.phone, "postcode": details.postcode,
            "interests": [i.value for i in details.interests], "practice_id": details.practice_id,
            "contact_method": details.contact_method.value, "access_needs": details.access_needs,
            "topics": list(details.topics)}


def _access_needs(value: object, tr: Translate) -> str:
    try:
        return clean_text(value, max_length=ACCESS_NEEDS_MAX)
    except ValueError:
        raise ValueError(tr("Keep this to {limit} characters or fewer.").format(limit=ACCESS_NEEDS_MAX)) from None


def _is_mobile(e164: str) -> bool:
    import phonenumbers

    number = phonenumbers.parse(e164, None)
    kind = phonenumbers.number_type(number)
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
