"""Programmes and decisions: the work that involvement informed, whether the public involvement
duty applied to it, and what changed as a result.

A programme is typed in by staff (or on the command line) and checked here before anything
is saved. The duty is a three-way answer: it applied, it did not (with the reason in the
notes), or it has not been decided yet.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.i18n import _
from app.core.validation import FieldChecks, ValidationError, clean_text, parse_date

NAME_MAX = 200  # the column's size
DECISION_MAX = 4000
NOTES_MAX = 4000
WHAT_CHANGED_MAX = 8000
FEEDBACK_MAX = 8000


class Duty(enum.StrEnum):
    """Whether the public involvement duty applied to the programme or decision."""

    YES = "yes"
    NO = "no"
    UNDECIDED = "undecided"

    @property
    def label(self) -> str:
        return {Duty.YES: _("The duty applied"), Duty.NO: _("The duty did not apply"),
                Duty.UNDECIDED: _("Not decided yet")}[self]

    @property
    def stored(self) -> bool | None:
        """As the ``duty_applies`` column holds it."""
        return {Duty.YES: True, Duty.NO: False, Duty.UNDECIDED: None}[self]

    @classmethod
    def from_stored(cls, value: bool | None) -> Duty:
        return cls.UNDECIDED if value is None else (cls.YES if value else cls.NO)


@dataclass(frozen=True)
class ProgrammeDetails:
    """Everything a person can set on a programme, already checked."""

    name: str
    decision: str = ""  # the decision the involvement informed
    duty: Duty = Duty.UNDECIDED
    duty_notes: str = ""  # why the duty applied or not
    what_changed: str = ""
    feedback_given: str = ""  # what participants were told
    start_date: dt.date | None = None
    end_date: dt.date | None = None


FIELDS = tuple(ProgrammeDetails.__dataclass_fields__)


def parse_duty(value: object) -> Duty:
    """``yes``, ``no`` or ``undecided`` (also true/false, y/n, blank for not decided)."""
    if isinstance(value, Duty):
        return value
    if value is None or isinstance(value, bool):
        return Duty.from_stored(value)
    text = str(value).strip().lower().replace("-", " ")
    words = {"": Duty.UNDECIDED, "yes": Duty.YES, "y": Duty.YES, "true": Duty.YES, "applied": Duty.YES,
             "no": Duty.NO, "n": Duty.NO, "false": Duty.NO, "undecided": Duty.UNDECIDED,
             "not decided": Duty.UNDECIDED, "not decided yet": Duty.UNDECIDED, "unknown": Duty.UNDECIDED}
    if text in words:
        return words[text]
    raise ValueError(_("'{text}' is not an answer; say yes, no or undecided.").format(text=str(value)[:40]))


def _optional_date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value)


def validate_programme(values: Mapping[str, object]) -> ProgrammeDetails:
    """Check raw form or command-line values; raise ``ValidationError`` naming every bad field."""
    checks = FieldChecks(values, FIELDS, _("Not a detail of a programme."))
    clean, errors, check = checks.clean, checks.errors, checks.check

    check("name", lambda v: " ".join(clean_text(v, max_length=NAME_MAX).split()))
    if clean.get("name") == "":
        errors["name"] = _("Give the programme or decision a name.")
    check("decision", lambda v: clean_text(v, max_length=DECISION_MAX))
    check("duty", parse_duty)
    check("duty_notes", lambda v: clean_text(v, max_length=NOTES_MAX))
    check("what_changed", lambda v: clean_text(v, max_length=WHAT_CHANGED_MAX))
    check("feedback_given", lambda v: clean_text(v, max_length=FEEDBACK_MAX))
    check("start_date", _optional_date)
    check("end_date", _optional_date)
    start, end = clean.get("start_date"), clean.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        errors["end_date"] = _("The end date is before the start date; check both.")
    if errors:
        raise ValidationError(errors)
    return ProgrammeDetails(**clean)


def date_span(details: ProgrammeDetails) -> str:
    """'1 Apr 2026 to 31 Mar 2027', 'from 1 Apr 2026', or '' when neither date is known."""
    def day(d: dt.date) -> str:
        return f"{d.day} {d:%b %Y}"

    start, end = details.start_date, details.end_date
    if start and end:
        return _("{start} to {end}").format(start=day(start), end=day(end))
    if start:
        return _("from {start}").format(start=day(start))
    if end:
        return _("until {end}").format(end=day(end))
    return ""


def overlaps(details: ProgrammeDetails, date_from: dt.date, date_to: dt.date) -> bool:
    """Whether the programme ran at some time in ``date_from``..``date_to`` (both inclusive);
    a programme without dates counts as running throughout."""
    start = details.start_date or dt.date.min
    end = details.end_date or dt.date.max
    return start <= date_to and end >= date_from
