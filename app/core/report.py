"""The event report: everything it prints, worked out from plain rows.

One report covers one event, or several (a date range and/or chosen events) for the
commissioners' view across events. The rows come from the laptop's store or the central
database (see app.store.report_input); this module only counts, suppresses and masks, so the
same figures come out whichever database they were read from.

Rules the report follows:
- FFT counts and percentages are printed as NHS England publishes them (app.core.fft): the
  counts are not suppressed, since NHS England publishes them too.
- Topic and equality counts from 1 to 4 are shown as "<5", with secondary suppression "*"
  (app.core.suppression), so a small count cannot be worked out from a total.
- Comments are a fair selection, each masked (app.core.redaction) before it is kept here, so
  no unmasked comment ever reaches the document.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core import fft
from app.core.i18n import _
from app.core.population import EQUALITY_SURVEY, Comparison, Profile
from app.core.responses import ResponseMode
from app.core.suppression import THRESHOLD, SuppressedBreakdown, suppress
from app.core.surveys import Survey

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


def build_report(data: ReportInput, surveys: Mapping[str, Survey], *, profile: Profile | None,
                 generated_at: dt.datetime, source: str = "", profile_problem: str = "",
                 language: str = "en") -> Report:
    """Count, suppress and mask: the whole report for ``data``.

    ``profile`` is the organisation's population profile (None when none is loaded);
    ``profile_problem`` says why a profile that exists could not be read.
    """
    from app.core import report_parts as parts

    if not data.events:
        raise ValueError("a report needs at least one event")
    events = tuple(sorted(data.events, key=lambda e: (e.event_date, e.start_time or dt.time.min, e.name)))
    per_event = Counter(r.event_id for r in data.responses)
    names = {e.id: e.name for e in events}
    across = data.selection.across_events
    modes = Counter(r.mode for r in data.responses)
    has_ppg = any(e.kind == "ppg-meeting" for e in events)
    reach = Reach(responses=len(data.responses), by_mode={m.value: modes.get(m.value, 0) for m in ResponseMode},
                  signups=data.signups, attendance=data.attendance if has_ppg or data.attendance else None)
    score = fft.score(r.fft_rating for r in data.responses)
    labels = parts.Labels(surveys, language)
    fft_rows = tuple(BarRow(a, labels.fft(a), str(score.counts[a]), score.counts[a]) for a in fft.ANSWERS)
    asked = {sid for e in events for sid in e.survey_ids}
    answered = {sid for r in data.responses for sid, given in r.answers.items() if given}
    # A section for a survey some event asked (or someone answered): "nobody answered" is news too.
    topics = parts.topic_breakdown(data.responses, labels) if TOPICS_SURVEY in (asked | answered) else None
    # A comment shows its topics only where the topics table shows the count: listing a hidden
    # topic beside each comment would let a reader count it.
    shown_topics = frozenset(r.key for r in topics.rows if r.value is not None) if topics else frozenset()
    comments = parts.select_comments(data.responses, data.actions, surveys, labels, names, data.known_names,
                                     limit=MAX_COMMENTS, shown_topics=shown_topics)
    equality = parts.equality_breakdowns(data.responses, surveys, labels, asked=EQUALITY_SURVEY in asked)
    population = parts.population(data.responses, profile, profile_problem, equality)
    actions = parts.action_lines(data.actions, names, labels, data.known_names)
    if across:
        title = _("Feedback report across events")
    else:
        title = _("Event report: {name}").format(name=events[0].name)
    return Report(
        title=title, selection=data.selection, across_events=across,
        events=tuple(EventLine(e, per_event.get(e.id, 0)) for e in events),
        date_from=data.selection.date_from or events[0].event_date,
        date_to=data.selection.date_to or events[-1].event_date,
        generated_at=generated_at, source=source, reach=reach, fft=score, fft_rows=fft_rows, topics=topics,
        comments=comments, equality=equality, population=population, actions=actions)


def suppressed_rows(counts: Mapping[str, int], labels: Mapping[str, str], *,
                    partition: bool = True) -> tuple[tuple[BarRow, ...], SuppressedBreakdown]:
    """Rows for a breakdown with small numbers hidden (see app.core.suppression).

    ``partition``: each person is in one row (False for "choose all that apply").
    """
    shown = suppress(counts, threshold=THRESHOLD, partition=partition)
    rows = tuple(BarRow(c.label, labels.get(c.label, c.label), c.shown, c.value) for c in shown.cells)
    return rows, shown
