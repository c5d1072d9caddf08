"""What an event report is made of: its input rows and every part it prints, as plain data.

app.core.report builds a :class:`Report` from a :class:`ReportInput`; app.core.report_parts
works out its pieces. Both import these types from here, so neither imports the other.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core import fft
from app.core.population import Comparison
from app.core.suppression import THRESHOLD, SuppressedBreakdown, suppress

TOPICS_SURVEY = "topics"
TOPICS_QUESTION = "topics"
MAX_COMMENTS = 30


@dataclass(frozen=True)
class ReportSelection:
    """Which events a report covers: chosen events, a date range, or both (events in the range)."""

    event_ids: tuple[str, ...] = ()      # empty = every event in the date range
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def across_events(self) -> bool:
        """A report across events (a date range or several events) rather than one event's."""
        return self.date_from is not None or self.date_to is not None or len(self.event_ids) != 1


# --- the rows a report is made from ------------------------------------------------------

@dataclass(frozen=True)
class EventInfo:
    id: str
    name: str
    kind: str                    # an app.core.events.EventKind value
    event_date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: str = ""
    locality: str = ""
    organiser: str = ""
    partners: str = ""
    survey_ids: tuple[str, ...] = ()   # the surveys the event asks


@dataclass(frozen=True)
class ResponseInfo:
    id: str
    event_id: str
    mode: str
    submitted_at: dt.datetime
    answers: Mapping[str, Mapping[str, Any]]   # survey id -> question id -> stored answer
    versions: Mapping[str, int] = field(default_factory=dict)   # survey id -> the version answered

    @property
    def fft_rating(self) -> str | None:
        value = (self.answers.get(fft.SURVEY_ID) or {}).get(fft.RATING_QUESTION)
        return value if value in fft.ANSWERS else None


@dataclass(frozen=True)
class ActionInfo:
    id: str
    event_id: str | None
    topic: str | None
    response_id: str | None
    you_said: str
    we_will: str
    owner: str
    due_date: dt.date | None
    status: str                  # an app.core.actions.ActionStatus value
    what_done: str
    done_on: dt.date | None
    created_at: dt.datetime


@dataclass(frozen=True)
class ReportInput:
    """Plain rows for one selection, as read from a store or the central database."""

    selection: ReportSelection
    events: tuple[EventInfo, ...]
    responses: tuple[ResponseInfo, ...]
    signups: int                 # people who signed up at these events (not erased, merged or deleted)
    attendance: int              # people on the registers of these events' PPG meetings
    actions: tuple[ActionInfo, ...]
    known_names: frozenset[str]  # names to mask in comments


# --- what the report prints ----------------------------------------------------------------

@dataclass(frozen=True)
class EventLine:
    """An event as the report lists it."""

    info: EventInfo
    responses: int


@dataclass(frozen=True)
class Reach:
    responses: int
    by_mode: Mapping[str, int]   # kiosk, staff, paper -> responses
    signups: int
    attendance: int | None       # None when no PPG meeting is in the report


@dataclass(frozen=True)
class BarRow:
    """One bar of a chart or one line of a breakdown: ``value`` is None when the count is hidden."""

    key: str
    label: str
    shown: str
    value: int | None


@dataclass(frozen=True)
class Breakdown:
    """A suppressed breakdown ready to print."""

    title: str
    rows: tuple[BarRow, ...]
    answered: int                # people who answered the question
    answered_shown: str          # "<5" when a handful answered
    note: str                    # the small-numbers footnote, "" when nothing is hidden
    question: str = ""           # the question's id


@dataclass(frozen=True)
class Comment:
    text: str                    # already masked
    question: str                # which question it answers
    fft_answer: str              # the FFT answer's label, "" when not given
    sentiment: str               # positive, neutral, negative or none
    topics: tuple[str, ...]      # topic labels
    event_name: str
    linked_to_action: bool


@dataclass(frozen=True)
class Comments:
    shown: tuple[Comment, ...]
    total: int                   # every comment in the selection
    footer: str                  # what the masking hid, in one sentence


@dataclass(frozen=True)
class ActionLine:
    you_said: str
    we_will: str
    owner: str
    due_date: dt.date | None
    status: str
    status_label: str
    what_done: str
    done_on: dt.date | None
    event_name: str              # "" for an action agreed across events
    topic: str                   # the topic's label, "" when none


@dataclass(frozen=True)
class Population:
    """Who was heard against who lives in the area; ``comparisons`` is empty without a profile."""

    area: str
    comparisons: tuple[Comparison, ...]
    message: str                 # why there is no comparison, or "" when there is one


@dataclass(frozen=True)
class Report:
    title: str
    selection: ReportSelection
    across_events: bool
    events: tuple[EventLine, ...]
    date_from: dt.date           # the first and last event dates actually covered
    date_to: dt.date
    generated_at: dt.datetime    # aware
    source: str                  # where the figures came from, e.g. "this laptop"
    reach: Reach
    fft: fft.FftScore
    fft_rows: tuple[BarRow, ...] # the six answers with their labels (never suppressed)
    topics: Breakdown | None     # None when no event asked the topics survey
    comments: Comments
    equality: tuple[Breakdown, ...]
    population: Population
    actions: tuple[ActionLine, ...]

    @property
    def event(self) -> EventInfo | None:
        """The one event of a single-event report."""
        return self.events[0].info if not self.across_events and len(self.events) == 1 else None



def suppressed_rows(counts: Mapping[str, int], labels: Mapping[str, str], *,
                    partition: bool = True) -> tuple[tuple[BarRow, ...], SuppressedBreakdown]:
    """Rows for a breakdown with small numbers hidden (see app.core.suppression).

    ``partition``: each person is in one row (False for "choose all that apply").
    """
    shown = suppress(counts, threshold=THRESHOLD, partition=partition)
    rows = tuple(BarRow(c.label, labels.get(c.label, c.label), c.shown, c.value) for c in shown.cells)
    return rows, shown
