""""You said, we did": the vocabulary of actions agreed in answer to feedback.

An action records what people told us ("you said"), what was agreed ("we will"), who owns it,
by when, how far it has got, and what was done ("we did"). The words here are the ones the
public read on the printed summary, so they are plain English.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from app.core.i18n import _
from app.core.survey_versions import all_versions, option_labels
from app.core.surveys import DEFAULT_LANGUAGE, Survey
from app.core.validation import FieldChecks, ValidationError, clean_text, parse_date


class ActionStatus(enum.StrEnum):
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_POSSIBLE = "not_possible"

    @property
    def label(self) -> str:
        """How staff and commissioners see the status."""
        return {ActionStatus.AGREED: _("Agreed"), ActionStatus.IN_PROGRESS: _("In progress"),
                ActionStatus.DONE: _("Done"), ActionStatus.NOT_POSSIBLE: _("Could not be done")}[self]

    @property
    def public_label(self) -> str:
        """How the public summary says it."""
        return {ActionStatus.AGREED: _("We will do this"), ActionStatus.IN_PROGRESS: _("We are working on this"),
                ActionStatus.DONE: _("We did this"), ActionStatus.NOT_POSSIBLE: _("We could not do this")}[self]

    @property
    def finished(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.NOT_POSSIBLE)


# Room to quote a whole comment (2,000 characters at most) and say more.
YOU_SAID_MAX = 4000
WE_WILL_MAX = 4000
WHAT_DONE_MAX = 4000
OWNER_MAX = 200  # the column's size
TOPIC_MAX = 40
_ID = re.compile(r"[0-9a-fA-F-]{8,36}")
# A due date further off than this is a typing slip (2062 for 2026), not a plan.
FURTHEST_DUE_YEARS = 10


@dataclass(frozen=True)
class ActionDetails:
    """Everything a person can set on an action, already checked."""

    you_said: str
    we_will: str
    event_id: str | None = None
    topic: str | None = None  # a topics-survey answer value, such as "gp_access"
    response_id: str | None = None  # the response whose comment prompted it
    owner: str = ""  # a member of staff: never printed for the public
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.AGREED
    what_done: str = ""
    done_on: dt.date | None = None


FIELDS = tuple(ActionDetails.__dataclass_fields__)


def parse_status(value: object) -> ActionStatus:
    """A status from its code (``in_progress``) or its staff label (``In progress``); none means agreed."""
    if isinstance(value, ActionStatus):
        return value
    text = str(value or "").strip()
    if not text:
        return ActionStatus.AGREED
    key = text.lower().replace("-", "_").replace(" ", "_")
    for status in ActionStatus:
        if key in (status.value, status.label.lower().replace(" ", "_")):
            return status
    raise ValueError(_("'{text}' is not a status; choose one of {choices}.").format(
        text=text, choices=", ".join(s.value for s in ActionStatus)))


def _optional_date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value)


def _optional_id(value: object) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not _ID.fullmatch(text):
        raise ValueError(_("'{text}' is not an id Involve made.").format(text=text[:40]))
    return text.lower()


def validate_action(values: Mapping[str, object], *, today: dt.date,
                    topics: Collection[str] | None = None) -> ActionDetails:
    """Check raw form or command-line values; raise ``ValidationError`` naming every bad field.

    ``topics`` are the answer values of the topics survey this laptop has (None: not checked
    here). A finished action with no date gets ``today`` as the day it was done or decided.
    """
    checks = FieldChecks(values, FIELDS, _("Not a detail of an action."))
    # Each value is what its own parser returned: a field of ActionDetails, already checked.
    clean, errors, check = checks.clean, checks.errors, checks.check

    check("you_said", lambda v: clean_text(v, max_length=YOU_SAID_MAX))
    if clean.get("you_said") == "":
        errors["you_said"] = _("Say what people told us, in their words or a short summary.")
    check("we_will", lambda v: clean_text(v, max_length=WE_WILL_MAX))
    if clean.get("we_will") == "":
        errors["we_will"] = _("Say what was agreed in answer.")
    check("owner", lambda v: clean_text(v, max_length=OWNER_MAX))
    check("what_done", lambda v: clean_text(v, max_length=WHAT_DONE_MAX))
    check("status", parse_status)
    check("event_id", _optional_id)
    check("response_id", _optional_id)
    check("topic", lambda v: clean_text(v, max_length=TOPIC_MAX) or None)
    check("due_date", _optional_date)
    check("done_on", _optional_date)

    topic = clean.get("topic")
    if topic is not None and topics is not None and topic not in topics:
        errors["topic"] = _("'{topic}' is not one of the feedback topics; choose one of {choices}.").format(
            topic=topic, choices=", ".join(topics))
    due = clean.get("due_date")
    if isinstance(due, dt.date) and due.year > today.year + FURTHEST_DUE_YEARS:
        errors["due_date"] = _("{date} is more than {years} years away; check the year.").format(
            date=due.isoformat(), years=FURTHEST_DUE_YEARS)
    status = clean.get("status")
    if isinstance(status, ActionStatus):
        _check_outcome(status, clean, errors, today)
    if errors:
        raise ValidationError(errors)
    return ActionDetails(**clean)


def _check_outcome(status: ActionStatus, clean: dict[str, object], errors: dict[str, str], today: dt.date) -> None:
    """What a finished action must say, and what an open one must not have yet."""
    if status.finished:
        if clean.get("what_done") == "":
            errors["what_done"] = (_("Say what was done; the public summary prints it as “We did”.")
                                   if status is ActionStatus.DONE else
                                   _("Say why it could not be done; the public summary prints it."))
        if "done_on" in clean and clean["done_on"] is None:
            clean["done_on"] = today
        done_on = clean.get("done_on")
        if isinstance(done_on, dt.date) and done_on > today:
            errors["done_on"] = _("The day it was done cannot be in the future.")
    elif clean.get("done_on") is not None:
        errors["done_on"] = _("Only a finished action has a day it was done; clear the date or change the status.")


def is_overdue(details: ActionDetails, today: dt.date) -> bool:
    """Still open and past its due date."""
    return details.due_date is not None and not details.status.finished and details.due_date < today


def describe_date(day: dt.date) -> str:
    """'3 May 2026', as people write a date."""
    return f"{day.day} {day:%B %Y}"


def public_when(day: dt.date, venue: str = "") -> str:
    """'Tuesday 14 April 2026, Riverside Community Centre': an event's day as the public read it."""
    when = f"{day:%A} {describe_date(day)}"
    return f"{when}, {venue}" if venue.strip() else when


def date_range_words(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """The dates a summary across events covers, in words."""
    if date_from and date_to:
        return _("Events from {start} to {end}").format(start=describe_date(date_from), end=describe_date(date_to))
    if date_from:
        return _("Events since {start}").format(start=describe_date(date_from))
    if date_to:
        return _("Events up to {end}").format(end=describe_date(date_to))
    return _("All our events")


TOPICS_SURVEY = "topics"
TOPICS_QUESTION = "topics"


def topic_labels(surveys: Mapping[str, Survey], language: str = DEFAULT_LANGUAGE,
                 used: Collection[int] = ()) -> dict[str, str]:
    """The topics survey's answers, value -> words, in its order; empty without that survey.

    Every version known counts, so an action can cite a topic a later version dropped. Words
    come from the versions in ``used`` (those an event's responses were given with) first,
    then from the newest version that has the topic.
    """
    every = all_versions(surveys, TOPICS_SURVEY)
    chosen = [s for s in every if s.version in used] + [s for s in every if s.version not in used]
    return option_labels(chosen, TOPICS_QUESTION, language)
