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

from app.core import fft
from app.core import report_parts as parts
from app.core.i18n import _
from app.core.population import EQUALITY_SURVEY, Profile
from app.core.report_model import (
    MAX_COMMENTS,
    TOPICS_QUESTION,
    TOPICS_SURVEY,
    ActionInfo,
    ActionLine,
    BarRow,
    Breakdown,
    Comment,
    Comments,
    EventInfo,
    EventLine,
    Population,
    Reach,
    Report,
    ReportInput,
    ReportSelection,
    ResponseInfo,
    suppressed_rows,
)
from app.core.responses import ResponseMode
from app.core.surveys import Survey

# The report's types live in app.core.report_model; they are named here too, as the report's own.
__all__ = [
    "TOPICS_SURVEY",
    "TOPICS_QUESTION",
    "MAX_COMMENTS",
    "ReportSelection",
    "EventInfo",
    "ResponseInfo",
    "ActionInfo",
    "ReportInput",
    "EventLine",
    "Reach",
    "BarRow",
    "Breakdown",
    "Comment",
    "Comments",
    "ActionLine",
    "Population",
    "Report",
    "suppressed_rows",
    "build_report",
]


def build_report(data: ReportInput, surveys: Mapping[str, Survey], *, profile: Profile | None,
                 generated_at: dt.datetime, source: str = "", profile_problem: str = "",
                 language: str = "en") -> Report:
    """Count, suppress and mask: the whole report for ``data``.

    ``profile`` is the organisation's population profile (None when none is loaded);
    ``profile_problem`` says why a profile that exists could not be read.
    """
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
    used: dict[str, set[int]] = {}
    for response in data.responses:
        for survey_id, version in response.versions.items():
            used.setdefault(survey_id, set()).add(version)
    labels = parts.Labels(surveys, language, used)
    fft_rows = tuple(BarRow(a, labels.fft(a), str(score.counts[a]), score.counts[a]) for a in fft.ANSWERS)
    asked = {sid for e in events for sid in e.survey_ids}
    answered = {sid for r in data.responses for sid, given in r.answers.items() if given}
    # A section for a survey some event asked (or someone answered): "nobody answered" is news too.
    topics = parts.topic_breakdown(data.responses, labels) if TOPICS_SURVEY in (asked | answered) else None
    # A comment shows its topics only where the topics table shows the count: listing a hidden
    # topic beside each comment would let a reader count it.
    shown_topics = frozenset(r.key for r in topics.rows if r.value is not None) if topics else frozenset()
    comments = parts.select_comments(data.responses, data.actions, labels, names, data.known_names,
                                     limit=MAX_COMMENTS, shown_topics=shown_topics)
    equality = parts.equality_breakdowns(data.responses, labels, asked=EQUALITY_SURVEY in asked)
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


