"""Shared pieces for checking what a person typed."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from app.core.i18n import _


class ValidationError(ValueError):
    """Input that cannot be saved; ``errors`` maps each field name to a plain message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.errors.items()))


class FieldChecks:
    """Raw values checked field by field: each field's parser gives its clean value, or the
    ``ValueError`` it raises becomes that field's message. A value for no known field is refused."""

    def __init__(self, values: Mapping[str, object], fields: Iterable[str], not_a_field: str) -> None:
        unknown = set(values) - set(fields)
        if unknown:
            raise ValidationError({name: not_a_field for name in sorted(unknown)})
        self.values = values
        self.clean: dict[str, Any] = {}
        self.errors: dict[str, str] = {}

    def check(self, field: str, parse: Callable[[object], object]) -> None:
        try:
            self.clean[field] = parse(self.values.get(field))
        except ValueError as exc:
            self.errors[field] = str(exc)


def clean_text(value: object, *, max_length: int) -> str:
    """Trim a text value and drop control characters; refuse one longer than ``max_length``."""
    if value is None:
        return ""
    text = str(value)
    # Control characters (other than line breaks and tabs) have no place in a form and
    # would upset printed sheets and exported files.
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    text = unicodedata.normalize("NFC", text).strip()
    if len(text) > max_length:
        raise ValueError(_("Keep this to {limit} characters or fewer.").format(limit=max_length))
    return text


# The dates Involve takes anywhere (events, actions, reports): wide enough for any real one,
# narrow enough that a slip (0026 for 2026) is caught where it is typed, not when a report refuses it.
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def check_date_range(day: dt.date) -> dt.date:
    """``day`` if it is within :data:`EARLIEST_DATE` to :data:`LATEST_DATE`; ``ValueError`` in plain words if not."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(_("{day} is not a date Involve can use; check the year (dates run from {first} to "
                           "{last}).").format(day=day.isoformat(), first=EARLIEST_DATE.isoformat(),
                                              last=LATEST_DATE.isoformat()))
    return day


# A UK date as people write it: day first, never month first (31/01/2026, 1/2/2026).
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(value: object) -> dt.date:
    """A calendar date from a ``date``, a ``YYYY-MM-DD`` string or a UK ``DD/MM/YYYY`` one, within
    the range Involve uses."""
    if isinstance(value, dt.datetime):
        return check_date_range(value.date())
    if isinstance(value, dt.date):
        return check_date_range(value)
    text = str(value or "").strip()
    if not text:
        raise ValueError(_("Enter a date."))
    uk = _UK_DATE.fullmatch(text)
    try:
        day = dt.date(int(uk[3]), int(uk[2]), int(uk[1])) if uk else dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("'{text}' is not a real date; write it as YYYY-MM-DD or DD/MM/YYYY, for example 2026-03-14 or "
              "14/03/2026.").format(text=text)
        ) from None
    return check_date_range(day)


def parse_time(value: object) -> dt.time | None:
    """A time of day from a ``time`` or an ``HH:MM`` string; empty means no time."""
    if value is None or isinstance(value, dt.time):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        parsed = dt.time.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("'{text}' is not a time; write it as HH:MM on the 24-hour clock, for example 14:30.").format(
                text=text
            )
        ) from None
    return parsed.replace(second=0, microsecond=0)
