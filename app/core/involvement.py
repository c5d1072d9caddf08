"""The involvement log: checking an activity or a claim as typed.

An activity is a member's (or an organisation's) part in a meeting, panel, reading group, event
or review: when, for how long, in what role and how far up the ladder of participation. A
claim is an involvement payment or an expenses claim for finance. Both are checked here, in
plain Python, so the command line and the window say the same thing about the same slip.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from app.core.i18n import _, ngettext
from app.core.network import ActivityKind, ClaimKind, ClaimStatus, Level
from app.core.payments import RoleLevel, parse_role_level
from app.core.validation import FieldChecks, ValidationError, clean_text, parse_date

TITLE_MAX = 200  # the column's size
ROLE_MAX = 200
NOTES_MAX = 4000
DESCRIPTION_MAX = 2000
MAX_MINUTES = 24 * 60  # a day is the most one entry can hold
MAX_PENCE = 1_000_000  # £10,000: more than any one claim; a slip of the decimal point otherwise
_ID = re.compile(r"[0-9a-fA-F-]{8,36}")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_WORDS = re.compile(r"(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:ute)?s?)?)?")


@dataclass(frozen=True)
class ActivityDetails:
    """Everything a person can set on a log entry, already checked."""

    kind: ActivityKind
    title: str
    activity_date: dt.date
    level: Level
    minutes: int = 0
    role: str = ""
    event_id: str | None = None
    programme_id: str | None = None
    notes: str = ""

    @property
    def hours(self) -> float:
        return self.minutes / 60


ACTIVITY_FIELDS = tuple(ActivityDetails.__dataclass_fields__)


@dataclass(frozen=True)
class ClaimDetails:
    """Everything a person can set on a claim, already checked."""

    kind: ClaimKind
    amount_pence: int
    claimed_on: dt.date
    role_level: RoleLevel | None = None
    activity_id: str | None = None
    description: str = ""


CLAIM_FIELDS = tuple(ClaimDetails.__dataclass_fields__)


# ----- single values

def parse_hours(value: object) -> int:
    """Minutes from how long something took as typed: "1.5", "1:30", "90m", "1h 30m", "2 hours"; blank is 0."""
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    else:
        text = str(value or "").strip().lower()
        if not text:
            return 0
        minutes = _minutes_of(text)
    if not 0 <= minutes <= MAX_MINUTES:
        raise ValueError(_("Give between 0 and 24 hours for one entry."))
    return minutes


def _minutes_of(text: str) -> int:
    bad = ValueError(_("'{text}' is not a length of time; write hours as 1.5 or 1:30, or minutes as 90m.").format(
        text=text[:40]))
    clock = _CLOCK.fullmatch(text)
    if clock:
        hours, mins = int(clock.group(1)), int(clock.group(2))
        if mins >= 60:
            raise bad
        return hours * 60 + mins
    try:
        return _round_minutes(Decimal(text) * 60)  # plain hours
    except InvalidOperation:
        pass
    words = _WORDS.fullmatch(text)
    if not words or not (words.group(1) or words.group(2)):
        raise bad
    total = Decimal(words.group(1) or 0) * 60 + int(words.group(2) or 0)
    return _round_minutes(total)


def _round_minutes(minutes: Decimal) -> int:
    if not minutes.is_finite() or minutes < 0:
        raise ValueError(_("Give between 0 and 24 hours for one entry."))
    return int(minutes.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def describe_minutes(minutes: int) -> str:
    """'1 h 30 min', '45 min', '2 h', or '-' for none: how long, as a list shows it."""
    if minutes <= 0:
        return "-"
    hours, mins = divmod(minutes, 60)
    if not hours:
        return _("{m} min").format(m=mins)
    if not mins:
        return _("{h} h").format(h=hours)
    return _("{h} h {m} min").format(h=hours, m=mins)


def hours_text(minutes: int) -> str:
    """Hours as a figure, "1.5" or "12.25", for totals and exports."""
    return f"{Decimal(minutes) / 60:.2f}".rstrip("0").rstrip(".")


def hours_words(minutes: int) -> str:
    """"1 hour", "1.5 hours", "12.25 hours": a total in words, the noun agreeing with the figure."""
    whole, part = divmod(minutes, 60)
    # gettext counts in whole numbers; a part of an hour reads as plural, as "1.5 hours" does
    n = whole if not part else max(whole, 2)
    return ngettext("{hours} hour", "{hours} hours", n).format(hours=hours_text(minutes))


def calendar_month(day: dt.date, back: int = 0) -> tuple[dt.date, dt.date]:
    """The first and last days of the month holding ``day``, or of the month ``back`` months before it."""
    index = day.year * 12 + day.month - 1 - back
    first = dt.date(index // 12, index % 12 + 1, 1)
    following = dt.date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def parse_pounds(value: object) -> int:
    """Pence from an amount in pounds as typed: "£12.50", "12.5", "1,200", "£7"."""
    if isinstance(value, int) and not isinstance(value, bool):
        pence = value * 100
    else:
        text = str(value or "").strip().replace(",", "").replace(" ", "")
        if not text:
            raise ValueError(_("Enter the amount in pounds, for example 12.50."))
        text = text.removeprefix("£").removeprefix("GBP")
        try:
            pounds = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("'{text}' is not an amount of money; write pounds and pence, for example "
                               "£12.50.").format(text=str(value)[:40])) from None
        if not pounds.is_finite() or pounds.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError(_("Give the amount to the penny at most, for example £12.50."))
        pence = int(pounds * 100)
    if pence <= 0:
        raise ValueError(_("The amount must be more than £0."))
    if pence > MAX_PENCE:
        raise ValueError(_("That is more than £{limit:,} for one claim; check the decimal point.").format(
            limit=MAX_PENCE // 100))
    return pence


def parse_kind(value: object) -> ActivityKind:
    """A kind of activity from its value ("reading-group") or label ("Reading group")."""
    return _choice(value, ActivityKind, _("kind of activity"))


def parse_level(value: object) -> Level:
    """A rung of the ladder from its value ("co-produce") or label ("Co-produce")."""
    return _choice(value, Level, _("level"))


def parse_claim_kind(value: object) -> ClaimKind:
    return _choice(value, ClaimKind, _("kind of claim"), labels={ClaimKind.PAYMENT: claim_kind_label(
        ClaimKind.PAYMENT), ClaimKind.EXPENSE: claim_kind_label(ClaimKind.EXPENSE)})


def parse_claim_status(value: object) -> ClaimStatus:
    return _choice(value, ClaimStatus, _("status"), labels={s: claim_status_label(s) for s in ClaimStatus})


def claim_kind_label(kind: ClaimKind) -> str:
    return {ClaimKind.PAYMENT: _("Involvement payment"), ClaimKind.EXPENSE: _("Expenses")}[kind]


def claim_status_label(status: ClaimStatus) -> str:
    return {ClaimStatus.CLAIMED: _("Claimed"), ClaimStatus.APPROVED: _("Approved"), ClaimStatus.PAID: _("Paid"),
            ClaimStatus.REJECTED: _("Rejected")}[status]


def _key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def _choice(value: object, enum: Any, what: str, labels: Mapping[Any, str] | None = None) -> Any:
    if isinstance(value, enum):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValueError(_("Choose a {what}.").format(what=what))
    for member in enum:
        label = labels[member] if labels is not None else member.label
        if _key(text) in (_key(member.value), _key(label)):
            return member
    raise ValueError(_("'{text}' is not a {what}; choose one of {choices}.").format(
        text=text[:40], what=what, choices=", ".join(m.value for m in enum)))


def _optional_id(value: object) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not _ID.fullmatch(text):
        raise ValueError(_("'{text}' is not an id Involve made.").format(text=text[:40]))
    return text.lower()


# ----- whole records

def validate_activity(values: Mapping[str, object], *, today: dt.date) -> ActivityDetails:
    """Check raw form or command-line values; raise ``ValidationError`` naming every bad field.

    A log entry records what happened, so its date may not be after ``today``: a planned
    meeting is logged once it has been held. The level is "involve" when none is given.
    """
    checks = FieldChecks(values, ACTIVITY_FIELDS, _("Not a detail of an activity."))
    clean, errors, check = checks.clean, checks.errors, checks.check

    check("kind", parse_kind)
    check("title", lambda v: " ".join(clean_text(v, max_length=TITLE_MAX).split()))
    if clean.get("title") == "":
        errors["title"] = _("Say what it was, for example 'Urgent care reading group'.")
    check("activity_date", parse_date)
    check("level", lambda v: parse_level(v) if str(v or "").strip() else Level.INVOLVE)
    check("minutes", parse_hours)
    check("role", lambda v: " ".join(clean_text(v, max_length=ROLE_MAX).split()))
    check("event_id", _optional_id)
    check("programme_id", _optional_id)
    check("notes", lambda v: clean_text(v, max_length=NOTES_MAX))
    day = clean.get("activity_date")
    if isinstance(day, dt.date) and day > today:
        errors["activity_date"] = _("{date} has not happened yet; log an activity once it has taken place.").format(
            date=day.isoformat())
    if errors:
        raise ValidationError(errors)
    return ActivityDetails(**clean)


def validate_claim(values: Mapping[str, object], *, today: dt.date) -> ClaimDetails:
    """Check raw form or command-line values for a claim; raise ``ValidationError`` naming every bad field.

    A claim is for something that has happened: its date may not be after ``today``. An
    involvement payment needs the role level it is paid at; expenses may have one.
    """
    checks = FieldChecks(values, CLAIM_FIELDS, _("Not a detail of a claim."))
    clean, errors, check = checks.clean, checks.errors, checks.check

    check("kind", parse_claim_kind)
    check("amount_pence", parse_pounds)
    check("claimed_on", parse_date)
    check("role_level", lambda v: parse_role_level(v) if str(v or "").strip() else None)
    check("activity_id", _optional_id)
    check("description", lambda v: clean_text(v, max_length=DESCRIPTION_MAX))
    day = clean.get("claimed_on")
    if isinstance(day, dt.date) and day > today:
        errors["claimed_on"] = _("{date} has not happened yet; claim for what has taken place.").format(
            date=day.isoformat())
    kind, level = clean.get("kind"), clean.get("role_level")
    # A payment at a level the policy does not pay is allowed: teams may pay more widely than
    # NHS England, and the amount is always staff's to set (see app/core/payments.py).
    if kind is ClaimKind.PAYMENT and "role_level" not in errors and level is None:
        errors["role_level"] = _("Say the role level the payment is for.")
    if errors:
        raise ValidationError(errors)
    return ClaimDetails(**clean)
