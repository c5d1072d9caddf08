"""What an event is, and the rules for a valid one."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.core.i18n import N_, _
from app.core.validation import FieldChecks, ValidationError, clean_text, parse_date, parse_time

NAME_MAX = 200
SHORT_TEXT_MAX = 200
NOTES_MAX = 5000
SERVICE_MAX = 120
DEFAULT_SURVEYS = ("fft",)
_SURVEY_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")


class EventKind(enum.StrEnum):
    """The kinds of occasion where the team meets the public."""

    COMMUNITY_EVENT = "community-event"
    OUTREACH_STALL = "outreach-stall"
    PPG_MEETING = "ppg-meeting"
    CONSULTATION = "consultation"
    FOCUS_GROUP = "focus-group"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    EventKind.COMMUNITY_EVENT: N_("Community event"),
    EventKind.OUTREACH_STALL: N_("Outreach stall"),
    EventKind.PPG_MEETING: N_("PPG meeting"),
    EventKind.CONSULTATION: N_("Consultation"),
    EventKind.FOCUS_GROUP: N_("Focus group"),
    EventKind.OTHER: N_("Other"),
}


def parse_kind(value: object) -> EventKind:
    """An event kind from its code (``ppg-meeting``) or its label (``PPG meeting``)."""
    if isinstance(value, EventKind):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValueError(_("Choose what kind of event this is."))
    key = text.lower().replace("_", "-").replace(" ", "-")
    for kind in EventKind:
        if key in (kind.value, kind.label.lower().replace(" ", "-")):
            return kind
    choices = ", ".join(kind.value for kind in EventKind)
    raise ValueError(_("'{text}' is not a kind of event; choose one of {choices}.").format(
        text=text, choices=choices))


@dataclass(frozen=True)
class EventDetails:
    """Everything a person can set on an event, already checked."""

    name: str
    kind: EventKind
    event_date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: str = ""
    locality: str = ""
    organiser: str = ""
    partners: str = ""
    notes: str = ""
    survey_ids: tuple[str, ...] = DEFAULT_SURVEYS
    # For a PPG meeting: whose Patient Participation Group it is.
    practice_id: str | None = None
    # The NHS service or site the feedback here is about, for the FFT return; blank for more than one.
    service: str = ""
    # The kiosk offers the FFT in easy read (a picture above each answer) and an easy-read privacy notice.
    easy_read: bool = False


FIELDS = tuple(EventDetails.__dataclass_fields__)


def parse_survey_ids(value: object) -> tuple[str, ...]:
    """Survey ids from a list or a comma-separated string; none given means the FFT alone."""
    if value is None or value == "" or value == ():
        return DEFAULT_SURVEYS
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, Iterable):
        items = list(value)
    else:
        raise TypeError(f"'{type(value).__name__}' object is not iterable")
    ids: list[str] = []
    for item in items:
        text = str(item).strip().lower()
        if not _SURVEY_ID.fullmatch(text):
            raise ValueError(_("'{text}' is not a survey id; use ids such as fft, topics, equality.").format(
                text=text))
        if text not in ids:
            ids.append(text)
    if not ids:
        raise ValueError(_("Choose at least one survey."))
    return tuple(ids)


def parse_flag(value: object) -> bool:
    """A yes or no: a tick box's True or False, or yes/no, true/false, 1/0 as typed; nothing means no."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("1", "yes", "true", "on"):
        return True
    if text in ("", "0", "no", "false", "off"):
        return False
    raise ValueError(_("'{text}' is not yes or no.").format(text=value))


def validate_event(values: Mapping[str, object]) -> EventDetails:
    """Check raw form or command-line values; raise ``ValidationError`` naming every bad field."""
    checks = FieldChecks(values, FIELDS, _("Not a detail of an event."))
    # Each value is what its own parser returned: a field of EventDetails, already checked.
    clean, errors, check = checks.clean, checks.errors, checks.check

    check("name", lambda v: clean_text(v, max_length=NAME_MAX))
    if "name" in clean and not clean["name"]:
        errors["name"] = _("Give the event a name.")
    check("kind", parse_kind)
    check("event_date", parse_date)
    check("start_time", parse_time)
    check("end_time", parse_time)
    for field in ("venue", "locality", "organiser", "partners"):
        check(field, lambda v: clean_text(v, max_length=SHORT_TEXT_MAX))
    check("notes", lambda v: clean_text(v, max_length=NOTES_MAX))
    # One line, spaces collapsed: the FFT return groups by it, so "Ward  3" is "Ward 3".
    check("service", lambda v: " ".join(clean_text(v, max_length=SERVICE_MAX).split()))
    check("survey_ids", parse_survey_ids)
    check("practice_id", lambda v: str(v).strip() or None if v else None)
    check("easy_read", parse_flag)
    if clean.get("easy_read") and "fft" not in clean.get("survey_ids", ("fft",)):
        errors["easy_read"] = _("Easy read is for the Friends and Family Test: choose that survey too.")

    start, end = clean.get("start_time"), clean.get("end_time")
    if start is not None and end is not None and end <= start:
        errors["end_time"] = _("The end time must be after the start time.")
    if errors:
        raise ValidationError(errors)
    return EventDetails(**clean)


def describe_when(details: EventDetails) -> str:
    """'Tue 14 Apr 2026, 10:00 to 13:00': the date and any times, as people write them."""
    d = details.event_date
    when = f"{d:%a} {d.day} {d:%b %Y}"
    start, end = details.start_time, details.end_time
    if start and end:
        return _("{date}, {start} to {end}").format(date=when, start=f"{start:%H:%M}", end=f"{end:%H:%M}")
    if start:
        return _("{date}, from {start}").format(date=when, start=f"{start:%H:%M}")
    if end:
        return _("{date}, until {end}").format(date=when, end=f"{end:%H:%M}")
    return when
