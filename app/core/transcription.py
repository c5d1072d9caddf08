"""Reading back what staff type from paper: sign-up sheet rows and feedback cards.

Everything is typed, so every field arrives as text; ticked boxes are typed as the letters
or numbers printed beside them (``HPN`` for Health network, PPG and Newsletter). Each parser
either returns clean values or raises ``ValidationError`` with a message for every field
that cannot be read, so a row is saved whole or not at all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from app.core import fft
from app.core.i18n import _
from app.core.sheet_codes import parse_row_number
from app.core.signups import INTEREST_LETTERS, ContactMethod, Interest, SignupDetails, validate_signup
from app.core.validation import ValidationError, clean_text

Translate = Callable[[str], str]
COMMENT_MAX = 2000
# The six FFT answers in the order printed on the card, numbered 1 to 6.
CARD_ANSWERS = fft.ANSWERS
_YES = {"y", "yes", "x", "1", "✓", "✔", "tick", "ticked"}
_NO = {"", "n", "no", "0"}


@dataclass(frozen=True)
class SignupRow:
    row: int
    details: SignupDetails


def parse_ticks(value: object, letters: Mapping[str, Any], tr: Translate = _) -> tuple[Any, ...]:
    """The boxes ticked, typed as their letters in any order, case, or with spaces or commas."""
    text = unicodedata.normalize("NFKC", str(value or "")).upper()
    chosen: list[Any] = []
    for ch in text:
        if ch in " ,;/+-":
            continue
        if ch not in letters:
            raise ValueError(tr("'{letter}' is not a box on the sheet; use {letters}.").format(
                letter=ch, letters=", ".join(letters)))
        if letters[ch] not in chosen:
            chosen.append(letters[ch])
    return tuple(chosen)


def parse_yes_no(value: object, tr: Translate = _) -> bool:
    text = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(tr("Type Y if the box is ticked, or leave it empty."))


def parse_signup_row(values: Mapping[str, object], *, rows: int, practice_ids: Collection[str] | None = None,
                     tr: Translate = _) -> SignupRow:
    """One typed row of a sign-up sheet: row, name, email, phone, postcode, ticks, practice_id,
    contact (E, C or T), access_needs and consent (Y when the consent box is ticked)."""
    errors: dict[str, str] = {}
    row = 0
    try:
        row = parse_row_number(values.get("row"), rows, tr)
    except ValueError as exc:
        errors["row"] = str(exc)
    letters = {letter: interest for interest, letter in INTEREST_LETTERS.items()}
    interests: tuple[Interest, ...] = ()
    try:
        interests = parse_ticks(values.get("ticks"), letters, tr)
    except ValueError as exc:
        errors["interests"] = str(exc)
    contact = str(values.get("contact") or "").strip()
    if not contact:  # left blank on paper: the first way they gave us
        contact = ContactMethod.EMAIL.value if str(values.get("email") or "").strip() else ContactMethod.PHONE.value
    try:
        consent = parse_yes_no(values.get("consent"), tr)
    except ValueError as exc:
        errors["consent"] = str(exc)
    else:
        if not consent:
            errors["consent"] = tr("The consent box on this row is not ticked, so the row cannot be entered.")
    fields = {
        "name": values.get("name"), "email": values.get("email"), "phone": values.get("phone"),
        "postcode": values.get("postcode"), "interests": [i.value for i in interests],
        "practice_id": values.get("practice_id"), "contact_method": contact,
        "access_needs": values.get("access_needs"),
    }
    try:
        details = validate_signup(fields, tr=tr, practice_ids=practice_ids)
    except ValidationError as error:
        for name, message in error.errors.items():
            errors.setdefault(name, message)
        raise ValidationError(errors) from None
    if errors:
        raise ValidationError(errors)
    return SignupRow(row, details)


def parse_card(values: Mapping[str, object], tr: Translate = _) -> dict[str, dict[str, Any]]:
    """A feedback card as FFT answers: ``rating`` is the number ticked (1 to 6) or empty when
    none or several were ticked; ``comment`` is what was written."""
    errors: dict[str, str] = {}
    answers: dict[str, Any] = {}
    rating = unicodedata.normalize("NFKC", str(values.get("rating") or "")).strip()
    if rating:
        if rating.isascii() and rating.isdigit() and 1 <= int(rating) <= len(CARD_ANSWERS):
            answers[fft.RATING_QUESTION] = CARD_ANSWERS[int(rating) - 1]
        else:
            errors["rating"] = tr("Type the number of the box ticked, 1 to 6, or leave it empty.")
    try:
        comment = clean_text(values.get("comment"), max_length=COMMENT_MAX)
    except ValueError:
        errors["comment"] = tr("Keep the comment to {limit} characters or fewer.").format(limit=COMMENT_MAX)
    else:
        if comment:
            answers[fft.COMMENT_QUESTION] = comment
    if not errors and not answers:
        errors["rating"] = tr("This card has no answer and no comment; there is nothing to enter.")
    if errors:
        raise ValidationError(errors)
    return {fft.SURVEY_ID: answers}
